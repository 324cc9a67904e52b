/**
 * The bootstrap Pulumi program (`main: index.ts` in infra/bootstrap/Pulumi.yaml). Invalid
 * config stops the run with one clear message, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../components/core";
import { ConfigError } from "../config";
import { main } from "./program";

function run(): ReturnType<typeof main> {
    try {
        return main();
    } catch (err) {
        if (err instanceof ConfigError || err instanceof InvalidArgsError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

export = run();
