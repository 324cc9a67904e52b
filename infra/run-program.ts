/** What both Pulumi programs (the stacks, the identity bootstrap) do with bad config. */
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../components/core";
import { ConfigError } from "./config";

/** Runs `main`; invalid config or args stop the run with one clear message and no stack trace. */
export function runProgram<T>(main: () => T): T {
    try {
        return main();
    } catch (err) {
        if (err instanceof ConfigError || err instanceof InvalidArgsError) throw new pulumi.RunError(err.message);
        throw err;
    }
}
