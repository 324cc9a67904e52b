/**
 * The environment tier. It flips only what must differ between production and
 * everything else: HA, deletion protection, retention and minimum instances.
 */
export type Tier = "prod" | "non-prod";

/** All tiers, for validation messages. */
export const TIERS: readonly Tier[] = ["prod", "non-prod"];

/** True for the production tier. */
export function isProd(tier: Tier): boolean {
    return tier === "prod";
}

/** Picks the production or non-production value of a tier-dependent default. */
export function byTier<T>(tier: Tier, values: { prod: T; nonProd: T }): T {
    return isProd(tier) ? values.prod : values.nonProd;
}
