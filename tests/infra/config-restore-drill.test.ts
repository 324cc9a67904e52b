import { parseSpec } from "../../infra/config";
import { problemsOf, rawAwsSpec, rawSpec } from "../helpers/spec";

/** A valid raw spec (gcp unless `aws`) whose database.restoreDrill is `drill`, changed by `edit`. */
function withDrill(drill: unknown, edit?: (raw: Record<string, any>) => void, aws = false): Record<string, any> {
    const raw = JSON.parse(JSON.stringify(aws ? rawAwsSpec() : rawSpec())) as Record<string, any>;
    raw.database = { ...(raw.database ?? {}), restoreDrill: drill };
    edit?.(raw);
    return raw;
}

describe("database.restoreDrill", () => {
    it("fills the documented defaults and leaves enabled to the tier", () => {
        expect(parseSpec(withDrill({}), "t").database!.restoreDrill).toEqual({ schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60 });
        expect(parseSpec(rawSpec(), "t").database!.restoreDrill).toBeUndefined();
    });

    it("takes every field", () => {
        const drill = { enabled: true, schedule: "30 6 * * 0", pointInTimeOffsetMinutes: 5, verifyQuery: "SELECT 1 FROM users LIMIT 1;" };
        expect(parseSpec(withDrill(drill), "t").database!.restoreDrill).toEqual(drill);
    });

    it("refuses unknown keys, a non-boolean enabled and a schedule that is not cron", () => {
        expect(problemsOf(withDrill({ enable: true }))).toEqual([
            expect.stringMatching(/^prodstack:database\.restoreDrill(\.enable)?: .*enable/),
        ]);
        expect(problemsOf(withDrill({ enabled: "yes" }))).toEqual(['prodstack:database.restoreDrill.enabled: expected true or false, got "yes"']);
        expect(problemsOf(withDrill({ schedule: "weekly" }))).toEqual([
            'prodstack:database.restoreDrill.schedule: expected a five-field cron expression in UTC such as "0 5 * * 1", got "weekly"',
        ]);
    });

    it.each([
        [4, false], [5, true], [4320, true], [4321, false],
    ])("on non-prod (3 days of PITR) takes an offset of %p minutes: %p", (minutes, ok) => {
        const raw = withDrill({ pointInTimeOffsetMinutes: minutes });
        if (ok) expect(parseSpec(raw, "t").database!.restoreDrill!.pointInTimeOffsetMinutes).toBe(minutes);
        else {
            expect(problemsOf(raw)).toEqual([minutes < 5
                ? "prodstack:database.restoreDrill.pointInTimeOffsetMinutes: expected an integer from 5 to 50400, got 4"
                : "prodstack:database.restoreDrill.pointInTimeOffsetMinutes: expected at most 4320 minutes: the point in time must lie within the point-in-time-recovery window (backups.pitrDays, 3 days), got 4321"]);
        }
    });

    it("measures the window by pitrDays when set, and by the prod default (7 days) in prod", () => {
        expect(() => parseSpec(withDrill({ pointInTimeOffsetMinutes: 1440 }, (r) => (r.database.backups = { pitrDays: 1 })), "t")).not.toThrow();
        expect(problemsOf(withDrill({ pointInTimeOffsetMinutes: 1441 }, (r) => (r.database.backups = { pitrDays: 1 })))).toEqual([
            expect.stringContaining("expected at most 1440 minutes"),
        ]);
        const prod = (minutes: number) => {
            const raw = rawSpec("prod") as Record<string, any>;
            raw.database = { restoreDrill: { pointInTimeOffsetMinutes: minutes } };
            return raw;
        };
        expect(parseSpec(prod(10080), "t").database!.restoreDrill!.pointInTimeOffsetMinutes).toBe(10080);
        expect(problemsOf(prod(10081))).toEqual([expect.stringContaining("expected at most 10080 minutes")]);
        expect(problemsOf(prod(50401))).toEqual([expect.stringContaining("expected an integer from 5 to 50400, got 50401")]);
    });

    it("refuses a schedule one cloud's scheduler cannot run, on both clouds", () => {
        const expected = "prodstack:database.restoreDrill.schedule: expected a day of the month or a day of the week, not both (EventBridge cannot run on either, as unix cron does), got \"0 5 1 * 1\"";
        expect(problemsOf(withDrill({ schedule: "0 5 1 * 1" }))).toEqual([expected]);
        expect(problemsOf(withDrill({ schedule: "0 5 1 * 1" }, undefined, true))).toEqual([expected]);
        expect(problemsOf(withDrill({ schedule: "0 5 * * 5-7" }))).toEqual([expect.stringContaining("restoreDrill.schedule: expected days of the week EventBridge can number")]);
        expect(parseSpec(withDrill({ schedule: "0 5 1 * *" }, undefined, true), "t").database!.restoreDrill!.schedule).toBe("0 5 1 * *");
    });

    it.each([
        ["SELECT 1 FROM users LIMIT 1", true],
        ["  with t as (select 1) select * from t;  ", true],
        ["TABLE users", true],
        ["VALUES (1)", true],
        ["SHOW TABLES", true],
        ["SELECT 1; DROP TABLE users", false],
        ["DELETE FROM users", false],
        ["selection", false],
        ["", false],
    ])("verifyQuery %p is accepted: %p", (query, ok) => {
        if (ok) expect(parseSpec(withDrill({ verifyQuery: query }), "t").database!.restoreDrill!.verifyQuery).toBe(query);
        else expect(problemsOf(withDrill({ verifyQuery: query }))).toEqual([expect.stringMatching(/^prodstack:database\.restoreDrill\.verifyQuery: expected (one SQL statement|a query that returns rows)/)]);
    });

    it("limits verifyQuery to 1000 characters", () => {
        const at = (n: number) => `SELECT 1${" ".repeat(n - 8)}`;
        expect(() => parseSpec(withDrill({ verifyQuery: at(1000) }), "t")).not.toThrow();
        expect(problemsOf(withDrill({ verifyQuery: at(1001) }))).toEqual([
            expect.stringMatching(/^prodstack:database\.restoreDrill\.verifyQuery: expected at most 1000 characters, got 1001 characters$/),
        ]);
    });

    it("names a non-statement and a second statement", () => {
        expect(problemsOf(withDrill({ verifyQuery: "SELECT 1; SELECT 2" }))).toEqual([
            'prodstack:database.restoreDrill.verifyQuery: expected one SQL statement (no ";" between statements), got "SELECT 1; SELECT 2"',
        ]);
        expect(problemsOf(withDrill({ verifyQuery: "UPDATE users SET x = 1" }))).toEqual([
            'prodstack:database.restoreDrill.verifyQuery: expected a query that returns rows, starting with SELECT, WITH, VALUES, TABLE or SHOW, got "UPDATE users SET x = 1"',
        ]);
    });
});
