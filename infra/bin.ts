#!/usr/bin/env node
/**
 * The `prodstack` executable: checks the command's optional peer dependencies before loading
 * the command (whose modules import them), then runs it. Exit code 1 when a peer is missing.
 */
import { missingPeersMessage } from "./peers";

const missing = missingPeersMessage();
if (missing) {
    process.stderr.write(missing);
    process.exitCode = 1;
} else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only once its peers are known to resolve
    const { runCli } = require("./cli") as typeof import("./cli");
    runCli(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
