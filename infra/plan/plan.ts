/** Plans one stack: load its config, validate the spec, run the real program under mocks. */
import { parseSpec, specFromConfig } from "../config";
import { PLAN_FORMAT_VERSION, OFFLINE_NOTE, type PlanDocument } from "./document";
import { runUnderMocks } from "./engine";
import { loadStack } from "./stack-files";

/**
 * Produces the plan document of `stack` in the project at `root`. Throws `ConfigError`
 * (invalid spec) or `PlanInputError` (unknown stack) before any resource is registered.
 */
export async function planStack(root: string, stackName: string): Promise<PlanDocument> {
    const stack = loadStack(root, stackName);
    const spec = parseSpec(specFromConfig(stack.config, stack.project), stack.file, stack.project);
    // Loaded only now, so `--help` and config errors never pay for the cloud SDKs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { deployEnvironment } = require("../program") as typeof import("../program");
    const run = await runUnderMocks(
        { project: stack.project, stack: stack.stack, config: stack.config, secretKeys: stack.secretKeys },
        () => deployEnvironment(spec),
    );
    return {
        formatVersion: PLAN_FORMAT_VERSION,
        note: OFFLINE_NOTE,
        project: stack.project,
        stack: stack.stack,
        cloud: spec.cloud,
        outputs: run.outputs,
        resources: run.resources,
    };
}
