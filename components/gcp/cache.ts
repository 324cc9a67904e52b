import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, resourceName } from "../core/internal";
import { pemBundle } from "./database-access";
import { Secrets, type SecretRef } from "./secrets";

/** Memorystore Redis versions accepted (the ones that support AUTH with in-transit encryption well). */
export const REDIS_VERSIONS = ["REDIS_6_X", "REDIS_7_0", "REDIS_7_2"] as const;
/** A Memorystore Redis version. */
export type RedisVersion = (typeof REDIS_VERSIONS)[number];
/** How often an RDB snapshot is taken when persistence is on. */
export const SNAPSHOT_PERIODS = ["ONE_HOUR", "SIX_HOURS", "TWELVE_HOURS", "TWENTY_FOUR_HOURS"] as const;
/** One of {@link SNAPSHOT_PERIODS}. */
export type SnapshotPeriod = (typeof SNAPSHOT_PERIODS)[number];

/** Where workloads find the server CA bundle as a file by default (see `caCertPath`). */
export const REDIS_CA_CERT_PATH = "/etc/prodstack/redis/server-ca.pem";

const DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

/** Arguments of {@link Cache}. */
export interface CacheArgs {
    /**
     * Region of the instance, e.g. `europe-west1`.
     * An output (from config or another resource) is checked by the cloud, not here.
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * Prefix of every resource name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * The VPC clients connect from (`projects/…/global/networks/…`); it must have private
     * services access (see `Network`).
     * @default none (required)
     */
    network: pulumi.Input<string>;
    /**
     * Name of the private services access range to place the instance in.
     * @default none (Memorystore picks a block in any range peered with the network)
     */
    reservedIpRange?: pulumi.Input<string>;
    /**
     * The private services access peering (`Network.privateServicesConnection`); the
     * instance waits for it, as Memorystore rejects a network not yet peered.
     * @default none (the peering must already exist)
     */
    privateServicesConnection?: pulumi.Resource;
    /**
     * Memory size in GB (1–300).
     * @default 1
     */
    memoryGb?: number;
    /**
     * Redis version.
     * @default "REDIS_7_2"
     */
    version?: RedisVersion;
    /**
     * `STANDARD_HA` (a replica in another zone with automatic failover) instead of `BASIC`.
     * @default true
     */
    highAvailability?: boolean;
    /**
     * RDB snapshots, so a restarted or failed-over instance comes back with its data.
     * @default true
     */
    persistence?: boolean;
    /**
     * Interval between RDB snapshots when `persistence` is on.
     * @default "SIX_HOURS"
     */
    snapshotPeriod?: SnapshotPeriod;
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
     * Refuse deletion: the provider's `deletionProtection` and `protect` on the instance,
     * and the provider's `deletionProtection` on its secrets.
     * @default true
     */
    deletionProtection?: boolean;
    /**
     * Redis configuration parameters Memorystore allows, e.g. `{"maxmemory-policy": "allkeys-lru"}`.
     * @default {}
     */
    redisConfigs?: Record<string, string>;
    /**
     * Path of the server CA bundle inside the workloads, where the infra mounts `caCertSecret`.
     * @default "/etc/prodstack/redis/server-ca.pem"
     */
    caCertPath?: string;
}

/** Defaults of {@link CacheArgs}, in one place. */
export const CACHE_DEFAULTS = {
    memoryGb: 1,
    version: "REDIS_7_2" as RedisVersion,
    highAvailability: true,
    persistence: true,
    snapshotPeriod: "SIX_HOURS" as SnapshotPeriod,
    maintenanceDay: 7,
    maintenanceHour: 4,
    deletionProtection: true,
    redisConfigs: {} as Record<string, string>,
    caCertPath: REDIS_CA_CERT_PATH,
};

/** Throws if `args` would be rejected by Memorystore; called before anything is registered. */
export function validateCacheArgs(name: string, args: CacheArgs): void {
    const check = new ArgsChecker(Cache.TYPE, name);
    check.matchesIfKnown("region", args.region, /^[a-z]+-[a-z]+\d+$/, 'a GCP region such as "europe-west1"');
    // Instance names must start with a letter; the prefix also bounds their length.
    check.matches("namePrefix", args.namePrefix, /^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$/, "1-30 lowercase letters, digits or hyphens, starting with a letter");
    check.intInRange("memoryGb", args.memoryGb, 1, 300);
    check.oneOf("version", args.version, REDIS_VERSIONS);
    check.oneOf("snapshotPeriod", args.snapshotPeriod, SNAPSHOT_PERIODS);
    check.intInRange("maintenanceDay", args.maintenanceDay, 1, 7);
    check.intInRange("maintenanceHour", args.maintenanceHour, 0, 23);
    check.matchesIfGiven("caCertPath", args.caCertPath, /^\/[A-Za-z0-9._/-]+$/, "an absolute file path such as \"/etc/prodstack/redis/server-ca.pem\"");
    for (const key of Object.keys(args.redisConfigs ?? {})) {
        check.matches(`redisConfigs.${key}`, key, /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/, 'a Redis parameter such as "maxmemory-policy"');
    }
    check.throwIfAny();
}

/**
 * Memorystore for Redis on the network's private services access: AUTH on, TLS required
 * (server authentication, port 6378), `STANDARD_HA` with RDB snapshots by default, and a
 * weekly maintenance window. The AUTH string and a ready-made `rediss://` URL carrying it
 * live in Secret Manager, and so does the server CA bundle, to mount as a file (its PEM text
 * is an output too).
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const network = new gcp.Network("main", { region: "europe-west1", namePrefix: "acme-prod" });
 * const cache = new gcp.Cache("cache", {
 *     region: "europe-west1",
 *     namePrefix: "acme-prod",
 *     network: network.networkId,
 *     reservedIpRange: network.privateServicesRangeName,
 *     privateServicesConnection: network.privateServicesConnection,
 *     memoryGb: 5,
 *     highAvailability: true,
 * });
 * export const redisUrlSecretId = cache.urlSecret.secretId;
 * ```
 */
export class Cache extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:Cache";

    /** The Redis instance. */
    readonly instance: gcp.redis.Instance;
    /** Instance name (without project and location). */
    readonly instanceName: pulumi.Output<string>;
    /** Private IP of the primary endpoint. */
    readonly host: pulumi.Output<string>;
    /** TLS port of the primary endpoint (6378). */
    readonly port: pulumi.Output<number>;
    /** PEM bundle of the server CA certificates (two during a rotation), to verify TLS. */
    readonly caCert: pulumi.Output<string>;
    /** Secret holding the AUTH string. */
    readonly authSecret: SecretRef;
    /** Secret holding `rediss://:AUTH@host:port`; mount it as secret env. */
    readonly urlSecret: SecretRef;
    /** `rediss://:AUTH@host:port` itself, as a secret output. */
    readonly url: pulumi.Output<string>;
    /** Secret holding the CA bundle, to mount as a file at `caCertPath`. */
    readonly caCertSecret: SecretRef;
    /** Where workloads find the CA bundle file (the `caCertPath` arg). */
    readonly caCertPath: string;

    constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
        validateCacheArgs(name, args);
        super(Cache.TYPE, name, {}, opts);
        const cfg = { ...CACHE_DEFAULTS, ...definedOnly(args) };

        this.instance = new gcp.redis.Instance(`${name}-redis`, {
            name: resourceName([cfg.namePrefix, "redis"], 40),
            displayName: `Cache of ${cfg.namePrefix} (managed by prodstack)`,
            region: cfg.region,
            tier: cfg.highAvailability ? "STANDARD_HA" : "BASIC",
            memorySizeGb: cfg.memoryGb,
            redisVersion: cfg.version,
            connectMode: "PRIVATE_SERVICE_ACCESS",
            authorizedNetwork: cfg.network,
            ...(cfg.reservedIpRange !== undefined ? { reservedIpRange: cfg.reservedIpRange } : {}),
            authEnabled: true,
            transitEncryptionMode: "SERVER_AUTHENTICATION",
            // Read replicas can only be chosen at creation; say so explicitly for STANDARD_HA.
            ...(cfg.highAvailability ? { readReplicasMode: "READ_REPLICAS_DISABLED" } : {}),
            persistenceConfig: cfg.persistence
                ? { persistenceMode: "RDB", rdbSnapshotPeriod: cfg.snapshotPeriod }
                : { persistenceMode: "DISABLED" },
            maintenancePolicy: {
                weeklyMaintenanceWindows: [{
                    day: DAYS[cfg.maintenanceDay - 1],
                    startTime: { hours: cfg.maintenanceHour, minutes: 0, seconds: 0, nanos: 0 },
                }],
            },
            ...(Object.keys(cfg.redisConfigs).length ? { redisConfigs: cfg.redisConfigs } : {}),
            deletionProtection: cfg.deletionProtection,
        }, {
            parent: this,
            ...(cfg.deletionProtection ? { protect: true } : {}),
            dependsOn: cfg.privateServicesConnection ? [cfg.privateServicesConnection] : [],
        });

        const auth = pulumi.secret(this.instance.authString);
        // The AUTH string is a UUID, safe inside a URL without escaping.
        this.url = pulumi.secret(pulumi.interpolate`rediss://:${auth}@${this.instance.host}:${this.instance.port}`);
        const secrets = new Secrets(`${name}-secrets`, {
            namePrefix: cfg.namePrefix,
            secrets: {
                "redis-auth": { value: auth },
                "redis-url": { value: this.url },
                "redis-ca": { value: pemBundle(this.instance.serverCaCerts) },
            },
            deletionProtection: cfg.deletionProtection,
        }, { parent: this });

        this.instanceName = this.instance.name;
        this.host = this.instance.host;
        this.port = this.instance.port;
        this.caCert = pemBundle(this.instance.serverCaCerts);
        this.authSecret = secrets.refs["redis-auth"];
        this.urlSecret = secrets.refs["redis-url"];
        this.caCertSecret = secrets.refs["redis-ca"];
        this.caCertPath = cfg.caCertPath;
        this.registerOutputs({
            instanceName: this.instanceName,
            host: this.host,
            port: this.port,
            authSecretId: this.authSecret.secretId,
            urlSecretId: this.urlSecret.secretId,
        });
    }
}
