/**
 * The plan document: the public, versioned JSON contract CI tooling and reviewers
 * consume (docs/plan-format.md). Extend it freely; change or remove a field only with a
 * new `formatVersion`.
 */
import type { PolicyRun } from "../../policy/run";
import type { PlannedResource } from "./engine";

/** Bump when a field changes meaning or disappears; adding fields does not need a bump. */
export const PLAN_FORMAT_VERSION = 1;

/** Said in every plan, text and JSON. */
export const OFFLINE_NOTE =
    "Offline plan: the real program ran under Pulumi runtime mocks. No cloud API was contacted and no " +
    "credentials or passphrase were used. Values only the cloud computes (IDs, IP addresses, emails, " +
    "image digests) are placeholders.";

/** The plan of one stack. */
export interface PlanDocument {
    formatVersion: number;
    note: string;
    project: string;
    stack: string;
    cloud: string;
    outputs: Record<string, unknown>;
    resources: PlannedResource[];
    /** The hardening policy pack's run over `resources` (docs/plan-format.md, "policy"); `prodstack plan` adds it. */
    policy?: PolicyRun;
}

/** What `plan --all --json` writes: one document per stack. */
export interface PlanSet {
    formatVersion: number;
    plans: PlanDocument[];
}

/** Serialises deterministically: keys are already sorted by the engine; two-space indent, final newline. */
export function toJson(doc: PlanDocument | PlanSet): string {
    return `${JSON.stringify(doc, null, 2)}\n`;
}
