import { resourceName, slug } from "../../../components/core/naming";

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

describe("resourceName's rules", () => {
    it("turns every run of other characters into one hyphen and trims hyphens at both ends", () => {
        expect(resourceName(["-Acme_", "prod--db", "x!!y", "-"])).toBe("acme-prod-db-x-y");
    });

    it("keeps a name of exactly the limit (63 by default) and cuts one character longer", () => {
        expect(resourceName(["a".repeat(63)])).toBe("a".repeat(63));
        expect(resourceName(["a".repeat(64)])).toBe(`${"a".repeat(56)}-ffe054`);
        expect(resourceName(["a".repeat(20)], 20)).toBe("a".repeat(20));
    });

    it("drops a hyphen the cut leaves at the end, never one inside", () => {
        expect(resourceName(["abc-efghi", "y".repeat(20)], 17)).toBe("abc-efghi-443164");
    });
});

describe("slug", () => {
    it.each([
        ["SESSION_SECRET", "session-secret"],
        ["serviceAccount:a@b.com", "serviceaccount-a-b-com"],
        ["DB__URL", "db-url"],
        ["_token_", "token"],
    ])("slugs %j as %j", (text, expected) => {
        expect(slug(text)).toBe(expected);
    });

    it("never cuts a long text", () => {
        expect(slug(`${"a".repeat(70)}_B`)).toBe(`${"a".repeat(70)}-b`);
    });
});
