import { CRON, HOSTNAME, HOSTNAME_EXPECTED, isTimeZone, normalizePrefix, PATH_PREFIX } from "../../../components/core/patterns";

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

/** A hostname of `length` characters: labels of 63, a last label padded to fit, then `.com`. */
const hostnameOf = (length: number) => {
    const labels = ["a".repeat(63), "a".repeat(63), "a".repeat(63)];
    return `${labels.join(".")}.${"b".repeat(length - 192 - 4)}.com`;
};

describe("HOSTNAME", () => {
    it.each([
        "api.example.com", "a.io", "1-a.b2.example", "x-y.example.com", `${"a".repeat(63)}.com`, `a.${"c".repeat(63)}`, hostnameOf(253),
    ])("accepts %p", (host) => {
        expect(HOSTNAME.test(host)).toBe(true);
    });

    it("is described in words for error messages", () => {
        expect(HOSTNAME_EXPECTED).toBe('a lowercase DNS hostname such as "api.example.com"');
    });

    it.each([
        ["", "empty"], ["example", "one label"], ["api.example.c", "a one-letter TLD"], [`a.${"c".repeat(64)}`, "a TLD of 64 letters"],
        ["api.example.c0m", "a TLD with a digit"], [`${"a".repeat(64)}.com`, "a label of 64"], ["-api.example.com", "a label starting with a hyphen"],
        ["api-.example.com", "a label ending with a hyphen"], ["api..example.com", "an empty label"], ["API.example.com", "uppercase"],
        ["*.example.com", "a wildcard"], ["api.example.com.", "a trailing dot"], [" api.example.com", "a leading space"],
        ["api.example.com ", "a trailing space"], ["api_x.example.com", "an underscore"], [hostnameOf(254), "254 characters"],
    ])("rejects %p (%s)", (host) => {
        expect(HOSTNAME.test(host)).toBe(false);
    });
});

describe("PATH_PREFIX and normalizePrefix", () => {
    it.each(["/", "/api", "/api/", "/api/v1/", "/a.b_c~d-E9", `/${"a".repeat(999)}`])("accepts %p", (prefix) => {
        expect(PATH_PREFIX.test(prefix)).toBe(true);
    });

    it.each(["", "api", "//", "/api//v1", "/api?x=1", "/a b", "/caf%C3%A9", " /api", "/api ", `/${"a".repeat(1000)}`])("rejects %p", (prefix) => {
        expect(PATH_PREFIX.test(prefix)).toBe(false);
    });

    it.each([
        [undefined, "/"], ["/", "/"], ["", "/"], ["//", "/"], ["/api", "/api"], ["/api/", "/api"], ["/api//", "/api"], ["/api/v1/", "/api/v1"],
    ])("normalizes %p to %p", (prefix, normal) => {
        expect(normalizePrefix(prefix)).toBe(normal);
    });
});

describe("isTimeZone", () => {
    it.each(["Europe/Berlin", "Etc/UTC", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+1", "Etc/GMT-14", "EST5EDT"])("accepts %p", (tz) => {
        expect(isTimeZone(tz)).toBe(true);
    });

    it.each(["", "Mars/Olympus", "Europe/Berlin/Mitte/Nord", "Europe//Berlin", "/Europe/Berlin", "Europe/", "_Europe/Berlin", " Europe/Berlin", "Europe/Berlin ", "+01:00"])(
        "rejects %p", (tz) => {
            expect(isTimeZone(tz)).toBe(false);
        });
});
