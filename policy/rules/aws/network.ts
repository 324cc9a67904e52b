/** AWS network rules: security groups, the default group, private task networking, flow logs. */
import type { PolicyResource, ResourceCheck, StackCheck } from "../../types";
import { arr, get, isInternetScale, isWorld, known, linked, listing, ofTypes, refersTo, skip, str, stringsIn, type Props } from "../common";
import { T, what, whatLower } from "./types";

// ---------------------------------------------------------------------------
// firewall-no-world-open-ingress
// ---------------------------------------------------------------------------

/** `tcp 443`, `tcp 8000-8100`, `all traffic`. */
function ports(rule: Props, protocolKey: string): string {
    const protocol = str(rule[protocolKey]) || "tcp";
    if (protocol === "-1" || protocol === "all") return "all traffic";
    const from = rule.fromPort;
    const to = rule.toPort ?? from;
    return from === undefined ? protocol : from === to ? `${protocol} ${String(from)}` : `${protocol} ${String(from)}-${String(to)}`;
}

/** The internet-scale CIDRs of an ingress rule, in any of the provider's shapes. */
function openRanges(rule: Props): string[] {
    const ranges = [rule.cidrIpv4, rule.cidrIpv6, ...arr(rule.cidrBlocks), ...arr(rule.ipv6CidrBlocks)];
    return known(() => ranges.map(str).filter(isInternetScale), []);
}

/**
 * Nothing is reachable from the internet except through the edge: the load balancer's group
 * admits CloudFront's origin-facing prefix list (a prefix list rule has no CIDR), never 0.0.0.0/0.
 */
export const firewallNoWorldOpenIngress: ResourceCheck = {
    types: [T.ingressRule, T.securityGroupRule, T.securityGroup],
    check(args, report) {
        const p = args.props;
        let rules: Props[];
        let protocolKey = "protocol";
        if (args.type === T.ingressRule) {
            rules = [p];
            protocolKey = "ipProtocol";
        } else if (args.type === T.securityGroupRule) {
            if (str(p.type) !== "ingress") return skip("egress rule");
            rules = [p];
        } else {
            rules = known(() => arr(p.ingress) as Props[], []);
        }
        for (const rule of rules) {
            const open = openRanges(rule);
            if (!open.length) continue;
            const where = open.some(isWorld) ? "anywhere" : "most of the internet";
            report(
                `${what(args)} allows ${ports(rule, protocolKey)} from ${where} (${open.join(" and ")}); admit only other ` +
                    "security groups, the VPC's own ranges or CloudFront's origin-facing prefix list.",
            );
        }
    },
};

// ---------------------------------------------------------------------------
// default-security-group-closed
// ---------------------------------------------------------------------------

/**
 * Every VPC's default security group is adopted and stripped: by default it lets every
 * member reach every other and everything out, and anything launched without a group joins it.
 */
export const defaultSecurityGroupClosed: StackCheck = {
    types: [T.vpc, T.defaultSecurityGroup],
    check(resources, report, ctx) {
        const vpcs = ofTypes(resources, T.vpc);
        const defaults = ofTypes(resources, T.defaultSecurityGroup);
        if (!vpcs.length && !defaults.length) return skip("no AWS VPC in this stack");
        ctx.examined(...vpcs, ...defaults);
        for (const vpc of vpcs) {
            if (!defaults.some((d) => linked(d, [vpc], ["vpcId"]).length)) {
                report(
                    `${what(vpc)} keeps AWS's default security group with its allow-all rules; adopt it with an ` +
                        "aws.ec2.DefaultSecurityGroup with ingress: [] and egress: [].",
                    vpc.urn,
                );
            }
        }
        for (const d of defaults) {
            const kept = ["ingress", "egress"].filter((k) => known(() => arr(d.props[k]).length, 0) > 0);
            if (kept.length) {
                report(`${what(d)} keeps ${listing(kept.map((k) => `${k} rules`))}; set ingress: [] and egress: [] so nothing can rely on it.`, d.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------
// workloads-private
// ---------------------------------------------------------------------------

/** A default route (0.0.0.0/0 or ::/0) to an internet gateway (`igw-…`, or one that `isGateway` recognises). */
function toInternet(route: Props, isGateway: () => boolean): boolean {
    const destinations = [route.destinationCidrBlock, route.cidrBlock, route.destinationIpv6CidrBlock, route.ipv6CidrBlock].map(str);
    if (!destinations.some((c) => c !== "" && isWorld(c))) return false;
    return str(route.gatewayId).startsWith("igw-") || isGateway();
}

/** Route tables of the stack with a default route to an internet gateway (inline routes or Route resources). */
function internetRouteTables(resources: PolicyResource[]): Set<PolicyResource> {
    const tables = ofTypes(resources, T.routeTable);
    const gateways = ofTypes(resources, T.internetGateway);
    const out = new Set<PolicyResource>();
    for (const table of tables) {
        const routes = known(() => arr(table.props.routes) as Props[], []);
        if (routes.some((r) => toInternet(r, () => gateways.some((g) => refersTo(r.gatewayId, g))))) out.add(table);
    }
    for (const route of ofTypes(resources, T.route)) {
        if (toInternet(route.props, () => linked(route, gateways, ["gatewayId"]).length > 0)) {
            for (const t of linked(route, tables, ["routeTableId"])) out.add(t);
        }
    }
    return out;
}

/** Subnets of the stack whose instances the internet can reach: public IPs on launch, or routed through an internet gateway. */
export function publicSubnets(resources: PolicyResource[]): Map<PolicyResource, string> {
    const subnets = ofTypes(resources, T.subnet);
    const internet = internetRouteTables(resources);
    const out = new Map<PolicyResource, string>();
    for (const s of subnets) if (s.props.mapPublicIpOnLaunch === true) out.set(s, "it assigns public IPs on launch");
    for (const assoc of ofTypes(resources, T.routeTableAssociation)) {
        if (!linked(assoc, [...internet], ["routeTableId"]).length) continue;
        for (const s of linked(assoc, subnets, ["subnetId"])) if (!out.has(s)) out.set(s, "its route table sends 0.0.0.0/0 to an internet gateway");
    }
    return out;
}

/** Where each kind of task launcher keeps its network configuration. */
const LAUNCHERS: Record<string, string> = {
    [T.ecsService]: "networkConfiguration",
    [T.schedule]: "target.ecsParameters.networkConfiguration",
};

/** Tasks get no public IP and run in private subnets: the internet reaches them only through the load balancer. */
export const workloadsPrivate: StackCheck = {
    types: [T.ecsService, T.schedule, T.subnet],
    check(resources, report, ctx) {
        const launchers = ofTypes(resources, ...Object.keys(LAUNCHERS)).filter(
            (r) => r.type !== T.schedule || known(() => get(r.props, "target.ecsParameters"), undefined) !== undefined,
        );
        if (!launchers.length) return skip("no ECS service or scheduled ECS task in this stack");
        const exposed = publicSubnets(resources);
        const subnets = ofTypes(resources, T.subnet);
        for (const r of launchers) {
            ctx.examined(r);
            const path = LAUNCHERS[r.type];
            const network = known(() => get(r.props, path), {}) as Props | undefined;
            if (!network) {
                report(`${what(r)} sets no ${path}; run its tasks in private subnets with assignPublicIp: false.`, r.urn);
                continue;
            }
            if (network.assignPublicIp === true) {
                report(`${what(r)} gives its tasks public IP addresses (${path}.assignPublicIp: true); set it to false.`, r.urn);
            }
            const values = known(() => stringsIn(network.subnets), []);
            const used = subnets.filter((s) => values.some((v) => refersTo(v, s)));
            const viaDeps = r.propertyDependencies?.[path.split(".")[0]] ?? [];
            for (const s of new Set([...used, ...viaDeps.filter((d) => d.type === T.subnet)])) {
                const why = exposed.get(s);
                ctx.examined(s);
                if (why) report(`${what(r)} runs its tasks in ${whatLower(s)}, a public subnet (${why}); use the private subnets.`, r.urn);
            }
        }
    },
};

// ---------------------------------------------------------------------------
// network-flow-logs
// ---------------------------------------------------------------------------

export const networkFlowLogs: StackCheck = {
    types: [T.vpc, T.flowLog],
    check(resources, report, ctx) {
        const vpcs = ofTypes(resources, T.vpc);
        if (!vpcs.length) return skip("no AWS VPC in this stack");
        const logs = ofTypes(resources, T.flowLog);
        for (const vpc of vpcs) {
            const mine = logs.filter((l) => linked(l, [vpc], ["vpcId"]).length);
            ctx.examined(vpc, ...mine);
            const all = mine.filter((l) => (str(known(() => l.props.trafficType, "ALL")) || "ALL") === "ALL");
            if (!all.length) {
                report(
                    mine.length
                        ? `${what(vpc)} logs only ${listing(mine.map((l) => str(l.props.trafficType)))} traffic; set trafficType: "ALL" on its flow log.`
                        : `${what(vpc)} has no flow log, so there is no record of who talked to what; add an aws.ec2.FlowLog with trafficType "ALL".`,
                    vpc.urn,
                );
            }
        }
    },
};
