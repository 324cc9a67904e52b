/**
 * Validation of {@link DatabaseArgs}, checked before {@link Database} registers anything
 * (database.ts).
 */
import { ArgsChecker, databaseFlagProblems, definedOnly } from "../core/internal";
import { Database, DATABASE_DEFAULTS, type DatabaseArgs, type DatabaseEdition, type DatabaseEngine, type UpdateTrack } from "./database";
import { DATABASE_VERSIONS, MAX_PITR_DAYS, MYSQL_CIS_FLAGS, POSTGRES_CIS_FLAGS } from "./database-engine";

const CUSTOM_TIER = /^db-custom-(\d+)-(\d+)$/;
const SHARED_CORE = /^db-(f1-micro|g1-small)$/;
const ENTERPRISE_PLUS_TIER = /^db-(perf-optimized-N-\d+|c4a-[a-z0-9-]+)$/;

/** Checks a machine tier against the edition (and, for custom tiers, Cloud SQL's shape rules). */
function checkMachineTier(check: ArgsChecker, tier: string, edition: DatabaseEdition, engine: DatabaseEngine): void {
    if (edition === "ENTERPRISE_PLUS") {
        check.check(ENTERPRISE_PLUS_TIER.test(tier), "machineTier", 'an ENTERPRISE_PLUS tier such as "db-perf-optimized-N-4"', tier);
        return;
    }
    const predefined = engine === "mysql" && /^db-n1-(standard|highmem)-\d+$/.test(tier);
    const custom = CUSTOM_TIER.exec(tier);
    if (!custom) {
        check.check(
            SHARED_CORE.test(tier) || predefined,
            "machineTier",
            'an ENTERPRISE tier such as "db-custom-2-8192" (db-custom-<vCPUs>-<MiB>, db-f1-micro or db-g1-small)',
            tier,
        );
        return;
    }
    const cpus = Number(custom[1]);
    const mib = Number(custom[2]);
    if (!check.check(cpus === 1 || (cpus % 2 === 0 && cpus >= 2 && cpus <= 96), "machineTier", "1 or an even number of vCPUs from 2 to 96", tier)) return;
    const min = Math.max(3840, Math.ceil((cpus * 0.9 * 1024) / 256) * 256);
    const max = cpus * 6656;
    check.check(
        mib % 256 === 0 && mib >= min && mib <= max,
        "machineTier",
        `memory for ${cpus} vCPU${cpus > 1 ? "s" : ""} from ${min} to ${max} MiB in multiples of 256`,
        tier,
    );
}

/** Throws if `args` would be rejected by Cloud SQL; called before anything is registered. */
export function validateDatabaseArgs(name: string, args: DatabaseArgs): void {
    const check = new ArgsChecker(Database.TYPE, name);
    const cfg = { ...DATABASE_DEFAULTS, ...definedOnly(args) };
    check.matchesIfKnown("region", args.region, /^[a-z]+-[a-z]+\d+$/, 'a GCP region such as "europe-west1"');
    // Instance names must start with a letter; the prefix also bounds their length.
    check.matches("namePrefix", args.namePrefix, /^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$/, "1-30 lowercase letters, digits or hyphens, starting with a letter");
    check.oneOf("engine", args.engine, ["postgres", "mysql"] as DatabaseEngine[]);
    check.oneOf("edition", args.edition, ["ENTERPRISE", "ENTERPRISE_PLUS"] as DatabaseEdition[]);
    const engine = DATABASE_VERSIONS[cfg.engine] ? cfg.engine : undefined;
    const edition = MAX_PITR_DAYS[cfg.edition] ? cfg.edition : undefined;
    if (engine) {
        check.oneOf("version", args.version, DATABASE_VERSIONS[engine]);
        if (edition) checkMachineTier(check, cfg.machineTier, edition, engine);
    }
    check.intInRange("storageGb", args.storageGb, 10, 65536);
    check.intInRange("storageLimitGb", args.storageLimitGb, 0, 65536);
    if (Number.isInteger(cfg.storageLimitGb) && cfg.storageLimitGb !== 0 && cfg.storageLimitGb < cfg.storageGb) {
        check.fail("storageLimitGb", `0 (no limit) or at least storageGb (${cfg.storageGb})`, cfg.storageLimitGb);
    }
    check.intInRange("retainedBackups", args.retainedBackups, 1, 365);
    if (edition) {
        const max = MAX_PITR_DAYS[edition];
        const other = edition === "ENTERPRISE" ? "35 with ENTERPRISE_PLUS" : "7 with ENTERPRISE";
        check.check(
            Number.isInteger(cfg.pitrDays) && cfg.pitrDays >= 1 && cfg.pitrDays <= max,
            "pitrDays",
            `an integer from 1 to ${max} for the ${edition} edition (${other})`,
            cfg.pitrDays,
        );
    }
    if (Number.isInteger(cfg.retainedBackups) && Number.isInteger(cfg.pitrDays) && cfg.retainedBackups <= cfg.pitrDays) {
        check.fail(
            "retainedBackups",
            `more backups than pitrDays (${cfg.pitrDays}): transaction logs are kept only as long as the backups they replay from`,
            cfg.retainedBackups,
        );
    }
    check.matchesIfGiven("backupStartTime", args.backupStartTime, /^([01]\d|2[0-3]):[0-5]\d$/, 'a UTC time as "HH:MM" such as "02:00"');
    check.matchesIfGiven("backupLocation", args.backupLocation, /^[a-z]+(-[a-z]+\d+)?$/, 'a region or multi-region such as "eu" or "europe-west1"');
    check.intInRange("readReplicas", args.readReplicas, 0, 10);
    check.intInRange("finalBackupDays", args.finalBackupDays, 0, 365);
    check.intInRange("maintenanceDay", args.maintenanceDay, 1, 7);
    check.intInRange("maintenanceHour", args.maintenanceHour, 0, 23);
    check.oneOf("updateTrack", args.updateTrack, ["canary", "stable", "week5"] as UpdateTrack[]);
    check.matchesIfGiven("databaseName", args.databaseName, /^[a-z][a-z0-9_]{0,62}$/, "a database name of up to 63 lowercase letters, digits and underscores");
    if (check.check(
        args.user === undefined || /^[a-z][a-z0-9_]{0,31}$/.test(args.user),
        "user",
        "a user name of up to 32 lowercase letters, digits and underscores",
        args.user,
    )) {
        const admin = cfg.engine === "mysql" ? "root" : "postgres";
        check.check(cfg.user !== admin && !cfg.user.startsWith("cloudsql"), "user", `a name other than the built-in "${admin}" and cloudsql* users`, cfg.user);
    }
    if (engine) {
        for (const p of databaseFlagProblems(engine, cfg.databaseFlags, engine === "postgres" ? POSTGRES_CIS_FLAGS : MYSQL_CIS_FLAGS)) {
            check.fail(`databaseFlags.${p.flag}`, p.expected, p.given);
        }
    }
    check.matchesIfGiven("caCertPath", args.caCertPath, /^\/[A-Za-z0-9._/-]+$/, "an absolute file path such as \"/etc/prodstack/database/server-ca.pem\"");
    check.throwIfAny();
}
