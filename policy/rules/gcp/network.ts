/** GCP network rules: VPC firewall rules. */
import type { ResourceCheck } from "../../types";
import { arr, get, isInternetScale, isSet, isWorld, known, skip, str } from "../common";
import { T, what } from "./types";

/** `tcp:22,443`, `all`. */
function describeAllows(allows: unknown[]): string {
    return allows
        .map((a) => {
            const ports = arr(get(a, "ports")).map(str).filter(Boolean);
            const protocol = str(get(a, "protocol")) || "all";
            return ports.length ? `${protocol}:${ports.join(",")}` : protocol;
        })
        .join(" and ");
}

export const firewallNoWorldOpenIngress: ResourceCheck = {
    types: [T.firewall],
    check(args, report) {
        const p = args.props;
        if ((str(p.direction).toUpperCase() || "INGRESS") !== "INGRESS") return skip("egress rule");
        const allows = arr(p.allows);
        if (p.disabled === true || !allows.length) return;
        const ranges = known(() => arr(p.sourceRanges).map(str), ["(computed)"]);
        // An ingress rule without sources of any kind applies to 0.0.0.0/0.
        const implicitWorld = !ranges.length && !isSet(p, "sourceTags") && !isSet(p, "sourceServiceAccounts");
        const open = ranges.filter(isInternetScale);
        if (open.length || implicitWorld) {
            const where = implicitWorld || open.some(isWorld) ? "anywhere" : "most of the internet";
            const from = implicitWorld ? "0.0.0.0/0 (no source is set)" : open.join(" and ");
            report(
                `${what(args)} allows ${describeAllows(allows)} from ${where} (${from}); restrict sourceRanges to known ` +
                    "networks, or let traffic in only through the load balancer.",
            );
        }
    },
};
