import { contains, formatIpv4Cidr, isNetworkAddress, isRfc1918, networkOf, parseIpv4Cidr, subdivide } from "../../../components/core/cidr";

const cidr = (text: string) => {
    const parsed = parseIpv4Cidr(text);
    if (!parsed) throw new Error(`test CIDR ${text} does not parse`);
    return parsed;
};

describe("IPv4 CIDR helpers", () => {
    it.each(["0.0.0.0/0", "10.0.0.0/16", "255.255.255.255/32", "192.168.1.0/24"])("parses and renders %s unchanged", (text) => {
        expect(formatIpv4Cidr(cidr(text))).toBe(text);
    });

    it.each(["10.0.0.0", "10.0.0.256/16", "10.0.0.0/33", "10.0.0/16", "10.0.0.0/", " 10.0.0.0/16", "a.b.c.d/8", "1000.0.0.0/8"])(
        "rejects %j",
        (text) => {
            expect(parseIpv4Cidr(text)).toBeUndefined();
        },
    );

    it.each([
        ["10.20.0.0/16", true],
        ["10.20.1.0/16", false],
        ["10.20.1.0/24", true],
        ["10.20.1.16/28", true],
        ["10.20.1.8/28", false],
    ])("%s is a network address: %s", (text, expected) => {
        expect(isNetworkAddress(cidr(text))).toBe(expected);
    });

    it("finds the network of a misaligned block", () => {
        expect(formatIpv4Cidr(networkOf(cidr("10.20.1.7/16")))).toBe("10.20.0.0/16");
    });

    it("subdivides a parent into numbered blocks and refuses blocks that do not fit", () => {
        const vpc = cidr("10.20.0.0/16");
        expect(formatIpv4Cidr(subdivide(vpc, 19, 0))).toBe("10.20.0.0/19");
        expect(formatIpv4Cidr(subdivide(vpc, 19, 3))).toBe("10.20.96.0/19");
        expect(formatIpv4Cidr(subdivide(vpc, 19, 7))).toBe("10.20.224.0/19");
        expect(formatIpv4Cidr(subdivide(cidr("10.20.128.0/19"), 22, 7))).toBe("10.20.156.0/22");
        expect(() => subdivide(vpc, 19, 8)).toThrow("block 8 of /19 does not fit in 10.20.0.0/16");
        expect(() => subdivide(vpc, 15, 0)).toThrow(RangeError);
        expect(() => subdivide(vpc, 19, -1)).toThrow(RangeError);
    });

    it.each([
        ["10.0.0.0/8", "10.255.255.0/24", true],
        ["10.0.0.0/16", "10.0.255.255/32", true],
        ["10.0.0.0/16", "10.1.0.0/24", false],
        ["10.0.0.0/16", "10.0.0.0/8", false],
    ])("%s contains %s: %s", (outer, inner, expected) => {
        expect(contains(cidr(outer), cidr(inner))).toBe(expected);
    });

    it.each([
        ["10.0.0.0/16", true],
        ["172.16.0.0/12", true],
        ["172.31.0.0/16", true],
        ["172.32.0.0/16", false],
        ["192.168.0.0/16", true],
        ["192.169.0.0/16", false],
        ["100.64.0.0/16", false],
        ["8.0.0.0/16", false],
        ["10.0.0.0/7", false],
    ])("%s is RFC 1918: %s", (text, expected) => {
        expect(isRfc1918(cidr(text))).toBe(expected);
    });
});
