/**
 * One-line summaries of what matters in each component, computed from the inputs its
 * children will send to the cloud (not from what the component claims about itself).
 */
import type { PlannedResource } from "./engine";

type Summarize = (children: PlannedResource[]) => string;

const ofType = (children: PlannedResource[], type: string) => children.filter((c) => c.type === type);
const first = (children: PlannedResource[], type: string) => ofType(children, type)[0]?.inputs ?? {};

const SUMMARIES: Record<string, Summarize> = {
    "prodstack:gcp:ProjectServices": (c) =>
        `${ofType(c, "gcp:projects/service:Service").length} APIs enabled, kept on destroy`,
    "prodstack:gcp:Network": (c) => {
        const subnet = first(c, "gcp:compute/subnetwork:Subnetwork");
        const psa = first(c, "gcp:compute/globalAddress:GlobalAddress");
        const nat = ofType(c, "gcp:compute/routerNat:RouterNat").length > 0;
        const open = ofType(c, "gcp:compute/firewall:Firewall").some(
            (f) => Array.isArray(f.inputs.allows) && (f.inputs.sourceRanges as string[] | undefined)?.includes("0.0.0.0/0"),
        );
        return [
            "custom VPC",
            `subnet ${subnet.ipCidrRange} (${subnet.region})${subnet.logConfig ? " with flow logs" : ""}`,
            `private services /${psa.prefixLength}`,
            nat ? "Cloud NAT egress" : "no NAT",
            open ? "WORLD-OPEN INGRESS" : "no world-open ingress",
        ].join(" · ");
    },
};

/** Registers a summary for a component type (used by components landing later). */
export function registerSummary(type: string, summarize: Summarize): void {
    SUMMARIES[type] = summarize;
}

/** The summary of a component from its direct and nested children, or "" when none is known. */
export function summarize(type: string, descendants: PlannedResource[]): string {
    return SUMMARIES[type]?.(descendants) ?? "";
}
