import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseSpec, specFromConfig, type EnvironmentSpec } from "./config";
import { deployGcp } from "./gcp";

/**
 * Reads and validates the environment spec from the running stack's config. The config
 * namespace is the project name (`prodstack:tier`, `prodstack:services`, …).
 */
export function loadSpec(): EnvironmentSpec {
    const namespace = pulumi.getProject();
    const source = `stack "${pulumi.getStack()}" (Pulumi.${pulumi.getStack()}.yaml)`;
    return parseSpec(specFromConfig(pulumi.runtime.allConfig(), namespace), source, namespace);
}

/** Deploys a validated spec to its cloud and returns the stack outputs. */
export function deployEnvironment(spec: EnvironmentSpec): Record<string, pulumi.Input<unknown>> {
    switch (spec.cloud) {
        case "gcp":
            return deployGcp(spec, pulumi.getStack());
        case "aws":
            throw new ConfigError(
                [`${pulumi.getProject()}:cloud: expected "gcp" (the AWS composition has not landed yet), got "aws"`],
                `stack "${pulumi.getStack()}"`,
            );
    }
}

/** The whole program: load, validate, deploy. */
export function main(): Record<string, pulumi.Input<unknown>> {
    return deployEnvironment(loadSpec());
}
