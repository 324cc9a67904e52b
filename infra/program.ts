import * as pulumi from "@pulumi/pulumi";
import { parseSpec, specFromConfig, type EnvironmentSpec } from "./config";

/**
 * Reads and validates the environment spec from the running stack's config. The config
 * namespace is the project name (`prodstack:tier`, `prodstack:services`, …).
 */
export function loadSpec(): EnvironmentSpec {
    const namespace = pulumi.getProject();
    const source = `stack "${pulumi.getStack()}" (Pulumi.${pulumi.getStack()}.yaml)`;
    return parseSpec(specFromConfig(pulumi.runtime.allConfig(), namespace), source, namespace);
}

/**
 * Deploys a validated spec to its cloud and returns the stack outputs. Each cloud's
 * composition is loaded only when chosen, so a GCP stack never loads `@pulumi/aws` and an
 * AWS stack never loads `@pulumi/gcp`.
 */
export function deployEnvironment(spec: EnvironmentSpec): Record<string, pulumi.Input<unknown>> {
    /* eslint-disable @typescript-eslint/no-require-imports -- one cloud's composition, on demand */
    switch (spec.cloud) {
        case "gcp":
            return (require("./gcp") as typeof import("./gcp")).deployGcp(spec, pulumi.getStack());
        case "aws":
            return (require("./aws") as typeof import("./aws")).deployAws(spec, pulumi.getStack());
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/** The whole program: load, validate, deploy. */
export function main(): Record<string, pulumi.Input<unknown>> {
    return deployEnvironment(loadSpec());
}
