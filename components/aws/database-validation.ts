/**
 * Validation of {@link DatabaseArgs}, checked before {@link Database} registers anything
 * (database.ts): what the RDS API would reject, named by key.
 */
import { ArgsChecker, AWS_REGION, cloudWatchRetentionProblem, databaseFlagProblems, definedOnly } from "../core/internal";
import { Database, DATABASE_DEFAULTS, type DatabaseArgs, type DatabaseEngine, type DatabaseInsightsMode } from "./database";
import { ADVANCED_INSIGHTS_MIN_RETENTION, DATABASE_ADMIN_USER, hardeningOf, isPerformanceInsightsRetention, RDS_VERSIONS, windowsOverlap } from "./database-engine";

/** Classes RDS for MySQL runs without Performance Insights (RDS user guide, PI engine support). */
const NO_PI_MYSQL_CLASS = /^db\.t[234]g?\.(micro|small)$/;

/** Throws if `args` would be rejected by RDS; called before anything is registered. */
export function validateDatabaseArgs(name: string, args: DatabaseArgs): void {
    const check = new ArgsChecker(Database.TYPE, name);
    const cfg = { ...DATABASE_DEFAULTS, ...definedOnly(args) };
    check.matches("region", args.region, AWS_REGION, 'an AWS region such as "eu-central-1"');
    // The identifier `<namePrefix>-db-replica-N` stays within RDS's 63 characters.
    check.matches("namePrefix", args.namePrefix, /^[a-z](?!.*--)([a-z0-9-]{0,38}[a-z0-9])?$/, "1-40 lowercase letters, digits or single hyphens, starting with a letter");
    check.check(Array.isArray(args.subnetIds) && args.subnetIds.length >= 2, "subnetIds", "isolated subnets in at least two availability zones (an RDS subnet group needs two)", args.subnetIds);
    check.oneOf("engine", args.engine, ["postgres", "mysql"] as DatabaseEngine[]);
    const engine = RDS_VERSIONS[cfg.engine] ? cfg.engine : undefined;
    if (engine) check.oneOf("version", args.version, RDS_VERSIONS[engine]);
    check.matchesIfGiven("instanceClass", args.instanceClass, /^db\.[a-z0-9]+\.[a-z0-9]+$/, 'an RDS instance class such as "db.t4g.medium"');
    check.intInRange("storageGb", args.storageGb, 20, 65536);
    check.intInRange("storageLimitGb", args.storageLimitGb, 0, 65536);
    const floor = Math.ceil((cfg.storageGb * 11) / 10);
    if (Number.isInteger(cfg.storageLimitGb) && cfg.storageLimitGb !== 0 && cfg.storageLimitGb < floor) {
        check.fail("storageLimitGb", `0 (RDS's maximum) or at least 10 % above storageGb (${floor})`, cfg.storageLimitGb);
    }
    check.intInRange("backupRetentionDays", args.backupRetentionDays, 1, 35);
    check.matchesIfGiven("backupStartTime", args.backupStartTime, /^([01]\d|2[0-3]):[0-5]\d$/, 'a UTC time as "HH:MM" such as "02:00"');
    check.matchesIfGiven("backupReplicaRegion", args.backupReplicaRegion, AWS_REGION, 'an AWS region such as "eu-west-1"');
    check.check(args.backupReplicaRegion === undefined || args.backupReplicaRegion !== args.region, "backupReplicaRegion", `a region other than the instance's (${args.region})`, args.backupReplicaRegion);
    check.intInRange("readReplicas", args.readReplicas, 0, 5);
    check.intInRange("maintenanceDay", args.maintenanceDay, 1, 7);
    check.intInRange("maintenanceHour", args.maintenanceHour, 0, 23);
    if (/^([01]\d|2[0-3]):[0-5]\d$/.test(cfg.backupStartTime) && Number.isInteger(cfg.maintenanceHour) && windowsOverlap(cfg.backupStartTime, cfg.maintenanceHour)) {
        check.fail("backupStartTime", `a 30-minute backup window clear of the maintenance hour ${cfg.maintenanceHour}:00-${cfg.maintenanceHour + 1}:00 UTC (RDS refuses overlapping windows)`, cfg.backupStartTime);
    }
    check.matchesIfGiven("databaseName", args.databaseName, /^[a-z][a-z0-9_]{0,62}$/, "a database name of up to 63 lowercase letters, digits and underscores");
    if (check.check(args.user === undefined || /^[a-z][a-z0-9_]{0,31}$/.test(args.user), "user", "a user name of up to 32 lowercase letters, digits and underscores", args.user)) {
        check.check(cfg.user !== DATABASE_ADMIN_USER && !cfg.user.startsWith("rds"), "user", `a name other than the master user "${DATABASE_ADMIN_USER}" and rds* users`, cfg.user);
    }
    if (engine) {
        const hardening = Object.fromEntries(Object.entries(hardeningOf(engine)).map(([p, v]) => [p, v.value]));
        for (const p of databaseFlagProblems(engine, cfg.databaseFlags, hardening)) check.fail(`databaseFlags.${p.flag}`, p.expected, p.given);
    }
    if (args.logRetentionDays !== undefined) {
        const retention = cloudWatchRetentionProblem(args.logRetentionDays);
        if (retention) check.fail("logRetentionDays", retention, args.logRetentionDays);
    }
    check.check(
        isPerformanceInsightsRetention(cfg.performanceInsightsRetentionDays),
        "performanceInsightsRetentionDays",
        "7, a multiple of 31 up to 713, or 731 (the retentions RDS accepts)",
        cfg.performanceInsightsRetentionDays,
    );
    check.oneOf("databaseInsightsMode", args.databaseInsightsMode, ["standard", "advanced"] as DatabaseInsightsMode[]);
    if (cfg.databaseInsightsMode === "advanced") {
        check.check(
            cfg.performanceInsightsRetentionDays >= ADVANCED_INSIGHTS_MIN_RETENTION,
            "performanceInsightsRetentionDays",
            `at least ${ADVANCED_INSIGHTS_MIN_RETENTION} with databaseInsightsMode "advanced"`,
            cfg.performanceInsightsRetentionDays,
        );
    }
    if (cfg.engine === "mysql" && NO_PI_MYSQL_CLASS.test(cfg.instanceClass)) {
        check.fail("instanceClass", "a class with Performance Insights for mysql (not *.micro or *.small), such as \"db.t4g.medium\"", cfg.instanceClass);
    }
    check.oneOf("monitoringIntervalSeconds", args.monitoringIntervalSeconds, [1, 5, 10, 15, 30, 60]);
    check.matchesIfGiven("caCertIdentifier", args.caCertIdentifier, /^rds-ca-[a-z0-9-]+$/, 'an RDS CA such as "rds-ca-rsa2048-g1"');
    check.matchesIfGiven("caCertPath", args.caCertPath, /^\/[A-Za-z0-9._/-]+$/, 'an absolute file path such as "/etc/prodstack/database/server-ca.pem"');
    check.throwIfAny();
}
