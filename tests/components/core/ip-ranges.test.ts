import { recordedProblems } from "../../helpers/checker";
import { checkAllowlist, ipRangeProblem, isIpRange } from "../../../components/core/ip-ranges";

/** Problems `checkAllowlist` records for `ranges` at `routes[0].allowIpRanges`. */
const allowlistProblems = (ranges: unknown) => recordedProblems((check) => checkAllowlist(check, "routes[0].allowIpRanges", ranges));

describe("IP ranges", () => {
    it("accepts IPv4 and IPv6 addresses and networks, /0 to /32 and /128", () => {
        for (const ok of ["203.0.113.0/24", "203.0.113.7", "203.0.113.7/32", "0.0.0.0/0", "10.0.0.0/8", "2001:db8::/32", "2001:db8::1", "::/0"]) {
            expect([ok, ipRangeProblem(ok)]).toEqual([ok, undefined]);
        }
    });

    it("refuses host bits, naming the network meant, and bad syntax", () => {
        expect(ipRangeProblem("203.0.113.7/24")).toBe('a network address without host bits, such as "203.0.113.0/24"');
        expect(ipRangeProblem("10.1.2.3/8")).toBe('a network address without host bits, such as "10.0.0.0/8"');
        expect(ipRangeProblem("10.0.0.1/31")).toBe('a network address without host bits, such as "10.0.0.0/31"');
        for (const bad of ["10.0.0.0/33", "256.0.0.0/8", "office", "10.0.0.0/", "2001:db8::/129"]) expect(isIpRange(bad)).toBe(false);
        expect(ipRangeProblem(42)).toBe('an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24"');
    });

    it("refuses the whole internet in an allowlist only", () => {
        expect(ipRangeProblem("0.0.0.0/0", false)).toBe("a range narrower than the whole internet (an allowlist of everyone restricts nothing)");
        expect(ipRangeProblem("::/0", false)).toBe("a range narrower than the whole internet (an allowlist of everyone restricts nothing)");
        expect(ipRangeProblem("0.0.0.0/1", false)).toBeUndefined();
    });
});

describe("IP range syntax", () => {
    it.each([
        "0.0.0.0", "255.255.255.255", "250.249.200.199", "9.99.100.0", "10.0.0.0/8", "10.0.0.0/9", "10.0.0.0/19", "10.0.0.0/20", "10.0.0.0/29", "10.0.0.0/30", "10.0.0.0/32",
        "::", "::1", "2001:DB8::/32", "2001:db8::/9", "2001:db8::/99", "2001:db8::/100", "2001:db8::/119", "2001:db8::/128",
        "2001:0db8:0000:0000:0000:0000:0000:0001",
    ])("accepts %p", (range) => {
        expect(isIpRange(range)).toBe(true);
    });

    it.each([
        "256.0.0.0", "260.0.0.0", "300.0.0.0", "1.1.1.256", "1.1.1", "1.1.1.1.1", "1.1.1.1/33", "1.1.1.1/40", "1.1.1.1/", "x1.1.1.1", "1.1.1.1x", "1.1.1.1 ",
        "abcd", ":", "2001:db8::g", "x2001:db8::", "2001:db8:: ", "2001:db8::/129", "2001:db8::/130", "2001:db8::/09", "2001:db8::/200",
        "2001:0db8:0000:0000:0000:0000:0000:00001", undefined, 3232235776, ["10.0.0.0/8"],
    ])("rejects %p", (range) => {
        expect(isIpRange(range)).toBe(false);
    });

    it("names the network of an IPv4 range with host bits only: a /0 of another address is not the whole internet", () => {
        expect(ipRangeProblem("10.0.0.0/0", false)).toBe('a network address without host bits, such as "0.0.0.0/0"');
        expect(ipRangeProblem("10.0.0.1")).toBeUndefined();
        expect(ipRangeProblem("2001:db8::1/32")).toBeUndefined();
    });

    // Bug: `0::/0` and `2001:db8::/0` passed `ipRangeProblem(range, false)`, so the GCP WAF's and the
    // spec's route allowlists (which call it alone) accepted an allowlist of every IPv6 address.
    it("refuses every IPv6 /0 in an allowlist, however its address is written, and takes it where everyone is allowed", () => {
        for (const range of ["0::/0", "2001:db8::/0", "0:0:0:0:0:0:0:0/0"]) {
            expect([range, ipRangeProblem(range, false)]).toEqual([range, "a range narrower than /0 (it lets a whole address family in)"]);
            expect([range, ipRangeProblem(range)]).toEqual([range, undefined]);
        }
        expect(ipRangeProblem("2001:db8::/1", false)).toBeUndefined();
    });
});

describe("checkAllowlist", () => {
    it("takes 1 to 10 narrower-than-/0 networks of either family", () => {
        expect(allowlistProblems(["203.0.113.0/24"])).toEqual([]);
        expect(allowlistProblems(Array.from({ length: 10 }, (_, i) => `10.${i}.0.0/16`))).toEqual([]);
        expect(allowlistProblems(["2001:db8::/32", "0.0.0.0/1"])).toEqual([]);
    });

    it("refuses an empty list, more than 10 ranges or no list, and stops there", () => {
        const eleven = Array.from({ length: 11 }, (_, i) => `10.${i}.0.0/16`);
        expect(allowlistProblems([])).toEqual(["routes[0].allowIpRanges: expected 1 to 10 ranges, got []"]);
        expect(allowlistProblems(eleven)).toEqual([`routes[0].allowIpRanges: expected 1 to 10 ranges, got ${JSON.stringify(eleven).slice(0, 77)}...`]);
        expect(allowlistProblems("10.0.0.0/8")).toEqual(['routes[0].allowIpRanges: expected 1 to 10 ranges, got "10.0.0.0/8"']);
    });

    it("names each bad range by its index: syntax, host bits, the whole internet, a whole family", () => {
        expect(allowlistProblems(["203.0.113.0/24", "office", "10.0.0.1/8", "0.0.0.0/0", "::/0", "0::/0"])).toEqual([
            'routes[0].allowIpRanges[1]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got "office"',
            'routes[0].allowIpRanges[2]: expected a network address without host bits, such as "10.0.0.0/8", got "10.0.0.1/8"',
            'routes[0].allowIpRanges[3]: expected a range narrower than the whole internet (an allowlist of everyone restricts nothing), got "0.0.0.0/0"',
            'routes[0].allowIpRanges[4]: expected a range narrower than the whole internet (an allowlist of everyone restricts nothing), got "::/0"',
            'routes[0].allowIpRanges[5]: expected a range narrower than /0 (it lets a whole address family in), got "0::/0"',
        ]);
    });
});
