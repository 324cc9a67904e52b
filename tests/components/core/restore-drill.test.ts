import * as pulumi from "@pulumi/pulumi";
import {
    backupFreshnessRunbook, cadenceOf, cronPeriodSeconds, durationText, resolveRestoreDrill, RESTORE_DRILL_DEFAULTS,
    RESTORE_DRILL_LABEL, RESTORE_DRILL_RECORD_FIELDS, restoreDrillFailedRunbook, restoreDrillStaleRunbook, restoreDrillSummary,
    scratchLeftoverRunbook,
} from "../../../components/core/restore-drill";

describe("cronPeriodSeconds", () => {
    it.each([
        ["0 5 * * 1", 604800],
        ["0 5 * * MON", 604800],
        ["0 5 * * *", 86400],
        ["0 * * * *", 3600],
        ["*/15 * * * *", 900],
        ["5/20 * * * *", 1200],
        ["0 5 1 * *", 31 * 86400],
        ["0 5 * * 1-5", 3 * 86400],
        ["0 5 * * 1,4", 4 * 86400],
        ["0 6,18 * * *", 12 * 3600],
        ["0 5 1 JAN *", 366 * 86400],
        ["0 5 * * 0", 604800],
        ["0 5 * * 7", 604800],
        ["0 5 29 2 *", (5 * 365 + 1) * 86400],
        ["0 3 1 * 1", 7 * 86400],
        [" 0 5 * * 1 ", 604800],
        ["0 18,6 * * *", 12 * 3600],
        ["45,15 * * * *", 1800],
        ["0 0,23 * * *", 23 * 3600],
        ["0 5 1 JUL *", 366 * 86400],
        ["0 5 1 jul,jan *", 184 * 86400],
        ["0 5 * * SUN,1", 6 * 86400],
        ["0 5 * * MON,2", 6 * 86400],
        ["0 5 * * TUE,3", 6 * 86400],
        ["0 5 * * WED,4", 6 * 86400],
        ["0 5 * * THU,5", 6 * 86400],
        ["0 5 * * FRI,6", 6 * 86400],
        ["0 5 * * SAT,0", 6 * 86400],
        ["0 5 1 FEB,MAR,APR,MAY,JUN,AUG,SEP,OCT,NOV,DEC *", 62 * 86400],
    ])("%p runs at most every %p s", (cron, seconds) => {
        expect(cronPeriodSeconds(cron)).toBe(seconds);
    });
});

describe("cadence and durations", () => {
    it.each([[3600, "hourly"], [86400, "daily"], [604800, "weekly"], [2678400, "monthly"], [259200, "every 3 d"], [21600, "every 6 h"], [5400, "every 90 min"]])(
        "%p s reads %p", (s, text) => expect(cadenceOf(s)).toBe(text),
    );
    it.each([[60, "1 h"], [90, "90 min"], [5, "5 min"], [1440, "1 d"], [2160, "36 h"]])("%p min reads %p", (m, text) => expect(durationText(m)).toBe(text));
});

describe("restoreDrillSummary", () => {
    it("says cadence, offset and query", () => {
        expect(restoreDrillSummary({ schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60, verifyQuery: "SELECT 1 FROM users LIMIT 1" }))
            .toBe('restore drill weekly · PITR −1 h · verify "SELECT 1 FROM users LIMIT 1"');
        expect(restoreDrillSummary({ schedule: "0 4 * * *", pointInTimeOffsetMinutes: 90 })).toBe("restore drill daily · PITR −90 min");
    });
});

describe("resolveRestoreDrill", () => {
    const parsed = { schedule: "0 6 * * 2", pointInTimeOffsetMinutes: 30 };
    it("is on in prod and off elsewhere unless the spec says", () => {
        expect(resolveRestoreDrill(undefined, "prod")).toEqual({ schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60 });
        expect(resolveRestoreDrill(undefined, "non-prod")).toBeUndefined();
        expect(resolveRestoreDrill(parsed, "non-prod")).toBeUndefined();
        expect(resolveRestoreDrill({ ...parsed, enabled: true }, "non-prod")).toEqual(parsed);
        expect(resolveRestoreDrill({ ...parsed, enabled: false }, "prod")).toBeUndefined();
        expect(resolveRestoreDrill({ ...parsed, verifyQuery: "SELECT 1" }, "prod")).toEqual({ ...parsed, verifyQuery: "SELECT 1" });
    });
    it("documents its defaults, the label and the record fields", () => {
        expect(RESTORE_DRILL_DEFAULTS).toEqual({ schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60 });
        expect(RESTORE_DRILL_LABEL).toEqual({ key: "prodstack-restore-drill", value: "true" });
        expect(Object.values(RESTORE_DRILL_RECORD_FIELDS)).toEqual(["drill", "result", "durationSeconds", "step", "environment", "instance"]);
    });
});

describe("restore drill runbooks", () => {
    const text = (r: { whatFired: unknown; likelyCauses: unknown[]; firstSteps: unknown[] }) =>
        new Promise<string>((resolve) => {
            pulumi.output(r.whatFired as string).apply((w) => resolve([w, ...r.likelyCauses, ...r.firstSteps].join("\n")));
        });
    it("carries the cloud's steps in order after the shared diagnosis", async () => {
        const failed = restoreDrillFailedRunbook({ subject: "db", runStep: "RUN", rerunStep: "RERUN", leftoverStep: "LEFT" });
        expect(failed.firstSteps[0]).toBe("RUN");
        expect(failed.firstSteps[1]).toBe("LEFT");
        expect(failed.firstSteps[3]).toBe("RERUN");
        expect(await text(failed)).toContain("The scheduled restore drill of db failed");
        const stale = restoreDrillStaleRunbook({ subject: "db", window: "14 d", scheduleStep: "SCHED", rerunStep: "RERUN" });
        expect(stale.firstSteps).toEqual(["SCHED", expect.any(String), "RERUN"]);
        expect(await text(stale)).toContain("within 14 d (two schedule periods)");
        const fresh = backupFreshnessRunbook({ subject: "db", maxAge: "28 h", backupsStep: "LIST", backupNowStep: "NOW" });
        expect(fresh.firstSteps.slice(0, 2)).toEqual(["LIST", "NOW"]);
        expect(await text(fresh)).toContain("No automated backup of db succeeded within 28 h");
        expect(failed.likelyCauses).toEqual([
            expect.stringContaining("verification query no longer matches the schema"),
            expect.stringContaining("outside the recovery window"),
            expect.stringContaining("quota or capacity limit"),
            expect.stringContaining("lost a permission"),
        ]);
        expect(failed.firstSteps[2]).toContain("a restore that fails twice as a data-loss risk");
        expect(stale.likelyCauses).toEqual([
            expect.stringContaining("Every drill since has failed"),
            expect.stringContaining("scheduler stopped triggering"),
            expect.stringContaining("never ends"),
        ]);
        expect(stale.firstSteps[1]).toContain("failing step");
        expect(fresh.likelyCauses).toEqual([
            expect.stringContaining("turned off, or the instance was stopped"),
            expect.stringContaining("Backups are failing"),
            expect.stringContaining("backup window was moved"),
        ]);
        expect(fresh.firstSteps[2]).toContain("still enabled as the spec says");
        const left = scratchLeftoverRunbook({ subject: "A copy", listStep: "LIST", deleteStep: "DEL" });
        expect(left.likelyCauses).toEqual([
            expect.stringContaining("cancelled or timed out"),
            expect.stringContaining("delete call failed"),
            expect.stringContaining("Deletion protection was turned on"),
        ]);
        expect(left.firstSteps[1]).toContain("no drill is running right now");
        expect(left.firstSteps).toEqual(["LIST", expect.any(String), "DEL"]);
        expect(await text(left)).toContain("A copy is older than a day");
    });
});
