import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { Cache, type CacheArgs } from "../../../components/gcp/cache";
import { Network } from "../../../components/gcp/network";
import { summarize } from "../../../infra/plan/summaries";
import { plan, type Inventory } from "../../helpers/inventory";

const REDIS = "gcp:redis/instance:Instance";

/** Plans a Cache on a real Network (so the private services peering exists), returning its outputs. */
async function planCache(args: Partial<CacheArgs> = {}): Promise<Inventory> {
    return plan(() => {
        const net = new Network("net", { region: "europe-west1", namePrefix: "acme-stg" });
        const cache = new Cache("cache", {
            region: "europe-west1",
            namePrefix: "acme-stg",
            network: net.networkId,
            reservedIpRange: net.privateServicesRangeName,
            privateServicesConnection: net.privateServicesConnection,
            ...args,
        });
        return {
            instanceName: cache.instanceName,
            host: cache.host,
            port: cache.port,
            caCert: cache.caCert,
            authSecretId: cache.authSecret.secretId,
            urlSecretId: cache.urlSecret.secretId,
            urlVersion: cache.urlSecret.version,
            url: cache.url,
            urlRevealed: pulumi.unsecret(cache.url),
            caCertPath: cache.caCertPath,
            caCertSecretId: cache.caCertSecret.secretId,
        };
    });
}

describe("gcp Cache", () => {
    it("creates a highly available Redis 7.2 with AUTH and TLS on private services access", async () => {
        const inv = await planCache();
        const redis = inv.one(REDIS);
        expect(redis.inputs).toEqual({
            name: "acme-stg-redis",
            displayName: "Cache of acme-stg (managed by prodstack)",
            region: "europe-west1",
            tier: "STANDARD_HA",
            memorySizeGb: 1,
            redisVersion: "REDIS_7_2",
            connectMode: "PRIVATE_SERVICE_ACCESS",
            authorizedNetwork: "net-vpc-id",
            reservedIpRange: "acme-stg-psa",
            authEnabled: true,
            transitEncryptionMode: "SERVER_AUTHENTICATION",
            readReplicasMode: "READ_REPLICAS_DISABLED",
            persistenceConfig: { persistenceMode: "RDB", rdbSnapshotPeriod: "SIX_HOURS" },
            maintenancePolicy: { weeklyMaintenanceWindows: [{ day: "SUNDAY", startTime: { hours: 4, minutes: 0, seconds: 0, nanos: 0 } }] },
            deletionProtection: true,
        });
        expect(redis.dependsOn).toContain(inv.one("gcp:servicenetworking/connection:Connection").urn);
        expect(redis.protect).toBe(true);
    });

    it("outputs the TLS endpoint and the server CA, and keeps AUTH and the URL in Secret Manager", async () => {
        const inv = await planCache();
        expect(inv.outputs).toMatchObject({
            instanceName: "acme-stg-redis",
            host: expect.stringMatching(/^10\.200\.\d+\.\d+$/),
            port: 6378,
            caCert: expect.stringContaining("BEGIN CERTIFICATE"),
            authSecretId: "cache-secrets-redis-auth-id",
            urlSecretId: "cache-secrets-redis-url-id",
            urlVersion: "1",
            url: "[secret]",
        });
        const host = inv.outputs.host as string;
        expect(inv.outputs.urlRevealed).toMatch(new RegExp(`^rediss://:placeholder-redis-auth-[0-9a-f]{12}@${host.replace(/\./g, "\\.")}:6378$`));
        expect(inv.ofType("gcp:secretmanager/secret:Secret").map((s) => s.inputs.secretId).sort()).toEqual(["acme-stg-redis-auth", "acme-stg-redis-ca", "acme-stg-redis-url"]);
        expect(inv.ofType("gcp:secretmanager/secretVersion:SecretVersion").map((v) => v.inputs.secretData)).toEqual(["[secret]", "[secret]", "[secret]"]);
        // The CA bundle is stored for mounting as a file, at the documented default path.
        expect(inv.outputs.caCertPath).toBe("/etc/prodstack/redis/server-ca.pem");
        expect(inv.outputs.caCertSecretId).toBe("cache-secrets-redis-ca-id");
    });

    it("never sends the AUTH string as a plain input", async () => {
        const inv = await planCache();
        expect(JSON.stringify(inv.resources.map((r) => r.inputs))).not.toContain("placeholder-redis-auth");
        const { urlRevealed: _revealedByTheTest, ...outputs } = inv.outputs;
        expect(JSON.stringify(outputs)).not.toContain("placeholder-redis-auth");
    });

    it("runs BASIC without snapshots or protection outside prod", async () => {
        const inv = await planCache({ highAvailability: false, persistence: false, deletionProtection: false, memoryGb: 2 });
        const redis = inv.one(REDIS);
        expect(redis.inputs).toMatchObject({
            tier: "BASIC",
            memorySizeGb: 2,
            persistenceConfig: { persistenceMode: "DISABLED" },
            deletionProtection: false,
            authEnabled: true,
            transitEncryptionMode: "SERVER_AUTHENTICATION",
        });
        expect(redis.inputs.readReplicasMode).toBeUndefined();
        expect(inv.resources.filter((r) => r.protect)).toEqual([]);
        expect(inv.ofType("gcp:secretmanager/secret:Secret").map((s) => s.inputs.deletionProtection)).toEqual([false, false, false]);
    });

    it("honours version, snapshot period, maintenance window and Redis configs", async () => {
        const inv = await planCache({
            version: "REDIS_7_0",
            snapshotPeriod: "ONE_HOUR",
            maintenanceDay: 3,
            maintenanceHour: 22,
            redisConfigs: { "maxmemory-policy": "allkeys-lru" },
        });
        expect(inv.one(REDIS).inputs).toMatchObject({
            redisVersion: "REDIS_7_0",
            persistenceConfig: { persistenceMode: "RDB", rdbSnapshotPeriod: "ONE_HOUR" },
            maintenancePolicy: { weeklyMaintenanceWindows: [{ day: "WEDNESDAY", startTime: { hours: 22 } }] },
            redisConfigs: { "maxmemory-policy": "allkeys-lru" },
        });
    });

    it("summarises in one line what the cloud receives", async () => {
        const descendants = (inv: Inventory) => inv.resources.filter((r) => r.urn.includes("prodstack:gcp:Cache$"));
        expect(summarize(Cache.TYPE, descendants(await planCache({ memoryGb: 5 })))).toBe(
            "Redis 7.2 · STANDARD_HA 5 GB · AUTH + TLS · RDB every 6 h · private services access · deletion protected",
        );
        expect(summarize(Cache.TYPE, descendants(await planCache({ highAvailability: false, persistence: false, deletionProtection: false, version: "REDIS_6_X" })))).toBe(
            "Redis 6.x · BASIC 1 GB · AUTH + TLS · no persistence · private services access · deletable",
        );
    });

    it("rejects bad sizes and settings with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new Cache("cache", {
                    region: "europe west",
                    namePrefix: "Acme_stg",
                    network: "projects/p/global/networks/vpc",
                    memoryGb: 301,
                    version: "REDIS_5_0" as never,
                    snapshotPeriod: "HOURLY" as never,
                    maintenanceDay: 0,
                    maintenanceHour: 25,
                    redisConfigs: { "Max Memory": "1" },
                });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'region: expected a GCP region such as "europe-west1", got "europe west"',
            'namePrefix: expected 1-30 lowercase letters, digits or hyphens, starting with a letter, got "Acme_stg"',
            "memoryGb: expected an integer from 1 to 300, got 301",
            'version: expected one of "REDIS_6_X", "REDIS_7_0", "REDIS_7_2", got "REDIS_5_0"',
            'snapshotPeriod: expected one of "ONE_HOUR", "SIX_HOURS", "TWELVE_HOURS", "TWENTY_FOUR_HOURS", got "HOURLY"',
            "maintenanceDay: expected an integer from 1 to 7, got 0",
            "maintenanceHour: expected an integer from 0 to 23, got 25",
            'redisConfigs.Max Memory: expected a Redis parameter such as "maxmemory-policy", got "Max Memory"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it("rejects a fractional or zero memory size", async () => {
        for (const memoryGb of [0, 1.5]) {
            expect(() => new Cache("cache", { region: "europe-west1", namePrefix: "x", network: "n", memoryGb })).toThrow(
                `memoryGb: expected an integer from 1 to 300, got ${memoryGb}`,
            );
        }
    });
});
