/**
 * `prodstack/core`: what every cloud's components share and a user handles directly: the
 * error a component throws on bad args, and the tier type. Helpers stay internal.
 */
export { InvalidArgsError } from "./errors";
export type { Tier } from "./tier";
