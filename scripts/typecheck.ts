/**
 * `npm run typecheck`: type-checks the project (tsconfig.json) and, in the same compiler run,
 * the `@example` of every component class as a user's program importing `prodstack` (see
 * tests/helpers/examples.ts). One run: the examples share the loaded SDK typings, so they
 * cost well under a second instead of a separate ~10 s compile.
 */
import * as path from "path";
import * as ts from "typescript";
import { componentExamples, examplesProgram } from "../tests/helpers/examples";

const ROOT = path.resolve(__dirname, "..");
const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
if (!config) throw new Error("cannot read tsconfig.json");
// Named by cloud and class: gcp and aws both have a Network, and one virtual module must not hide the other.
const examples = componentExamples().flatMap((c) => c.examples.map((code, i) => ({ component: `${path.dirname(c.file)}-${c.component}${i ? i + 1 : ""}`, code })));
const program = examplesProgram(examples, config.fileNames, config.options);
const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
if (diagnostics.length) {
    process.stderr.write(
        ts.formatDiagnosticsWithColorAndContext(diagnostics, {
            getCanonicalFileName: (f) => f,
            getCurrentDirectory: () => ROOT,
            getNewLine: () => "\n",
        }),
    );
    process.exitCode = 1;
}
