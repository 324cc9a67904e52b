/**
 * IP ranges as the edges of both clouds take them (Cloud Armor, AWS WAF IP sets): an IPv4 or
 * IPv6 address or CIDR. A range with host bits set (`10.0.0.1/8`) is refused: it usually means
 * a typo, and the clouds either reject it or silently widen it.
 */

import { formatIpv4Cidr, isNetworkAddress, networkOf, parseIpv4Cidr } from "./cidr";
import type { ArgsChecker } from "./errors";

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/([0-9]|[12]\d|3[0-2]))?$/;
const IPV6 = /^(?=.*:)[0-9a-f:]{2,39}(\/([0-9]|[1-9]\d|1[01]\d|12[0-8]))?$/i;

/** What {@link ipRangeProblem} expects, for error messages. */
export const IP_RANGE_EXPECTED = "an IPv4 or IPv6 address or CIDR range such as \"198.51.100.0/24\"";

/** True for an IPv4 or IPv6 address or CIDR (host bits not checked). */
export function isIpRange(value: unknown): value is string {
    return typeof value === "string" && (IPV4.test(value) || IPV6.test(value));
}

/** The IPv4 network `a.b.c.d/len` with host bits cleared, e.g. `10.0.0.0/8` for `10.0.0.1/8`; undefined when none are set. */
function ipv4Network(range: string): string | undefined {
    const cidr = parseIpv4Cidr(range);
    return cidr && !isNetworkAddress(cidr) ? formatIpv4Cidr(networkOf(cidr)) : undefined;
}

/**
 * What is wrong with `value` as an IP range, as the `expected …` text of an error, or
 * undefined when it is fine. `allowEveryone: false` also refuses `0.0.0.0/0` and every IPv6 `/0`
 * (for allowlists, where they would mean no restriction).
 */
export function ipRangeProblem(value: unknown, allowEveryone = true): string | undefined {
    if (!isIpRange(value)) return IP_RANGE_EXPECTED;
    if (!allowEveryone && (value === "0.0.0.0/0" || value === "::/0")) {
        return "a range narrower than the whole internet (an allowlist of everyone restricts nothing)";
    }
    const v4 = IPV4.test(value);
    // Host bits of IPv6 are not checked, so any IPv6 `…/0` (`2001:db8::/0`, `0::/0`) is every IPv6 address.
    if (!allowEveryone && !v4 && value.endsWith("/0")) return "a range narrower than /0 (it lets a whole address family in)";
    const network = v4 ? ipv4Network(value) : undefined;
    return network ? `a network address without host bits, such as "${network}"` : undefined;
}

/** Most ranges a route allowlist takes: one Cloud Armor rule match; AWS keeps the same bound. */
export const MAX_ALLOWLIST_RANGES = 10;

/**
 * Records into `check` every problem with a route allowlist at `key`: 1 to 10 ranges, each
 * a network narrower than /0 (a /0 in either family lets its whole family in).
 */
export function checkAllowlist(check: ArgsChecker, key: string, ranges: unknown): void {
    const ok = Array.isArray(ranges) && ranges.length >= 1 && ranges.length <= MAX_ALLOWLIST_RANGES;
    if (!check.check(ok, key, `1 to ${MAX_ALLOWLIST_RANGES} ranges`, ranges)) return;
    (ranges as unknown[]).forEach((range, k) => {
        const problem = ipRangeProblem(range, false);
        if (problem) check.fail(`${key}[${k}]`, problem, range);
    });
}
