import { CLOUDWATCH_RETENTION_DAYS, cloudWatchRetentionAtLeast, cloudWatchRetentionProblem } from "../../../components/core/log-retention";

const ALLOWED = "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";

describe("CloudWatch log retention", () => {
    it("lists exactly the values PutRetentionPolicy accepts, without 0 (never expire)", () => {
        expect(CLOUDWATCH_RETENTION_DAYS.join(", ")).toBe(ALLOWED);
    });

    it.each([1, 7, 30, 365, 400, 731, 3653])("accepts %s days", (days) => {
        expect(cloudWatchRetentionProblem(days)).toBeUndefined();
    });

    it.each([
        [3650, "3288 or 3653"],
        [366, "365 or 400"],
        [2, "1 or 3"],
        [364, "180 or 365"],
        [0, "1"],
        [3654, "3653"],
        [4000, "3653"],
    ])("rejects %s days and names the nearest values (%s)", (days, nearest) => {
        expect(cloudWatchRetentionProblem(days)).toBe(`a CloudWatch Logs retention in days (${ALLOWED}); nearest: ${nearest}`);
    });

    it("rejects a non-number without suggesting one", () => {
        expect(cloudWatchRetentionProblem(NaN)).toBe(`a CloudWatch Logs retention in days (${ALLOWED})`);
    });

    it.each([
        [1, 1],
        [2, 3],
        [365, 365],
        [366, 400],
        [3650, 3653],
        [3653, 3653],
        [3654, undefined],
    ])("maps %s days to the smallest retention that keeps them: %s", (days, mapped) => {
        expect(cloudWatchRetentionAtLeast(days)).toBe(mapped);
    });
});
