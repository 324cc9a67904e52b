import { r, urn, validateResource, validateStack, type StackResource } from "../harness";

const T = {
    group: "aws:elasticache/replicationGroup:ReplicationGroup",
    subnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
};
const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** A replication group as the Cache component builds it in prod. */
const HARDENED = {
    replicationGroupId: "acme-prod-cache",
    engine: "valkey",
    numCacheClusters: 2,
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    atRestEncryptionEnabled: true,
    kmsKeyId: KEY,
    transitEncryptionEnabled: true,
    transitEncryptionMode: "required",
    authToken: "[secret]",
    snapshotRetentionLimit: 7,
    snapshotWindow: "02:00-03:00",
    finalSnapshotIdentifier: "acme-prod-cache-final",
    subnetGroupName: "acme-prod-cache",
    securityGroupIds: ["cache-sg-sg-id"],
};
const msgs = async (policy: string, props: Record<string, unknown>, c: { protect?: boolean; tier?: "prod" | "non-prod" } = {}) =>
    (await validateResource(policy, T.group, props, { name: "cache-group", ...c })).messages;

describe("redis-auth-tls on ElastiCache", () => {
    it("passes AUTH by token or RBAC user group, TLS required (explicitly or by default) and KMS at rest", async () => {
        expect(await msgs("redis-auth-tls", HARDENED)).toEqual([]);
        const { authToken: _token, transitEncryptionMode: _mode, ...rest } = HARDENED;
        expect(await msgs("redis-auth-tls", { ...rest, userGroupIds: ["app-users"] })).toEqual([]);
        expect(await msgs("redis-auth-tls", { ...rest, authTokenWo: "[secret]", authTokenWoVersion: 1 })).toEqual([]);
        // Redis OSS encrypts at rest only when told to.
        expect(await msgs("redis-auth-tls", { ...HARDENED, engine: "redis" })).toEqual([]);
        // Valkey encrypts at rest unless told otherwise.
        const { atRestEncryptionEnabled: _atRest, ...valkey } = HARDENED;
        expect(await msgs("redis-auth-tls", valkey)).toEqual([]);
    });

    it("fails a group without AUTH, TLS or encryption at rest, naming each", async () => {
        expect(await msgs("redis-auth-tls", { engine: "redis" })).toEqual([
            'ElastiCache replication group "cache-group" lacks AUTH (an authToken, or userGroupIds for RBAC), TLS (transitEncryptionEnabled: true) ' +
                "and encryption at rest (atRestEncryptionEnabled: true).",
        ]);
        expect(await msgs("redis-auth-tls", { ...HARDENED, transitEncryptionMode: "preferred", atRestEncryptionEnabled: false })).toEqual([
            'ElastiCache replication group "cache-group" lacks TLS for every client (transitEncryptionMode is preferred; set it to "required") ' +
                "and encryption at rest (atRestEncryptionEnabled: true).",
        ]);
        const { kmsKeyId: _key, ...awsKey } = HARDENED;
        expect(await msgs("redis-auth-tls", awsKey)).toEqual([
            'ElastiCache replication group "cache-group" lacks a customer-managed key for encryption at rest (kmsKeyId).',
        ]);
    });
});

describe("stateful-ha on ElastiCache", () => {
    it("passes two nodes with failover and Multi-AZ, and a sharded group with a replica per shard", async () => {
        expect(await msgs("stateful-ha", HARDENED, { tier: "prod" })).toEqual([]);
        const { numCacheClusters: _n, ...sharded } = HARDENED;
        expect(await msgs("stateful-ha", { ...sharded, numNodeGroups: 2, replicasPerNodeGroup: 1 }, { tier: "prod" })).toEqual([]);
    });

    it("fails a single node, a shard without a replica, and a replica that cannot take over", async () => {
        expect(await msgs("stateful-ha", { numCacheClusters: 1 }, { tier: "prod" })).toEqual([
            'ElastiCache replication group "cache-group" cannot fail over across zones: it lacks a replica (numCacheClusters is 1; at least 2), ' +
                "automaticFailoverEnabled: true and multiAzEnabled: true (the replica in another zone).",
        ]);
        expect(await msgs("stateful-ha", { ...HARDENED, numCacheClusters: undefined, numNodeGroups: 2, replicasPerNodeGroup: 0 }, { tier: "prod" })).toEqual([
            'ElastiCache replication group "cache-group" cannot fail over across zones: it lacks a replica in every shard (replicasPerNodeGroup ≥ 1).',
        ]);
        expect(await msgs("stateful-ha", { ...HARDENED, multiAzEnabled: false }, { tier: "prod" })).toEqual([
            'ElastiCache replication group "cache-group" cannot fail over across zones: it lacks multiAzEnabled: true (the replica in another zone).',
        ]);
    });
});

describe("deletion safety of ElastiCache (prod)", () => {
    it("stateful-deletion-protection passes a protected group and fails an unprotected one", async () => {
        expect(await msgs("stateful-deletion-protection", HARDENED, { protect: true, tier: "prod" })).toEqual([]);
        expect(await msgs("stateful-deletion-protection", HARDENED, { protect: false, tier: "prod" })).toEqual([
            'ElastiCache replication group "cache-group" can be deleted by mistake: it lacks the protect resource option.',
        ]);
    });

    it("db-backups-survive-deletion wants a final snapshot in prod only", async () => {
        expect(await msgs("db-backups-survive-deletion", HARDENED, { tier: "prod" })).toEqual([]);
        const { finalSnapshotIdentifier: _final, ...noFinal } = HARDENED;
        expect(await msgs("db-backups-survive-deletion", noFinal, { tier: "prod" })).toEqual([
            'ElastiCache replication group "cache-group" would be deleted without a final snapshot; set finalSnapshotIdentifier.',
        ]);
        const nonProd = await validateResource("db-backups-survive-deletion", T.group, noFinal, { tier: "non-prod" });
        expect(nonProd).toEqual({ messages: [], urns: [], notApplicable: "only prod takes a final snapshot when the cache is deleted" });
    });
});

describe("cache-snapshots (prod)", () => {
    it("passes 7 days of snapshots in prod, or more, and a floor lowered by config", async () => {
        expect(await msgs("cache-snapshots", HARDENED, { tier: "prod" })).toEqual([]);
        expect(await msgs("cache-snapshots", { ...HARDENED, snapshotRetentionLimit: 35 }, { tier: "prod" })).toEqual([]);
        const lowered = await validateResource("cache-snapshots", T.group, { snapshotRetentionLimit: 3 }, { tier: "prod", config: { minSnapshotDays: 3 } });
        expect(lowered.messages).toEqual([]);
    });

    it("fails no snapshots and a day under the floor", async () => {
        expect(await msgs("cache-snapshots", { engine: "valkey" }, { tier: "prod" })).toEqual([
            'ElastiCache replication group "cache-group" takes no snapshots (snapshotRetentionLimit is 0 or not set); keep daily snapshots at least 7 days ' +
                "(snapshotRetentionLimit) with a snapshotWindow.",
        ]);
        expect(await msgs("cache-snapshots", { snapshotRetentionLimit: 6 }, { tier: "prod" })).toEqual([
            'ElastiCache replication group "cache-group" keeps snapshots 6 days; keep daily snapshots at least 7 days (snapshotRetentionLimit) with a snapshotWindow.',
        ]);
        expect(await msgs("cache-snapshots", { snapshotRetentionLimit: 1 }, { tier: "prod" })).toEqual([
            'ElastiCache replication group "cache-group" keeps snapshots 1 day; keep daily snapshots at least 7 days (snapshotRetentionLimit) with a snapshotWindow.',
        ]);
    });

    it("does not apply outside prod", async () => {
        const out = await validateResource("cache-snapshots", T.group, { snapshotRetentionLimit: 0 }, { tier: "non-prod" });
        expect(out).toEqual({ messages: [], urns: [], notApplicable: "only prod keeps cache snapshots" });
    });
});

describe("caches-private", () => {
    /** A public subnet routed to the internet gateway and an isolated one with no route out. */
    function network(): StackResource[] {
        const igw = r(T.igw, "network-igw", { vpcId: "network-vpc-id" });
        const publicRt = r(T.routeTable, "network-public-rt", { vpcId: "network-vpc-id" });
        return [
            igw,
            publicRt,
            r(T.subnet, "network-public-a", { cidrBlock: "10.20.128.0/22", mapPublicIpOnLaunch: false }),
            r(T.subnet, "network-isolated-a", { cidrBlock: "10.20.144.0/22", mapPublicIpOnLaunch: false }),
            r(T.route, "network-public-default", { routeTableId: "network-public-rt-id", destinationCidrBlock: "0.0.0.0/0", gatewayId: "network-igw-id" }),
            r(T.association, "network-public-a", { subnetId: "network-public-a-id", routeTableId: "network-public-rt-id" }),
        ];
    }
    const cacheIn = (subnet: string, rule: Record<string, unknown> = { referencedSecurityGroupId: "sg-api" }) => {
        const group = r(T.group, "cache-group", HARDENED);
        return {
            group,
            resources: [
                r(T.subnetGroup, "cache-subnets", { name: "acme-prod-cache", subnetIds: [`${subnet}-id`] }),
                r(T.sg, "cache-sg-sg", { vpcId: "network-vpc-id", namePrefix: "acme-prod-cache-" }),
                r(T.ingress, "cache-sg-in-valkey-from-api", { securityGroupId: "cache-sg-sg-id", ipProtocol: "tcp", fromPort: 6379, toPort: 6379, ...rule }),
                group,
            ],
        };
    };

    it("passes a cache in isolated subnets that admits only a client security group", async () => {
        const { resources } = cacheIn("network-isolated-a");
        // Another group's range rule and inline rules naming groups only are none of the cache's business.
        const other = r(T.ingress, "alb-in-https", { securityGroupId: "alb-sg-id", ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-cloudfront" });
        const inlineGroups = r(T.sg, "cache-sg-sg", { ingress: [{ protocol: "tcp", fromPort: 6379, toPort: 6379, securityGroups: ["sg-api"] }] });
        expect(await validateStack("caches-private", [...network(), ...resources, other])).toEqual({ messages: [], urns: [] });
        expect(await validateStack("caches-private", [...network(), ...resources.filter((x) => x.type !== T.sg), inlineGroups])).toEqual({ messages: [], urns: [] });
        const byName = r(T.group, "named-group", { subnetGroupName: "acme-prod-cache", securityGroupNames: ["cache"] });
        expect((await validateStack("caches-private", [byName])).messages).toEqual([]);
    });

    it("fails a cache in a public subnet, or admitting an address range (even the VPC's) or a prefix list", async () => {
        const { resources, group } = cacheIn("network-public-a", { cidrIpv4: "10.20.0.0/16" });
        const out = await validateStack("caches-private", [...network(), ...resources]);
        expect(out.messages).toEqual([
            'ElastiCache replication group "cache-group" may place nodes in subnet "network-public-a", a public subnet (its route table sends 0.0.0.0/0 ' +
                "to an internet gateway); use the isolated subnets.",
            'ElastiCache replication group "cache-group" admits 10.20.0.0/16 through security group ingress rule "cache-sg-in-valkey-from-api"; admit only ' +
                "the clients' security groups.",
        ]);
        expect(out.urns).toEqual([urn(group), urn(group)]);
        const prefixList = await validateStack("caches-private", [...network(), ...cacheIn("network-isolated-a", { prefixListId: "pl-1" }).resources]);
        expect(prefixList.messages).toEqual([
            'ElastiCache replication group "cache-group" admits pl-1 through security group ingress rule "cache-sg-in-valkey-from-api"; admit only the clients\' security groups.',
        ]);
    });

    it("fails inline rules with a range, and a group with no subnet group or security group of its own", async () => {
        const inline = r(T.sg, "legacy-sg", { ingress: [{ protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["10.0.0.0/8"] }] });
        const legacy = r(T.group, "legacy-group", { securityGroupIds: ["legacy-sg-id"] });
        const bare = r(T.group, "bare-group", { engine: "redis" });
        const out = await validateStack("caches-private", [inline, legacy, bare]);
        expect(out.messages).toEqual([
            'ElastiCache replication group "legacy-group" sets no subnetGroupName, so it lands in the default VPC\'s default subnets; give it a subnet group of isolated subnets.',
            'ElastiCache replication group "legacy-group" admits 10.0.0.0/8 through security group "legacy-sg"; admit only the clients\' security groups.',
            'ElastiCache replication group "bare-group" sets no subnetGroupName, so it lands in the default VPC\'s default subnets; give it a subnet group of isolated subnets.',
            'ElastiCache replication group "bare-group" sets no securityGroupIds, so it joins the VPC\'s default security group; give it its own group.',
        ]);
    });

    it("does not apply without a cache", async () => {
        expect((await validateStack("caches-private", network())).notApplicable).toBe("no ElastiCache replication group in this stack");
    });
});
