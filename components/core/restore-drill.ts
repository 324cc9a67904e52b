/**
 * Restore drills, cloud-neutral: the resolved settings both clouds' drill components take,
 * the schedule's period (the "no successful drill" alerts wait two of them), the plan
 * summary text, the label that marks scratch instances, the structured result record the
 * drill logs (and the metrics count), and the drill's runbooks. Each cloud fills in only its
 * own names, console pages and commands.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Tier } from "./tier";
import type { Runbook } from "./runbooks";

/** A restore drill as the components take it: when it runs, to which point in time, what it checks. */
export interface RestoreDrillSettings {
    /**
     * When the drill runs: five-field unix cron, in UTC. Keep it clear of the backup window.
     * @default "0 5 * * 1" (Mondays 05:00 UTC)
     */
    schedule: string;
    /**
     * How far back from the drill's start the point in time lies, in minutes (5 or more, within the
     * point-in-time window).
     * @default 60
     */
    pointInTimeOffsetMinutes: number;
    /**
     * One SQL statement run on the restored copy as the application user; the drill fails unless it
     * returns at least one row. Without it the drill proves the restore and a login only.
     * @default none (no query)
     */
    verifyQuery?: string;
}

/** Defaults of {@link RestoreDrillSettings}. */
export const RESTORE_DRILL_DEFAULTS = { schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60 };

/** The spec's `database.restoreDrill` as parsed (before the tier decides `enabled`). */
export interface RestoreDrillSpec {
    /**
     * Run the drill; unset, the tier decides (on in prod).
     * @default true in prod, false otherwise
     */
    enabled?: boolean;
    /**
     * Five-field unix cron, UTC.
     * @default "0 5 * * 1"
     */
    schedule: string;
    /**
     * Minutes before the drill's start to restore to.
     * @default 60
     */
    pointInTimeOffsetMinutes: number;
    /**
     * One SQL statement that must return a row.
     * @default none (no query)
     */
    verifyQuery?: string;
}

/** The drill an environment runs, or none: on by default in prod, off elsewhere unless enabled. */
export function resolveRestoreDrill(spec: RestoreDrillSpec | undefined, tier: Tier): RestoreDrillSettings | undefined {
    const enabled = spec?.enabled ?? tier === "prod";
    if (!enabled) return undefined;
    const settings: RestoreDrillSettings = {
        schedule: spec?.schedule ?? RESTORE_DRILL_DEFAULTS.schedule,
        pointInTimeOffsetMinutes: spec?.pointInTimeOffsetMinutes ?? RESTORE_DRILL_DEFAULTS.pointInTimeOffsetMinutes,
    };
    if (spec?.verifyQuery !== undefined) settings.verifyQuery = spec.verifyQuery;
    return settings;
}

/**
 * The label (GCP) or tag (AWS) every scratch instance carries, so sweepers, alerts and people
 * find it; no other resource carries it.
 */
export const RESTORE_DRILL_LABEL = { key: "prodstack-restore-drill", value: "true" } as const;

/** Scratch instances older than this are leftovers: the alert fires and the sweeper deletes them. */
export const SCRATCH_MAX_AGE_SECONDS = 86400;

/** How a drill ended. */
export type RestoreDrillOutcome = "succeeded" | "failed";

/**
 * The structured record a drill logs once when it ends (JSON); log-based metrics (GCP) and
 * metric filters (AWS) count it by `result` and read `durationSeconds`.
 */
export interface RestoreDrillRecord {
    /**
     * Always `restore`: what the metric filters match.
     * @default "restore"
     */
    drill: "restore";
    /**
     * How the drill ended.
     * @default none (required)
     */
    result: RestoreDrillOutcome;
    /**
     * From the start of the restore to the verified copy (or to the failure), in seconds.
     * @default none (required)
     */
    durationSeconds: number;
    /**
     * The step that failed, or `done`.
     * @default none (required)
     */
    step: string;
    /**
     * The environment (`namePrefix`).
     * @default none (required)
     */
    environment: string;
    /**
     * The source instance restored.
     * @default none (required)
     */
    instance: string;
}

/** Field names of {@link RestoreDrillRecord}, as the metric filters and extractors use them. */
export const RESTORE_DRILL_RECORD_FIELDS = {
    drill: "drill",
    result: "result",
    durationSeconds: "durationSeconds",
    step: "step",
    environment: "environment",
    instance: "instance",
} as const;

/** Value of the record's `drill` field. */
export const RESTORE_DRILL_KIND = "restore";

// ---------------------------------------------------------------------------
// Schedule period
// ---------------------------------------------------------------------------

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** The values one cron field matches (validate the expression with `CRON` first). */
function fieldValues(field: string, min: number, max: number, names: string[] = [], nameBase = 0): Set<number> {
    const value = (v: string) => {
        const byName = names.indexOf(v.toUpperCase());
        return byName >= 0 ? byName + nameBase : Number(v);
    };
    const out = new Set<number>();
    for (const element of field.split(",")) {
        const [range, stepText] = element.split("/");
        const step = stepText === undefined ? 1 : Number(stepText);
        const [from, to] = range === "*" ? [min, max] : range.split("-").map(value);
        // `5/15` means from 5 to the end in steps of 15; a single value without a step is itself.
        const end = to ?? (stepText === undefined ? from : max);
        for (let v = from; v <= end; v += step) out.add(v);
    }
    return out;
}

const DAY_SECONDS = 86400;
/** Days simulated: five years from 2025-01-01, so yearly patterns repeat across a leap year. */
const SIMULATED_DAYS = 5 * 365 + 1;

/**
 * The longest time between two consecutive runs of a five-field unix cron schedule (UTC), in
 * seconds: 604800 for `0 5 * * 1`, 86400 for `0 5 * * *`, 3600 for `0 * * * *`, 2678400 for
 * a monthly run (the 31-day gap). Restricting both day fields means either day (unix cron).
 */
export function cronPeriodSeconds(cron: string): number {
    const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.trim().split(/\s+/);
    const minutes = [...fieldValues(minute, 0, 59)].sort((a, b) => a - b);
    const hours = [...fieldValues(hour, 0, 23)].sort((a, b) => a - b);
    const times = hours.flatMap((h) => minutes.map((m) => h * 3600 + m * 60));
    const doms = fieldValues(dayOfMonth, 1, 31);
    const months = fieldValues(month, 1, 12, MONTHS, 1);
    const dows = new Set([...fieldValues(dayOfWeek, 0, 7, DAYS)].map((d) => d % 7));
    const domRestricted = dayOfMonth !== "*";
    const dowRestricted = dayOfWeek !== "*";

    let longest = 0;
    for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i] - times[i - 1]);
    const start = Date.UTC(2025, 0, 1);
    let previousDay: number | undefined;
    let firstDay: number | undefined;
    for (let d = 0; d < SIMULATED_DAYS; d++) {
        const date = new Date(start + d * DAY_SECONDS * 1000);
        if (!months.has(date.getUTCMonth() + 1)) continue;
        const byDom = doms.has(date.getUTCDate());
        const byDow = dows.has(date.getUTCDay());
        const runs = domRestricted && dowRestricted ? byDom || byDow : byDom && byDow;
        if (!runs) continue;
        if (previousDay !== undefined) {
            longest = Math.max(longest, (d - previousDay) * DAY_SECONDS + times[0] - times[times.length - 1]);
        }
        firstDay ??= d;
        previousDay = d;
    }
    // One run in the five years (29 February): the gap is all of them.
    if (firstDay === previousDay) longest = Math.max(longest, SIMULATED_DAYS * DAY_SECONDS);
    return longest;
}

/** `weekly`, `daily`, `hourly`, `monthly` for the common periods, else `every 3 d` / `every 6 h` / `every 90 min`. */
export function cadenceOf(periodSeconds: number): string {
    const named: Record<number, string> = { 3600: "hourly", 86400: "daily", 604800: "weekly", 2678400: "monthly" };
    if (named[periodSeconds]) return named[periodSeconds];
    return `every ${durationText(periodSeconds / 60)}`;
}

/** Minutes as a short duration: `90 min`, `1 h`, `36 h`, `2 d`. */
export function durationText(minutes: number): string {
    if (minutes % 1440 === 0) return `${minutes / 1440} d`;
    if (minutes % 60 === 0) return `${minutes / 60} h`;
    return `${minutes} min`;
}

/** The plan summary: `restore drill weekly · PITR −1 h · verify "SELECT 1 FROM users LIMIT 1"`. */
export function restoreDrillSummary(settings: RestoreDrillSettings): string {
    const parts = [
        `restore drill ${cadenceOf(cronPeriodSeconds(settings.schedule))}`,
        `PITR −${durationText(settings.pointInTimeOffsetMinutes)}`,
    ];
    if (settings.verifyQuery !== undefined) parts.push(`verify "${settings.verifyQuery}"`);
    return parts.join(" · ");
}

// ---------------------------------------------------------------------------
// Runbooks
// ---------------------------------------------------------------------------

type In = pulumi.Input<string>;

/** A drill ended with `result: failed`. */
export function restoreDrillFailedRunbook(p: {
    /** The source database as the cloud names it. */
    subject: In;
    /** Where to read the failed run and its failing step (console page or log query). */
    runStep: In;
    /** How to run the drill again by hand. */
    rerunStep: In;
    /** How to check no scratch instance was left behind. */
    leftoverStep: In;
}): Runbook {
    return {
        whatFired: pulumi.interpolate`The scheduled restore drill of ${p.subject} failed: restoring the backup to a scratch instance, reaching it or its verification query did not succeed. Until a drill succeeds, nobody knows that this database can be restored.`,
        likelyCauses: [
            "The verification query no longer matches the schema (a renamed table or column) or returned no row.",
            "The point in time lies outside the recovery window (PITR turned off or shortened, or logs not yet available).",
            "A quota or capacity limit on new instances in the region, or the scratch instance took longer than the drill waits.",
            "The drill's identity lost a permission it needs, or the verification image or secret changed.",
        ],
        firstSteps: [
            p.runStep,
            p.leftoverStep,
            "Fix the cause (query, permission, quota) and run the drill again; treat a restore that fails twice as a data-loss risk and escalate.",
            p.rerunStep,
        ],
    };
}

/** No drill succeeded within two schedule periods. */
export function restoreDrillStaleRunbook(p: {
    subject: In;
    /** The window, e.g. `14 d`. */
    window: string;
    /** Where the scheduler's runs are seen. */
    scheduleStep: In;
    rerunStep: In;
}): Runbook {
    return {
        whatFired: pulumi.interpolate`No restore drill of ${p.subject} succeeded within ${p.window} (two schedule periods) although drills ran. The last proven restore is older than the schedule promises.`,
        likelyCauses: [
            "Every drill since has failed (see the drill-failed alerts).",
            "The scheduler stopped triggering the drill: paused, deleted by hand, or its identity lost the right to start it.",
            "The drill starts but never ends (stuck waiting), so no result is recorded.",
        ],
        firstSteps: [
            p.scheduleStep,
            "Read the last drill runs and their failing step; fix and rerun.",
            p.rerunStep,
        ],
    };
}

/** The newest successful automated backup is older than the backup schedule allows. */
export function backupFreshnessRunbook(p: {
    subject: In;
    /** The allowed age, e.g. `28 h`. */
    maxAge: string;
    /** Where the backups are listed. */
    backupsStep: In;
    backupNowStep: In;
}): Runbook {
    return {
        whatFired: pulumi.interpolate`No automated backup of ${p.subject} succeeded within ${p.maxAge}, longer than the daily backup schedule and its window allow. A restore now would lose more data than planned.`,
        likelyCauses: [
            "Automated backups were turned off, or the instance was stopped during the backup window.",
            "Backups are failing (see the failed-backup alert), e.g. an export or maintenance overlapping the window.",
            "The backup window was moved, so one day had no backup (clears after the next one).",
        ],
        firstSteps: [
            p.backupsStep,
            p.backupNowStep,
            "Check that automated backups and point-in-time recovery are still enabled as the spec says (a manual change drifts from it: deploy to restore it).",
        ],
    };
}

/** A scratch instance of a drill outlived its drill. */
export function scratchLeftoverRunbook(p: {
    /** What is left over, e.g. "A Cloud SQL instance labelled prodstack-restore-drill=true". */
    subject: In;
    /** How to list the leftovers. */
    listStep: In;
    /** How to delete one. */
    deleteStep: In;
}): Runbook {
    return {
        whatFired: pulumi.interpolate`${p.subject} is older than a day: a restore drill did not delete its scratch copy. It costs money every hour and holds a copy of production data.`,
        likelyCauses: [
            "The drill was cancelled or timed out between creating and deleting the copy.",
            "The delete call failed (a transient API error, or the drill's identity lost the right to delete).",
            "Deletion protection was turned on by hand on the copy.",
        ],
        firstSteps: [
            p.listStep,
            "Check no drill is running right now (a drill's copy younger than its run is not a leftover).",
            p.deleteStep,
        ],
    };
}
