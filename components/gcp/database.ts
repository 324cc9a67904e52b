import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { definedOnly, resourceName } from "../core/internal";
import { databaseAccess, pemBundle } from "./database-access";
import { DATABASE_PORTS, databaseVersionOf, DEFAULT_DATABASE_VERSION, MYSQL_CIS_FLAGS, POSTGRES_CIS_FLAGS } from "./database-engine";
import { readReplicas } from "./database-replicas";
import { validateDatabaseArgs } from "./database-validation";
import type { SecretRef } from "./secrets";

/** Database engine of a {@link Database}. */
export type DatabaseEngine = "postgres" | "mysql";
/** Cloud SQL edition. Enterprise Plus takes only its own `db-perf-optimized-N-*` machine tiers. */
export type DatabaseEdition = "ENTERPRISE" | "ENTERPRISE_PLUS";
/** When maintenance updates land after Google announces them: 1 week, 2 weeks or 5 weeks. */
export type UpdateTrack = "canary" | "stable" | "week5";

/**
 * Where workloads find the server CA bundle as a file by default (see `caCertPath`); the
 * infra mounts the `caCertSecret` there.
 */
export const DATABASE_CA_CERT_PATH = "/etc/prodstack/database/server-ca.pem";

/** Arguments of {@link Database}. */
export interface DatabaseArgs {
    /**
     * Region of the instance and its read replicas, e.g. `europe-west1`.
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
     * The VPC the instance gets its private IP in (`projects/…/global/networks/…`). The
     * network must have private services access (see `Network`).
     * @default none (required)
     */
    network: pulumi.Input<string>;
    /**
     * Name of the private services access range to take the private IP from.
     * @default none (Cloud SQL picks any range peered with the network)
     */
    allocatedIpRange?: pulumi.Input<string>;
    /**
     * The private services access peering (`Network.privateServicesConnection`). The
     * instance waits for it: Cloud SQL rejects a private IP on a network not yet peered.
     * @default none (the peering must already exist)
     */
    privateServicesConnection?: pulumi.Resource;
    /**
     * Database engine.
     * @default "postgres"
     */
    engine?: DatabaseEngine;
    /**
     * Major version: `14`–`18` for PostgreSQL, `8.0` or `8.4` for MySQL.
     * @default "17" for postgres, "8.4" for mysql (see DEFAULT_DATABASE_VERSION)
     */
    version?: string;
    /**
     * Cloud SQL edition. `ENTERPRISE_PLUS` needs a `db-perf-optimized-N-*` tier and allows
     * up to 35 days of point-in-time recovery.
     * @default "ENTERPRISE"
     */
    edition?: DatabaseEdition;
    /**
     * Machine tier: `db-custom-<vCPUs>-<MiB>` (1 or an even number of vCPUs up to 96,
     * 0.9–6.5 GiB per vCPU in multiples of 256 MiB) or shared-core for `ENTERPRISE`;
     * `db-perf-optimized-N-<vCPUs>` for `ENTERPRISE_PLUS`.
     * @default "db-custom-1-3840"
     */
    machineTier?: string;
    /**
     * Initial SSD size in GB (10–65536). The disk grows on its own up to `storageLimitGb`;
     * later changes to this value are ignored (Cloud SQL cannot shrink a disk, and sending
     * the original size after an automatic increase would fail every update). Raise the
     * ceiling, or grow the disk out of band, instead.
     * @default 20
     */
    storageGb?: number;
    /**
     * Ceiling for automatic storage increases in GB; 0 means no ceiling.
     * @default 500
     */
    storageLimitGb?: number;
    /**
     * Regional high availability (a standby in a second zone with automatic failover).
     * @default true
     */
    highAvailability?: boolean;
    /**
     * Daily automated backups to keep (1–365). Must exceed `pitrDays`: Cloud SQL keeps
     * transaction logs only as long as the backups they replay from.
     * @default 30
     */
    retainedBackups?: number;
    /**
     * Days of transaction logs kept for point-in-time recovery (write-ahead logs for
     * PostgreSQL, binary logs for MySQL): 1–7 on `ENTERPRISE`, 1–35 on `ENTERPRISE_PLUS`.
     * @default 7
     */
    pitrDays?: number;
    /**
     * UTC start of the daily backup window as `HH:MM`.
     * @default "02:00"
     */
    backupStartTime?: string;
    /**
     * Region or multi-region the backups are stored in, e.g. `eu`.
     * @default none (the multi-region nearest the instance)
     */
    backupLocation?: string;
    /**
     * Refuse deletion: `deletionProtection` for Pulumi, `deletionProtectionEnabled` in the
     * API (console and gcloud too), `protect` on the instance, replicas, database, user,
     * password and its secret, and backups kept after the instance is gone.
     * @default true
     */
    deletionProtection?: boolean;
    /**
     * Days Cloud SQL keeps the final backup it takes when the instance is deleted (1-365);
     * 0 takes none. Together with the automated backups kept on delete, a deleted prod
     * database can still be restored.
     * @default 30 when `deletionProtection`, else 0
     */
    finalBackupDays?: number;
    /**
     * Read replicas in the same region (0–10). They share the primary's network, TLS and
     * flags; replicas cannot have backups of their own.
     * @default 0
     */
    readReplicas?: number;
    /**
     * Day of the weekly one-hour maintenance window, 1 (Monday) to 7 (Sunday).
     * @default 7
     */
    maintenanceDay?: number;
    /**
     * UTC hour the maintenance window starts (0–23).
     * @default 3
     */
    maintenanceHour?: number;
    /**
     * How soon after Google announces it maintenance is applied: `canary` (1 week),
     * `stable` (2 weeks) or `week5` (5 weeks). Staging on `canary` sees updates before prod.
     * @default "stable"
     */
    updateTrack?: UpdateTrack;
    /**
     * Name of the application database.
     * @default "app"
     */
    databaseName?: string;
    /**
     * Name of the application user; its password is generated and kept in Secret Manager.
     * @default "app"
     */
    user?: string;
    /**
     * Labels set on the instances (`settings.userLabels`).
     * @default {}
     */
    labels?: Record<string, string>;
    /**
     * Tunable flags (connection limits, timeouts, memory; the names in
     * `TUNABLE_DATABASE_FLAGS`), merged over the engine's CIS hardening flags. Unknown flags
     * and hardening flags are refused: the hardening cannot be weakened from here.
     * @default {}
     */
    databaseFlags?: Record<string, string>;
    /**
     * Path of the server CA bundle inside the workloads (where the infra mounts
     * `caCertSecret`), written into the connection URL (`sslrootcert` / `ssl-ca`). A plain
     * string: callers key the mount by it when the component is built.
     * @default "/etc/prodstack/database/server-ca.pem"
     */
    caCertPath?: string;
}

/** Defaults of {@link DatabaseArgs}, in one place (the version default depends on the engine). */
export const DATABASE_DEFAULTS = {
    engine: "postgres" as DatabaseEngine,
    edition: "ENTERPRISE" as DatabaseEdition,
    machineTier: "db-custom-1-3840",
    storageGb: 20,
    storageLimitGb: 500,
    highAvailability: true,
    retainedBackups: 30,
    pitrDays: 7,
    backupStartTime: "02:00",
    deletionProtection: true,
    readReplicas: 0,
    maintenanceDay: 7,
    maintenanceHour: 3,
    updateTrack: "stable" as UpdateTrack,
    databaseName: "app",
    user: "app",
    labels: {} as Record<string, string>,
    databaseFlags: {} as Record<string, string>,
    caCertPath: DATABASE_CA_CERT_PATH,
};

/** The merged args of a {@link Database}. */
export type DatabaseConfig = typeof DATABASE_DEFAULTS & DatabaseArgs;

/**
 * A Cloud SQL instance (PostgreSQL by default, MySQL on request) on private IP only, with
 * TLS required on every connection, SSD storage that grows up to a ceiling, automated
 * backups with point-in-time recovery, CIS logging flags, Query Insights, a maintenance
 * window, optional read replicas, and one application database and user whose generated
 * password lives in Secret Manager (with the admin user's password next to it), together with
 * a ready `DATABASE_URL` (TLS verified against the CA file) and the CA bundle to mount as a file.
 * Tunable flags merge over the CIS hardening flags, which cannot be changed.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const network = new gcp.Network("main", { region: "europe-west1", namePrefix: "acme-prod" });
 * const db = new gcp.Database("db", {
 *     region: "europe-west1",
 *     namePrefix: "acme-prod",
 *     network: network.networkId,
 *     allocatedIpRange: network.privateServicesRangeName,
 *     privateServicesConnection: network.privateServicesConnection,
 *     highAvailability: true,
 *     deletionProtection: true,
 *     retainedBackups: 30,
 *     pitrDays: 7,
 * });
 * export const connectionName = db.connectionName;
 * export const passwordSecretId = db.passwordSecret.secretId;
 * ```
 */
export class Database extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:Database";

    /** The primary instance. */
    readonly instance: gcp.sql.DatabaseInstance;
    /** Read replicas, in order. */
    readonly replicas: gcp.sql.DatabaseInstance[];
    /** Instance name (without project). */
    readonly instanceName: pulumi.Output<string>;
    /** `project:region:instance`, for Cloud SQL connectors and the Auth Proxy. */
    readonly connectionName: pulumi.Output<string>;
    /** Private IP of the primary. */
    readonly privateIp: pulumi.Output<string>;
    /** Private IPs of the read replicas. */
    readonly replicaPrivateIps: pulumi.Output<string>[];
    /** Port the engine listens on. */
    readonly port: number;
    /** Engine of the instance. */
    readonly engine: DatabaseEngine;
    /** API version string, e.g. `POSTGRES_17`. */
    readonly databaseVersion: string;
    /** Name of the application database. */
    readonly databaseName: pulumi.Output<string>;
    /** Name of the application user. */
    readonly userName: pulumi.Output<string>;
    /** Where the application user's password lives; mount it as secret env. */
    readonly passwordSecret: SecretRef;
    /** Secret holding the admin user's (`postgres` / `root`) password, for break-glass access. */
    readonly adminPasswordSecretId: pulumi.Output<string>;
    /** PEM bundle of the instance's server CA certificates, to verify the server over TLS. */
    readonly caCert: pulumi.Output<string>;
    /** Secret holding the connection URL with the password and TLS parameters; mount it as `DATABASE_URL`. */
    readonly urlSecret: SecretRef;
    /** Secret holding the CA bundle, to mount as a file at `caCertPath`. */
    readonly caCertSecret: SecretRef;
    /** Where workloads find the CA bundle file (the `caCertPath` arg). */
    readonly caCertPath: string;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDatabaseArgs(name, args);
        super(Database.TYPE, name, {}, opts);
        const cfg = { ...DATABASE_DEFAULTS, ...definedOnly(args) };
        const version = cfg.version ?? DEFAULT_DATABASE_VERSION[cfg.engine];
        const postgres = cfg.engine === "postgres";
        this.engine = cfg.engine;
        this.port = DATABASE_PORTS[cfg.engine];
        this.databaseVersion = databaseVersionOf(cfg.engine, version);

        // Stateful children are protected in prod: a replacement would lose data or rotate
        // credentials under running services. Otherwise they inherit the caller's choice.
        const stateful: pulumi.ResourceOptions = { parent: this, ...(cfg.deletionProtection ? { protect: true } : {}) };

        // Cloud SQL does not let a deleted instance's name be reused for a week; a suffix
        // lets a non-prod environment be destroyed and recreated the same day.
        const suffix = new random.RandomId(`${name}-suffix`, { byteLength: 2 }, stateful);
        const instanceName = suffix.hex.apply((hex) => resourceName([cfg.namePrefix, "db", hex], 90));

        // URL- and shell-safe specials only, so the password works in connection strings.
        const passwordArgs: random.RandomPasswordArgs = {
            length: 40, special: true, overrideSpecial: "-_", minLower: 2, minUpper: 2, minNumeric: 2, minSpecial: 1,
        };
        const password = new random.RandomPassword(`${name}-password`, passwordArgs, stateful);
        const adminPassword = new random.RandomPassword(`${name}-admin-password`, passwordArgs, stateful);

        const flags = { ...(postgres ? POSTGRES_CIS_FLAGS : MYSQL_CIS_FLAGS), ...cfg.databaseFlags };
        const databaseFlags = Object.entries(flags).map(([flagName, value]) => ({ name: flagName, value }));
        const ipConfiguration = {
            ipv4Enabled: false,
            privateNetwork: cfg.network,
            ...(cfg.allocatedIpRange !== undefined ? { allocatedIpRange: cfg.allocatedIpRange } : {}),
            // TLS on every connection without client certificates: apps on Cloud Run connect
            // straight to the private IP with a standard driver and verify the server CA.
            sslMode: "ENCRYPTED_ONLY",
            enablePrivatePathForGoogleCloudServices: false,
        };
        const storage = {
            diskType: "PD_SSD",
            diskSize: cfg.storageGb,
            diskAutoresize: true,
            diskAutoresizeLimit: cfg.storageLimitGb,
        };
        const common = {
            tier: cfg.machineTier,
            edition: cfg.edition,
            ...storage,
            ipConfiguration,
            databaseFlags,
            insightsConfig: {
                queryInsightsEnabled: true,
                recordApplicationTags: true,
                recordClientAddress: false,
                queryStringLength: 1024,
                queryPlansPerMinute: 5,
            },
            deletionProtectionEnabled: cfg.deletionProtection,
            userLabels: cfg.labels,
        };
        const dependsOn = cfg.privateServicesConnection ? [cfg.privateServicesConnection] : [];
        // Automatic storage increases change the disk size behind Pulumi's back; sending the
        // configured size again would try to shrink the disk, which Cloud SQL refuses.
        const ignoreChanges = ["settings.diskSize"];

        // Replicas restart for maintenance too: the same window keeps them out of business hours.
        const maintenanceWindow = { day: cfg.maintenanceDay, hour: cfg.maintenanceHour, updateTrack: cfg.updateTrack };
        const finalBackupDays = args.finalBackupDays ?? (cfg.deletionProtection ? 30 : 0);

        this.instance = new gcp.sql.DatabaseInstance(`${name}-primary`, {
            name: instanceName,
            region: cfg.region,
            databaseVersion: this.databaseVersion,
            deletionProtection: cfg.deletionProtection,
            rootPassword: pulumi.secret(adminPassword.result),
            settings: {
                ...common,
                availabilityType: cfg.highAvailability ? "REGIONAL" : "ZONAL",
                backupConfiguration: {
                    enabled: true,
                    startTime: cfg.backupStartTime,
                    ...(cfg.backupLocation !== undefined ? { location: cfg.backupLocation } : {}),
                    // PITR replays write-ahead logs on PostgreSQL and binary logs on MySQL.
                    ...(postgres ? { pointInTimeRecoveryEnabled: true } : { binaryLogEnabled: true }),
                    transactionLogRetentionDays: cfg.pitrDays,
                    backupRetentionSettings: { retainedBackups: cfg.retainedBackups, retentionUnit: "COUNT" },
                },
                maintenanceWindow,
                retainBackupsOnDelete: cfg.deletionProtection,
                ...(finalBackupDays > 0 ? { finalBackupConfig: { enabled: true, retentionDays: finalBackupDays } } : {}),
            },
        }, { ...stateful, dependsOn, ignoreChanges });

        this.replicas = readReplicas(name, cfg, this.instance, instanceName, this.databaseVersion, common, maintenanceWindow, { ...stateful, dependsOn, ignoreChanges });

        this.caCert = pemBundle(this.instance.serverCaCerts);
        const { database, user, secrets } = databaseAccess(name, cfg, this.instance, this.port, { app: password, admin: adminPassword }, this.caCert, stateful);

        this.instanceName = this.instance.name;
        this.connectionName = this.instance.connectionName;
        this.privateIp = this.instance.privateIpAddress;
        this.replicaPrivateIps = this.replicas.map((r) => r.privateIpAddress);
        this.databaseName = database.name;
        this.userName = user.name;
        this.passwordSecret = secrets.refs["db-password"];
        this.adminPasswordSecretId = secrets.refs["db-admin-password"].secretId;
        this.urlSecret = secrets.refs["db-url"];
        this.caCertSecret = secrets.refs["db-ca"];
        this.caCertPath = cfg.caCertPath;
        this.registerOutputs({
            instanceName: this.instanceName,
            connectionName: this.connectionName,
            privateIp: this.privateIp,
            replicaPrivateIps: this.replicaPrivateIps,
            databaseName: this.databaseName,
            userName: this.userName,
            passwordSecretId: this.passwordSecret.secretId,
            adminPasswordSecretId: this.adminPasswordSecretId,
        });
    }
}
