import type { EnvironmentSpec } from "./config";

/**
 * Labels every resource of the environment carries (GCP labels, AWS tags): the user's
 * labels plus who manages it, which environment and which tier.
 */
export function environmentLabels(spec: EnvironmentSpec, stack: string): Record<string, string> {
    return {
        ...spec.labels,
        "managed-by": "prodstack",
        environment: stack.toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 63),
        tier: spec.tier,
    };
}
