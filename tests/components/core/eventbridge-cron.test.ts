import { eventBridgeCron } from "../../../components/core/eventbridge-cron";

describe("unix cron to EventBridge Scheduler", () => {
    it.each([
        ["0 3 * * *", "cron(0 3 * * ? *)"],
        ["*/15 * * * *", "cron(*/15 * * * ? *)"],
        ["0 0 1 * *", "cron(0 0 1 * ? *)"],
        ["0 0 1,15 jan,jul *", "cron(0 0 1,15 JAN,JUL ? *)"],
        ["0 9 * * 1-5", "cron(0 9 ? * 2-6 *)"],
        ["0 6 * * 0", "cron(0 6 ? * 1 *)"],
        ["0 6 * * 7", "cron(0 6 ? * 1 *)"],
        ["0 6 * * 6", "cron(0 6 ? * 7 *)"],
        ["0 6 * * 0-6", "cron(0 6 ? * 1-7 *)"],
        ["0 6 * * mon,fri", "cron(0 6 ? * MON,FRI *)"],
        ["0 6 * * MON-FRI", "cron(0 6 ? * MON-FRI *)"],
        ["0 6 * * */2", "cron(0 6 ? * */2 *)"],
        ["0 6 * * 1,3-5", "cron(0 6 ? * 2,4-6 *)"],
        ["  0 6 * * 1  ", "cron(0 6 ? * 2 *)"],
    ])("%j becomes %s", (unix, expression) => {
        expect(eventBridgeCron(unix)).toEqual({ expression });
    });

    it.each([
        ["30 2 1 * 1", "a day of the month or a day of the week, not both (EventBridge cannot run on either, as unix cron does)"],
        ["0 0 * * 5-7", "days of the week EventBridge can number (0-6 or names, no range ending on or wrapping past Sunday: use 0 or SUN)"],
        ["0 0 * * 8", "days of the week EventBridge can number (0-6 or names, no range ending on or wrapping past Sunday: use 0 or SUN)"],
        ["0 0 * * 6-1", "days of the week EventBridge can number (0-6 or names, no range ending on or wrapping past Sunday: use 0 or SUN)"],
        ["0 0 * *", "five cron fields (minute hour day-of-month month day-of-week)"],
    ])("refuses %j: %s", (unix, problem) => {
        expect(eventBridgeCron(unix)).toEqual({ problem });
    });
});
