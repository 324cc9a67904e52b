/** Observability concern: uptime checks, alerts, dashboard, logs, budget (issue: GCP observability). */
import type { ComputeResult, DataResult, EdgeResult, GcpContext, ObservabilityResult } from "./context";

/** APIs the observability concern needs. */
export const OBSERVABILITY_APIS: string[] = [];

/** Watches everything the other concerns deployed. */
export function deployObservability(
    _ctx: GcpContext,
    _deployed: { data: DataResult; compute: ComputeResult; edge: EdgeResult },
): ObservabilityResult {
    return { outputs: {} };
}
