/** GCP network rules: VPC firewall rules. */
import type { ResourceCheck } from "../../types";
import { arr, get, isSet, known, skip, str } from "../common";
import { T, what } from "./types";

/**
 * A source range wider than every private network: an IPv4 prefix shorter than /8
 * (10.0.0.0/8 is the widest private one) or an IPv6 prefix shorter than /7 (fc00::/7), so
 * it takes in public addresses at internet scale (`0.0.0.0/1` + `128.0.0.0/1` is 0.0.0.0/0).
 * A bare address without a prefix is a single host.
 */
export function isInternetScale(range: string): boolean {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(range.trim());
    if (!m) return false;
    const prefix = Number(m[2]);
    return m[1].includes(":") ? prefix < 7 : prefix < 8;
}

const isWorld = (range: string) => /^(0\.0\.0\.0|::)\/0$/.test(range.trim());

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
