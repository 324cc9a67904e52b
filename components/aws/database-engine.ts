/**
 * What RDS accepts per engine: major versions, parameter group families, ports, the
 * hardening parameters (with how each applies), log exports and Performance Insights
 * retentions. Used by {@link Database} (database.ts).
 */
import type { DatabaseEngine } from "./database";

/** Major versions accepted per engine (RDS standard support; 18 changes `log_connections` to a list: opt in later). */
export const RDS_VERSIONS: Record<DatabaseEngine, readonly string[]> = {
    postgres: ["14", "15", "16", "17"],
    mysql: ["8.0", "8.4"],
};

/** Default major version per engine, as on GCP. */
export const RDS_DEFAULT_VERSION: Record<DatabaseEngine, string> = { postgres: "17", mysql: "8.4" };

/** The master user RDS creates; its password lives in the RDS-managed secret. */
export const DATABASE_ADMIN_USER = "dbadmin";

/** Port the engine listens on. */
export const RDS_PORTS: Record<DatabaseEngine, number> = { postgres: 5432, mysql: 3306 };

/** Parameter group family: `postgres17`, `mysql8.4`. */
export function parameterFamily(engine: DatabaseEngine, version: string): string {
    return `${engine}${version}`;
}

/** One parameter and whether RDS applies it only at the next reboot (static parameters). */
export interface RdsParameter {
    /**
     * The value RDS receives.
     * @default none (required)
     */
    value: string;
    /**
     * Static: the API refuses `immediate` for it, so it is sent as `pending-reboot`.
     * @default false (dynamic, applied at once)
     */
    static?: boolean;
}

/**
 * PostgreSQL hardening: TLS required by the server, the CIS logging settings the GCP
 * flags set (same names), pgAudit for DDL and role changes and pg_stat_statements (both
 * loaded at start-up: static). Run `CREATE EXTENSION pgaudit;` once for object names.
 */
export const POSTGRES_HARDENING: Readonly<Record<string, RdsParameter>> = {
    "rds.force_ssl": { value: "1" },
    log_checkpoints: { value: "1" },
    log_connections: { value: "1" },
    log_disconnections: { value: "1" },
    log_lock_waits: { value: "1" },
    log_error_verbosity: { value: "default" },
    log_statement: { value: "ddl" },
    log_min_messages: { value: "warning" },
    log_min_error_statement: { value: "error" },
    log_min_duration_statement: { value: "-1" },
    log_temp_files: { value: "0" },
    shared_preload_libraries: { value: "pg_stat_statements,pgaudit", static: true },
    "pgaudit.log": { value: "ddl,role" },
};

/**
 * MySQL hardening: TLS 1.2+ required by the server, no `LOAD DATA LOCAL`, the slow query
 * log written to a file (what the CloudWatch export reads).
 */
export const MYSQL_HARDENING: Readonly<Record<string, RdsParameter>> = {
    require_secure_transport: { value: "1" },
    tls_version: { value: "TLSv1.2,TLSv1.3", static: true },
    local_infile: { value: "0" },
    slow_query_log: { value: "1" },
    log_output: { value: "FILE" },
};

/** Tunable flags RDS applies only at a reboot. */
export const STATIC_TUNABLES: Record<DatabaseEngine, readonly string[]> = { postgres: ["max_connections"], mysql: [] };

/** Logs exported to CloudWatch Logs per engine. */
export const RDS_LOG_EXPORTS: Record<DatabaseEngine, readonly string[]> = {
    postgres: ["postgresql", "upgrade"],
    mysql: ["error", "slowquery"],
};

/** The engine's hardening parameters. */
export function hardeningOf(engine: DatabaseEngine): Readonly<Record<string, RdsParameter>> {
    return engine === "postgres" ? POSTGRES_HARDENING : MYSQL_HARDENING;
}

/** Performance Insights retentions RDS accepts: 7 (free), a multiple of 31 up to 713, or 731. */
export function isPerformanceInsightsRetention(days: number): boolean {
    return days === 7 || days === 731 || (Number.isInteger(days) && days > 0 && days <= 713 && days % 31 === 0);
}

/** Database Insights' advanced mode keeps 15 months of Performance Insights data at least. */
export const ADVANCED_INSIGHTS_MIN_RETENTION = 465;

/** `sun:03:00-sun:04:00` for day 7 (Sunday) hour 3; day 1 is Monday, 23:00 rolls to the next day. */
export function maintenanceWindowOf(day: number, hour: number): string {
    const names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    const pad = (n: number) => String(n).padStart(2, "0");
    const end = hour === 23 ? `${names[day % 7]}:00:00` : `${names[day - 1]}:${pad(hour + 1)}:00`;
    return `${names[day - 1]}:${pad(hour)}:00-${end}`;
}

/** Minutes of the 30-minute daily backup window starting at `HH:MM`, as `HH:MM-HH:MM`. */
export function backupWindowOf(start: string): string {
    const [h, m] = start.split(":").map(Number);
    const end = (h * 60 + m + 30) % 1440;
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${start}-${pad(Math.floor(end / 60))}:${pad(end % 60)}`;
}

/**
 * Whether the daily 30-minute backup window from `start` overlaps the one-hour maintenance
 * window at `hour` (on any day: the backup window is daily). RDS refuses overlapping windows.
 */
export function windowsOverlap(start: string, hour: number): boolean {
    const [h, m] = start.split(":").map(Number);
    const b = h * 60 + m;
    const w = hour * 60;
    // Compare on a circle of 1440 minutes: [b, b+30) against [w, w+60).
    const d = (((w - b) % 1440) + 1440) % 1440;
    return d < 30 || d > 1440 - 60;
}

/**
 * The connection URL most frameworks read (`DATABASE_URL`): TLS verified against the CA
 * file and the host name, which RDS server certificates carry (`sslmode=verify-full` for
 * libpq and Prisma; `ssl-mode=VERIFY_IDENTITY` for MySQL). Generated names and passwords
 * need no escaping.
 */
export function connectionUrl(
    engine: DatabaseEngine,
    parts: { user: string; password: string; host: string; port: number; database: string },
    caCertPath: string,
): string {
    const { user, password, host, port, database } = parts;
    return engine === "postgres"
        ? `postgresql://${user}:${password}@${host}:${port}/${database}?sslmode=verify-full&sslrootcert=${caCertPath}`
        : `mysql://${user}:${password}@${host}:${port}/${database}?ssl-mode=VERIFY_IDENTITY&ssl-ca=${caCertPath}`;
}
