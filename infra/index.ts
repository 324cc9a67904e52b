/**
 * The Pulumi program (`main: infra/` in Pulumi.yaml). Invalid config stops the run with
 * one clear message and no stack trace, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../components/core";
import { ConfigError } from "./config";
import { main } from "./program";

function run(): Record<string, pulumi.Input<unknown>> {
    try {
        return main();
    } catch (err) {
        if (err instanceof ConfigError || err instanceof InvalidArgsError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

export = run();
