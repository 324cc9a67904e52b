/**
 * Patterns shared by the spec and the components. Written so that no input makes them
 * backtrack: a near-miss must fail in microseconds, not hang `pulumi preview`.
 */

/** A URL path prefix: `/`, `/api`, `/api/v1/`; unreserved characters only, at most 1000 characters. */
export const PATH_PREFIX = /^(?=.{1,1000}$)\/(?:[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*\/?)?$/;

const CRON_FIELD = "(\\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\\/[0-9]+)?(,(\\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\\/[0-9]+)?)*";
/** A five-field unix cron expression: minute hour day-of-month month day-of-week (lists, ranges, steps, names). */
export const CRON = new RegExp(`^${CRON_FIELD}( ${CRON_FIELD}){4}$`);

/** An IANA time zone the runtime knows (`Europe/Berlin`, `Etc/UTC`), as Cloud Scheduler and EventBridge take it. */
export function isTimeZone(tz: string): boolean {
    if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(tz)) return false;
    try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
    } catch {
        return false;
    }
}
