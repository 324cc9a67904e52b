/**
 * Reads the output of `pulumi preview --json` (the real engine's plan) as a plan document, so
 * `prodstack check` runs the pack over what a real preview would leave in the stack.
 *
 * The shape is the CLI's preview digest (pulumi/pulumi, pkg/backend/display/json.go
 * `ShowPreviewDigest`): `{ config, steps: [{ op, urn, provider, oldState, newState,
 * diffReasons, replaceReasons, detailedDiff }], diagnostics, duration, changeSummary }`, each
 * state an `apitype.ResourceV3` (`urn`, `custom`, `type`, `inputs`, `outputs`, `parent`,
 * `protect`, `provider` as `<urn>::<id>`, `dependencies`, `aliases`, `retainOnDelete`,
 * `ignoreChanges`, …) whose secrets the CLI has already replaced by `"[secret]"`, as the plan
 * format does.
 */
import type { PlanDocument } from "../infra/plan/document";
import type { PlannedResource } from "../infra/plan/engine";
import { PlanFileError } from "./errors";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Steps after which the resource no longer exists in the stack. */
const GONE = new Set(["delete", "discard", "read-discard"]);
/** Steps on the old half of a replacement: the URN lives on in its replacement's state. */
const OLD_HALF = new Set(["delete-replaced", "discard-replaced", "remove-pending-replace"]);
/** Resources read, not managed (`.get`, data sources): no policy judges them. */
const READ = new Set(["read", "read-replacement", "refresh"]);
const ROOT_TYPE = "pulumi:pulumi:Stack";

export const PREVIEW_NOTE = "Real engine preview (pulumi preview --json): values the engine could not know yet are its unknown placeholder.";

/** True for a document shaped as `pulumi preview --json` writes it. */
export function isPreviewDigest(raw: unknown): raw is Json & { steps: unknown[] } {
    return isObject(raw) && Array.isArray(raw.steps) && !("formatVersion" in raw);
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` → its parts. */
function urnParts(urn: string) {
    const [head, project, qualified, ...name] = urn.split("::");
    return { stack: head.replace(/^urn:pulumi:/, ""), project: project ?? "", qualified: qualified ?? "", name: name.join("::") };
}

function providerUrn(ref: unknown): string | null {
    if (typeof ref !== "string" || !ref) return null;
    const cut = ref.lastIndexOf("::");
    return cut > 0 ? ref.slice(0, cut) : ref;
}

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/**
 * The stack after the preview: each step's `newState` (a `same` step's too: stack-wide
 * policies need every resource), except the resources it deletes and those it only reads;
 * the root stack left out, as in a plan. Throws PlanFileError listing every malformed step.
 */
export function previewToPlan(raw: Json & { steps: unknown[] }, source: string): PlanDocument {
    const problems: string[] = [];
    const byUrn = new Map<string, PlannedResource>();
    let root: string | undefined;
    raw.steps.forEach((step, i) => {
        const at = `steps[${i}]`;
        if (!isObject(step) || typeof step.op !== "string" || typeof step.urn !== "string") {
            problems.push(`${at}: expected a step with "op" and "urn" strings, got ${JSON.stringify(step)?.slice(0, 80)}`);
            return;
        }
        const state = step.newState;
        if (GONE.has(step.op)) {
            byUrn.delete(step.urn);
            return;
        }
        if (READ.has(step.op) || OLD_HALF.has(step.op)) return;
        if (!isObject(state) || typeof state.type !== "string") {
            problems.push(`${at} (${step.op} ${step.urn}): expected "newState" with a "type"`);
            return;
        }
        if (state.type === ROOT_TYPE) {
            root = step.urn;
            return;
        }
        const parent = typeof state.parent === "string" && state.parent ? state.parent : null;
        byUrn.set(step.urn, {
            urn: step.urn,
            type: state.type,
            name: urnParts(step.urn).name,
            custom: state.custom !== false,
            parent,
            provider: providerUrn(state.provider ?? step.provider),
            inputs: isObject(state.inputs) ? state.inputs : {},
            protect: state.protect === true,
            retainOnDelete: state.retainOnDelete === true,
            dependsOn: strings(state.dependencies).sort(),
            aliases: strings(state.aliases).map((urn) => ({ urn })),
            ignoreChanges: strings(state.ignoreChanges),
            deleteBeforeReplace: false,
        });
    });
    if (problems.length) throw new PlanFileError(`${source} is not a valid pulumi preview --json document:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    const resources = [...byUrn.values()]
        .map((r) => (r.parent && r.parent === root ? { ...r, parent: null } : r))
        .sort((a, b) => a.urn.localeCompare(b.urn));
    const first = urnParts(root ?? resources[0]?.urn ?? "");
    const clouds = new Set(resources.map((r) => r.type.replace(/^pulumi:providers:/, "").split(":")[0]).filter((p) => p === "gcp" || p === "aws"));
    return {
        formatVersion: 1,
        note: PREVIEW_NOTE,
        project: first.project,
        stack: first.stack,
        cloud: clouds.size === 1 ? [...clouds][0] : [...clouds].sort().join("+"),
        outputs: {},
        resources,
    };
}
