import { ipRangeProblem, isIpRange } from "../../../components/core/ip-ranges";

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
