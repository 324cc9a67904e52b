import { resourceName } from "../../../components/core/naming";

describe("resourceName", () => {
    it("joins, lowercases and hyphenates parts", () => {
        expect(resourceName(["Acme", "prod", "", "db_primary"])).toBe("acme-prod-db-primary");
    });

    it("cuts long names and keeps them distinct and stable with a hash suffix", () => {
        const a = resourceName(["acme-prod", "a-very-long-service-name-that-goes-on"], 30);
        const b = resourceName(["acme-prod", "a-very-long-service-name-that-goes-on-and-on"], 30);
        expect(a).toHaveLength(30);
        expect(a).toMatch(/^acme-prod-a-very-long-s-[0-9a-f]{6}$/);
        expect(a).not.toBe(b);
        expect(resourceName(["acme-prod", "a-very-long-service-name-that-goes-on"], 30)).toBe(a);
    });
});
