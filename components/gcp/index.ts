export * from "./network";
export * from "./project-services";
export * from "./secrets";
