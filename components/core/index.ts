export * from "./errors";
export * from "./naming";
export * from "./tier";
export * from "./defaults";
export * from "./patterns";
export * from "./ip-ranges";
export * from "./database-flags";
