/** GCP network rules: VPC firewall rules. */
import type { ResourceCheck } from "../../types";
import { arr, get, isSet, known, skip, str } from "../common";
import { T, what } from "./types";

const WORLD = ["0.0.0.0/0", "::/0"];

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
        if ((str(p.direction) || "INGRESS") !== "INGRESS") return skip("egress rule");
        const allows = arr(p.allows);
        if (p.disabled === true || !allows.length) return;
        const ranges = known(() => arr(p.sourceRanges).map(str), ["(computed)"]);
        // An ingress rule without sources of any kind applies to 0.0.0.0/0.
        const implicitWorld = !ranges.length && !isSet(p, "sourceTags") && !isSet(p, "sourceServiceAccounts");
        const open = ranges.filter((r) => WORLD.includes(r));
        if (open.length || implicitWorld) {
            const from = implicitWorld ? "0.0.0.0/0 (no source is set)" : open.join(" and ");
            report(
                `${what(args)} allows ${describeAllows(allows)} from anywhere (${from}); restrict sourceRanges to known ` +
                    "networks, or let traffic in only through the load balancer.",
            );
        }
    },
};
