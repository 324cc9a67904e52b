export * from "./network";
export * from "./project-services";
