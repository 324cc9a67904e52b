/** The AWS data concern's spec mapping (the wiring itself is checked on the shipped stacks in program.test.ts). */
import { backupDaysOf, bindingsOf } from "../../../infra/aws/data";
import { taskArgsOf } from "../../../infra/aws/workloads";
import type { AwsBinding } from "../../../infra/aws/context";
import type { DatabaseSpec } from "../../../infra/config";

const spec = (backups: Partial<DatabaseSpec["backups"]>) => ({ backups: { startTime: "02:00", ...backups } }) as DatabaseSpec;

describe("AWS data concern", () => {
    it.each([
        [{}, "prod", 30],
        [{}, "non-prod", 7],
        [{ retainedBackups: 14 }, "prod", 14],
        [{ retainedBackups: 14, pitrDays: 7 }, "non-prod", 14],
        // Only pitrDays: the tier's retention, raised to the PITR window it asks for.
        [{ pitrDays: 10 }, "non-prod", 10],
        [{ pitrDays: 3 }, "non-prod", 7],
        [{ pitrDays: 35 }, "prod", 35],
    ] as const)("keeps backups %j in %s for the retention RDS gets", (backups, tier, days) => {
        expect(backupDaysOf(spec(backups), tier)).toBe(days);
    });

    it("binds a workload to the stores it declares, database first", () => {
        const binding = (name: string) => ({ environment: { NAME: name } }) as unknown as AwsBinding;
        const data = { database: binding("db"), cache: binding("cache"), databases: [], caches: [], outputs: {} };
        const names = (w: { usesDatabase: boolean; usesCache: boolean }) => bindingsOf(data, w).map((b) => b.environment.NAME);
        expect(names({ usesDatabase: true, usesCache: true })).toEqual(["db", "cache"]);
        expect(names({ usesDatabase: false, usesCache: true })).toEqual(["cache"]);
        expect(names({ usesDatabase: true, usesCache: false })).toEqual(["db"]);
        expect(bindingsOf({ databases: [], caches: [], outputs: {} }, { usesDatabase: true, usesCache: true })).toEqual([]);
    });

    it("gives a workload its stores' env, secrets, egress and permissions, its own env and secrets winning a clash", () => {
        const store: AwsBinding = {
            environment: { DATABASE_HOST: "db.example", LOG_LEVEL: "store" },
            secrets: { DATABASE_URL: { secretArn: "arn:url" }, SESSION_SECRET: { secretArn: "arn:store-session" } },
            permissions: [{ actions: ["rds-db:connect"], resources: ["arn:aws:rds-db:eu-central-1:123456789012:dbuser:db-X/app"] }],
            egress: [{ description: "Postgres to the database", fromPort: 5432, securityGroupId: "sg-db" }],
            admit: () => undefined,
        };
        const ctx = {
            spec: { namePrefix: "acme-stg", region: "eu-central-1", buckets: [] },
            network: { vpcId: "vpc-1", privateSubnetIds: ["subnet-1"] },
            key: { arn: "arn:key" },
            logRetentionDays: 30,
        } as any;
        const w = { name: "api", env: { LOG_LEVEL: "debug", DATABASE_URL: "plain" }, secretEnv: { SESSION_SECRET: "session-secret" }, cpu: 0.5, memoryMiB: 1024 } as any;
        const args = taskArgsOf(ctx, w, "img:1", { "session-secret": "arn:app-session" as any }, [store]);
        expect(args.environment).toEqual({ DATABASE_HOST: "db.example", LOG_LEVEL: "debug", DATABASE_URL: "plain" });
        expect(args.secrets).toEqual({ SESSION_SECRET: { secretArn: "arn:app-session" } });
        expect(args.egress).toEqual(store.egress);
        expect(args.permissions).toEqual(store.permissions);
        expect(args.secretsKmsKeyArn).toBe("arn:key");
        const bare = taskArgsOf(ctx, { ...w, env: {}, secretEnv: {} }, "img:1", {}, []);
        expect([bare.egress, bare.permissions, bare.secretsKmsKeyArn, bare.secrets]).toEqual([undefined, undefined, undefined, {}]);
    });
});
