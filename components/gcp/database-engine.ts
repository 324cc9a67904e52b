/**
 * What each Cloud SQL engine and edition accepts: major versions, ports, point-in-time
 * recovery limits and the CIS hardening flags. Used by {@link Database} (database.ts).
 */
import type { DatabaseEdition, DatabaseEngine } from "./database";

/** Major versions accepted per engine (versions in regular Cloud SQL support). */
export const DATABASE_VERSIONS: Record<DatabaseEngine, readonly string[]> = {
    postgres: ["14", "15", "16", "17", "18"],
    mysql: ["8.0", "8.4"],
};

/**
 * Default major version per engine: the newest one Cloud SQL documents as generally
 * available with a known flag set (PostgreSQL 18 is accepted, but changes the type of
 * `log_connections`; opt in explicitly).
 */
export const DEFAULT_DATABASE_VERSION: Record<DatabaseEngine, string> = { postgres: "17", mysql: "8.4" };

/** Port the engine listens on over private IP. */
export const DATABASE_PORTS: Record<DatabaseEngine, number> = { postgres: 5432, mysql: 3306 };

/** Most days of transaction logs Cloud SQL keeps for point-in-time recovery, per edition. */
export const MAX_PITR_DAYS: Record<DatabaseEdition, number> = { ENTERPRISE: 7, ENTERPRISE_PLUS: 35 };

/**
 * Logging and auditing flags following the CIS Google Cloud benchmark (section 6.2) for
 * Cloud SQL for PostgreSQL. pgAudit records role changes and DDL; run
 * `CREATE EXTENSION pgaudit;` once in the database to also get object names in DDL records.
 */
export const POSTGRES_CIS_FLAGS: Readonly<Record<string, string>> = {
    log_checkpoints: "on",
    log_connections: "on",
    log_disconnections: "on",
    log_lock_waits: "on",
    log_error_verbosity: "default",
    log_statement: "ddl",
    log_min_messages: "warning",
    log_min_error_statement: "error",
    log_min_duration_statement: "-1",
    log_temp_files: "0",
    "cloudsql.enable_pgaudit": "on",
    "pgaudit.log": "ddl,role",
};

/** Hardening flags following the CIS Google Cloud benchmark (section 6.1) for Cloud SQL for MySQL. */
export const MYSQL_CIS_FLAGS: Readonly<Record<string, string>> = {
    local_infile: "off",
    skip_show_database: "on",
};

/** `POSTGRES_17` / `MYSQL_8_4` from the engine and its major version. */
export function databaseVersionOf(engine: DatabaseEngine, version: string): string {
    return `${engine === "mysql" ? "MYSQL" : "POSTGRES"}_${version.replace(/\./g, "_")}`;
}
