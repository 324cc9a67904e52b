import { eventBridgeCron } from "../../../infra/aws/schedule";

describe("eventBridgeCron", () => {
    const cases: Array<[string, string]> = [
        ["0 3 * * *", "cron(0 3 * * ? *)"],
        ["30 2 1 * *", "cron(30 2 1 * ? *)"],
        // Unix counts days of the week from 0 (Sunday); names never get read the other way.
        ["0 3 * * 1-5", "cron(0 3 ? * MON,TUE,WED,THU,FRI *)"],
        ["0 3 * * 0", "cron(0 3 ? * SUN *)"],
        ["0 3 * * 7", "cron(0 3 ? * SUN *)"],
        ["0 3 * * 5-7", "cron(0 3 ? * SUN,FRI,SAT *)"],
        ["0 3 * * sat,sun", "cron(0 3 ? * SUN,SAT *)"],
        ["0 3 * * */2", "cron(0 3 ? * SUN,TUE,THU,SAT *)"],
        ["0 3 * * 1/2", "cron(0 3 ? * SUN,MON,WED,FRI *)"],
        ["0 3 * * 0-7", "cron(0 3 * * ? *)"],
        ["*/15 * * * *", "cron(0/15 * * * ? *)"],
        ["0 */6 */2 * *", "cron(0 0/6 1/2 * ? *)"],
    ];
    it.each(cases)("converts %s to %s", (cron, expression) => {
        expect(eventBridgeCron(cron)).toEqual({ expression });
    });

    it("names what it cannot express", () => {
        expect(eventBridgeCron("0 3 * * MON/0")).toEqual({ problem: 'a step of at least 1 in "MON/0"' });
        expect(eventBridgeCron("0 3 * * 8")).toEqual({ problem: 'days of the week as 0-7 or SUN-SAT in "8"' });
        expect(eventBridgeCron("0 3 * * 5-1")).toEqual({ problem: 'days of the week as 0-7 or SUN-SAT in "5-1"' });
    });
});
