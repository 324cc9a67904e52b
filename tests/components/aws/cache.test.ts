import * as pulumi from "@pulumi/pulumi";
import { Cache, CACHE_DEFAULTS, validateCacheArgs, type CacheArgs } from "../../../components/aws/cache";
import { cacheEngineOf, cacheNodeTypeFor } from "../../../components/core/elasticache";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, byName, type Inventory, plan, rejectedArgs } from "../../helpers/inventory";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const SECRET = "aws:secretsmanager/secret:Secret";
const BASE: CacheArgs = {
    namePrefix: "acme-stg",
    region: "eu-central-1",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0000000000000000a", "subnet-0000000000000000b"],
    clientSecurityGroups: { api: "sg-0000000000000000a", worker: "sg-0000000000000000b" },
    kmsKeyArn: KEY,
};

/** Plans one Cache, returning its outputs. */
async function planCache(args: Partial<CacheArgs> = {}): Promise<Inventory> {
    return plan(() => {
        const cache = new Cache("cache", { ...BASE, ...args });
        return {
            replicationGroupId: cache.replicationGroupId,
            memberClusterIds: cache.memberClusterIds,
            host: cache.host,
            readerHost: cache.readerHost,
            port: cache.port,
            authSecretArn: cache.authSecret.arn,
            authSecretName: cache.authSecret.name,
            urlSecretArn: cache.urlSecret.arn,
            url: cache.url,
            urlRevealed: pulumi.unsecret(cache.url),
            securityGroupId: cache.securityGroupId,
            slowLogGroupName: cache.slowLogGroupName,
        };
    });
}

describe("aws Cache", () => {
    it("creates a highly available, encrypted Valkey 8.0 replication group with AUTH, TLS required, snapshots and a slow log", async () => {
        const inv = await planCache();
        const group = inv.one(GROUP);
        expect(group.inputs).toEqual({
            region: "eu-central-1",
            replicationGroupId: "acme-stg-cache",
            description: "Valkey cache of acme-stg (managed by prodstack)",
            engine: "valkey",
            engineVersion: "8.0",
            autoMinorVersionUpgrade: true,
            nodeType: "cache.t4g.small",
            port: 6379,
            numCacheClusters: 2,
            automaticFailoverEnabled: true,
            multiAzEnabled: true,
            subnetGroupName: "acme-stg-cache",
            securityGroupIds: ["cache-sg-sg-id"],
            atRestEncryptionEnabled: true,
            kmsKeyId: KEY,
            transitEncryptionEnabled: true,
            transitEncryptionMode: "required",
            authToken: "[secret]",
            authTokenUpdateStrategy: "ROTATE",
            snapshotRetentionLimit: 7,
            snapshotWindow: "02:00-03:00",
            maintenanceWindow: "sun:04:00-sun:05:00",
            finalSnapshotIdentifier: "acme-stg-cache-final",
            logDeliveryConfigurations: [{ destinationType: "cloudwatch-logs", destination: "/prodstack/acme-stg/cache/slow-log", logFormat: "json", logType: "slow-log" }],
            tags: { Name: "acme-stg-cache" },
        });
        expect(group.protect).toBe(true);
        expect(inv.one("aws:elasticache/subnetGroup:SubnetGroup").inputs).toEqual({
            region: "eu-central-1",
            name: "acme-stg-cache",
            description: "Isolated subnets of the Valkey cache of acme-stg",
            subnetIds: ["subnet-0000000000000000a", "subnet-0000000000000000b"],
        });
        expect(inv.one("aws:cloudwatch/logGroup:LogGroup").inputs).toEqual({
            region: "eu-central-1",
            name: "/prodstack/acme-stg/cache/slow-log",
            retentionInDays: 30,
            kmsKeyId: KEY,
            deletionProtectionEnabled: true,
        });
        // The group waits for the log group it delivers to.
        expect(group.dependsOn).toContain(inv.one("aws:cloudwatch/logGroup:LogGroup").urn);
    });

    it("admits only the client groups on 6379, and lets the cache reach nothing", async () => {
        const inv = await planCache();
        expect(inv.one("aws:ec2/securityGroup:SecurityGroup").inputs).toMatchObject({
            region: "eu-central-1",
            vpcId: "vpc-0123456789abcdef0",
            namePrefix: "acme-stg-cache-",
            description: "Valkey cache of acme-stg",
        });
        expect(byName(inv.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).map((r) => r.inputs)).toEqual([
            { region: "eu-central-1", securityGroupId: "cache-sg-sg-id", description: "Valkey from api", ipProtocol: "tcp", fromPort: 6379, toPort: 6379, referencedSecurityGroupId: "sg-0000000000000000a" },
            { region: "eu-central-1", securityGroupId: "cache-sg-sg-id", description: "Valkey from worker", ipProtocol: "tcp", fromPort: 6379, toPort: 6379, referencedSecurityGroupId: "sg-0000000000000000b" },
        ]);
        expect(inv.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).toEqual([]);
    });

    it("generates a 64-character AUTH token of characters ElastiCache accepts, once, and keeps it and the URL in Secrets Manager", async () => {
        const inv = await planCache();
        const token = inv.one("random:index/randomPassword:RandomPassword");
        expect(token.inputs).toEqual({ length: 64, special: true, overrideSpecial: "-" });
        expect(token.ignoreChanges).toEqual(["length", "special", "overrideSpecial"]);
        expect(byName(inv.ofType(SECRET)).map((s) => [s.inputs.name, s.inputs.kmsKeyId, s.inputs.recoveryWindowInDays, s.protect, s.inputs.description])).toEqual([
            ["acme-stg/cache/redis-auth", KEY, 30, true, "AUTH token of the Valkey cache of acme-stg (managed by prodstack)"],
            ["acme-stg/cache/redis-url", KEY, 30, true, "rediss:// URL, AUTH token included, of the Valkey cache of acme-stg (managed by prodstack)"],
        ]);
        expect(inv.ofType("aws:secretsmanager/secretVersion:SecretVersion").map((v) => v.inputs.secretString)).toEqual(["[secret]", "[secret]"]);
        expect(inv.outputs).toMatchObject({
            replicationGroupId: "acme-stg-cache",
            memberClusterIds: ["acme-stg-cache-001", "acme-stg-cache-002"],
            host: expect.stringMatching(/^master\.acme-stg-cache\.[0-9a-f]{6}\.euc1\.cache\.amazonaws\.com$/),
            readerHost: expect.stringMatching(/^replica\.acme-stg-cache\.[0-9a-f]{6}\.euc1\.cache\.amazonaws\.com$/),
            port: 6379,
            authSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-stg\/cache\/redis-auth-[0-9a-f]{6}$/),
            authSecretName: "acme-stg/cache/redis-auth",
            urlSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-stg\/cache\/redis-url-[0-9a-f]{6}$/),
            url: "[secret]",
            securityGroupId: "cache-sg-sg-id",
            slowLogGroupName: "/prodstack/acme-stg/cache/slow-log",
        });
        const host = String(inv.outputs.host).replace(/\./g, "\\.");
        expect(inv.outputs.urlRevealed).toMatch(new RegExp(`^rediss://:placeholder-password-[0-9a-f]{12}@${host}:6379$`));
        // Never a plain input anywhere.
        expect(JSON.stringify(inv.resources.map((r) => r.inputs))).not.toContain("placeholder-password");
    });

    it("non-prod: one node, no failover, no final snapshot or protection, secrets deleted at once", async () => {
        const inv = await planCache({ highAvailability: false, deletionProtection: false, snapshotRetentionDays: 0, subnetIds: ["subnet-0000000000000000a"] });
        const group = inv.one(GROUP);
        expect(group.inputs).toMatchObject({ numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false, snapshotRetentionLimit: 0 });
        expect(group.inputs).not.toHaveProperty("finalSnapshotIdentifier");
        expect(group.inputs).not.toHaveProperty("snapshotWindow");
        // Encryption and AUTH never depend on the tier.
        expect(group.inputs).toMatchObject({ atRestEncryptionEnabled: true, transitEncryptionEnabled: true, transitEncryptionMode: "required", authToken: "[secret]" });
        expect(inv.resources.filter((r) => r.protect)).toEqual([]);
        expect(inv.ofType(SECRET).map((s) => s.inputs.recoveryWindowInDays)).toEqual([0, 0]);
        expect(inv.one("aws:cloudwatch/logGroup:LogGroup").inputs.deletionProtectionEnabled).toBe(false);
        expect(inv.outputs.memberClusterIds).toEqual(["acme-stg-cache-001"]);
    });

    it("honours engine, version, size, node count, windows and retention", async () => {
        const ok = await planCache({
            engine: "redis", memoryGb: 13, nodeCount: 3, snapshotRetentionDays: 35, snapshotHour: 0,
            maintenanceDay: 7, maintenanceHour: 23, logRetentionDays: 365, clientSecurityGroups: {},
        });
        expect(ok.one(GROUP).inputs).toMatchObject({
            description: "Redis cache of acme-stg (managed by prodstack)",
            engine: "redis",
            engineVersion: "7.1",
            nodeType: "cache.r7g.large",
            numCacheClusters: 3,
            snapshotRetentionLimit: 35,
            snapshotWindow: "00:00-01:00",
            maintenanceWindow: "sun:23:00-mon:00:00",
        });
        expect(ok.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(365);
        expect(ok.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toEqual([]);
        expect(ok.outputs.memberClusterIds).toEqual(["acme-stg-cache-001", "acme-stg-cache-002", "acme-stg-cache-003"]);
    });

    it("sends every maintenance day by name, each window hour, and each version given", async () => {
        const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        const VERSIONS: Array<[CacheArgs["engine"], string]> = [["valkey", "7.2"], ["valkey", "8.1"], ["valkey", "8.2"], ["valkey", "9.0"], ["redis", "7.1"]];
        const inv = await plan(() => {
            const make = (name: string, args: Partial<CacheArgs>) => new Cache(name, { ...BASE, namePrefix: name, ...args });
            DAYS.forEach((_, i) => make(`day${i + 1}`, { maintenanceDay: i + 1, maintenanceHour: 9, snapshotHour: 22 }));
            VERSIONS.forEach(([engine, engineVersion], i) => make(`version${i}`, { engine, engineVersion }));
        });
        const group = (name: string) => inv.named(`${name}-group`, GROUP).inputs;
        DAYS.forEach((day, i) => expect([group(`day${i + 1}`).maintenanceWindow, group(`day${i + 1}`).snapshotWindow]).toEqual([`${day}:09:00-${day}:10:00`, "22:00-23:00"]));
        VERSIONS.forEach(([engine, engineVersion], i) => expect([group(`version${i}`).engine, group(`version${i}`).engineVersion]).toEqual([engine, engineVersion]));
    });

    it("keeps the longest prefix's group ID within ElastiCache's 40 characters", async () => {
        const prefix = "a".repeat(32);
        const inv = await planCache({ namePrefix: prefix });
        const id = `${prefix}-cache`;
        expect(inv.one(GROUP).inputs.replicationGroupId).toBe(id);
        expect(id).toHaveLength(38);
        expect(inv.outputs.memberClusterIds).toEqual([`${id}-001`, `${id}-002`]);
    });

    it("parents its resources to the component", async () => {
        const inv = await planCache();
        const cache = inv.one(Cache.TYPE);
        expect(inv.childrenOf(cache.urn).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
            "aws:cloudwatch/logGroup:LogGroup cache-slow-log",
            "aws:elasticache/replicationGroup:ReplicationGroup cache-group",
            "aws:elasticache/subnetGroup:SubnetGroup cache-subnets",
            "prodstack:aws:Secrets cache-secrets",
            "prodstack:aws:SecurityGroup cache-sg",
            "random:index/randomPassword:RandomPassword cache-auth-token",
        ]);
    });

    it("documents its defaults", () => {
        expect(CACHE_DEFAULTS).toEqual({
            clientSecurityGroups: {},
            memoryGb: 1,
            engine: "valkey",
            highAvailability: true,
            snapshotRetentionDays: 7,
            snapshotHour: 2,
            maintenanceDay: 7,
            maintenanceHour: 4,
            logRetentionDays: 30,
            deletionProtection: true,
        });
    });

    it("summarises in one line what AWS receives", async () => {
        const descendants = (inv: Inventory) => inv.resources.filter((r) => r.urn.includes("prodstack:aws:Cache$"));
        expect(summarize(Cache.TYPE, descendants(await planCache({ memoryGb: 5, logRetentionDays: 365 })))).toBe(
            "Valkey 8.0 · 2 × cache.m7g.large · failover + Multi-AZ · AUTH + TLS required + KMS at rest · snapshots 7 d + final · slow log 365 d · 2 client groups · protected",
        );
        expect(summarize(Cache.TYPE, descendants(await planCache({
            engine: "redis", highAvailability: false, deletionProtection: false, snapshotRetentionDays: 0, clientSecurityGroups: { api: "sg-1" },
        })))).toBe(
            "Redis 7.1 · 1 × cache.t4g.small · single zone, no failover · AUTH + TLS required + KMS at rest · no snapshots · slow log 30 d · 1 client group · deletable",
        );
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new Cache("cache", {
            ...BASE,
            namePrefix: "Acme_stg",
            region: "Frankfurt",
            subnetIds: ["subnet-0000000000000000a"],
            clientSecurityGroups: { API: "sg-1" },
            memoryGb: 420,
            engine: "memcached" as never,
            nodeCount: 7,
            snapshotRetentionDays: 36,
            snapshotHour: 24,
            maintenanceDay: 0,
            maintenanceHour: 24,
            logRetentionDays: 3650,
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected 1-32 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, got "Acme_stg"',
            'region: expected an AWS region such as "eu-central-1", got "Frankfurt"',
            'subnetIds: expected at least 2 subnets in different zones (highAvailability), got ["subnet-0000000000000000a"]',
            'clientSecurityGroups.API: expected a short name of lowercase letters, digits and hyphens, got "API"',
            "memoryGb: expected an integer from 1 to 419 (the largest node type holds 419 GiB), got 420",
            'engine: expected one of "valkey", "redis", got "memcached"',
            "nodeCount: expected an integer from 2 to 6, got 7",
            "snapshotRetentionDays: expected an integer from 0 to 35, got 36",
            "snapshotHour: expected an integer from 0 to 23, got 24",
            "maintenanceDay: expected an integer from 1 to 7, got 0",
            "maintenanceHour: expected an integer from 0 to 23, got 24",
            "snapshotHour: expected an hour other than maintenanceHour (24): the windows must not overlap, got 24",
            expect.stringMatching(/^logRetentionDays: expected a CloudWatch Logs retention in days \(.*\); nearest: 3288 or 3653, got 3650$/),
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    const problemsOf = (args: Partial<CacheArgs>) => argProblems(() => validateCacheArgs("cache", { ...BASE, ...args }));

    it.each<[string, Partial<CacheArgs>]>([
        ["the smallest size", { memoryGb: 1 }],
        ["the largest size", { memoryGb: 419 }],
        ["one node without HA", { highAvailability: false, nodeCount: 1, subnetIds: ["subnet-a"] }],
        ["two nodes with HA", { nodeCount: 2 }],
        ["six nodes", { nodeCount: 6 }],
        ["snapshots off", { snapshotRetentionDays: 0 }],
        ["35 days of snapshots", { snapshotRetentionDays: 35 }],
        ["snapshot and maintenance at the same hour when snapshots are off", { snapshotRetentionDays: 0, snapshotHour: 4, maintenanceHour: 4 }],
        ["Monday at midnight", { maintenanceDay: 1, maintenanceHour: 0 }],
        ["Sunday at 23:00", { maintenanceDay: 7, maintenanceHour: 23, snapshotHour: 0 }],
        ["Redis OSS 7.1", { engine: "redis", engineVersion: "7.1" }],
        ["Valkey 7.2", { engineVersion: "7.2" }],
        ["Valkey 9.0", { engineVersion: "9.0" }],
        ["a one-letter prefix", { namePrefix: "a" }],
        ["a 32-character prefix", { namePrefix: "a".repeat(31) + "1" }],
        ["a prefix with digits and single hyphens", { namePrefix: "acme-2-prod" }],
        ["a retention of 3653 days", { logRetentionDays: 3653 }],
        ["a region only known at deploy time", { region: Promise.resolve("eu-west-1") }],
    ])("accepts %s", (_label, args) => {
        expect(problemsOf(args)).toEqual([]);
    });

    it.each<[string, Partial<CacheArgs>, string]>([
        ["zero memory", { memoryGb: 0 }, "memoryGb: expected an integer from 1 to 419 (the largest node type holds 419 GiB), got 0"],
        ["a fractional size", { memoryGb: 1.5 }, "memoryGb: expected an integer from 1 to 419 (the largest node type holds 419 GiB), got 1.5"],
        ["Redis OSS 7.0", { engine: "redis", engineVersion: "7.0" }, 'engineVersion: expected a redis version ElastiCache runs ("7.1"), got "7.0"'],
        ["Redis OSS 7.2 (that is Valkey 7.2)", { engine: "redis", engineVersion: "7.2" }, 'engineVersion: expected a redis version ElastiCache runs ("7.1"), got "7.2"'],
        ["Valkey 7.1", { engineVersion: "7.1" }, 'engineVersion: expected a valkey version ElastiCache runs ("7.2", "8.0", "8.1", "8.2", "9.0"), got "7.1"'],
        ["one node with HA", { nodeCount: 1 }, "nodeCount: expected an integer from 2 to 6, got 1"],
        ["no subnet", { highAvailability: false, subnetIds: [] }, "subnetIds: expected at least 1 subnet, got []"],
        ["a negative snapshot retention", { snapshotRetentionDays: -1 }, "snapshotRetentionDays: expected an integer from 0 to 35, got -1"],
        ["snapshots in the maintenance hour", { snapshotHour: 4 }, "snapshotHour: expected an hour other than maintenanceHour (4): the windows must not overlap, got 4"],
        ["day 8", { maintenanceDay: 8 }, "maintenanceDay: expected an integer from 1 to 7, got 8"],
        ["a negative hour", { maintenanceHour: -1 }, "maintenanceHour: expected an integer from 0 to 23, got -1"],
        ["a 33-character prefix", { namePrefix: "a".repeat(33) }, `namePrefix: expected 1-32 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, got "${"a".repeat(33)}"`],
        ["a prefix ending in a hyphen", { namePrefix: "acme-" }, 'namePrefix: expected 1-32 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, got "acme-"'],
        ["a prefix with two hyphens in a row", { namePrefix: "acme--prod" }, 'namePrefix: expected 1-32 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, got "acme--prod"'],
        ["a prefix starting with a digit", { namePrefix: "1acme" }, 'namePrefix: expected 1-32 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, got "1acme"'],
        ["a client name with a character before it", { clientSecurityGroups: { _api: "sg-1" } }, 'clientSecurityGroups._api: expected a short name of lowercase letters, digits and hyphens, got "_api"'],
        ["a client name with a character after it", { clientSecurityGroups: { "api!": "sg-1" } }, 'clientSecurityGroups.api!: expected a short name of lowercase letters, digits and hyphens, got "api!"'],
    ])("rejects %s", (_label, args, problem) => {
        expect(problemsOf(args)).toEqual([problem]);
    });
});

describe("ElastiCache sizes and versions", () => {
    it.each<[number, string | undefined]>([
        [0, undefined], [1, "cache.t4g.small"], [2, "cache.t4g.medium"], [3, "cache.t4g.medium"], [4, "cache.m7g.large"], [6, "cache.m7g.large"],
        [7, "cache.r7g.large"], [13, "cache.r7g.large"], [14, "cache.r7g.xlarge"], [26, "cache.r7g.xlarge"], [27, "cache.r7g.2xlarge"],
        [52, "cache.r7g.2xlarge"], [53, "cache.r7g.4xlarge"], [105, "cache.r7g.4xlarge"], [106, "cache.r7g.8xlarge"], [209, "cache.r7g.8xlarge"],
        [210, "cache.r7g.12xlarge"], [300, "cache.r7g.12xlarge"], [317, "cache.r7g.12xlarge"], [318, "cache.r7g.16xlarge"], [419, "cache.r7g.16xlarge"],
        [420, undefined], [2.5, undefined],
    ])("%s GB runs on %s", (gb, nodeType) => {
        expect(cacheNodeTypeFor(gb)).toBe(nodeType);
    });

    it.each<[string, ReturnType<typeof cacheEngineOf>]>([
        ["7.1", { engine: "redis", engineVersion: "7.1" }],
        ["7.2", { engine: "valkey", engineVersion: "7.2" }],
        ["8.0", { engine: "valkey", engineVersion: "8.0" }],
        ["9.0", { engine: "valkey", engineVersion: "9.0" }],
        ["7.0", undefined],
        ["6.2", undefined],
        ["9.9", undefined],
    ])("spec version %s runs as %j", (version, expected) => {
        expect(cacheEngineOf(version)).toEqual(expected);
    });

    it("admits a client created after the cache, one described rule on the cache's group, as clientSecurityGroups does", async () => {
        const inv = await plan(() => {
            const cache = new Cache("cache", { ...BASE, clientSecurityGroups: { api: "sg-api" } });
            cache.allowFrom("worker", "sg-worker");
            const redis = new Cache("redis", { ...BASE, clientSecurityGroups: {}, namePrefix: "acme-redis", engine: "redis", engineVersion: "7.1" });
            redis.allowFrom("api", "sg-api");
        });
        const rules = inv.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(rules.map((r) => [r.name, r.inputs.description, r.inputs.fromPort, r.inputs.toPort, r.inputs.referencedSecurityGroupId])).toEqual([
            ["cache-sg-in-valkey-from-api", "Valkey from api", 6379, 6379, "sg-api"],
            ["cache-sg-in-valkey-from-worker", "Valkey from worker", 6379, 6379, "sg-worker"],
            ["redis-sg-in-redis-from-api", "Redis from api", 6379, 6379, "sg-api"],
        ]);
        expect(rules[1].inputs.securityGroupId).toBe(rules[0].inputs.securityGroupId);
    });
});
