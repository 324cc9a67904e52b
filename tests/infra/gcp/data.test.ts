import * as gcp from "@pulumi/gcp";
import { InvalidArgsError } from "../../../components/core";
import { Network } from "../../../components/gcp/network";
import type { EnvironmentSpec } from "../../../infra/config";
import type { DataResult, GcpContext } from "../../../infra/gcp/context";
import { DATA_APIS, deployData, hourAfter, redisVersionOf } from "../../../infra/gcp/data";
import { environmentLabels } from "../../../infra/labels";
import { plan, type Inventory } from "../../helpers/inventory";
import { spec } from "../../helpers/spec";

const INSTANCE = "gcp:sql/databaseInstance:DatabaseInstance";
const REDIS = "gcp:redis/instance:Instance";

/** The context `deployGcp` builds (provider and network), for the data concern alone. */
function contextFor(s: EnvironmentSpec): GcpContext {
    const project = s.gcp!.project;
    const provider = new gcp.Provider("gcp", { project, region: s.region });
    const network = new Network("network", { region: s.region, namePrefix: s.namePrefix }, { providers: [provider] });
    return { spec: s, stack: "test", project, labels: environmentLabels(s, "test"), provider, opts: { providers: [provider] }, network };
}

/** Plans the data concern of `s`; the returned result's bindings and lists become plan outputs. */
async function planData(s: EnvironmentSpec): Promise<{ inv: Inventory; out: Record<string, any> }> {
    const inv = await plan(() => {
        const data: DataResult = deployData(contextFor(s));
        const { database, cache, databases, caches, outputs } = data;
        return { ...(database ? { database } : {}), ...(cache ? { cache } : {}), databases, caches, outputs };
    });
    return { inv, out: inv.outputs as Record<string, any> };
}

const primaryOf = (inv: Inventory) => inv.ofType(INSTANCE).find((i) => !i.inputs.masterInstanceName)!;

describe("gcp data concern", () => {
    it("enables the APIs the data tier needs", () => {
        expect(DATA_APIS).toEqual(["sqladmin.googleapis.com", "redis.googleapis.com", "secretmanager.googleapis.com"]);
    });

    it("gives staging a zonal, deletable database with 7 backups and 3 days of PITR, and a BASIC cache", async () => {
        const { inv } = await planData(spec("non-prod"));
        const primary = primaryOf(inv);
        expect(primary.inputs).toMatchObject({
            deletionProtection: false,
            settings: {
                availabilityType: "ZONAL",
                deletionProtectionEnabled: false,
                backupConfiguration: {
                    enabled: true,
                    startTime: "02:00",
                    pointInTimeRecoveryEnabled: true,
                    transactionLogRetentionDays: 3,
                    backupRetentionSettings: { retainedBackups: 7, retentionUnit: "COUNT" },
                },
                maintenanceWindow: { day: 7, hour: 3, updateTrack: "canary" },
                userLabels: { "managed-by": "prodstack", environment: "test", tier: "non-prod" },
            },
        });
        expect(inv.one(REDIS).inputs).toMatchObject({
            tier: "BASIC",
            persistenceConfig: { persistenceMode: "DISABLED" },
            deletionProtection: false,
            maintenancePolicy: { weeklyMaintenanceWindows: [{ day: "SUNDAY", startTime: { hours: 4 } }] },
        });
        expect(inv.resources.filter((r) => r.protect).map((r) => r.name)).toEqual([]);
        expect((primaryOf(inv).inputs.settings as any).finalBackupConfig).toBeUndefined();
    });

    it("gives prod a regional, protected database with 30 backups and 7 days of PITR, and an HA cache with RDB", async () => {
        const { inv } = await planData(spec("prod"));
        expect(primaryOf(inv).inputs).toMatchObject({
            deletionProtection: true,
            settings: {
                availabilityType: "REGIONAL",
                deletionProtectionEnabled: true,
                retainBackupsOnDelete: true,
                // Deleting the prod database keeps its backups and takes a final one.
                finalBackupConfig: { enabled: true, retentionDays: 30 },
                backupConfiguration: { transactionLogRetentionDays: 7, backupRetentionSettings: { retainedBackups: 30 } },
                maintenanceWindow: { updateTrack: "stable" },
            },
        });
        expect(inv.one(REDIS).inputs).toMatchObject({
            tier: "STANDARD_HA",
            persistenceConfig: { persistenceMode: "RDB" },
            deletionProtection: true,
        });
    });

    it("protects every stateful resource in prod: instance, database, user, password, its secret and Redis", async () => {
        const { inv } = await planData(spec("prod", (r) => (r.database.readReplicas = 1)));
        const protectedTypes = new Set(inv.resources.filter((r) => r.protect).map((r) => r.type));
        for (const type of [
            INSTANCE,
            "gcp:sql/database:Database",
            "gcp:sql/user:User",
            "random:index/randomPassword:RandomPassword",
            "gcp:secretmanager/secret:Secret",
            "gcp:secretmanager/secretVersion:SecretVersion",
            REDIS,
        ]) {
            expect(protectedTypes).toContain(type);
        }
        expect(inv.ofType(INSTANCE).every((i) => i.protect)).toBe(true);
        // Nothing outside the data tier (network, provider) is protected by it.
        expect(inv.resources.filter((r) => r.protect && r.urn.includes("prodstack:gcp:Network"))).toEqual([]);
    });

    it("lets the spec override the tier defaults", async () => {
        const { inv } = await planData(spec("prod", (r) => {
            r.database = { ha: false, deletionProtection: false, backups: { retainedBackups: 14, pitrDays: 5, startTime: "04:00", location: "eu" } };
            r.cache = { ha: false, persistence: false, memoryGb: 2, version: "7.0" };
        }));
        expect(primaryOf(inv).inputs).toMatchObject({
            deletionProtection: false,
            settings: {
                availabilityType: "ZONAL",
                backupConfiguration: { startTime: "04:00", location: "eu", transactionLogRetentionDays: 5, backupRetentionSettings: { retainedBackups: 14 } },
            },
        });
        expect(primaryOf(inv).protect).toBe(false);
        expect(inv.one(REDIS).inputs).toMatchObject({ tier: "BASIC", memorySizeGb: 2, redisVersion: "REDIS_7_0", persistenceConfig: { persistenceMode: "DISABLED" } });
    });

    it("puts both stores on the network's private services access, after the peering exists, with no public IP anywhere", async () => {
        const { inv } = await planData(spec("prod", (r) => (r.database.readReplicas = 2)));
        const psa = inv.one("gcp:servicenetworking/connection:Connection");
        const network = inv.one("gcp:compute/network:Network");
        for (const instance of inv.ofType(INSTANCE)) {
            expect((instance.inputs.settings as any).ipConfiguration).toMatchObject({
                ipv4Enabled: false,
                privateNetwork: `${network.name}-id`,
                allocatedIpRange: "acme-prod-psa",
                sslMode: "ENCRYPTED_ONLY",
            });
            expect(instance.dependsOn).toContain(psa.urn);
        }
        const redis = inv.one(REDIS);
        expect(redis.inputs).toMatchObject({ connectMode: "PRIVATE_SERVICE_ACCESS", authorizedNetwork: `${network.name}-id`, reservedIpRange: "acme-prod-psa" });
        expect(redis.dependsOn).toContain(psa.urn);
        expect(inv.ofType(INSTANCE)).toHaveLength(3);
    });

    it("binds the database as plain connection env plus the password as secret env, with only the Cloud SQL client role", async () => {
        const { inv, out } = await planData(spec("non-prod"));
        const primary = primaryOf(inv);
        expect(out.database).toEqual({
            env: {
                DATABASE_ENGINE: "postgres",
                DATABASE_HOST: out.outputs.databasePrivateIp,
                DATABASE_PORT: "5432",
                DATABASE_NAME: "app",
                DATABASE_USER: "app",
                DATABASE_SSLMODE: "verify-ca",
                DATABASE_CA_CERT: expect.stringContaining("BEGIN CERTIFICATE"),
                DATABASE_CA_CERT_PATH: "/etc/prodstack/database/server-ca.pem",
                DATABASE_CONNECTION_NAME: `placeholder-project:europe-west1:${primary.inputs.name}`,
            },
            secretEnv: {
                DATABASE_PASSWORD: { secretId: "database-secrets-db-password-id", version: "1" },
                DATABASE_URL: { secretId: "database-secrets-db-url-id", version: "1", key: "db-url" },
            },
            files: { "/etc/prodstack/database/server-ca.pem": { secretId: "database-secrets-db-ca-id", version: "1", key: "db-ca" } },
            projectRoles: ["roles/cloudsql.client"],
        });
        expect(inv.named("database-secrets-db-password", "gcp:secretmanager/secret:Secret").inputs.secretId).toBe("acme-stg-db-password");
    });

    it("binds the cache as a TLS URL with AUTH inside, as secret env, and the server CA as plain env", async () => {
        const { out } = await planData(spec("non-prod"));
        expect(out.cache).toEqual({
            env: {
                REDIS_HOST: out.outputs.redisHost,
                REDIS_PORT: "6378",
                REDIS_TLS: "true",
                REDIS_CA_CERT: expect.stringContaining("BEGIN CERTIFICATE"),
                REDIS_CA_CERT_PATH: "/etc/prodstack/redis/server-ca.pem",
            },
            secretEnv: { REDIS_URL: { secretId: "cache-secrets-redis-url-id", version: "1" } },
            files: { "/etc/prodstack/redis/server-ca.pem": { secretId: "cache-secrets-redis-ca-id", version: "1", key: "redis-ca" } },
            projectRoles: [],
        });
    });

    it("never shows the database password or the Redis AUTH string as a plain value, in inputs or outputs", async () => {
        const { inv, out } = await planData(spec("prod", (r) => (r.database.readReplicas = 1)));
        const everything = JSON.stringify({ inputs: inv.resources.map((r) => r.inputs), out });
        expect(everything).not.toContain("placeholder-password");
        expect(everything).not.toContain("placeholder-redis-auth");
        expect(inv.one("gcp:sql/user:User").inputs.password).toBe("[secret]");
        for (const version of inv.ofType("gcp:secretmanager/secretVersion:SecretVersion")) {
            expect(version.inputs.secretData).toBe("[secret]");
        }
    });

    it("lists the instances to monitor and the stack outputs", async () => {
        const { inv, out } = await planData(spec("prod", (r) => (r.database.readReplicas = 1)));
        const [primary] = inv.ofType(INSTANCE).filter((i) => !i.inputs.masterInstanceName);
        expect(out.databases).toEqual([
            { name: "database", databaseId: `acme-web-prod:${primary.inputs.name}` },
            { name: "database-replica-1", databaseId: `acme-web-prod:${primary.inputs.name}-replica-1` },
        ]);
        expect(out.caches).toEqual([{ name: "cache", instanceId: "projects/acme-web-prod/locations/europe-west1/instances/acme-prod-redis" }]);
        expect(out.database.env.DATABASE_REPLICA_HOSTS).toBe(out.outputs.databaseReplicaPrivateIps[0]);
        expect(Object.keys(out.outputs).sort()).toEqual([
            "databaseAdminPasswordSecretId",
            "databaseCaCert",
            "databaseConnectionName",
            "databaseName",
            "databasePasswordSecretId",
            "databasePrivateIp",
            "databaseReplicaPrivateIps",
            "databaseUser",
            "redisAuthSecretId",
            "redisCaCert",
            "redisHost",
            "redisPort",
            "redisUrlSecretId",
        ]);
        expect(out.outputs).toMatchObject({ databaseName: "app", databaseUser: "app", redisPort: 6378 });
    });

    it("runs MySQL when the spec asks for it", async () => {
        const { inv, out } = await planData(spec("non-prod", (r) => (r.database.engine = "mysql")));
        expect(primaryOf(inv).inputs.databaseVersion).toBe("MYSQL_8_4");
        expect(out.database.env).toMatchObject({ DATABASE_ENGINE: "mysql", DATABASE_PORT: "3306", DATABASE_SSLMODE: "VERIFY_CA" });
    });

    it("creates nothing when the spec has neither database nor cache", async () => {
        const { inv, out } = await planData(spec("non-prod", (r) => {
            delete r.database;
            delete r.cache;
            r.services[0].usesDatabase = false;
            r.services[0].usesCache = false;
        }));
        expect(inv.ofType(INSTANCE)).toEqual([]);
        expect(inv.ofType(REDIS)).toEqual([]);
        expect(out).toEqual({ databases: [], caches: [], outputs: {} });
    });

    it("rejects retention the edition cannot keep with a clear error", async () => {
        let error: unknown;
        await plan(() => {
            try {
                deployData(contextFor(spec("prod", (r) => (r.database.backups = { pitrDays: 14 }))));
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            "pitrDays: expected an integer from 1 to 7 for the ENTERPRISE edition (35 with ENTERPRISE_PLUS), got 14",
        ]);
    });

    it("schedules Redis maintenance an hour after the database's, rolling 23:00 over to the next day", async () => {
        const { inv } = await planData(spec("prod", (r) => (r.database.maintenance = { day: 7, hour: 23 })));
        expect(primaryOf(inv).inputs).toMatchObject({ settings: { maintenanceWindow: { day: 7, hour: 23 } } });
        expect(inv.one(REDIS).inputs).toMatchObject({
            maintenancePolicy: { weeklyMaintenanceWindows: [{ day: "MONDAY", startTime: { hours: 0, minutes: 0 } }] },
        });
        expect([hourAfter(3, 4), hourAfter(3, 23), hourAfter(7, 23)]).toEqual([
            { maintenanceDay: 3, maintenanceHour: 5 },
            { maintenanceDay: 4, maintenanceHour: 0 },
            { maintenanceDay: 1, maintenanceHour: 0 },
        ]);
    });

    it("maps spec Redis versions to Memorystore's", () => {
        expect(["7.2", "7.0", "6", "6.2"].map(redisVersionOf)).toEqual(["REDIS_7_2", "REDIS_7_0", "REDIS_6_X", "REDIS_6_X"]);
    });
});
