/** Compute concern: Artifact Registry, images, Secret Manager, Cloud Run (issue: GCP compute tier). */
import type { ComputeResult, DataResult, GcpContext } from "./context";

/** APIs the compute concern needs. */
export const COMPUTE_APIS: string[] = [];

/** Deploys every service of the spec. */
export function deployCompute(_ctx: GcpContext, _data: DataResult): ComputeResult {
    return { services: [], outputs: {} };
}
