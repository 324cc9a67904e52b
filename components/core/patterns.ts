/**
 * Patterns shared by the spec and the components. Written so that no input makes them
 * backtrack: a near-miss must fail in microseconds, not hang `pulumi preview`.
 */

/** A URL path prefix: `/`, `/api`, `/api/v1/`; unreserved characters only, at most 1000 characters. */
export const PATH_PREFIX = /^(?=.{1,1000}$)\/(?:[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*\/?)?$/;
