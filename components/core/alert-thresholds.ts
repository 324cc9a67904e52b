/** Alert thresholds both clouds derive the same way from the spec. */

/**
 * The lowest instance count that counts as "near max": the configured share of the
 * maximum (rounded up), but strictly above `minInstances` so the alert is quiet in steady
 * state. Undefined when no such count is at or below the maximum (the alert could never
 * resolve, so none is created).
 */
export function instanceAlertCount(maxInstances: number, percentOfMax: number, minInstances = 0): number | undefined {
    const atLeast = Math.max(1, minInstances + 1, Math.ceil((maxInstances * percentOfMax) / 100));
    return atLeast <= maxInstances ? atLeast : undefined;
}
