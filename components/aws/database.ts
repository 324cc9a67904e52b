import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { definedOnly, resourceName } from "../core/internal";
import { lookupAccount, serviceTrustPolicy } from "./iam";
import { databaseInstances, type InstanceParts } from "./database-instances";
import { backupWindowOf, connectionUrl, hardeningOf, maintenanceWindowOf, parameterFamily, RDS_DEFAULT_VERSION, RDS_PORTS, STATIC_TUNABLES } from "./database-engine";
import { validateDatabaseArgs } from "./database-validation";
import { KmsKey } from "./kms-key";
import { Secrets } from "./secrets";
import { SecurityGroup } from "./security-group";

/** Database engine of a {@link Database}. */
export type DatabaseEngine = "postgres" | "mysql";

/** Database Insights mode: `advanced` needs 465 days or more of Performance Insights retention. */
export type DatabaseInsightsMode = "standard" | "advanced";

/** Where workloads find the RDS CA bundle as a file (the same path as on GCP). */
export const DATABASE_CA_CERT_PATH = "/etc/prodstack/database/server-ca.pem";

/** Arguments of {@link Database}. */
export interface DatabaseArgs {
    /**
     * Region of the instance, its replicas, log groups and secrets. Plain string: the CA
     * bundle URL and the cross-region check name it.
     * @default none (required)
     */
    region: string;
    /**
     * Prefix of every name, e.g. `acme-prod`: the instance is `<namePrefix>-db`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * VPC of the instance's security group.
     * @default none (required)
     */
    vpcId: pulumi.Input<string>;
    /**
     * Isolated subnets (no route out) in two or more zones, e.g. `Network.isolatedSubnetIds`.
     * @default none (required)
     */
    subnetIds: pulumi.Input<string>[];
    /**
     * ARN of the environment's KMS key: storage, Performance Insights, the master and app
     * secrets and the log groups (its policy must allow `logs`).
     * @default none (required)
     */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Database engine.
     * @default "postgres"
     */
    engine?: DatabaseEngine;
    /**
     * Major version (`14`–`17` for PostgreSQL, `8.0` or `8.4` for MySQL); minor versions
     * upgrade automatically in the maintenance window.
     * @default "17" for postgres, "8.4" for mysql
     */
    version?: string;
    /**
     * RDS instance class, e.g. `db.t4g.medium` or `db.m7g.large`.
     * @default "db.t4g.medium"
     */
    instanceClass?: string;
    /**
     * Initial gp3 storage in GiB (20–65536). Storage then grows on its own up to
     * `storageLimitGb`; later changes to this value are ignored (RDS cannot shrink storage).
     * @default 20
     */
    storageGb?: number;
    /**
     * Ceiling of automatic storage growth in GiB: at least 10 % above `storageGb`, or 0 for
     * RDS's maximum (65536).
     * @default 500
     */
    storageLimitGb?: number;
    /**
     * A synchronous standby in another zone with automatic failover (Multi-AZ).
     * @default true
     */
    multiAz?: boolean;
    /**
     * Days of automated backups, which is also the point-in-time recovery window (1–35).
     * @default 30
     */
    backupRetentionDays?: number;
    /**
     * UTC start of the daily 30-minute backup window as `HH:MM`; it must not overlap the
     * maintenance hour.
     * @default "02:00"
     */
    backupStartTime?: string;
    /**
     * Another region to replicate the automated backups (and transaction logs) to, with a
     * KMS key the component creates there. Plain string: the key is created in it.
     * @default none (backups stay in the region)
     */
    backupReplicaRegion?: string;
    /**
     * Refuse deletion: `deletionProtection` in the API, `protect` on the instance, replicas,
     * secrets and keys, automated backups kept after deletion, 30-day secret recovery.
     * @default true
     */
    deletionProtection?: boolean;
    /**
     * Read replicas in the region (0–5), with the primary's class, parameters and group.
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
     * Name of the application database, created with the instance.
     * @default "app"
     */
    databaseName?: string;
    /**
     * Name of the application user; its password is generated and kept in Secrets Manager
     * by the stack (create the user once: see the class doc).
     * @default "app"
     */
    user?: string;
    /**
     * Tunable parameters (the names in `TUNABLE_DATABASE_FLAGS`) merged over the hardening
     * parameters, which cannot be changed from here.
     * @default {}
     */
    databaseFlags?: Record<string, string>;
    /**
     * Days the exported database logs are kept; a CloudWatch Logs retention value.
     * @default 30
     */
    logRetentionDays?: number;
    /**
     * Days of Performance Insights data: 7, a multiple of 31 up to 713, or 731.
     * @default 7
     */
    performanceInsightsRetentionDays?: number;
    /**
     * Database Insights mode; `advanced` needs `performanceInsightsRetentionDays` ≥ 465.
     * @default "standard"
     */
    databaseInsightsMode?: DatabaseInsightsMode;
    /**
     * Seconds between enhanced monitoring samples: 1, 5, 10, 15, 30 or 60.
     * @default 60
     */
    monitoringIntervalSeconds?: number;
    /**
     * The RDS CA that signs the server certificate, pinned so a CA rotation is a change
     * you make, not one that happens to you.
     * @default "rds-ca-rsa2048-g1"
     */
    caCertIdentifier?: string;
    /**
     * Path of the CA bundle inside the workloads, written into the connection URL.
     * @default "/etc/prodstack/database/server-ca.pem"
     */
    caCertPath?: string;
}

/** Defaults of {@link DatabaseArgs}, in one place (the version default depends on the engine). */
export const DATABASE_DEFAULTS = {
    engine: "postgres" as DatabaseEngine,
    instanceClass: "db.t4g.medium",
    storageGb: 20,
    storageLimitGb: 500,
    multiAz: true,
    backupRetentionDays: 30,
    backupStartTime: "02:00",
    deletionProtection: true,
    readReplicas: 0,
    maintenanceDay: 7,
    maintenanceHour: 3,
    databaseName: "app",
    user: "app",
    databaseFlags: {} as Record<string, string>,
    logRetentionDays: 30,
    performanceInsightsRetentionDays: 7,
    databaseInsightsMode: "standard" as DatabaseInsightsMode,
    monitoringIntervalSeconds: 60,
    caCertIdentifier: "rds-ca-rsa2048-g1",
    caCertPath: DATABASE_CA_CERT_PATH,
};

/** The merged args of a {@link Database}. */
export type DatabaseConfig = typeof DATABASE_DEFAULTS & DatabaseArgs;

/**
 * An RDS instance (PostgreSQL by default, MySQL on request) in isolated subnets, reachable
 * only from the security groups admitted with `allowFrom`, never publicly accessible; TLS
 * required by the server (`rds.force_ssl` / `require_secure_transport`) through a parameter
 * group named after the engine family, with the CIS logging parameters and pgAudit; gp3
 * storage growing to a ceiling, encrypted with the environment's key; automated backups
 * with point-in-time recovery, copied to a second region when asked; Multi-AZ, deletion
 * protection and a final snapshot; enhanced monitoring, Performance Insights and Database
 * Insights, logs exported to pre-created encrypted log groups; IAM authentication on and the
 * RDS CA pinned; optional read replicas.
 *
 * Credentials: the master user's password is managed by RDS in Secrets Manager (rotated
 * every 7 days; for break-glass and the one-off set-up only). Applications use their own user
 * whose password the stack generates and keeps in its own secret, together with a ready
 * `DATABASE_URL`: nothing rotates it behind running tasks (the managed secret's rotation
 * would break tasks holding the old password), every driver and ORM takes the URL as on GCP,
 * and there is no per-connection IAM token (nor its 200 new connections per second limit).
 * RDS cannot create a database user through its API, so create it once per environment
 * with the master credentials (`CREATE ROLE app LOGIN PASSWORD '…'` with the `url` secret's
 * password, then `GRANT ALL ON DATABASE app TO app`); IAM authentication stays on for people
 * (`GRANT rds_iam` to personal roles, `rds-db:connect` on `iamUserArnPrefix<user>`).
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const key = new aws.KmsKey("key", { namePrefix: "acme-prod", purpose: "main", region: "eu-central-1", services: ["logs"] });
 * const network = new aws.Network("network", {
 *     namePrefix: "acme-prod",
 *     region: "eu-central-1",
 *     availabilityZones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
 *     cidrBlock: "10.30.0.0/20",
 *     flowLogsKmsKeyArn: key.arn,
 * });
 * const db = new aws.Database("db", {
 *     region: "eu-central-1",
 *     namePrefix: "acme-prod",
 *     vpcId: network.vpcId,
 *     subnetIds: network.isolatedSubnetIds,
 *     kmsKeyArn: key.arn,
 *     backupReplicaRegion: "eu-west-1",
 * });
 * export const databaseAddress = db.address;
 * export const databaseUrlSecretArn = db.urlSecretArn;
 * ```
 */
export class Database extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:Database";

    /** Engine of the instance. */
    readonly engine: DatabaseEngine;
    /** Major version. */
    readonly version: string;
    /** Port the engine listens on. */
    readonly port: number;
    /** The primary's identifier, `<namePrefix>-db`. */
    readonly identifier: string;
    /** The primary's DNS name (what the server certificate names). */
    readonly address: pulumi.Output<string>;
    /** The primary's ARN. */
    readonly arn: pulumi.Output<string>;
    /** DNS names of the read replicas, in order. */
    readonly replicaAddresses: pulumi.Output<string>[];
    /** Identifiers of the instances to watch: the primary, then the replicas. */
    readonly instanceIdentifiers: string[];
    /** The instance's security group. */
    readonly securityGroupId: pulumi.Output<string>;
    /** The DB subnet group (isolated subnets), e.g. for a restored copy. */
    readonly subnetGroupName: pulumi.Output<string>;
    /** The hardening parameter group, e.g. for a restored copy. */
    readonly parameterGroupName: pulumi.Output<string>;
    /** Name of the application database. */
    readonly databaseName: string;
    /** Name of the application user. */
    readonly userName: string;
    /** ARN of the secret holding the application user's password. */
    readonly passwordSecretArn: pulumi.Output<string>;
    /** ARN of the secret holding the connection URL (password and TLS parameters included). */
    readonly urlSecretArn: pulumi.Output<string>;
    /** The connection URL itself, a secret output (what the `urlSecretArn` secret holds). */
    readonly url: pulumi.Output<string>;
    /** ARN of the RDS-managed secret of the master user (`username`/`password` JSON keys). */
    readonly masterSecretArn: pulumi.Output<string>;
    /** `arn:aws:rds-db:<region>:<account>:dbuser:<resourceId>/`: append a user for `rds-db:connect`. */
    readonly iamUserArnPrefix: pulumi.Output<string>;
    /** Where workloads find the CA bundle file (the `caCertPath` arg). */
    readonly caCertPath: string;
    /** Where AWS publishes the region's RDS CA bundle (to put in the image at `caCertPath`). */
    readonly caBundleUrl: string;

    private readonly group: SecurityGroup;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDatabaseArgs(name, args);
        super(Database.TYPE, name, {}, opts);
        const cfg: DatabaseConfig = { ...DATABASE_DEFAULTS, ...definedOnly(args) };
        this.engine = cfg.engine;
        this.version = cfg.version ?? RDS_DEFAULT_VERSION[cfg.engine];
        this.port = RDS_PORTS[cfg.engine];
        this.identifier = resourceName([cfg.namePrefix, "db"], 63);
        this.databaseName = cfg.databaseName;
        this.userName = cfg.user;
        this.caCertPath = cfg.caCertPath;
        this.caBundleUrl = `https://truststore.pki.rds.amazonaws.com/${cfg.region}/${cfg.region}-bundle.pem`;
        const region = cfg.region;
        const parent = { parent: this };
        const stateful: pulumi.CustomResourceOptions = { parent: this, ...(cfg.deletionProtection ? { protect: true } : {}) };
        const account = lookupAccount(this);

        const subnetGroup = new aws.rds.SubnetGroup(`${name}-subnets`, {
            region,
            name: resourceName([cfg.namePrefix, "db"], 255),
            description: `Isolated subnets of the ${cfg.namePrefix} database`,
            subnetIds: cfg.subnetIds,
        }, parent);
        this.group = new SecurityGroup(`${name}-sg`, {
            region,
            vpcId: cfg.vpcId,
            namePrefix: `${cfg.namePrefix}-db`,
            description: `Database of ${cfg.namePrefix}: only admitted workloads, no egress`,
        }, parent);

        // A family change (major upgrade) needs a new group: the family is in the name.
        const family = parameterFamily(cfg.engine, this.version);
        const staticTunables = STATIC_TUNABLES[cfg.engine];
        const parameters = [
            ...Object.entries(hardeningOf(cfg.engine)).map(([p, v]) => ({ name: p, value: v.value, applyMethod: v.static ? "pending-reboot" : "immediate" })),
            ...Object.entries(cfg.databaseFlags).map(([p, value]) => ({ name: p, value, applyMethod: staticTunables.includes(p) ? "pending-reboot" : "immediate" })),
        ];
        const parameterGroup = new aws.rds.ParameterGroup(`${name}-params`, {
            region,
            name: resourceName([cfg.namePrefix, "db", family], 255),
            family,
            description: `Hardening parameters of the ${cfg.namePrefix} database (${family})`,
            parameters,
        }, parent);

        const monitoringRole = new aws.iam.Role(`${name}-monitoring`, {
            name: resourceName([cfg.namePrefix, "db-monitoring"], 64),
            description: `RDS enhanced monitoring of ${cfg.namePrefix}`,
            assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", account),
        }, parent);
        const monitoringPolicy = new aws.iam.RolePolicyAttachment(`${name}-monitoring`, {
            role: monitoringRole.name,
            policyArn: pulumi.interpolate`arn:${account.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
        }, parent);

        const parts: InstanceParts = {
            subnetGroupName: subnetGroup.name,
            securityGroupId: this.group.securityGroupId,
            parameterGroupName: parameterGroup.name,
            monitoringRoleArn: monitoringRole.arn,
            dependsOn: [monitoringPolicy],
            backupWindow: backupWindowOf(cfg.backupStartTime),
            maintenanceWindow: maintenanceWindowOf(cfg.maintenanceDay, cfg.maintenanceHour),
        };
        const { primary, replicas } = databaseInstances(name, { ...cfg, version: this.version }, this.identifier, parts, stateful);

        if (cfg.backupReplicaRegion !== undefined) {
            // The copy lives in the destination region and needs a key from there.
            const backupKey = new KmsKey(`${name}-backup-key`, {
                namePrefix: cfg.namePrefix,
                purpose: "db-backups",
                region: cfg.backupReplicaRegion,
                deletionProtection: cfg.deletionProtection,
            }, parent);
            new aws.rds.InstanceAutomatedBackupsReplication(`${name}-backup-copy`, {
                region: cfg.backupReplicaRegion,
                sourceDbInstanceArn: primary.arn,
                retentionPeriod: cfg.backupRetentionDays,
                kmsKeyId: backupKey.arn,
            }, stateful);
        }

        // URL- and shell-safe specials only, so the password works in connection strings.
        const password = new random.RandomPassword(`${name}-password`, {
            length: 40, special: true, overrideSpecial: "-_", minLower: 2, minUpper: 2, minNumeric: 2, minSpecial: 1,
        }, stateful);
        const url = pulumi.secret(pulumi.all([password.result, primary.address]).apply(([secret, host]) =>
            connectionUrl(cfg.engine, { user: cfg.user, password: secret, host, port: this.port, database: cfg.databaseName }, cfg.caCertPath)));
        const secrets = new Secrets(`${name}-secrets`, {
            namePrefix: `${cfg.namePrefix}/db`,
            region,
            kmsKeyArn: cfg.kmsKeyArn,
            secrets: {
                "app-password": { value: password.result, description: `Password of the ${cfg.user} user of the ${cfg.namePrefix} database` },
                url: { value: url, description: `Connection URL of the ${cfg.namePrefix} database (password and TLS included)` },
            },
            // Non-prod: 0 deletes at once, so a destroyed environment can be recreated under the same names.
            recoveryWindowDays: cfg.deletionProtection ? 30 : 0,
            deletionProtection: cfg.deletionProtection,
        }, stateful);

        this.address = primary.address;
        this.arn = primary.arn;
        this.replicaAddresses = replicas.map((r) => r.address);
        this.instanceIdentifiers = [this.identifier, ...replicas.map((_, i) => `${this.identifier}-replica-${i + 1}`)];
        this.securityGroupId = this.group.securityGroupId;
        this.subnetGroupName = subnetGroup.name;
        this.parameterGroupName = parameterGroup.name;
        this.passwordSecretArn = secrets.refs["app-password"].arn;
        this.urlSecretArn = secrets.refs.url.arn;
        this.url = url;
        this.masterSecretArn = primary.masterUserSecrets.apply((s) => s?.[0]?.secretArn ?? "");
        this.iamUserArnPrefix = pulumi.interpolate`arn:${account.partition}:rds-db:${region}:${account.accountId}:dbuser:${primary.resourceId}/`;
        this.registerOutputs({
            address: this.address,
            replicaAddresses: this.replicaAddresses,
            securityGroupId: this.securityGroupId,
            passwordSecretArn: this.passwordSecretArn,
            urlSecretArn: this.urlSecretArn,
            masterSecretArn: this.masterSecretArn,
        });
    }

    /**
     * Admits a workload's security group to the engine's port (one described ingress rule);
     * `client` names it in the rule, e.g. the service name.
     */
    allowFrom(client: string, securityGroupId: pulumi.Input<string>): void {
        this.group.addIngress({ description: `${this.engine === "postgres" ? "Postgres" : "MySQL"} from ${client}`, fromPort: this.port, securityGroupId });
    }
}
