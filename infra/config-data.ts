/**
 * The data sections of the environment spec (infra/config.ts): the database, the cache
 * and the names of application secrets.
 */
import { z } from "zod";
import { int, numberAsString, pattern, timeOfDay } from "./config-fields";

/** A secret name in the cloud's secret store (without a version). */
export const SECRET_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,254}$/;

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
