/**
 * The spec's five-field unix cron (`0 3 * * 1-5`) as an EventBridge Scheduler expression
 * (`cron(0 3 ? * MON,TUE,WED,THU,FRI *)`). They differ in three ways: EventBridge has a year
 * field; one of day-of-month and day-of-week must be `?`; and its days of the week count
 * 1–7 from Sunday where unix counts 0–7 from Sunday (0 and 7 both Sunday). Days of the week
 * are therefore written as names (the same in both), expanded from ranges and steps, so no
 * number is ever read the other way. Pure: the spec check and the composition both use it.
 */

const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** Day indices (0 = Sunday) of one day-of-week list item, or a reason it has none. */
function daysOf(item: string): number[] | string {
    const [range, stepText] = item.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return `a step of at least 1 in "${item}"`;
    const day = (token: string): number | undefined => {
        if (/^\d+$/.test(token)) return Number(token) <= 7 ? Number(token) : undefined;
        const i = DAYS.indexOf(token.toUpperCase());
        return i < 0 ? undefined : i;
    };
    let from: number | undefined;
    let to: number | undefined;
    if (range === "*") [from, to] = [0, 6];
    else if (range.includes("-")) [from, to] = range.split("-").map(day);
    else [from, to] = [day(range), stepText === undefined ? day(range) : 7];
    if (from === undefined || to === undefined || from > to) return `days of the week as 0-7 or SUN-SAT in "${item}"`;
    const out: number[] = [];
    for (let d = from; d <= to; d += step) out.push(d % 7);
    return out;
}

/** Unix `*` + `/n` reads as "from the first value"; EventBridge wants that first value written. */
function withStart(field: string, first: number): string {
    return field.replace(/(^|,)\*\//g, `$1${first}/`);
}

/**
 * The EventBridge Scheduler expression of a five-field unix cron, or what is wrong with it
 * (a day-of-week item it cannot express). Both day fields restricted is refused by the spec.
 */
export function eventBridgeCron(cron: string): { expression: string } | { problem: string } {
    const [minute, hour, dom, month, dow] = cron.trim().split(/\s+/);
    let dayOfWeek = "?";
    let dayOfMonth = withStart(dom, 1);
    if (dow !== "*") {
        const days = new Set<number>();
        for (const item of dow.split(",")) {
            const found = daysOf(item);
            if (typeof found === "string") return { problem: found };
            found.forEach((d) => days.add(d));
        }
        if (days.size < 7) {
            dayOfWeek = [...days].sort((a, b) => a - b).map((d) => DAYS[d]).join(",");
            dayOfMonth = "?";
        }
    }
    return { expression: `cron(${withStart(minute, 0)} ${withStart(hour, 0)} ${dayOfMonth} ${withStart(month, 1)} ${dayOfWeek} *)` };
}
