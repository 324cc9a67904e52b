/**
 * IPv4 CIDR arithmetic for subnet plans. Pure functions on numbers: no dependency, and
 * every result is checked to lie inside its parent range.
 */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Cidr {
    /**
     * First address as an unsigned 32-bit number.
     * @default none (required)
     */
    base: number;
    /**
     * Prefix length, 0 to 32.
     * @default none (required)
     */
    prefix: number;
}

const CIDR_SYNTAX = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; undefined when it is not an IPv4 CIDR (octets ≤ 255, prefix ≤ 32). */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
    const m = CIDR_SYNTAX.exec(text);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    return { base: octets.reduce((acc, o) => acc * 256 + o, 0), prefix };
}

/** Renders a block as `a.b.c.d/n`. */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
    return `${octets.join(".")}/${cidr.prefix}`;
}

/** True when the address has no bits set past the prefix (`10.0.0.0/16`, not `10.0.1.0/16`). */
export function isNetworkAddress(cidr: Ipv4Cidr): boolean {
    return cidr.base % 2 ** (32 - cidr.prefix) === 0;
}

/** The network address of the block the address falls in, e.g. `10.0.1.0/16` → `10.0.0.0/16`. */
export function networkOf(cidr: Ipv4Cidr): Ipv4Cidr {
    const size = 2 ** (32 - cidr.prefix);
    return { base: cidr.base - (cidr.base % size), prefix: cidr.prefix };
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
    const outerSize = 2 ** (32 - outer.prefix);
    return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base < outer.base + outerSize;
}

/**
 * The `index`-th block of prefix length `prefix` inside `parent` (index 0 starts at the
 * parent's first address). Throws when the block would not fit: callers size their plan first.
 */
export function subdivide(parent: Ipv4Cidr, prefix: number, index: number): Ipv4Cidr {
    const count = 2 ** (prefix - parent.prefix);
    if (prefix < parent.prefix || prefix > 32 || !Number.isInteger(index) || index < 0 || index >= count) {
        throw new RangeError(`block ${index} of /${prefix} does not fit in ${formatIpv4Cidr(parent)}`);
    }
    return { base: parent.base + index * 2 ** (32 - prefix), prefix };
}

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseIpv4Cidr(c)!);

/** True when the block lies inside one of the RFC 1918 private ranges. */
export function isRfc1918(cidr: Ipv4Cidr): boolean {
    return PRIVATE_RANGES.some((range) => contains(range, cidr));
}
