import * as pulumi from "@pulumi/pulumi";
import { Database, type DatabaseArgs } from "../../../components/aws/database";
import { backupWindowOf, connectionUrl, isPerformanceInsightsRetention, maintenanceWindowOf, windowsOverlap } from "../../../components/aws/database-engine";
import { validateDatabaseArgs } from "../../../components/aws/database-validation";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, type Inventory, plan, rejectedArgs } from "../../helpers/inventory";

const INSTANCE = "aws:rds/instance:Instance";
const PARAMS = "aws:rds/parameterGroup:ParameterGroup";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const KEY_ARN = "arn:aws:kms:eu-central-1:123456789012:key/main";

const BASE: DatabaseArgs = {
    region: "eu-central-1",
    namePrefix: "acme-stg",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-a", "subnet-b"],
    kmsKeyArn: KEY_ARN,
};

async function planDatabase(args: Partial<DatabaseArgs> = {}, clients: string[] = []): Promise<Inventory> {
    return plan(() => {
        const db = new Database("db", { ...BASE, ...args });
        for (const c of clients) db.allowFrom(c, `sg-${c}`);
        return {
            address: db.address,
            port: db.port,
            masterSecretArn: db.masterSecretArn,
            urlSecretArn: db.urlSecretArn,
            iamUserArnPrefix: db.iamUserArnPrefix,
            replicaAddresses: db.replicaAddresses,
            instanceIdentifiers: db.instanceIdentifiers,
            caBundleUrl: db.caBundleUrl,
            // Unsecreted here only, to read what the URL secret holds.
            url: pulumi.unsecret(db.url),
        };
    });
}

const primaryOf = (inv: Inventory) => inv.named("db-primary", INSTANCE).inputs;
const paramsOf = (inv: Inventory) => Object.fromEntries((inv.one(PARAMS).inputs.parameters as Array<{ name: string; value: string; applyMethod: string }>)
    .map((p) => [p.name, `${p.value} (${p.applyMethod})`]));

describe("aws Database", () => {
    it("creates a private, encrypted Postgres 17 primary with the documented defaults", async () => {
        const inv = await planDatabase();
        expect(primaryOf(inv)).toEqual({
            region: "eu-central-1",
            identifier: "acme-stg-db",
            engine: "postgres",
            engineVersion: "17",
            allowMajorVersionUpgrade: true,
            instanceClass: "db.t4g.medium",
            storageType: "gp3",
            allocatedStorage: 20,
            maxAllocatedStorage: 500,
            storageEncrypted: true,
            kmsKeyId: KEY_ARN,
            dbName: "app",
            username: "dbadmin",
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: KEY_ARN,
            dbSubnetGroupName: "acme-stg-db",
            vpcSecurityGroupIds: ["db-sg-sg-id"],
            publiclyAccessible: false,
            parameterGroupName: "acme-stg-db-postgres17",
            multiAz: true,
            backupRetentionPeriod: 30,
            backupWindow: "02:00-02:30",
            maintenanceWindow: "sun:03:00-sun:04:00",
            autoMinorVersionUpgrade: true,
            iamDatabaseAuthenticationEnabled: true,
            caCertIdentifier: "rds-ca-rsa2048-g1",
            copyTagsToSnapshot: true,
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: expect.stringMatching(/^acme-stg-db-final-[0-9a-f]+$/),
            deleteAutomatedBackups: false,
            monitoringInterval: 60,
            monitoringRoleArn: "arn:aws:iam::123456789012:role/acme-stg-db-monitoring",
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: KEY_ARN,
            performanceInsightsRetentionPeriod: 7,
            databaseInsightsMode: "standard",
            enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        });
        expect(inv.named("db-primary", INSTANCE).ignoreChanges).toEqual(["allocatedStorage"]);
        const db = inv.one("prodstack:aws:Database");
        for (const type of [INSTANCE, PARAMS, "aws:rds/subnetGroup:SubnetGroup", "aws:iam/role:Role", LOG_GROUP, "prodstack:aws:SecurityGroup", "prodstack:aws:Secrets"]) {
            expect([type, inv.ofType(type).every((r) => r.parent === db.urn)]).toEqual([type, true]);
        }
        expect(inv.one("aws:rds/subnetGroup:SubnetGroup").inputs.description).toBe("Isolated subnets of the acme-stg database");
        expect(inv.one(PARAMS).inputs.description).toBe("Hardening parameters of the acme-stg database (postgres17)");
        expect(inv.one("aws:iam/role:Role").inputs.description).toBe("RDS enhanced monitoring of acme-stg");
        expect(inv.ofType("aws:secretsmanager/secret:Secret").map((s) => s.inputs.description)).toEqual([
            "Password of the app user of the acme-stg database",
            "Connection URL of the acme-stg database (password and TLS included)",
        ]);
        // URL-safe specials only, so the password needs no escaping in the URL.
        expect(inv.one("random:index/randomPassword:RandomPassword").inputs).toEqual({
            length: 40, special: true, overrideSpecial: "-_", minLower: 2, minUpper: 2, minNumeric: 2, minSpecial: 1,
        });
        expect(inv.outputs.url).toMatch(
            /^postgresql:\/\/app:placeholder-password-[0-9a-f]+@acme-stg-db\.c[0-9a-f]{12}\.eu-central-1\.rds\.amazonaws\.com:5432\/app\?sslmode=verify-full&sslrootcert=\/etc\/prodstack\/database\/server-ca\.pem$/,
        );
        expect(inv.one("aws:rds/subnetGroup:SubnetGroup").inputs).toMatchObject({ region: "eu-central-1", name: "acme-stg-db", subnetIds: ["subnet-a", "subnet-b"] });
        expect(inv.outputs).toMatchObject({
            address: expect.stringMatching(/^acme-stg-db\.c[0-9a-f]{12}\.eu-central-1\.rds\.amazonaws\.com$/),
            port: 5432,
            masterSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!db-/),
            iamUserArnPrefix: expect.stringMatching(/^arn:aws:rds-db:eu-central-1:123456789012:dbuser:db-[0-9A-F]{26}\/$/),
            instanceIdentifiers: ["acme-stg-db"],
            caBundleUrl: "https://truststore.pki.rds.amazonaws.com/eu-central-1/eu-central-1-bundle.pem",
        });
    });

    it("requires TLS and the CIS logging, pgAudit and pg_stat_statements on Postgres, static ones pending a reboot", async () => {
        const inv = await planDatabase({ databaseFlags: { max_connections: "500", statement_timeout: "30000" } });
        expect(inv.one(PARAMS).inputs).toMatchObject({ name: "acme-stg-db-postgres17", family: "postgres17", region: "eu-central-1" });
        expect(paramsOf(inv)).toEqual({
            "rds.force_ssl": "1 (immediate)",
            log_checkpoints: "1 (immediate)",
            log_connections: "1 (immediate)",
            log_disconnections: "1 (immediate)",
            log_lock_waits: "1 (immediate)",
            log_error_verbosity: "default (immediate)",
            log_statement: "ddl (immediate)",
            log_min_messages: "warning (immediate)",
            log_min_error_statement: "error (immediate)",
            log_min_duration_statement: "-1 (immediate)",
            log_temp_files: "0 (immediate)",
            shared_preload_libraries: "pg_stat_statements,pgaudit (pending-reboot)",
            "pgaudit.log": "ddl,role (immediate)",
            max_connections: "500 (pending-reboot)",
            statement_timeout: "30000 (immediate)",
        });
    });

    it("runs MySQL 8.4 with require_secure_transport, its own family, port and log exports", async () => {
        const inv = await planDatabase({ engine: "mysql", databaseFlags: { max_connections: "300" } });
        expect(inv.one(PARAMS).inputs).toMatchObject({ name: "acme-stg-db-mysql8-4", family: "mysql8.4" });
        expect(paramsOf(inv)).toEqual({
            require_secure_transport: "1 (immediate)",
            tls_version: "TLSv1.2,TLSv1.3 (pending-reboot)",
            local_infile: "0 (immediate)",
            slow_query_log: "1 (immediate)",
            log_output: "FILE (immediate)",
            max_connections: "300 (immediate)",
        });
        expect(primaryOf(inv)).toMatchObject({ engine: "mysql", engineVersion: "8.4", parameterGroupName: "acme-stg-db-mysql8-4", enabledCloudwatchLogsExports: ["error", "slowquery"] });
        expect(inv.outputs.port).toBe(3306);
        expect(inv.outputs.url).toMatch(/^mysql:\/\/app:.+@acme-stg-db\..+:3306\/app\?ssl-mode=VERIFY_IDENTITY&ssl-ca=\/etc\/prodstack\/database\/server-ca\.pem$/);
        const custom = await planDatabase({ user: "shop", databaseName: "shop_db", caCertPath: "/ca/rds.pem" });
        expect(custom.outputs.url).toMatch(/^postgresql:\/\/shop:.+\/shop_db\?sslmode=verify-full&sslrootcert=\/ca\/rds\.pem$/);
        expect(primaryOf(custom).dbName).toBe("shop_db");
        expect(inv.ofType(LOG_GROUP).map((g) => g.inputs.name)).toEqual(["/aws/rds/instance/acme-stg-db/error", "/aws/rds/instance/acme-stg-db/slowquery"]);
        const version = await planDatabase({ engine: "mysql", version: "8.0" });
        expect(version.one(PARAMS).inputs).toMatchObject({ name: "acme-stg-db-mysql8-0", family: "mysql8.0" });
    });

    it("refuses hardening parameters and the other engine's flags, naming the flag", () => {
        expect(argProblems(() => validateDatabaseArgs("db", { ...BASE, databaseFlags: { "rds.force_ssl": "0", wait_timeout: "60" } }))).toEqual([
            'databaseFlags.rds.force_ssl: expected a flag other than the hardening flags (rds.force_ssl stays "1"), got "rds.force_ssl"',
            expect.stringMatching(/^databaseFlags\.wait_timeout: expected one of the tunable postgres flags/),
        ]);
        expect(argProblems(() => validateDatabaseArgs("db", { ...BASE, engine: "mysql", databaseFlags: { require_secure_transport: "0", statement_timeout: "1" } }))).toEqual([
            'databaseFlags.require_secure_transport: expected a flag other than the hardening flags (require_secure_transport stays "1"), got "require_secure_transport"',
            expect.stringMatching(/^databaseFlags\.statement_timeout: expected one of the tunable mysql flags/),
        ]);
    });

    it("pre-creates each exported log group with retention and the key, before the instance", async () => {
        const inv = await planDatabase({ logRetentionDays: 365 });
        const groups = inv.ofType(LOG_GROUP);
        expect(groups.map((g) => g.inputs)).toEqual([
            { region: "eu-central-1", name: "/aws/rds/instance/acme-stg-db/postgresql", retentionInDays: 365, kmsKeyId: KEY_ARN },
            { region: "eu-central-1", name: "/aws/rds/instance/acme-stg-db/upgrade", retentionInDays: 365, kmsKeyId: KEY_ARN },
        ]);
        const primary = inv.named("db-primary", INSTANCE);
        for (const g of groups) expect(primary.dependsOn).toContain(g.urn);
    });

    it("gives enhanced monitoring a role only RDS monitoring of this account may assume", async () => {
        const inv = await planDatabase();
        const role = inv.one("aws:iam/role:Role").inputs;
        expect(role.name).toBe("acme-stg-db-monitoring");
        expect(JSON.parse(String(role.assumeRolePolicy)).Statement).toEqual([{
            Effect: "Allow",
            Principal: { Service: "monitoring.rds.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        }]);
        const attachment = inv.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
        expect(attachment.inputs.policyArn).toBe("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
        expect(inv.named("db-primary", INSTANCE).dependsOn).toContain(attachment.urn);
    });

    it("admits only the workloads allowed in, one described rule each, and has no egress", async () => {
        const inv = await planDatabase({}, ["api", "migrate"]);
        expect(inv.ofType(INGRESS).map((r) => r.inputs)).toEqual([
            { region: "eu-central-1", securityGroupId: "db-sg-sg-id", description: "Postgres from api", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-api" },
            { region: "eu-central-1", securityGroupId: "db-sg-sg-id", description: "Postgres from migrate", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-migrate" },
        ]);
        expect(inv.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).toEqual([]);
        const mysql = await planDatabase({ engine: "mysql" }, ["api"]);
        expect(mysql.one(INGRESS).inputs).toMatchObject({ description: "MySQL from api", fromPort: 3306, toPort: 3306 });
    });

    it("keeps the app password and a verify-full DATABASE_URL in its own KMS-encrypted secrets", async () => {
        const inv = await planDatabase();
        const secrets = inv.ofType("aws:secretsmanager/secret:Secret").map((s) => s.inputs);
        expect(secrets.map((s) => [s.name, s.kmsKeyId, s.recoveryWindowInDays])).toEqual([
            ["acme-stg/db/app-password", KEY_ARN, 30],
            ["acme-stg/db/url", KEY_ARN, 30],
        ]);
        expect(inv.ofType(SECRET_VERSION).map((v) => v.inputs.secretString)).toEqual(["[secret]", "[secret]"]);
        expect(JSON.stringify(inv.resources.map((r) => r.inputs))).not.toContain("placeholder-password");
        const parts = { user: "app", password: "pw-1", host: "acme-stg-db.c1.eu-central-1.rds.amazonaws.com", port: 5432, database: "app" };
        expect(connectionUrl("postgres", parts, "/etc/ca.pem")).toBe(
            "postgresql://app:pw-1@acme-stg-db.c1.eu-central-1.rds.amazonaws.com:5432/app?sslmode=verify-full&sslrootcert=/etc/ca.pem",
        );
        expect(connectionUrl("mysql", { ...parts, port: 3306 }, "/etc/ca.pem")).toBe(
            "mysql://app:pw-1@acme-stg-db.c1.eu-central-1.rds.amazonaws.com:3306/app?ssl-mode=VERIFY_IDENTITY&ssl-ca=/etc/ca.pem",
        );
    });

    it("protects the stateful parts in prod and keeps automated backups after deletion", async () => {
        const inv = await planDatabase({ deletionProtection: true });
        for (const name of ["db-primary", "db-password", "db-final-suffix"]) expect([name, inv.named(name).protect]).toEqual([name, true]);
        expect(inv.ofType("aws:secretsmanager/secret:Secret").every((s) => s.protect)).toBe(true);
        const staging = await planDatabase({ deletionProtection: false, multiAz: false });
        expect(primaryOf(staging)).toMatchObject({ deletionProtection: false, deleteAutomatedBackups: true, multiAz: false, skipFinalSnapshot: false });
        expect(staging.named("db-primary").protect).toBe(false);
        expect(staging.ofType("aws:secretsmanager/secret:Secret").map((s) => s.inputs.recoveryWindowInDays)).toEqual([0, 0]);
    });

    it("adds read replicas of the primary that take no final snapshot and no backups", async () => {
        const inv = await planDatabase({ readReplicas: 2, deletionProtection: true });
        const replica = inv.named("db-replica-2", INSTANCE);
        expect(replica.inputs).toMatchObject({
            identifier: "acme-stg-db-replica-2",
            replicateSourceDb: "acme-stg-db",
            instanceClass: "db.t4g.medium",
            parameterGroupName: "acme-stg-db-postgres17",
            publiclyAccessible: false,
            storageEncrypted: true,
            iamDatabaseAuthenticationEnabled: true,
            skipFinalSnapshot: true,
            backupRetentionPeriod: 0,
            multiAz: false,
            deletionProtection: true,
        });
        for (const key of ["finalSnapshotIdentifier", "username", "manageMasterUserPassword", "dbName", "dbSubnetGroupName", "engineVersion"]) {
            expect([key, replica.inputs[key]]).toEqual([key, undefined]);
        }
        expect(replica.protect).toBe(true);
        expect(inv.ofType(LOG_GROUP).map((g) => g.inputs.name)).toContain("/aws/rds/instance/acme-stg-db-replica-2/postgresql");
        expect(inv.outputs.instanceIdentifiers).toEqual(["acme-stg-db", "acme-stg-db-replica-1", "acme-stg-db-replica-2"]);
        expect(inv.outputs.replicaAddresses).toEqual([
            expect.stringMatching(/^acme-stg-db-replica-1\./),
            expect.stringMatching(/^acme-stg-db-replica-2\./),
        ]);
    });

    it("replicates automated backups to another region with a key from that region", async () => {
        const inv = await planDatabase({ backupReplicaRegion: "eu-west-1", backupRetentionDays: 14 });
        const copy = inv.one("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication");
        expect(copy.inputs).toEqual({
            region: "eu-west-1",
            sourceDbInstanceArn: "arn:aws:rds:eu-central-1:123456789012:db:acme-stg-db",
            retentionPeriod: 14,
            kmsKeyId: expect.stringMatching(/^arn:aws:kms:eu-west-1:123456789012:key\//),
        });
        expect(copy.protect).toBe(true);
        expect(inv.one("aws:kms/key:Key").inputs).toMatchObject({ region: "eu-west-1", enableKeyRotation: true });
        expect((await planDatabase()).ofType("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication")).toEqual([]);
    });

    it("sends the configured windows, sizes and insights", async () => {
        const inv = await planDatabase({
            instanceClass: "db.m7g.large", storageGb: 100, storageLimitGb: 0, backupStartTime: "22:15", maintenanceDay: 1, maintenanceHour: 23,
            performanceInsightsRetentionDays: 465, databaseInsightsMode: "advanced", monitoringIntervalSeconds: 1, multiAz: false,
        });
        expect(primaryOf(inv)).toMatchObject({
            instanceClass: "db.m7g.large", allocatedStorage: 100, maxAllocatedStorage: 65536, backupWindow: "22:15-22:45",
            maintenanceWindow: "mon:23:00-tue:00:00", performanceInsightsRetentionPeriod: 465, databaseInsightsMode: "advanced", monitoringInterval: 1, multiAz: false,
        });
    });

    it("summarises in one line what the cloud receives", async () => {
        const inv = await planDatabase({ backupReplicaRegion: "eu-west-1" });
        expect(summarize(Database.TYPE, inv.resources)).toBe(
            "Postgres 17 · Multi-AZ · 30 d backups + PITR · copy to eu-west-1 · private",
        );
        const mysql = await planDatabase({ engine: "mysql", multiAz: false, backupRetentionDays: 7, readReplicas: 1 });
        expect(summarize(Database.TYPE, mysql.resources)).toBe("MySQL 8.4 · single-AZ · 7 d backups + PITR · 1 replica · private");
    });

    it("rejects what RDS would refuse, every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new Database("db", {
            ...BASE,
            region: "europe-west1",
            namePrefix: "Acme--x",
            subnetIds: ["subnet-a"],
            version: "18",
            instanceClass: "db-custom-1-3840",
            storageGb: 19,
            backupRetentionDays: 36,
            readReplicas: 6,
            performanceInsightsRetentionDays: 30,
            monitoringIntervalSeconds: 0,
            user: "dbadmin",
            logRetentionDays: 3650,
        }));
        expect(inv.resources).toEqual([]);
        expect(error.problems.map((p) => p.split(":")[0])).toEqual([
            "region", "namePrefix", "subnetIds", "version", "instanceClass", "storageGb", "backupRetentionDays", "readReplicas",
            "user", "logRetentionDays", "performanceInsightsRetentionDays", "monitoringIntervalSeconds",
        ]);
    });

    it.each([
        [{ storageGb: 100, storageLimitGb: 109 }, "storageLimitGb: expected 0 (RDS's maximum) or at least 10 % above storageGb (110), got 109"],
        [{ backupStartTime: "02:45", maintenanceHour: 3 }, "backupStartTime: expected a 30-minute backup window clear of the maintenance hour 3:00-4:00 UTC (RDS refuses overlapping windows), got \"02:45\""],
        [{ backupStartTime: "03:30", maintenanceHour: 3 }, "backupStartTime: expected a 30-minute backup window clear of the maintenance hour 3:00-4:00 UTC (RDS refuses overlapping windows), got \"03:30\""],
        [{ databaseInsightsMode: "advanced" as const, performanceInsightsRetentionDays: 434 }, "performanceInsightsRetentionDays: expected at least 465 with databaseInsightsMode \"advanced\", got 434"],
        [{ engine: "mysql" as const, instanceClass: "db.t4g.small" }, "instanceClass: expected a class with Performance Insights for mysql (not *.micro or *.small), such as \"db.t4g.medium\", got \"db.t4g.small\""],
        [{ backupReplicaRegion: "eu-central-1" }, "backupReplicaRegion: expected a region other than the instance's (eu-central-1), got \"eu-central-1\""],
        [{ user: "rdsapp" }, "user: expected a name other than the master user \"dbadmin\" and rds* users, got \"rdsapp\""],
        [{ engine: "mysql" as const, version: "17" }, "version: expected one of \"8.0\", \"8.4\", got \"17\""],
    ])("rejects the invalid combination %j", (args, problem) => {
        expect(argProblems(() => validateDatabaseArgs("db", { ...BASE, ...args }))).toEqual([problem]);
    });

    it.each([
        [{ region: "eu-central-1x" }, 'region: expected an AWS region such as "eu-central-1", got "eu-central-1x"'],
        [{ subnetIds: [] }, "subnetIds: expected isolated subnets in at least two availability zones (an RDS subnet group needs two), got []"],
        [{ engine: "oracle" as never }, 'engine: expected one of "postgres", "mysql", got "oracle"'],
        [{ instanceClass: "xdb.t4g.medium" }, 'instanceClass: expected an RDS instance class such as "db.t4g.medium", got "xdb.t4g.medium"'],
        [{ instanceClass: "db.t4g.medium " }, 'instanceClass: expected an RDS instance class such as "db.t4g.medium", got "db.t4g.medium "'],
        [{ storageLimitGb: 65537 }, "storageLimitGb: expected an integer from 0 to 65536, got 65537"],
        [{ backupStartTime: "x02:00" }, 'backupStartTime: expected a UTC time as "HH:MM" such as "02:00", got "x02:00"'],
        [{ backupStartTime: "02:000" }, 'backupStartTime: expected a UTC time as "HH:MM" such as "02:00", got "02:000"'],
        // A malformed time is reported once, not also as overlapping the maintenance hour.
        [{ backupStartTime: "03:15x" }, 'backupStartTime: expected a UTC time as "HH:MM" such as "02:00", got "03:15x"'],
        [{ backupStartTime: "24:00", maintenanceHour: 0 }, 'backupStartTime: expected a UTC time as "HH:MM" such as "02:00", got "24:00"'],
        [{ backupReplicaRegion: "europe-west1" }, 'backupReplicaRegion: expected an AWS region such as "eu-west-1", got "europe-west1"'],
        [{ maintenanceDay: 8 }, "maintenanceDay: expected an integer from 1 to 7, got 8"],
        [{ maintenanceHour: 24 }, "maintenanceHour: expected an integer from 0 to 23, got 24"],
        [{ databaseName: "1app" }, 'databaseName: expected a database name of up to 63 lowercase letters, digits and underscores, got "1app"'],
        [{ databaseName: "app-" }, 'databaseName: expected a database name of up to 63 lowercase letters, digits and underscores, got "app-"'],
        [{ user: "App" }, 'user: expected a user name of up to 32 lowercase letters, digits and underscores, got "App"'],
        [{ user: "app!" }, 'user: expected a user name of up to 32 lowercase letters, digits and underscores, got "app!"'],
        [{ user: "9app" }, 'user: expected a user name of up to 32 lowercase letters, digits and underscores, got "9app"'],
        [{ databaseInsightsMode: "full" as never }, 'databaseInsightsMode: expected one of "standard", "advanced", got "full"'],
        [{ caCertIdentifier: "rds-ca-" }, 'caCertIdentifier: expected an RDS CA such as "rds-ca-rsa2048-g1", got "rds-ca-"'],
        [{ caCertIdentifier: "xrds-ca-ecc384-g1" }, 'caCertIdentifier: expected an RDS CA such as "rds-ca-rsa2048-g1", got "xrds-ca-ecc384-g1"'],
        [{ caCertIdentifier: "rds-ca-ECC384" }, 'caCertIdentifier: expected an RDS CA such as "rds-ca-rsa2048-g1", got "rds-ca-ECC384"'],
        [{ caCertPath: "etc/ca.pem" }, 'caCertPath: expected an absolute file path such as "/etc/prodstack/database/server-ca.pem", got "etc/ca.pem"'],
        [{ caCertPath: "/etc/ca.pem " }, 'caCertPath: expected an absolute file path such as "/etc/prodstack/database/server-ca.pem", got "/etc/ca.pem "'],
        [{ engine: "mysql" as const, instanceClass: "db.t3.micro" }, 'instanceClass: expected a class with Performance Insights for mysql (not *.micro or *.small), such as "db.t4g.medium", got "db.t3.micro"'],
    ])("rejects %j, naming the key and what it expected", (args, problem) => {
        expect(argProblems(() => validateDatabaseArgs("db", { ...BASE, ...args }))).toEqual([problem]);
    });

    it.each([
        { storageGb: 20, storageLimitGb: 22 },
        { storageGb: 65536, storageLimitGb: 0 },
        { backupStartTime: "02:30", maintenanceHour: 3 },
        { backupStartTime: "04:00", maintenanceHour: 3 },
        { databaseInsightsMode: "advanced" as const, performanceInsightsRetentionDays: 465 },
        { engine: "mysql" as const, instanceClass: "db.t4g.medium" },
        { engine: "postgres" as const, instanceClass: "db.t4g.small", version: "14" },
        { engine: "mysql" as const, instanceClass: "db.t4g.smallx" },
        { engine: "mysql" as const, instanceClass: "db.m4g.small" },
        { caCertIdentifier: "rds-ca-ecc384-g1", caCertPath: "/ca/rds.pem", user: "a_1", databaseName: "a", databaseInsightsMode: "standard" as const },
        { backupReplicaRegion: "us-east-1", maintenanceDay: 1, maintenanceHour: 0, backupStartTime: "23:00" },
        { backupRetentionDays: 1, readReplicas: 5, monitoringIntervalSeconds: 30, namePrefix: "a" },
        { backupRetentionDays: 35, namePrefix: "a123456789012345678901234567890123456789" },
    ])("accepts the boundary values %j", (args) => {
        expect(argProblems(() => validateDatabaseArgs("db", { ...BASE, ...args }))).toEqual([]);
    });

    it("knows the Performance Insights retentions, the windows and their overlaps", () => {
        expect([7, 31, 62, 465, 713, 731].map(isPerformanceInsightsRetention)).toEqual([true, true, true, true, true, true]);
        expect([0, 6, 8, 30, 32, 744, 730, 7.5].map(isPerformanceInsightsRetention)).toEqual([false, false, false, false, false, false, false, false]);
        expect(maintenanceWindowOf(7, 3)).toBe("sun:03:00-sun:04:00");
        expect(maintenanceWindowOf(7, 23)).toBe("sun:23:00-mon:00:00");
        expect(maintenanceWindowOf(3, 9)).toBe("wed:09:00-wed:10:00");
        expect(backupWindowOf("09:05")).toBe("09:05-09:35");
        expect(backupWindowOf("23:50")).toBe("23:50-00:20");
        expect([["02:29", 3], ["02:31", 3], ["03:59", 3], ["04:00", 3], ["23:45", 0], ["23:30", 0], ["00:59", 0], ["01:00", 0]]
            .map(([start, hour]) => windowsOverlap(String(start), Number(hour)))).toEqual([false, true, true, false, true, false, true, false]);
    });

    it("rejects a name prefix RDS identifiers cannot carry", () => {
        for (const prefix of ["1acme", "acme-", "acme--prod", "a1234567890123456789012345678901234567890"]) {
            expect(argProblems(() => validateDatabaseArgs("db", { ...BASE, namePrefix: prefix }))).toEqual([
                `namePrefix: expected 1-40 lowercase letters, digits or single hyphens, starting with a letter, got "${prefix}"`,
            ]);
        }
    });
});
