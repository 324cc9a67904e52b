/** Edge concern: HTTPS load balancer, certificates, CDN, Cloud Armor, DNS (issue: GCP edge). */
import type { ComputeResult, EdgeResult, GcpContext } from "./context";

/** APIs the edge concern needs. */
export const EDGE_APIS: string[] = [];

/** Publishes the public services and static sites through one hardened global edge. */
export function deployEdge(_ctx: GcpContext, _compute: ComputeResult): EdgeResult {
    return { publicEndpoints: [], securityPolicies: [], certificates: [], outputs: {} };
}
