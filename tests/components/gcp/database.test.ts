import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { Database, type DatabaseArgs } from "../../../components/gcp/database";
import { databaseUrl, pemBundle } from "../../../components/gcp/database-access";
import { validateDatabaseArgs } from "../../../components/gcp/database-validation";
import { Network } from "../../../components/gcp/network";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, type Inventory, plan, rejectedArgs } from "../../helpers/inventory";

const INSTANCE = "gcp:sql/databaseInstance:DatabaseInstance";
const USER = "gcp:sql/user:User";
const SQL_DATABASE = "gcp:sql/database:Database";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const SECRET_VERSION = "gcp:secretmanager/secretVersion:SecretVersion";

/** Plans a Database on a real Network (so the private services peering exists), returning its outputs. */
async function planDatabase(args: Partial<DatabaseArgs> = {}): Promise<Inventory> {
    return plan(() => {
        const net = new Network("net", { region: "europe-west1", namePrefix: "acme-stg" });
        const db = new Database("db", {
            region: "europe-west1",
            namePrefix: "acme-stg",
            network: net.networkId,
            allocatedIpRange: net.privateServicesRangeName,
            privateServicesConnection: net.privateServicesConnection,
            ...args,
        });
        return {
            instanceName: db.instanceName,
            connectionName: db.connectionName,
            privateIp: db.privateIp,
            port: db.port,
            databaseName: db.databaseName,
            userName: db.userName,
            passwordSecretId: db.passwordSecret.secretId,
            passwordVersion: db.passwordSecret.version,
            adminPasswordSecretId: db.adminPasswordSecretId,
            caCert: db.caCert,
            replicaPrivateIps: db.replicaPrivateIps,
            urlSecretId: db.urlSecret.secretId,
            caCertSecretId: db.caCertSecret.secretId,
            caCertPath: db.caCertPath,
        };
    });
}

const primaryOf = (inv: Inventory) => inv.named("db-primary", INSTANCE);

/** Every planned input, as text, to look for leaked values. */
const allInputs = (inv: Inventory) => JSON.stringify(inv.resources.map((r) => r.inputs));

/** Runs `make` under mocks and returns the InvalidArgsError it throws, plus what got registered. */
async function rejection(make: () => unknown): Promise<{ error: InvalidArgsError; registered: number }> {
    const { error, inv } = await rejectedArgs(() => make());
    return { error, registered: inv.resources.length };
}

const BASE: DatabaseArgs = { region: "europe-west1", namePrefix: "acme-stg", network: "projects/p/global/networks/vpc" };

describe("gcp Database", () => {
    it("creates a Postgres 17 instance, its database and user, two generated passwords and their secrets", async () => {
        const inv = await planDatabase();
        const db = inv.one("prodstack:gcp:Database");
        expect(inv.childrenOf(db.urn).map((r) => r.type).sort()).toEqual([
            INSTANCE,
            SQL_DATABASE,
            USER,
            "prodstack:gcp:Secrets",
            "random:index/randomId:RandomId",
            PASSWORD,
            PASSWORD,
        ].sort());
        expect(primaryOf(inv).inputs).toMatchObject({
            name: expect.stringMatching(/^acme-stg-db-[0-9a-f]+$/),
            region: "europe-west1",
            databaseVersion: "POSTGRES_17",
            rootPassword: "[secret]",
        });
        expect(inv.one(SQL_DATABASE).inputs).toMatchObject({ name: "app", charset: "UTF8", collation: "en_US.UTF8", deletionPolicy: "ABANDON" });
        expect(inv.one(USER).inputs).toMatchObject({ name: "app", type: "BUILT_IN", password: "[secret]", deletionPolicy: "ABANDON" });
        expect(inv.outputs).toMatchObject({
            connectionName: `placeholder-project:europe-west1:${primaryOf(inv).inputs.name}`,
            privateIp: expect.stringMatching(/^10\.200\.\d+\.\d+$/),
            port: 5432,
            databaseName: "app",
            userName: "app",
            passwordSecretId: "db-secrets-db-password-id",
            passwordVersion: "1",
            adminPasswordSecretId: "db-secrets-db-admin-password-id",
            caCert: expect.stringContaining("BEGIN CERTIFICATE"),
            replicaPrivateIps: [],
            urlSecretId: "db-secrets-db-url-id",
            caCertSecretId: "db-secrets-db-ca-id",
            // Where workloads mount the CA bundle unless told otherwise.
            caCertPath: "/etc/prodstack/database/server-ca.pem",
        });
        // Renaming a password resource would replace it, rotating the credential under running services.
        expect(inv.ofType(PASSWORD).map((pw) => pw.name).sort()).toEqual(["db-admin-password", "db-password"]);
        expect(inv.named("db-secrets-db-password", "gcp:secretmanager/secret:Secret").inputs.secretId).toBe("acme-stg-db-password");
        expect(inv.named("db-secrets-db-admin-password", "gcp:secretmanager/secret:Secret").inputs.secretId).toBe("acme-stg-db-admin-password");
    });

    it("uses an SSD that grows up to the limit on the chosen edition and tier", async () => {
        const inv = await planDatabase({ machineTier: "db-custom-2-8192", storageGb: 50, storageLimitGb: 200 });
        expect(primaryOf(inv).inputs.settings).toMatchObject({
            tier: "db-custom-2-8192",
            edition: "ENTERPRISE",
            diskType: "PD_SSD",
            diskSize: 50,
            diskAutoresize: true,
            diskAutoresizeLimit: 200,
        });
        // After an automatic increase, re-sending the initial size would ask Cloud SQL to shrink the disk.
        expect(primaryOf(inv).ignoreChanges).toEqual(["settings.diskSize"]);
    });

    it("sends automated backups with retention, PITR and log retention as the API expects", async () => {
        const inv = await planDatabase({ retainedBackups: 14, pitrDays: 5, backupStartTime: "01:30", backupLocation: "eu" });
        expect((primaryOf(inv).inputs.settings as any).backupConfiguration).toEqual({
            enabled: true,
            startTime: "01:30",
            location: "eu",
            pointInTimeRecoveryEnabled: true,
            transactionLogRetentionDays: 5,
            backupRetentionSettings: { retainedBackups: 14, retentionUnit: "COUNT" },
        });
    });

    it("is reachable only over TLS on a private IP from the peered network, after the peering exists", async () => {
        const inv = await planDatabase();
        const primary = primaryOf(inv);
        expect((primary.inputs.settings as any).ipConfiguration).toEqual({
            ipv4Enabled: false,
            privateNetwork: "net-vpc-id",
            allocatedIpRange: "acme-stg-psa",
            sslMode: "ENCRYPTED_ONLY",
            enablePrivatePathForGoogleCloudServices: false,
        });
        expect(primary.dependsOn).toContain(inv.one("gcp:servicenetworking/connection:Connection").urn);
    });

    it("sets the CIS logging and pgAudit flags, Query Insights and the maintenance window", async () => {
        const inv = await planDatabase({ maintenanceDay: 2, maintenanceHour: 5, updateTrack: "canary" });
        const settings = primaryOf(inv).inputs.settings as any;
        // CIS Google Cloud benchmark 6.2, written out: a flag blanked in the source must fail here.
        expect(settings.databaseFlags).toEqual([
            { name: "log_checkpoints", value: "on" },
            { name: "log_connections", value: "on" },
            { name: "log_disconnections", value: "on" },
            { name: "log_lock_waits", value: "on" },
            { name: "log_error_verbosity", value: "default" },
            { name: "log_statement", value: "ddl" },
            { name: "log_min_messages", value: "warning" },
            { name: "log_min_error_statement", value: "error" },
            { name: "log_min_duration_statement", value: "-1" },
            { name: "log_temp_files", value: "0" },
            { name: "cloudsql.enable_pgaudit", value: "on" },
            { name: "pgaudit.log", value: "ddl,role" },
        ]);
        expect(settings.insightsConfig).toEqual({
            queryInsightsEnabled: true,
            recordApplicationTags: true,
            recordClientAddress: false,
            queryStringLength: 1024,
            queryPlansPerMinute: 5,
        });
        expect(settings.maintenanceWindow).toEqual({ day: 2, hour: 5, updateTrack: "canary" });
    });

    it("merges tunable flags over the CIS flags, on the primary and its replicas", async () => {
        const inv = await planDatabase({ readReplicas: 1, databaseFlags: { max_connections: "200", idle_in_transaction_session_timeout: "60000" } });
        for (const instance of inv.ofType(INSTANCE)) {
            const flags = (instance.inputs.settings as any).databaseFlags as Array<{ name: string; value: string }>;
            expect(flags).toContainEqual({ name: "max_connections", value: "200" });
            expect(flags).toContainEqual({ name: "idle_in_transaction_session_timeout", value: "60000" });
            expect(flags).toContainEqual({ name: "log_connections", value: "on" });
            // The 12 CIS flags and the two tunable ones.
            expect(flags).toHaveLength(14);
        }
    });

    it("accepts each flag's range boundaries and refuses hardening, unknown and out-of-range flags, naming the flag", async () => {
        await expect(planDatabase({ databaseFlags: { max_connections: "14", work_mem: "2147483647" } })).resolves.toBeDefined();
        await expect(planDatabase({ engine: "mysql", databaseFlags: { max_connections: "100000", max_allowed_packet: "16384" } })).resolves.toBeDefined();
        const { error, inv } = await rejectedArgs(() => new Database("db", {
            ...BASE,
            databaseFlags: { log_statement: "none", "cloudsql.enable_pgaudit": "off", max_conections: "200", max_connections: "13", statement_timeout: "1s" },
        }));
        expect(inv.resources).toEqual([]);
        expect(error.problems).toEqual([
            'databaseFlags.log_statement: expected a flag other than the hardening flags (log_statement stays "ddl"), got "log_statement"',
            'databaseFlags.cloudsql.enable_pgaudit: expected a flag other than the hardening flags (cloudsql.enable_pgaudit stays "on"), got "cloudsql.enable_pgaudit"',
            "databaseFlags.max_conections: expected one of the tunable postgres flags (max_connections, idle_in_transaction_session_timeout, idle_session_timeout, statement_timeout, lock_timeout, tcp_keepalives_idle, tcp_keepalives_interval, tcp_keepalives_count, work_mem, maintenance_work_mem), got \"max_conections\"",
            'databaseFlags.max_connections: expected an integer from 14 to 262143 (connections), got "13"',
            'databaseFlags.statement_timeout: expected an integer from 0 to 2147483647 (ms), got "1s"',
        ]);
        const mysql = await rejectedArgs(() => new Database("db", {
            ...BASE,
            engine: "mysql",
            databaseFlags: { local_infile: "on", max_allowed_packet: "16385", wait_timeout: "0" },
        }));
        expect(mysql.error.problems).toEqual([
            `databaseFlags.local_infile: expected a flag other than the hardening flags (local_infile stays "off"), got "local_infile"`,
            'databaseFlags.max_allowed_packet: expected an integer from 16384 to 1073741824 in multiples of 1024 (bytes), got "16385"',
            'databaseFlags.wait_timeout: expected an integer from 1 to 31536000 (s), got "0"',
        ]);
    });

    it("keeps a DATABASE_URL with the password and the CA file's path, and the CA bundle, in Secret Manager", async () => {
        const inv = await planDatabase({ caCertPath: "/certs/db/ca.pem" });
        const secrets = inv.ofType("gcp:secretmanager/secret:Secret").map((x) => x.inputs.secretId).sort();
        expect(secrets).toEqual(["acme-stg-db-admin-password", "acme-stg-db-ca", "acme-stg-db-password", "acme-stg-db-url"]);
        expect(inv.ofType(SECRET_VERSION).map((v) => v.inputs.secretData)).toEqual(["[secret]", "[secret]", "[secret]", "[secret]"]);
        expect(inv.outputs.caCertPath).toBe("/certs/db/ca.pem");
    });

    it("writes TLS parameters that match ENCRYPTED_ONLY into the URL: verify the CA, not the hostname", async () => {
        const parts = { user: "app", password: "pw-_1", host: "10.0.0.3", database: "app" };
        const inv = await plan(() => ({
            postgres: databaseUrl("postgres", { ...parts, port: 5432 }, "/etc/prodstack/database/server-ca.pem"),
            mysql: databaseUrl("mysql", { ...parts, port: 3306 }, "/etc/prodstack/database/server-ca.pem"),
        }));
        expect(inv.outputs.postgres).toBe("postgresql://app:pw-_1@10.0.0.3:5432/app?sslmode=verify-ca&sslrootcert=/etc/prodstack/database/server-ca.pem");
        expect(inv.outputs.mysql).toBe("mysql://app:pw-_1@10.0.0.3:3306/app?ssl-mode=VERIFY_CA&ssl-ca=/etc/prodstack/database/server-ca.pem");
    });

    it("protects everything stateful, at the Pulumi and the API level, when deletion protection is on", async () => {
        const inv = await planDatabase({ readReplicas: 1 });
        const descendants = inv.resources.filter((r) => r.urn.includes("prodstack:gcp:Database$"));
        expect(descendants.length).toBeGreaterThan(10);
        expect(descendants.filter((r) => !r.protect).map((r) => r.name)).toEqual([]);
        for (const instance of inv.ofType(INSTANCE)) {
            expect(instance.inputs).toMatchObject({ deletionProtection: true, settings: { deletionProtectionEnabled: true } });
        }
        expect(primaryOf(inv).inputs.settings).toMatchObject({
            availabilityType: "REGIONAL",
            retainBackupsOnDelete: true,
            finalBackupConfig: { enabled: true, retentionDays: 30 },
        });
        expect(inv.ofType("gcp:secretmanager/secret:Secret").map((s) => s.inputs.deletionProtection)).toEqual([true, true, true, true]);
    });

    it("leaves a non-prod instance deletable and single-zone when asked", async () => {
        const inv = await planDatabase({ deletionProtection: false, highAvailability: false });
        expect(inv.resources.filter((r) => r.protect)).toEqual([]);
        expect(primaryOf(inv).inputs).toMatchObject({
            deletionProtection: false,
            settings: { availabilityType: "ZONAL", deletionProtectionEnabled: false, retainBackupsOnDelete: false },
        });
        expect((primaryOf(inv).inputs.settings as any).finalBackupConfig).toBeUndefined();
    });

    it("keeps the final backup as long as asked, and rejects a retention Cloud SQL refuses", async () => {
        const inv = await planDatabase({ finalBackupDays: 365 });
        expect((primaryOf(inv).inputs.settings as any).finalBackupConfig).toEqual({ enabled: true, retentionDays: 365 });
        const { error } = await rejectedArgs(() => new Database("db", { region: "europe-west1", namePrefix: "acme-stg", network: "n", finalBackupDays: 366 }));
        expect(error.problems).toEqual(["finalBackupDays: expected an integer from 0 to 365, got 366"]);
    });

    it("adds read replicas of the primary with the same network, TLS and flags but no backups", async () => {
        const inv = await planDatabase({ readReplicas: 2 });
        const primary = primaryOf(inv);
        const replicas = inv.ofType(INSTANCE).filter((i) => i.inputs.masterInstanceName);
        expect(replicas.map((r) => r.inputs.name)).toEqual([`${primary.inputs.name}-replica-1`, `${primary.inputs.name}-replica-2`]);
        for (const replica of replicas) {
            expect(replica.inputs.masterInstanceName).toBe(primary.inputs.name);
            expect(replica.inputs.databaseVersion).toBe("POSTGRES_17");
            const settings = replica.inputs.settings as any;
            expect(settings.backupConfiguration).toEqual({ enabled: false });
            expect(settings.ipConfiguration).toEqual((primary.inputs.settings as any).ipConfiguration);
            expect(settings.databaseFlags).toEqual((primary.inputs.settings as any).databaseFlags);
            expect(settings).toMatchObject({ availabilityType: "ZONAL", tier: "db-custom-1-3840", diskSize: 20 });
            // The primary's window: a replica restarting at noon on a weekday is an outage of its readers.
            expect(settings.maintenanceWindow).toEqual((primary.inputs.settings as any).maintenanceWindow);
            expect(settings.maintenanceWindow).toEqual({ day: 7, hour: 3, updateTrack: "stable" });
            expect(replica.dependsOn).toContain(inv.one("gcp:servicenetworking/connection:Connection").urn);
            expect(replica.ignoreChanges).toEqual(["settings.diskSize"]);
        }
        expect(inv.outputs.replicaPrivateIps).toEqual([expect.stringMatching(/^10\.200\.\d+\.\d+$/), expect.stringMatching(/^10\.200\.\d+\.\d+$/)]);
    });

    it("runs MySQL through the same component, with binary logging for PITR and the MySQL CIS flags", async () => {
        const inv = await planDatabase({ engine: "mysql" });
        const primary = primaryOf(inv);
        expect(primary.inputs.databaseVersion).toBe("MYSQL_8_4");
        const settings = primary.inputs.settings as any;
        expect(settings.backupConfiguration).toMatchObject({ enabled: true, binaryLogEnabled: true, transactionLogRetentionDays: 7 });
        expect(settings.backupConfiguration.pointInTimeRecoveryEnabled).toBeUndefined();
        expect(settings.databaseFlags).toEqual([
            { name: "local_infile", value: "off" },
            { name: "skip_show_database", value: "on" },
        ]);
        expect(inv.one(SQL_DATABASE).inputs).toMatchObject({ charset: "utf8mb4", collation: "utf8mb4_0900_ai_ci" });
        expect(inv.one(USER).inputs.deletionPolicy).toBeUndefined();
        expect(inv.outputs.port).toBe(3306);
    });

    it("accepts Enterprise Plus with a perf-optimized tier and up to 35 days of PITR", async () => {
        const inv = await planDatabase({ edition: "ENTERPRISE_PLUS", machineTier: "db-perf-optimized-N-4", retainedBackups: 40, pitrDays: 35, version: "16" });
        expect(primaryOf(inv).inputs).toMatchObject({
            databaseVersion: "POSTGRES_16",
            settings: { edition: "ENTERPRISE_PLUS", tier: "db-perf-optimized-N-4", backupConfiguration: { transactionLogRetentionDays: 35 } },
        });
    });

    it("generates URL-safe passwords and never sends them as plain inputs", async () => {
        const inv = await planDatabase();
        expect(inv.ofType(PASSWORD).map((pw) => pw.inputs)).toEqual([0, 1].map(() => ({
            length: 40, special: true, overrideSpecial: "-_", minLower: 2, minUpper: 2, minNumeric: 2, minSpecial: 1,
        })));
        expect(inv.one("random:index/randomId:RandomId").inputs).toEqual({ byteLength: 2 });
        expect(inv.ofType(SECRET_VERSION).map((v) => v.inputs.secretData)).toEqual(["[secret]", "[secret]", "[secret]", "[secret]"]);
        expect(allInputs(inv)).not.toContain("placeholder-password");
        expect(JSON.stringify(inv.outputs)).not.toContain("placeholder-password");
    });

    it("summarises in one line what the cloud receives", async () => {
        const descendants = (inv: Inventory) => inv.resources.filter((r) => r.urn.includes("prodstack:gcp:Database$"));
        const prod = await planDatabase({ machineTier: "db-custom-2-8192", readReplicas: 1, databaseFlags: { max_connections: "500" } });
        expect(summarize(Database.TYPE, descendants(prod))).toBe(
            "Postgres 17 · db-custom-2-8192 (ENTERPRISE) · REGIONAL · 30 daily backups + PITR 7 d · 1 read replica · private IP only · TLS required · deletion protected · " +
                "tuned max_connections=500 · URL + CA file in Secret Manager",
        );
        const staging = await planDatabase({ engine: "mysql", highAvailability: false, deletionProtection: false, retainedBackups: 7, pitrDays: 3 });
        expect(summarize(Database.TYPE, descendants(staging))).toBe(
            "MySQL 8.4 · db-custom-1-3840 (ENTERPRISE) · ZONAL · 7 daily backups + PITR 3 d · private IP only · TLS required · deletable · URL + CA file in Secret Manager",
        );
    });

    it("rejects out-of-range sizes and retention with every problem named, before registering anything", async () => {
        const { error, registered } = await rejection(() => new Database("db", {
            ...BASE,
            region: "EU",
            storageGb: 5,
            storageLimitGb: 3,
            retainedBackups: 400,
            pitrDays: 14,
            backupStartTime: "2am",
            backupLocation: "Europe",
            readReplicas: 11,
            maintenanceDay: 8,
            maintenanceHour: 24,
        }));
        expect(error.problems).toEqual([
            'region: expected a GCP region such as "europe-west1", got "EU"',
            "storageGb: expected an integer from 10 to 65536, got 5",
            "storageLimitGb: expected 0 (no limit) or at least storageGb (5), got 3",
            "retainedBackups: expected an integer from 1 to 365, got 400",
            "pitrDays: expected an integer from 1 to 7 for the ENTERPRISE edition (35 with ENTERPRISE_PLUS), got 14",
            'backupStartTime: expected a UTC time as "HH:MM" such as "02:00", got "2am"',
            'backupLocation: expected a region or multi-region such as "eu" or "europe-west1", got "Europe"',
            "readReplicas: expected an integer from 0 to 10, got 11",
            "maintenanceDay: expected an integer from 1 to 7, got 8",
            "maintenanceHour: expected an integer from 0 to 23, got 24",
        ]);
        expect(registered).toBe(0);
    });

    it("rejects keeping no more backups than days of transaction logs", async () => {
        const { error } = await rejection(() => new Database("db", { ...BASE, retainedBackups: 7, pitrDays: 7 }));
        expect(error.problems).toEqual([
            "retainedBackups: expected more backups than pitrDays (7): transaction logs are kept only as long as the backups they replay from, got 7",
        ]);
    });

    it.each<[string, Partial<DatabaseArgs>, string]>([
        ["a custom tier on Enterprise Plus", { edition: "ENTERPRISE_PLUS", machineTier: "db-custom-2-8192" }, 'machineTier: expected an ENTERPRISE_PLUS tier such as "db-perf-optimized-N-4", got "db-custom-2-8192"'],
        ["a perf-optimized tier on Enterprise", { machineTier: "db-perf-optimized-N-4" }, 'machineTier: expected an ENTERPRISE tier such as "db-custom-2-8192" (db-custom-<vCPUs>-<MiB>, db-f1-micro or db-g1-small), got "db-perf-optimized-N-4"'],
        ["an odd vCPU count", { machineTier: "db-custom-3-8192" }, 'machineTier: expected 1 or an even number of vCPUs from 2 to 96, got "db-custom-3-8192"'],
        ["too little memory", { machineTier: "db-custom-4-2048" }, 'machineTier: expected memory for 4 vCPUs from 3840 to 26624 MiB in multiples of 256, got "db-custom-4-2048"'],
        ["memory off the 256 MiB grid", { machineTier: "db-custom-2-8000" }, 'machineTier: expected memory for 2 vCPUs from 3840 to 13312 MiB in multiples of 256, got "db-custom-2-8000"'],
        ["a MySQL version for Postgres", { version: "8.0" }, 'version: expected one of "14", "15", "16", "17", "18", got "8.0"'],
        ["35 days of PITR on Enterprise", { pitrDays: 35, retainedBackups: 40 }, "pitrDays: expected an integer from 1 to 7 for the ENTERPRISE edition (35 with ENTERPRISE_PLUS), got 35"],
        ["the admin user as app user", { user: "postgres" }, 'user: expected a name other than the built-in "postgres" and cloudsql* users, got "postgres"'],
        ["a prefix an instance name cannot start with", { namePrefix: "1acme" }, 'namePrefix: expected 1-30 lowercase letters, digits or hyphens, starting with a letter, got "1acme"'],
        ["a bad database name", { databaseName: "App-DB" }, 'databaseName: expected a database name of up to 63 lowercase letters, digits and underscores, got "App-DB"'],
    ])("rejects %s", async (_label, bad, message) => {
        const { error } = await rejection(() => new Database("db", { ...BASE, ...bad }));
        expect(error.problems).toEqual([message]);
        expect(error.message).toContain('prodstack:gcp:Database "db" has invalid args');
    });

    it("sends the documented defaults: daily backups from 02:00, 30 kept, 7 days of logs, Sunday 03:00 on the stable track", async () => {
        const inv = await plan(() => new Database("db", BASE));
        const primary = primaryOf(inv);
        const settings = primary.inputs.settings as any;
        expect(settings.backupConfiguration).toEqual({
            enabled: true,
            startTime: "02:00",
            pointInTimeRecoveryEnabled: true,
            transactionLogRetentionDays: 7,
            backupRetentionSettings: { retainedBackups: 30, retentionUnit: "COUNT" },
        });
        expect(settings).toMatchObject({
            tier: "db-custom-1-3840",
            edition: "ENTERPRISE",
            diskSize: 20,
            diskAutoresizeLimit: 500,
            availabilityType: "REGIONAL",
            maintenanceWindow: { day: 7, hour: 3, updateTrack: "stable" },
            userLabels: {},
        });
        // Without a range or a peering to wait for, none is sent: it waits only for its name and root password.
        expect(settings.ipConfiguration).toEqual({ ipv4Enabled: false, privateNetwork: BASE.network, sslMode: "ENCRYPTED_ONLY", enablePrivatePathForGoogleCloudServices: false });
        expect(primary.dependsOn).toEqual([
            "urn:pulumi:test::prodstack::prodstack:gcp:Database$random:index/randomId:RandomId::db-suffix",
            "urn:pulumi:test::prodstack::prodstack:gcp:Database$random:index/randomPassword:RandomPassword::db-admin-password",
        ]);
        expect(inv.one(SQL_DATABASE).inputs.instance).toBe(primary.inputs.name);
    });

    it("sends storageLimitGb 0 as no ceiling on automatic growth, and the labels it is given", async () => {
        const inv = await plan(() => new Database("db", { ...BASE, storageGb: 100, storageLimitGb: 0, labels: { team: "web" } }));
        expect(primaryOf(inv).inputs.settings).toMatchObject({ diskSize: 100, diskAutoresize: true, diskAutoresizeLimit: 0, userLabels: { team: "web" } });
    });

    it("sends the engine's API version for each major version", async () => {
        const cases: Array<[Partial<DatabaseArgs>, string]> = [
            [{ version: "14" }, "POSTGRES_14"],
            [{ version: "18" }, "POSTGRES_18"],
            [{ engine: "mysql", version: "8.0" }, "MYSQL_8_0"],
            [{ engine: "mysql" }, "MYSQL_8_4"],
        ];
        // One plan with a database per case.
        const inv = await plan(() => cases.forEach(([args], i) => new Database(`db${i}`, { ...BASE, namePrefix: `acme${i}`, ...args })));
        cases.forEach(([, version], i) => expect(inv.named(`db${i}-primary`, INSTANCE).inputs.databaseVersion).toBe(version));
    });

    it("takes a final backup whenever finalBackupDays is positive, and none at 0, whatever the protection", async () => {
        const finalOf = async (args: Partial<DatabaseArgs>) => (primaryOf(await plan(() => new Database("db", { ...BASE, ...args }))).inputs.settings as any).finalBackupConfig;
        expect(await finalOf({ deletionProtection: false, finalBackupDays: 10 })).toEqual({ enabled: true, retentionDays: 10 });
        expect(await finalOf({ finalBackupDays: 0 })).toBeUndefined();
    });

    const problemsOf = (args: Partial<DatabaseArgs>) => argProblems(() => validateDatabaseArgs("db", { ...BASE, ...args }));

    it.each<[string, Partial<DatabaseArgs>]>([
        ["the shared-core tier db-f1-micro", { machineTier: "db-f1-micro" }],
        ["the shared-core tier db-g1-small", { machineTier: "db-g1-small" }],
        ["1 vCPU at its most memory", { machineTier: "db-custom-1-6656" }],
        ["2 vCPUs at the 3840 MiB floor", { machineTier: "db-custom-2-3840" }],
        ["8 vCPUs at 0.9 GiB each (rounded up to 256 MiB)", { machineTier: "db-custom-8-7424" }],
        ["8 vCPUs at 6.5 GiB each", { machineTier: "db-custom-8-53248" }],
        ["96 vCPUs at their floor", { machineTier: "db-custom-96-88576" }],
        ["96 vCPUs at their most memory", { machineTier: "db-custom-96-638976" }],
        ["a MySQL db-n1-standard tier", { engine: "mysql", machineTier: "db-n1-standard-2" }],
        ["a MySQL db-n1-highmem tier", { engine: "mysql", machineTier: "db-n1-highmem-16" }],
        ["a C4A tier on Enterprise Plus", { edition: "ENTERPRISE_PLUS", machineTier: "db-c4a-highmem-4" }],
        ["every PostgreSQL version", { version: "14" }],
        ["PostgreSQL 18", { version: "18" }],
        ["MySQL 8.0", { engine: "mysql", version: "8.0" }],
        ["the smallest and largest disks", { storageGb: 10, storageLimitGb: 65536 }],
        ["the largest disk without a ceiling", { storageGb: 65536, storageLimitGb: 0 }],
        ["a ceiling equal to the disk", { storageGb: 100, storageLimitGb: 100 }],
        ["one more backup than days of logs", { retainedBackups: 8, pitrDays: 7 }],
        ["a day of logs and two backups", { retainedBackups: 2, pitrDays: 1 }],
        ["a year of backups", { retainedBackups: 365 }],
        ["35 days of logs on Enterprise Plus", { edition: "ENTERPRISE_PLUS", machineTier: "db-perf-optimized-N-2", pitrDays: 35, retainedBackups: 36 }],
        ["backup windows at either end of the day", { backupStartTime: "00:00" }],
        ["a backup window at 23:59", { backupStartTime: "23:59" }],
        ["backups in a region", { backupLocation: "us-central1" }],
        ["10 read replicas", { readReplicas: 10 }],
        ["no final backup", { finalBackupDays: 0 }],
        ["maintenance on Monday at midnight", { maintenanceDay: 1, maintenanceHour: 0 }],
        ["maintenance on Sunday at 23:00", { maintenanceDay: 7, maintenanceHour: 23 }],
        ["the week5 track", { updateTrack: "week5" }],
        ["the canary track", { updateTrack: "canary" }],
        ["a 63-character database name", { databaseName: `a${"b".repeat(62)}` }],
        ["a 32-character user", { user: `a${"b".repeat(31)}` }],
        ["root as a PostgreSQL user", { user: "root" }],
        ["postgres as a MySQL user", { engine: "mysql", user: "postgres" }],
        ["a region with a two-digit number", { region: "europe-west10" }],
        ["a 30-character prefix", { namePrefix: `a${"b".repeat(29)}` }],
        ["a one-letter prefix", { namePrefix: "a" }],
        ["a prefix with a digit inside", { namePrefix: "a1-b" }],
        ["a two-digit perf-optimized tier", { edition: "ENTERPRISE_PLUS", machineTier: "db-perf-optimized-N-16" }],
        ["a backup window in the evening", { backupStartTime: "19:45" }],
        ["backups in a region with a two-digit number", { backupLocation: "europe-west10" }],
        ["a database name with a digit and an underscore", { databaseName: "app_2" }],
        ["a user with a digit and an underscore", { user: "app_2" }],
        ["a CA path with every allowed character", { caCertPath: "/Etc/db_9/ca-2.pem" }],
    ])("accepts %s", (_label, args) => {
        expect(problemsOf(args)).toEqual([]);
    });

    const TIER_SHAPE = 'machineTier: expected an ENTERPRISE tier such as "db-custom-2-8192" (db-custom-<vCPUs>-<MiB>, db-f1-micro or db-g1-small)';
    it.each<[string, Partial<DatabaseArgs>, string]>([
        ["a MySQL tier on PostgreSQL", { machineTier: "db-n1-standard-2" }, `${TIER_SHAPE}, got "db-n1-standard-2"`],
        ["a made-up n1 family on MySQL", { engine: "mysql", machineTier: "db-n1-tiny-2" }, `${TIER_SHAPE}, got "db-n1-tiny-2"`],
        ["a shared-core tier with a suffix", { machineTier: "db-f1-micro-2" }, `${TIER_SHAPE}, got "db-f1-micro-2"`],
        ["a custom tier with a prefix", { machineTier: "x-db-custom-2-8192" }, `${TIER_SHAPE}, got "x-db-custom-2-8192"`],
        ["0 vCPUs", { machineTier: "db-custom-0-3840" }, 'machineTier: expected 1 or an even number of vCPUs from 2 to 96, got "db-custom-0-3840"'],
        ["98 vCPUs", { machineTier: "db-custom-98-100352" }, 'machineTier: expected 1 or an even number of vCPUs from 2 to 96, got "db-custom-98-100352"'],
        ["1 vCPU with too much memory", { machineTier: "db-custom-1-6912" }, 'machineTier: expected memory for 1 vCPU from 3840 to 6656 MiB in multiples of 256, got "db-custom-1-6912"'],
        ["1 vCPU below 3840 MiB", { machineTier: "db-custom-1-3584" }, 'machineTier: expected memory for 1 vCPU from 3840 to 6656 MiB in multiples of 256, got "db-custom-1-3584"'],
        ["8 vCPUs below 0.9 GiB each", { machineTier: "db-custom-8-7168" }, 'machineTier: expected memory for 8 vCPUs from 7424 to 53248 MiB in multiples of 256, got "db-custom-8-7168"'],
        ["8 vCPUs above 6.5 GiB each", { machineTier: "db-custom-8-53504" }, 'machineTier: expected memory for 8 vCPUs from 7424 to 53248 MiB in multiples of 256, got "db-custom-8-53504"'],
        ["a C4A tier on Enterprise", { machineTier: "db-c4a-highmem-4" }, `${TIER_SHAPE}, got "db-c4a-highmem-4"`],
        ["a perf-optimized tier with a prefix on Enterprise Plus", { edition: "ENTERPRISE_PLUS", machineTier: "x-db-perf-optimized-N-2" }, 'machineTier: expected an ENTERPRISE_PLUS tier such as "db-perf-optimized-N-4", got "x-db-perf-optimized-N-2"'],
        ["PostgreSQL 13", { version: "13" }, 'version: expected one of "14", "15", "16", "17", "18", got "13"'],
        ["MySQL 5.7", { engine: "mysql", version: "5.7" }, 'version: expected one of "8.0", "8.4", got "5.7"'],
        ["a 9 GB disk", { storageGb: 9 }, "storageGb: expected an integer from 10 to 65536, got 9"],
        ["a disk above 64 TB", { storageGb: 65537, storageLimitGb: 0 }, "storageGb: expected an integer from 10 to 65536, got 65537"],
        ["a ceiling above 64 TB", { storageLimitGb: 65537 }, "storageLimitGb: expected an integer from 0 to 65536, got 65537"],
        ["a ceiling one below the disk", { storageGb: 100, storageLimitGb: 99 }, "storageLimitGb: expected 0 (no limit) or at least storageGb (100), got 99"],
        ["no days of logs", { pitrDays: 0 }, "pitrDays: expected an integer from 1 to 7 for the ENTERPRISE edition (35 with ENTERPRISE_PLUS), got 0"],
        ["half a day of logs", { pitrDays: 1.5 }, "pitrDays: expected an integer from 1 to 7 for the ENTERPRISE edition (35 with ENTERPRISE_PLUS), got 1.5"],
        ["36 days of logs on Enterprise Plus", { edition: "ENTERPRISE_PLUS", machineTier: "db-perf-optimized-N-2", pitrDays: 36, retainedBackups: 40 }, "pitrDays: expected an integer from 1 to 35 for the ENTERPRISE_PLUS edition (7 with ENTERPRISE), got 36"],
        ["a backup window at 24:00", { backupStartTime: "24:00" }, 'backupStartTime: expected a UTC time as "HH:MM" such as "02:00", got "24:00"'],
        ["a backup window at minute 60", { backupStartTime: "02:60" }, 'backupStartTime: expected a UTC time as "HH:MM" such as "02:00", got "02:60"'],
        ["a backup window with a suffix", { backupStartTime: "02:00Z" }, 'backupStartTime: expected a UTC time as "HH:MM" such as "02:00", got "02:00Z"'],
        ["a backup window with a prefix", { backupStartTime: "T02:00" }, 'backupStartTime: expected a UTC time as "HH:MM" such as "02:00", got "T02:00"'],
        ["a backup location with a trailing hyphen", { backupLocation: "eu-" }, 'backupLocation: expected a region or multi-region such as "eu" or "europe-west1", got "eu-"'],
        ["a backup location with a prefix", { backupLocation: "1eu" }, 'backupLocation: expected a region or multi-region such as "eu" or "europe-west1", got "1eu"'],
        ["negative read replicas", { readReplicas: -1 }, "readReplicas: expected an integer from 0 to 10, got -1"],
        ["a negative final backup", { finalBackupDays: -1 }, "finalBackupDays: expected an integer from 0 to 365, got -1"],
        ["maintenance day 0", { maintenanceDay: 0 }, "maintenanceDay: expected an integer from 1 to 7, got 0"],
        ["maintenance hour -1", { maintenanceHour: -1 }, "maintenanceHour: expected an integer from 0 to 23, got -1"],
        ["an unknown track", { updateTrack: "weekly" as never }, 'updateTrack: expected one of "canary", "stable", "week5", got "weekly"'],
        ["a 64-character database name", { databaseName: `a${"b".repeat(63)}` }, `databaseName: expected a database name of up to 63 lowercase letters, digits and underscores, got "a${"b".repeat(63)}"`],
        ["a database name with a prefix", { databaseName: "_app" }, 'databaseName: expected a database name of up to 63 lowercase letters, digits and underscores, got "_app"'],
        ["a 33-character user", { user: `a${"b".repeat(32)}` }, `user: expected a user name of up to 32 lowercase letters, digits and underscores, got "a${"b".repeat(32)}"`],
        ["a user with a prefix", { user: "_app" }, 'user: expected a user name of up to 32 lowercase letters, digits and underscores, got "_app"'],
        ["a user ending in a hyphen", { user: "app-" }, 'user: expected a user name of up to 32 lowercase letters, digits and underscores, got "app-"'],
        ["a cloudsql user", { user: "cloudsqlsuperuser" }, 'user: expected a name other than the built-in "postgres" and cloudsql* users, got "cloudsqlsuperuser"'],
        ["root on MySQL", { engine: "mysql", user: "root" }, 'user: expected a name other than the built-in "root" and cloudsql* users, got "root"'],
        ["a zone instead of a region", { region: "europe-west1-b" }, 'region: expected a GCP region such as "europe-west1", got "europe-west1-b"'],
        ["a region with a prefix", { region: "1europe-west1" }, 'region: expected a GCP region such as "europe-west1", got "1europe-west1"'],
        ["a 31-character prefix", { namePrefix: `a${"b".repeat(30)}` }, `namePrefix: expected 1-30 lowercase letters, digits or hyphens, starting with a letter, got "a${"b".repeat(30)}"`],
        ["a prefix ending in a hyphen", { namePrefix: "acme-" }, 'namePrefix: expected 1-30 lowercase letters, digits or hyphens, starting with a letter, got "acme-"'],
        ["a perf-optimized tier with a suffix", { edition: "ENTERPRISE_PLUS", machineTier: "db-perf-optimized-N-4x" }, 'machineTier: expected an ENTERPRISE_PLUS tier such as "db-perf-optimized-N-4", got "db-perf-optimized-N-4x"'],
        ["a MySQL n1 tier with a suffix", { engine: "mysql", machineTier: "db-n1-standard-2x" }, `${TIER_SHAPE}, got "db-n1-standard-2x"`],
        ["a MySQL n1 tier with a prefix", { engine: "mysql", machineTier: "x-db-n1-standard-2" }, `${TIER_SHAPE}, got "x-db-n1-standard-2"`],
        ["a custom tier with a suffix", { machineTier: "db-custom-2-8192x" }, `${TIER_SHAPE}, got "db-custom-2-8192x"`],
        ["a shared-core tier with a prefix", { machineTier: "x-db-g1-small" }, `${TIER_SHAPE}, got "x-db-g1-small"`],
        ["a relative CA path", { caCertPath: "certs/ca.pem" }, 'caCertPath: expected an absolute file path such as "/etc/prodstack/database/server-ca.pem", got "certs/ca.pem"'],
        ["a CA path with a space", { caCertPath: "/certs/ca.pem x" }, 'caCertPath: expected an absolute file path such as "/etc/prodstack/database/server-ca.pem", got "/certs/ca.pem x"'],
        ["a badly formed cloudsql user, reported once", { user: "cloudsql-admin" }, 'user: expected a user name of up to 32 lowercase letters, digits and underscores, got "cloudsql-admin"'],
        ["fractional days of logs as many as the backups, reported once", { retainedBackups: 7, pitrDays: 7.5 }, "pitrDays: expected an integer from 1 to 7 for the ENTERPRISE edition (35 with ENTERPRISE_PLUS), got 7.5"],
    ])("rejects %s", (_label, args, problem) => {
        expect(problemsOf(args)).toEqual([problem]);
    });

    it("rejects keeping no backups for both reasons", () => {
        expect(problemsOf({ retainedBackups: 0, pitrDays: 1 })).toEqual([
            "retainedBackups: expected an integer from 1 to 365, got 0",
            "retainedBackups: expected more backups than pitrDays (1): transaction logs are kept only as long as the backups they replay from, got 0",
        ]);
    });

    it("checks version and tier only against a known engine and edition", () => {
        expect(problemsOf({ engine: "oracle" as never, version: "19", machineTier: "x", databaseFlags: { max_connections: "200" } })).toEqual(['engine: expected one of "postgres", "mysql", got "oracle"']);
        expect(problemsOf({ edition: "STANDARD" as never, machineTier: "x", pitrDays: 30, retainedBackups: 40 })).toEqual([
            'edition: expected one of "ENTERPRISE", "ENTERPRISE_PLUS", got "STANDARD"',
        ]);
    });

    it("reports a fractional retention or ceiling once, as not an integer", () => {
        expect(problemsOf({ storageLimitGb: 5.5 })).toEqual(["storageLimitGb: expected an integer from 0 to 65536, got 5.5"]);
        expect(problemsOf({ retainedBackups: 2.5 })).toEqual(["retainedBackups: expected an integer from 1 to 365, got 2.5"]);
        expect(problemsOf({ retainedBackups: 8, pitrDays: 7.5 })).toEqual([
            "pitrDays: expected an integer from 1 to 7 for the ENTERPRISE edition (35 with ENTERPRISE_PLUS), got 7.5",
        ]);
    });

    it("creates the user after its database", async () => {
        const inv = await plan(() => new Database("db", BASE));
        expect(inv.one(USER).dependsOn).toContain(inv.one(SQL_DATABASE).urn);
    });

    it("bundles every server CA certificate, one per line, as a plain (not secret) output", async () => {
        const inv = await plan(() => ({
            bundle: pemBundle([{ cert: "CERT-A" }, {}, { cert: "" }, { cert: "CERT-B" }]),
            none: pemBundle([]),
            // The provider marks the whole certificate list secret; a CA certificate is public.
            fromSecret: pemBundle(pulumi.secret([{ cert: "CERT-C" }])),
        }));
        expect(inv.outputs).toEqual({ bundle: "CERT-A\nCERT-B", none: "", fromSecret: "CERT-C" });
    });
});
