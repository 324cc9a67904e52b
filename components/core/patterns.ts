/**
 * Patterns shared by the spec and the components. Written so that no input makes them
 * backtrack: a near-miss must fail in microseconds, not hang `pulumi preview`.
 */

/** A lowercase DNS hostname such as `api.example.com` (no wildcards, no trailing dot). */
export const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** What `HOSTNAME` accepts, in words, for error messages. */
export const HOSTNAME_EXPECTED = "a lowercase DNS hostname such as \"api.example.com\"";

/** `/api/` → `/api`; `undefined` and `/` → `/`: a route's prefix as routing compares it. */
export function normalizePrefix(prefix: string | undefined): string {
    return (prefix ?? "").replace(/\/+$/, "") || "/";
}

/** A URL path prefix: `/`, `/api`, `/api/v1/`; unreserved characters only, at most 1000 characters. */
export const PATH_PREFIX = /^(?=.{1,1000}$)\/(?:[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*\/?)?$/;

/** One cron field whose values match `value`: `*`, a value or a range, each with an optional step, comma-separated. */
const cronField = (value: string) => {
    const element = `(\\*|(${value})(-(${value}))?)(\\/[1-9]\\d?)?`;
    return `${element}(,${element})*`;
};
const CRON_FIELDS = [
    "[0-5]?\\d", // minute 0-59
    "[01]?\\d|2[0-3]", // hour 0-23
    "0?[1-9]|[12]\\d|3[01]", // day of month 1-31
    "0?[1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC", // month 1-12
    "[0-7]|SUN|MON|TUE|WED|THU|FRI|SAT", // day of week 0-7 (0 and 7 are Sunday)
];
/**
 * A five-field unix cron expression (minute hour day-of-month month day-of-week: lists,
 * ranges, steps, month and day names), each field within its range, so that Cloud Scheduler
 * and EventBridge Scheduler accept it rather than failing the deploy.
 */
export const CRON = new RegExp(`^${CRON_FIELDS.map(cronField).join(" ")}$`, "i");

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
