import { byTier, isProd, TIERS } from "../../../components/core/tier";

describe("tiers", () => {
    it("lists prod and non-prod", () => {
        expect(TIERS).toEqual(["prod", "non-prod"]);
    });

    it("treats only prod as production", () => {
        expect([isProd("prod"), isProd("non-prod")]).toEqual([true, false]);
    });

    it("picks the production or the non-production value", () => {
        const retention = { prod: 30, nonProd: 7 };
        expect([byTier("prod", retention), byTier("non-prod", retention)]).toEqual([30, 7]);
    });
});
