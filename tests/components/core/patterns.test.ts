import { CRON } from "../../../components/core/patterns";

describe("CRON", () => {
    it.each([
        "0 3 * * *",
        "*/15 * * * *",
        "59 23 31 12 7",
        "0 0 1 1 0",
        "*/15 0-6 1,15 JAN-MAR MON-FRI",
        "30 2 * * sun",
        "0 */2 * * 1-5/2",
        "5,35 09 01 06 *",
    ])("accepts %p", (cron) => {
        expect(CRON.test(cron)).toBe(true);
    });

    it.each([
        ["60 3 * * *", "minute above 59"],
        ["0 24 * * *", "hour above 23"],
        ["0 3 0 * *", "day of month 0"],
        ["0 3 32 * *", "day of month above 31"],
        ["0 3 * 0 *", "month 0"],
        ["0 3 * 13 *", "month above 12"],
        ["0 3 * * 8", "day of week above 7"],
        ["0 3 * * FUN", "an unknown day name"],
        ["0 3 * SEPT *", "a month name longer than three letters"],
        ["*/0 * * * *", "a zero step"],
        ["0 3 * *", "four fields"],
        ["0 3 * * * 2026", "six fields"],
        ["0 3 * * * ", "a trailing space"],
        ["every day", "words"],
    ])("rejects %p (%s)", (cron) => {
        expect(CRON.test(cron)).toBe(false);
    });

    it("answers at once on long hostile input", () => {
        const start = Date.now();
        expect(CRON.test(`${"1-2/3,".repeat(2000)} * * * *`)).toBe(false);
        expect(CRON.test(`* * * * ${"MON,".repeat(3000)}!`)).toBe(false);
        expect(Date.now() - start).toBeLessThan(500);
    });
});
