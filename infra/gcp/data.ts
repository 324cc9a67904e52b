/** Data concern: Cloud SQL and Memorystore (issue: GCP data tier). */
import type { DataResult, GcpContext } from "./context";

/** APIs the data concern needs. */
export const DATA_APIS: string[] = [];

/** Deploys the database and cache of the spec, if any. */
export function deployData(_ctx: GcpContext): DataResult {
    return { databases: [], caches: [], outputs: {} };
}
