/**
 * The spec's schedules are five-field unix cron (what Cloud Scheduler takes); EventBridge
 * Scheduler takes `cron(minutes hours day-of-month month day-of-week year)` with days of the
 * week numbered 1 (Sunday) to 7 and exactly one of the two day fields set to `?`. This turns
 * one into the other, or says why it cannot (a unix expression restricting both day fields
 * runs on either, which EventBridge cannot express).
 */

/** An EventBridge `cron(…)` expression, or the reason the unix expression has none. */
export type EventBridgeCron =
    | {
          /**
           * The schedule expression, e.g. `cron(0 3 * * ? *)`.
           * @default none (computed)
           */
          expression: string;
      }
    | {
          /**
           * What the unix expression would need to be, for an error message.
           * @default none (computed)
           */
          problem: string;
      };

/** Unix day-of-week number (0–7, both 0 and 7 Sunday) to EventBridge's (1–7, 1 Sunday). */
function day(unixDay: string): number | undefined {
    const n = Number(unixDay);
    return Number.isInteger(n) && n >= 0 && n <= 7 ? (n % 7) + 1 : undefined;
}

/** One list element of the day-of-week field (`1`, `1-5`, `*\/2`, `MON`, `1-5/2`), or undefined when it cannot map. */
function dayElement(element: string): string | undefined {
    const [range, step] = element.split("/");
    const suffix = step !== undefined ? `/${step}` : "";
    if (range === "*" || /^[A-Za-z]{3}(-[A-Za-z]{3})?$/.test(range)) return `${range.toUpperCase()}${suffix}`;
    const [from, to] = range.split("-");
    const start = day(from);
    if (start === undefined) return undefined;
    if (to === undefined) return `${start}${suffix}`;
    const end = to === "7" ? 8 : day(to);
    // A range ending on Sunday (…-7) or wrapping cannot be written in 1–7 numbering.
    if (end === undefined || end > 7 || end < start) return undefined;
    return `${start}-${end}${suffix}`;
}

/** The EventBridge Scheduler form of a five-field unix cron expression (validate it with `CRON` first). */
export function eventBridgeCron(unix: string): EventBridgeCron {
    const fields = unix.trim().split(/\s+/);
    if (fields.length !== 5) return { problem: "five cron fields (minute hour day-of-month month day-of-week)" };
    const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
    const byMonthDay = dayOfMonth !== "*";
    const byWeekDay = dayOfWeek !== "*";
    if (byMonthDay && byWeekDay) {
        return { problem: "a day of the month or a day of the week, not both (EventBridge cannot run on either, as unix cron does)" };
    }
    if (!byWeekDay) return { expression: `cron(${minute} ${hour} ${dayOfMonth} ${month.toUpperCase()} ? *)` };
    const days = dayOfWeek.split(",").map(dayElement);
    if (days.some((d) => d === undefined)) {
        return { problem: "days of the week EventBridge can number (0-6 or names, no range ending on or wrapping past Sunday: use 0 or SUN)" };
    }
    return { expression: `cron(${minute} ${hour} ? ${month.toUpperCase()} ${days.join(",")} *)` };
}
