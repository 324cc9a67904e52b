import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
    ArgsChecker,
    AWS_REGION,
    CACHE_ENGINE_VERSIONS,
    CACHE_MAX_MEMORY_GB,
    cacheNodeTypeFor,
    cloudWatchRetentionProblem,
    definedOnly,
    resourceName,
    type CacheEngine,
} from "../core/internal";
import { Secrets, type SecretRef } from "./secrets";
import { SecurityGroup } from "./security-group";

export type { CacheEngine } from "../core/elasticache";

/** The port Valkey and Redis listen on (TLS only: `transitEncryptionMode` is `required`). */
const CACHE_PORT = 6379;
/** ElastiCache's limit on `replicationGroupId`. */
const REPLICATION_GROUP_ID_MAX = 40;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Arguments of {@link Cache}. */
export interface CacheArgs {
    /**
     * Prefix of every resource name, e.g. `acme-prod`: the replication group is
     * `<namePrefix>-cache` (cut with a hash to ElastiCache's 40 characters).
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of every resource, e.g. `eu-central-1` (checked when given as a string).
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * VPC of the cache's security group.
     * @default none (required)
     */
    vpcId: pulumi.Input<string>;
    /**
     * Subnets of the cache: the network's isolated subnets (no route to or from the
     * internet), one per availability zone; at least 2 with `highAvailability`, so the
     * replica lives in another zone than the primary.
     * @default none (required)
     */
    subnetIds: pulumi.Input<string>[];
    /**
     * Security groups admitted on the cache's port (6379), by a short name used in the rule's
     * description and logical name, e.g. `{ api: apiTasks.securityGroupId }`. Nothing else
     * may connect, and the cache's group has no egress.
     * @default {} (no client can connect until one is added)
     */
    clientSecurityGroups?: Record<string, pulumi.Input<string>>;
    /**
     * ARN of the customer-managed KMS key that encrypts the cache at rest, its snapshots, the
     * AUTH token's secrets and the slow-log group. Its policy must let the CloudWatch Logs
     * service use it (`KmsKey` with service `logs`).
     * @default none (required)
     */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Memory of each node in GB (1 to 419): the node type is the smallest with at least that
     * much memory: 1 → `cache.t4g.small` (1.37 GiB), 2–3 → `cache.t4g.medium`, 4–6 →
     * `cache.m7g.large`, 7–13 → `cache.r7g.large`, 14–26 → `cache.r7g.xlarge`, 27–52 →
     * `cache.r7g.2xlarge`, 53–105 → `cache.r7g.4xlarge`, 106–209 → `cache.r7g.8xlarge`,
     * 210–317 → `cache.r7g.12xlarge`, 318–419 → `cache.r7g.16xlarge`.
     * @default 1
     */
    memoryGb?: number;
    /**
     * Engine: `valkey`, or `redis` (Redis OSS).
     * @default "valkey"
     */
    engine?: CacheEngine;
    /**
     * Engine version: Valkey `7.2`, `8.0`, `8.1`, `8.2` or `9.0`; Redis OSS `7.1` only. Minor
     * and patch upgrades are applied in the maintenance window.
     * @default "8.0" (valkey), "7.1" (redis)
     */
    engineVersion?: string;
    /**
     * A replica in another availability zone with automatic failover (Multi-AZ).
     * @default true
     */
    highAvailability?: boolean;
    /**
     * Nodes of the replication group, primary included (1 to 6); at least 2 with
     * `highAvailability`. Member cluster IDs are `<replicationGroupId>-001`, `-002`, ….
     * @default 2 with highAvailability, else 1
     */
    nodeCount?: number;
    /**
     * Days daily snapshots are kept (0 to 35; 0 turns snapshots off). Prod keeps at least 7.
     * @default 7
     */
    snapshotRetentionDays?: number;
    /**
     * UTC hour the daily one-hour snapshot window starts (0–23); it must not be the
     * maintenance hour.
     * @default 2
     */
    snapshotHour?: number;
    /**
     * Day of the weekly one-hour maintenance window, 1 (Monday) to 7 (Sunday).
     * @default 7
     */
    maintenanceDay?: number;
    /**
     * UTC hour the maintenance window starts (0–23).
     * @default 4
     */
    maintenanceHour?: number;
    /**
     * Days the slow log is kept in CloudWatch Logs; a value CloudWatch Logs accepts (1, 3, 5,
     * 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
     * 3288 or 3653).
     * @default 30
     */
    logRetentionDays?: number;
    /**
     * Prod safety: `protect` on the replication group and its secrets, a final snapshot when
     * the group is deleted, a 30-day recovery window on the secrets (else 0, so a destroyed
     * stack can be recreated) and deletion protection on the slow-log group.
     * @default true
     */
    deletionProtection?: boolean;
}

/** Defaults of {@link CacheArgs}, in one place (`nodeCount` follows `highAvailability`, `engineVersion` the engine). */
export const CACHE_DEFAULTS = {
    clientSecurityGroups: {} as Record<string, pulumi.Input<string>>,
    memoryGb: 1,
    engine: "valkey" as CacheEngine,
    highAvailability: true,
    snapshotRetentionDays: 7,
    snapshotHour: 2,
    maintenanceDay: 7,
    maintenanceHour: 4,
    logRetentionDays: 30,
    deletionProtection: true,
};

/** Default engine version of each engine. */
const DEFAULT_ENGINE_VERSION: Record<CacheEngine, string> = { valkey: "8.0", redis: "7.1" };

/** Throws if `args` would be rejected by ElastiCache; called before anything is registered. */
export function validateCacheArgs(name: string, args: CacheArgs): void {
    const check = new ArgsChecker(Cache.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^(?=.{1,32}$)[a-z](-?[a-z0-9])*$/, "1-32 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen");
    check.matchesIfKnown("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    const cfg = { ...CACHE_DEFAULTS, ...definedOnly(args) };
    const subnets = Array.isArray(args.subnetIds) ? args.subnetIds.length : 0;
    check.check(subnets >= (cfg.highAvailability ? 2 : 1), "subnetIds", cfg.highAvailability ? "at least 2 subnets in different zones (highAvailability)" : "at least 1 subnet", args.subnetIds);
    for (const client of Object.keys(cfg.clientSecurityGroups)) {
        check.matches(`clientSecurityGroups.${client}`, client, /^[a-z][a-z0-9-]{0,62}$/, "a short name of lowercase letters, digits and hyphens");
    }
    check.check(cacheNodeTypeFor(cfg.memoryGb) !== undefined, "memoryGb", `an integer from 1 to ${CACHE_MAX_MEMORY_GB} (the largest node type holds ${CACHE_MAX_MEMORY_GB} GiB)`, cfg.memoryGb);
    check.oneOf("engine", args.engine, ["valkey", "redis"] as CacheEngine[]);
    const versions = CACHE_ENGINE_VERSIONS[cfg.engine] as readonly string[] | undefined;
    if (versions && args.engineVersion !== undefined) {
        check.check(versions.includes(args.engineVersion), "engineVersion", `a ${cfg.engine} version ElastiCache runs (${versions.map((v) => `"${v}"`).join(", ")})`, args.engineVersion);
    }
    check.intInRange("nodeCount", args.nodeCount, cfg.highAvailability ? 2 : 1, 6);
    check.intInRange("snapshotRetentionDays", args.snapshotRetentionDays, 0, 35);
    check.intInRange("snapshotHour", args.snapshotHour, 0, 23);
    check.intInRange("maintenanceDay", args.maintenanceDay, 1, 7);
    check.intInRange("maintenanceHour", args.maintenanceHour, 0, 23);
    if (cfg.snapshotRetentionDays > 0) {
        check.check(cfg.snapshotHour !== cfg.maintenanceHour, "snapshotHour", `an hour other than maintenanceHour (${cfg.maintenanceHour}): the windows must not overlap`, cfg.snapshotHour);
    }
    const retention = cloudWatchRetentionProblem(cfg.logRetentionDays);
    if (retention) check.fail("logRetentionDays", retention, cfg.logRetentionDays);
    check.throwIfAny();
}

/** `HH:00-HH+1:00` on `day` (1 = Monday); 23:00 runs into the next day. */
function weeklyWindow(day: number, hour: number): string {
    const pad = (h: number) => `${String(h).padStart(2, "0")}:00`;
    const next = hour === 23 ? DAYS[day % 7] : DAYS[day - 1];
    return `${DAYS[day - 1]}:${pad(hour)}-${next}:${pad((hour + 1) % 24)}`;
}

/** `HH:00-HH+1:00`, daily. */
function dailyWindow(hour: number): string {
    const pad = (h: number) => `${String(h).padStart(2, "0")}:00`;
    return `${pad(hour)}-${pad((hour + 1) % 24)}`;
}

/**
 * An ElastiCache replication group (Valkey by default, or Redis OSS 7.1) in isolated subnets
 * behind its own security group, which admits only the given client groups on 6379 and has
 * no egress. Encrypted at rest with the given key and in transit (`required`: TLS only;
 * ElastiCache's certificates chain to Amazon's public roots, so clients verify them with the
 * system trust store and need no CA bundle). AUTH is on: a 64-character token of letters,
 * digits and `-` (a subset of what ElastiCache accepts, needing no escaping in a URL), kept
 * with a ready-made `rediss://` URL in Secrets Manager. The slow log goes to a CloudWatch Logs
 * group with retention and the key. With `highAvailability`: 2+ nodes in different zones,
 * automatic failover, Multi-AZ. Daily snapshots; with `deletionProtection`, a final snapshot
 * and `protect`.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const cache = new aws.Cache("cache", {
 *     namePrefix: "acme-prod",
 *     region: "eu-central-1",
 *     vpcId: "vpc-0123456789abcdef0",
 *     subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
 *     clientSecurityGroups: { api: "sg-0123456789abcdef0" },
 *     kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 *     memoryGb: 5,
 *     logRetentionDays: 365,
 * });
 * export const redisUrlSecretArn = cache.urlSecret.arn;
 * ```
 */
export class Cache extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:Cache";

    /** The replication group's ID, e.g. `acme-prod-cache`. */
    readonly replicationGroupId: pulumi.Output<string>;
    /** IDs of its member clusters (`<replicationGroupId>-001`, …), as CloudWatch's `CacheClusterId` dimension names them. */
    readonly memberClusterIds: string[];
    /** Address of the primary endpoint (follows a failover). */
    readonly host: pulumi.Output<string>;
    /** Address of the reader endpoint (spreads reads over the replicas). */
    readonly readerHost: pulumi.Output<string>;
    /** Port of both endpoints (6379, TLS). */
    readonly port: pulumi.Output<number>;
    /** Secret holding the AUTH token. */
    readonly authSecret: SecretRef;
    /** Secret holding `rediss://:TOKEN@host:6379`; mount it as secret env. */
    readonly urlSecret: SecretRef;
    /** `rediss://:TOKEN@host:6379` itself, as a secret output. */
    readonly url: pulumi.Output<string>;
    /** The cache's security group. */
    readonly securityGroupId: pulumi.Output<string>;
    /** Name of the slow-log group. */
    readonly slowLogGroupName: pulumi.Output<string>;

    private readonly group: SecurityGroup;
    private readonly engineName: string;

    constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
        validateCacheArgs(name, args);
        super(Cache.TYPE, name, {}, opts);
        const cfg = { ...CACHE_DEFAULTS, ...definedOnly(args) };
        const engineVersion = args.engineVersion ?? DEFAULT_ENGINE_VERSION[cfg.engine];
        const nodeCount = args.nodeCount ?? (cfg.highAvailability ? 2 : 1);
        const groupId = resourceName([cfg.namePrefix, "cache"], REPLICATION_GROUP_ID_MAX);
        const engineName = cfg.engine === "valkey" ? "Valkey" : "Redis";
        const region = cfg.region;
        const protect = cfg.deletionProtection ? { protect: true } : {};

        const sg = new SecurityGroup(`${name}-sg`, {
            vpcId: cfg.vpcId,
            region,
            namePrefix: groupId,
            description: `${engineName} cache of ${cfg.namePrefix}`,
            ingress: Object.entries(cfg.clientSecurityGroups).map(([client, groupIdOfClient]) => ({
                description: `${engineName} from ${client}`,
                fromPort: CACHE_PORT,
                securityGroupId: groupIdOfClient,
            })),
        }, { parent: this });

        const subnetGroup = new aws.elasticache.SubnetGroup(`${name}-subnets`, {
            region,
            name: groupId,
            description: `Isolated subnets of the ${engineName} cache of ${cfg.namePrefix}`,
            subnetIds: cfg.subnetIds,
        }, { parent: this });

        const slowLog = new aws.cloudwatch.LogGroup(`${name}-slow-log`, {
            region,
            name: `/prodstack/${cfg.namePrefix}/cache/slow-log`,
            retentionInDays: cfg.logRetentionDays,
            kmsKeyId: cfg.kmsKeyArn,
            deletionProtectionEnabled: cfg.deletionProtection,
        }, { parent: this });

        // Letters, digits and "-": within ElastiCache's rules (16-128 printable characters,
        // specials only !&#$^<>-) and safe inside a URL's userinfo without escaping.
        const token = new random.RandomPassword(`${name}-auth-token`, {
            length: 64,
            special: true,
            overrideSpecial: "-",
        }, { parent: this, ignoreChanges: ["length", "special", "overrideSpecial"] }).result;

        const snapshots = cfg.snapshotRetentionDays > 0;
        const group = new aws.elasticache.ReplicationGroup(`${name}-group`, {
            region,
            replicationGroupId: groupId,
            description: `${engineName} cache of ${cfg.namePrefix} (managed by prodstack)`,
            engine: cfg.engine,
            engineVersion,
            autoMinorVersionUpgrade: true,
            nodeType: cacheNodeTypeFor(cfg.memoryGb),
            port: CACHE_PORT,
            numCacheClusters: nodeCount,
            automaticFailoverEnabled: cfg.highAvailability,
            multiAzEnabled: cfg.highAvailability,
            subnetGroupName: subnetGroup.name,
            securityGroupIds: [sg.securityGroupId],
            atRestEncryptionEnabled: true,
            kmsKeyId: cfg.kmsKeyArn,
            transitEncryptionEnabled: true,
            transitEncryptionMode: "required",
            authToken: pulumi.secret(token),
            authTokenUpdateStrategy: "ROTATE",
            snapshotRetentionLimit: cfg.snapshotRetentionDays,
            ...(snapshots ? { snapshotWindow: dailyWindow(cfg.snapshotHour) } : {}),
            maintenanceWindow: weeklyWindow(cfg.maintenanceDay, cfg.maintenanceHour),
            ...(cfg.deletionProtection ? { finalSnapshotIdentifier: `${groupId}-final` } : {}),
            logDeliveryConfigurations: [{
                destinationType: "cloudwatch-logs",
                destination: slowLog.name,
                logFormat: "json",
                logType: "slow-log",
            }],
            tags: { Name: groupId },
        }, { parent: this, ...protect });

        this.url = pulumi.secret(pulumi.interpolate`rediss://:${token}@${group.primaryEndpointAddress}:${CACHE_PORT}`);
        const secrets = new Secrets(`${name}-secrets`, {
            namePrefix: `${cfg.namePrefix}/cache`,
            region,
            kmsKeyArn: cfg.kmsKeyArn,
            secrets: {
                "redis-auth": { value: token, description: `AUTH token of the ${engineName} cache of ${cfg.namePrefix} (managed by prodstack)` },
                "redis-url": { value: this.url, description: `rediss:// URL, AUTH token included, of the ${engineName} cache of ${cfg.namePrefix} (managed by prodstack)` },
            },
            recoveryWindowDays: cfg.deletionProtection ? 30 : 0,
            deletionProtection: cfg.deletionProtection,
        }, { parent: this });

        this.replicationGroupId = group.replicationGroupId;
        this.memberClusterIds = Array.from({ length: nodeCount }, (_, i) => `${groupId}-${String(i + 1).padStart(3, "0")}`);
        this.host = group.primaryEndpointAddress;
        this.readerHost = group.readerEndpointAddress;
        this.port = pulumi.output(CACHE_PORT);
        this.authSecret = secrets.refs["redis-auth"];
        this.urlSecret = secrets.refs["redis-url"];
        this.securityGroupId = sg.securityGroupId;
        this.slowLogGroupName = slowLog.name;
        this.group = sg;
        this.engineName = engineName;
        this.registerOutputs({
            replicationGroupId: this.replicationGroupId,
            host: this.host,
            readerHost: this.readerHost,
            port: this.port,
            authSecretArn: this.authSecret.arn,
            urlSecretArn: this.urlSecret.arn,
            securityGroupId: this.securityGroupId,
        });
    }

    /**
     * Admits a client's security group created after the cache (a task that uses it) on
     * the cache's port, as `clientSecurityGroups` does at construction.
     */
    allowFrom(client: string, securityGroupId: pulumi.Input<string>): void {
        this.group.addIngress({ description: `${this.engineName} from ${client}`, fromPort: CACHE_PORT, securityGroupId });
    }
}
