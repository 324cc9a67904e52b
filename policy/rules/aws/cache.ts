/** AWS cache rules: ElastiCache replication groups (AUTH, TLS, encryption at rest, HA, snapshots, deletion, placement). */
import type { PolicyResource, ResourceCheck, StackCheck } from "../../types";
import { arr, isSet, known, linked, listing, ofTypes, skip, str, type Props } from "../common";
import { publicSubnets } from "./network";
import { T, what, whatLower } from "./types";

// ---------------------------------------------------------------------------
// redis-auth-tls
// ---------------------------------------------------------------------------

/** AUTH (a token or an RBAC user group), TLS required and encryption at rest with a customer-managed key. */
export const cacheAuthTls: ResourceCheck = {
    types: [T.replicationGroup],
    check(args, report) {
        const p = args.props;
        const missing: string[] = [];
        if (!isSet(p, "authToken") && !isSet(p, "authTokenWo") && !isSet(p, "userGroupIds")) {
            missing.push("AUTH (an authToken, or userGroupIds for RBAC)");
        }
        if (p.transitEncryptionEnabled !== true) {
            missing.push("TLS (transitEncryptionEnabled: true)");
        } else if (str(p.transitEncryptionMode || "required") !== "required") {
            missing.push(`TLS for every client (transitEncryptionMode is ${str(p.transitEncryptionMode)}; set it to "required")`);
        }
        if (p.atRestEncryptionEnabled === false || (p.atRestEncryptionEnabled === undefined && str(p.engine) !== "valkey")) {
            missing.push("encryption at rest (atRestEncryptionEnabled: true)");
        } else if (!isSet(p, "kmsKeyId")) {
            missing.push("a customer-managed key for encryption at rest (kmsKeyId)");
        }
        if (missing.length) report(`${what(args)} lacks ${listing(missing)}.`);
    },
};

// ---------------------------------------------------------------------------
// stateful-ha (prod)
// ---------------------------------------------------------------------------

export const cacheHa: ResourceCheck = {
    types: [T.replicationGroup],
    check(args, report) {
        const p = args.props;
        const missing: string[] = [];
        const nodes = Number(p.numCacheClusters ?? 1);
        // Cluster mode: every shard needs a replica instead.
        const sharded = p.numNodeGroups !== undefined;
        if (sharded ? !(Number(p.replicasPerNodeGroup ?? 0) >= 1) : !(nodes >= 2)) {
            missing.push(sharded ? "a replica in every shard (replicasPerNodeGroup ≥ 1)" : `a replica (numCacheClusters is ${nodes}; at least 2)`);
        }
        if (p.automaticFailoverEnabled !== true) missing.push("automaticFailoverEnabled: true");
        if (p.multiAzEnabled !== true) missing.push("multiAzEnabled: true (the replica in another zone)");
        if (missing.length) report(`${what(args)} cannot fail over across zones: it lacks ${listing(missing)}.`);
    },
};

// ---------------------------------------------------------------------------
// stateful-deletion-protection (prod): ElastiCache has no deletion switch of its own
// ---------------------------------------------------------------------------

export const cacheDeletionProtection: ResourceCheck = {
    types: [T.replicationGroup],
    check(args, report) {
        if (!args.opts.protect) report(`${what(args)} can be deleted by mistake: it lacks the protect resource option.`);
    },
};

// ---------------------------------------------------------------------------
// db-backups-survive-deletion (prod)
// ---------------------------------------------------------------------------

export const cacheFinalSnapshot: ResourceCheck = {
    types: [T.replicationGroup],
    check(args, report, ctx) {
        if (ctx.tier !== "prod") return skip("only prod takes a final snapshot when the cache is deleted");
        if (!isSet(args.props, "finalSnapshotIdentifier")) {
            report(`${what(args)} would be deleted without a final snapshot; set finalSnapshotIdentifier.`);
        }
    },
};

// ---------------------------------------------------------------------------
// cache-snapshots (prod)
// ---------------------------------------------------------------------------

export const cacheSnapshots: ResourceCheck = {
    types: [T.replicationGroup],
    check(args, report, ctx) {
        if (ctx.tier !== "prod") return skip("only prod keeps cache snapshots");
        const min = Number(ctx.config.minSnapshotDays);
        const days = Number(known(() => args.props.snapshotRetentionLimit, min) ?? 0);
        if (days < min) {
            const now = days === 0 ? "takes no snapshots (snapshotRetentionLimit is 0 or not set)" : `keeps snapshots ${days} ${days === 1 ? "day" : "days"}`;
            report(`${what(args)} ${now}; keep daily snapshots at least ${min} days (snapshotRetentionLimit) with a snapshotWindow.`);
        }
    },
};

// ---------------------------------------------------------------------------
// caches-private
// ---------------------------------------------------------------------------

/** Ingress rules of `groups` that admit an address range or prefix list rather than another group. */
function rangeRules(resources: PolicyResource[], groups: PolicyResource[]): Array<{ rule: PolicyResource | undefined; group: PolicyResource; range: string }> {
    const out: Array<{ rule: PolicyResource | undefined; group: PolicyResource; range: string }> = [];
    for (const rule of ofTypes(resources, T.ingressRule)) {
        const [group] = linked(rule, groups, ["securityGroupId"]);
        if (!group) continue;
        const range = known(() => [rule.props.cidrIpv4, rule.props.cidrIpv6, rule.props.prefixListId].map(str).find(Boolean), undefined);
        if (range) out.push({ rule, group, range });
    }
    for (const group of groups) {
        for (const inline of known(() => arr(group.props.ingress) as Props[], [])) {
            const range = [...arr(inline.cidrBlocks), ...arr(inline.ipv6CidrBlocks), ...arr(inline.prefixListIds)].map(str).find(Boolean);
            if (range) out.push({ rule: undefined, group, range });
        }
    }
    return out;
}

/**
 * A cache lives only in subnets the internet cannot reach and admits only other security
 * groups: no address range (not even the VPC's), so a new subnet never gains access by itself.
 */
export const cachesPrivate: StackCheck = {
    types: [T.replicationGroup, T.cacheSubnetGroup, T.subnet, T.securityGroup, T.ingressRule],
    check(resources, report, ctx) {
        const caches = ofTypes(resources, T.replicationGroup);
        if (!caches.length) return skip("no ElastiCache replication group in this stack");
        const exposed = publicSubnets(resources);
        const subnets = ofTypes(resources, T.subnet);
        const groups = ofTypes(resources, T.securityGroup);
        for (const cache of caches) {
            ctx.examined(cache);
            if (!isSet(cache.props, "subnetGroupName")) {
                report(`${what(cache)} sets no subnetGroupName, so it lands in the default VPC's default subnets; give it a subnet group of isolated subnets.`, cache.urn);
            }
            for (const subnetGroup of linked(cache, ofTypes(resources, T.cacheSubnetGroup), ["subnetGroupName"])) {
                ctx.examined(subnetGroup);
                for (const subnet of linked(subnetGroup, subnets, ["subnetIds"])) {
                    const why = exposed.get(subnet);
                    if (why) report(`${what(cache)} may place nodes in ${whatLower(subnet)}, a public subnet (${why}); use the isolated subnets.`, cache.urn);
                }
            }
            if (!isSet(cache.props, "securityGroupIds") && !isSet(cache.props, "securityGroupNames")) {
                report(`${what(cache)} sets no securityGroupIds, so it joins the VPC's default security group; give it its own group.`, cache.urn);
            }
            for (const { rule, group, range } of rangeRules(resources, linked(cache, groups, ["securityGroupIds"]))) {
                ctx.examined(group);
                report(
                    `${what(cache)} admits ${range} through ${whatLower(rule ?? group)}; admit only the clients' security groups.`,
                    cache.urn,
                );
            }
        }
    },
};
