import { describeCron } from "../../../infra/plan/summaries-workloads";

describe("schedules in plan summaries", () => {
    it.each([
        ["0 3 * * *", "daily 03:00"],
        ["30 14 * * *", "daily 14:30"],
        ["5 * * * *", "hourly at :05"],
        ["0 4 * * 1", "Mondays 04:00"],
        ["0 4 * * 0", "Sundays 04:00"],
        ["0 4 * * 7", "Sundays 04:00"],
        ["*/15 * * * *", 'cron "*/15 * * * *"'],
        ["0 3 1 * *", 'cron "0 3 1 * *"'],
        ["0 4 * * MON", 'cron "0 4 * * MON"'],
    ])("%s reads as %s", (cron, text) => {
        expect(describeCron(cron)).toBe(text);
    });
});
