/** Look-ups into a planned Edge's HTTPS URL map. */
import type { Inventory } from "./inventory";

/** The inputs of the edge's HTTPS URL map (logical name `<edge>-https`). */
export const urlMapOf = (inv: Inventory, edge = "edge") => inv.named(`${edge}-https`, "gcp:compute/uRLMap:URLMap").inputs as Record<string, any>;

/** The path matcher the URL map's host rules give `host`. */
export function matcherFor(inv: Inventory, host: string, edge = "edge"): any {
    const map = urlMapOf(inv, edge);
    const rule = map.hostRules.find((r: any) => r.hosts.includes(host));
    return map.pathMatchers.find((m: any) => m.name === rule.pathMatcher);
}
