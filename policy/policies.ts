/**
 * The policies of the pack, as plain CrossGuard policy objects: `name`, `description`,
 * `enforcementLevel`, `configSchema` and `validateResource` / `validateStack`, plus
 * prodstack's metadata (roadmap item, category, enforcement by tier, types examined).
 *
 * Both worlds use these same objects: `policy/index.ts` hands them to `new PolicyPack`
 * for real `pulumi preview --policy-pack policy` runs, and `policy/run.ts` calls their
 * validators on an offline plan. Policy names are cloud-neutral; each policy combines one
 * check per cloud (`rules/gcp/*`, `rules/aws/*`). A policy without a check for a cloud the
 * stack uses is a gap the report shows (roadmap.ts `notYetOn`), never a pass.
 */
import { DATA_POLICIES } from "./policies-data";
import { EDGE_POLICIES, EDGE_PROTECTION_POLICIES } from "./policies-edge";
import { IDENTITY_POLICIES } from "./policies-identity";
import { OBSERVABILITY_POLICIES } from "./policies-observability";
import { PLATFORM_POLICIES } from "./policies-platform";
import { isTier } from "./rules/common";
import type { EnforcementLevel, HardeningPolicy, Tier } from "./types";

/** The pack's name, as `pulumi preview` shows it. */
export const PACK_NAME = "prodstack-hardening";

/** Every policy of the pack, in roadmap order. */
export const POLICIES: readonly HardeningPolicy[] = [
    ...EDGE_POLICIES,
    ...DATA_POLICIES,
    ...EDGE_PROTECTION_POLICIES,
    ...IDENTITY_POLICIES,
    ...OBSERVABILITY_POLICIES,
    ...PLATFORM_POLICIES,
];

/** The policy named `name`. */
export function policyNamed(name: string): HardeningPolicy | undefined {
    return POLICIES.find((p) => p.name === name);
}

/**
 * Pack config for `pulumi preview --policy-pack policy --policy-pack-config <file>`: each
 * policy's enforcement level and tier for `tier` (policy/config/<tier>.json holds it).
 */
export function packConfig(tier: Tier): Record<string, { enforcementLevel: EnforcementLevel; tier: Tier }> {
    if (!isTier(tier)) throw new Error(`unknown tier ${String(tier)}`);
    return Object.fromEntries(POLICIES.map((p) => [p.name, { enforcementLevel: p.enforcement[tier], tier }]));
}
