/**
 * The data sections of the environment spec (infra/config.ts): the database, the cache
 * and the names of application secrets.
 */
import { z } from "zod";
import { eventBridgeCron } from "../components/core/eventbridge-cron";
import { CRON } from "../components/core/patterns";
import { byTier } from "../components/core/tier";
import type { EnvironmentSpec } from "./config";
import { int, numberAsString, pattern, timeOfDay } from "./config-fields";

/** A secret name in the cloud's secret store (without a version). */
export const SECRET_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,254}$/;

/** The longest point-in-time window either cloud offers (Cloud SQL Enterprise Plus, RDS): 35 days. */
const MAX_OFFSET_MINUTES = 35 * 1440;

/** Longest verification query: it travels as a container argument. */
const MAX_QUERY_LENGTH = 1000;

/** A query that returns rows; the drill fails unless it returns at least one. */
const READ_QUERY = /^\s*(select|with|values|table|show)\b/i;

/** `database.restoreDrill`: the scheduled restore drill (components/core/restore-drill.ts). */
export const restoreDrill = z.strictObject({
    // Resolved by the tier (on in prod) where the tier is known: resolveRestoreDrill.
    enabled: z.boolean({ error: "expected true or false" }).optional(),
    schedule: pattern(CRON, "a five-field cron expression in UTC such as \"0 5 * * 1\"").default("0 5 * * 1"),
    pointInTimeOffsetMinutes: int(5, MAX_OFFSET_MINUTES).default(60),
    verifyQuery: z.string({ error: "expected one SQL statement such as \"SELECT 1 FROM users LIMIT 1\"" }).optional(),
});

export const database = z.strictObject({
    engine: z.enum(["postgres", "mysql"]).default("postgres"),
    // 16 and 8.4 convert; 8 could be a mis-read "8.0", so it stays an error.
    version: numberAsString(
        pattern(/^\d+(\.\d+)?$/, "a major version such as \"17\" (postgres) or \"8.4\" (mysql), quoted when it ends in \".0\""),
        (n) => (Number.isInteger(n) ? (n >= 9 ? String(n) : undefined) : String(n)),
    ).optional(),
    // Cloud-specific names: Cloud SQL tiers on gcp, RDS classes on aws (config-cloud.ts).
    tier: pattern(/^db[-.][a-z0-9.-]+$/, "a machine tier such as \"db-custom-2-8192\" (gcp) or \"db.t4g.medium\" (aws)").default("db-custom-1-3840"),
    edition: z.enum(["ENTERPRISE", "ENTERPRISE_PLUS"]).default("ENTERPRISE"),
    storageGb: int(10, 65536).default(20),
    storageLimitGb: int(0, 65536).default(500),
    ha: z.boolean({ error: "expected true or false" }).optional(),
    backups: z.strictObject({
        retainedBackups: int(1, 365).optional(),
        pitrDays: int(1, 35).optional(),
        startTime: timeOfDay.default("02:00"),
        // Checked per cloud (config-cloud.ts): a GCP location or an AWS region.
        location: pattern(/^[a-z]+(-[a-z]+)*(-?\d+)?$/, "a region such as \"europe-west1\" (gcp) or \"eu-central-1\" (aws)").optional(),
    }).default({ startTime: "02:00" }),
    deletionProtection: z.boolean({ error: "expected true or false" }).optional(),
    readReplicas: int(0, 5).default(0),
    maintenance: z.strictObject({
        day: int(1, 7).default(7),
        hour: int(0, 23).default(3),
    }).default({ day: 7, hour: 3 }),
    flags: z.record(
        z.string(),
        z.union([z.string(), z.number()], { error: "expected an integer value (a number or a string of digits)" }),
    ).default({}),
    databaseName: pattern(/^[a-z][a-z0-9_]{0,62}$/, "a database name of lowercase letters, digits and underscores").default("app"),
    user: pattern(/^[a-z][a-z0-9_]{0,31}$/, "a user name of lowercase letters, digits and underscores").default("app"),
    restoreDrill: restoreDrill.optional(),
});

export const cache = z.strictObject({
    memoryGb: int(1, 300).default(1),
    // 7.2 converts; 7 could be a mis-read "7.0", so it stays an error.
    version: numberAsString(
        pattern(/^\d+(\.\d+)?$/, "a Redis version such as \"7.2\", quoted when it ends in \".0\""),
        (n) => (Number.isInteger(n) ? undefined : String(n)),
    ).optional(),
    ha: z.boolean({ error: "expected true or false" }).optional(),
    persistence: z.boolean({ error: "expected true or false" }).optional(),
});

type Add = (path: (string | number)[], message: string, input: unknown, given?: string) => void;

/**
 * Point-in-time window the spec guarantees on both clouds, in days: `backups.pitrDays`, else
 * the tier's Cloud SQL default (7 prod, 3 non-prod; RDS keeps at least as long).
 */
export function pitrWindowDays(s: Pick<EnvironmentSpec, "tier" | "database">): number {
    return s.database?.backups.pitrDays ?? byTier(s.tier, { prod: 7, nonProd: 3 });
}

/** Cross-field checks of `database.restoreDrill`: a schedule both clouds run, an offset inside the PITR window, one read query. */
export function restoreDrillChecks(s: EnvironmentSpec, add: Add): void {
    const drill = s.database?.restoreDrill;
    if (!drill) return;
    const at = ["database", "restoreDrill"];
    // Fields the schema refused are reported there once.
    const converted = CRON.test(drill.schedule) ? eventBridgeCron(drill.schedule) : { expression: "" };
    if ("problem" in converted) add([...at, "schedule"], `expected ${converted.problem}`, drill.schedule);
    const windowDays = pitrWindowDays(s);
    if (drill.pointInTimeOffsetMinutes > windowDays * 1440 && drill.pointInTimeOffsetMinutes <= MAX_OFFSET_MINUTES) {
        add([...at, "pointInTimeOffsetMinutes"],
            `expected at most ${windowDays * 1440} minutes: the point in time must lie within the point-in-time-recovery window (backups.pitrDays, ${windowDays} days)`,
            drill.pointInTimeOffsetMinutes);
    }
    const query = drill.verifyQuery;
    if (typeof query !== "string") return;
    const statement = query.trim().replace(/;\s*$/, "");
    if (statement.includes(";")) {
        add([...at, "verifyQuery"], "expected one SQL statement (no \";\" between statements)", query);
    } else if (!READ_QUERY.test(statement)) {
        add([...at, "verifyQuery"], "expected a query that returns rows, starting with SELECT, WITH, VALUES, TABLE or SHOW", query);
    } else if (query.length > MAX_QUERY_LENGTH) {
        add([...at, "verifyQuery"], `expected at most ${MAX_QUERY_LENGTH} characters`, query, `${query.length} characters`);
    }
}
