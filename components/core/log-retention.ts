/**
 * Log retention values. CloudWatch Logs accepts only a fixed list of retention periods
 * (PutRetentionPolicy); a value outside it (e.g. 3650) is rejected by the API at deploy
 * time, so the spec and the components check it up front and name the nearest values.
 */

/** Retention periods (days) CloudWatch Logs accepts, ascending. 0 ("never expire") is left out on purpose. */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The smallest CloudWatch retention that keeps logs at least `days` days, or undefined past 3653. */
export function cloudWatchRetentionAtLeast(days: number): number | undefined {
    return CLOUDWATCH_RETENTION_DAYS.find((d) => d >= days);
}

/**
 * What a retention check expects, when `days` is not a CloudWatch retention value (undefined
 * when it is): the allowed values and, for an in-between value, the nearest ones around it,
 * e.g. `a CloudWatch Logs retention (… 3288, 3653 days; nearest: 3288 or 3653)`.
 */
export function cloudWatchRetentionProblem(days: number): string | undefined {
    if (CLOUDWATCH_RETENTION_DAYS.includes(days)) return undefined;
    const above = Number.isFinite(days) ? cloudWatchRetentionAtLeast(days) : undefined;
    const below = [...CLOUDWATCH_RETENTION_DAYS].reverse().find((d) => d < days);
    const nearest = [below, above].filter((d) => d !== undefined).join(" or ");
    return `a CloudWatch Logs retention in days (${CLOUDWATCH_RETENTION_DAYS.join(", ")})${nearest ? `; nearest: ${nearest}` : ""}`;
}
