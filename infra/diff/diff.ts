/** `prodstack diff BASE.json HEAD.json`: compares the plans of every stack in two plan files. */
import type { PlanDocument } from "../plan/document";
import { evaluatePlan } from "../../policy/run";
import { compareStack } from "./compare";
import { DIFF_FORMAT_VERSION, type DiffDocument } from "./document";

export interface DiffOptions {
    /** Let stateful replacements and deletions through (exit 3 instead of 1). New mandatory violations still fail. */
    allowStateful?: boolean;
}

/**
 * Pairs the plans of both files by stack name (a file of one plan without a stack name pairs
 * with the other file's single plan) and compares each pair. The policy pack runs afresh on
 * both sides, as `prodstack check` does, so a plan is judged by what it holds now.
 */
export async function diffPlans(base: PlanDocument[], head: PlanDocument[], names: { base: string; head: string }, options: DiffOptions = {}): Promise<DiffDocument> {
    const key = (d: PlanDocument, all: PlanDocument[]) => (all.length === 1 && !d.stack ? "" : d.stack);
    const single = base.length === 1 && head.length === 1;
    const stacks = single ? [""] : [...new Set([...base.map((d) => key(d, base)), ...head.map((d) => key(d, head))])].sort();
    const find = (docs: PlanDocument[], s: string) => (single ? docs[0] : docs.find((d) => key(d, docs) === s));
    const diffs = [];
    for (const s of stacks) {
        const b = find(base, s);
        const h = find(head, s);
        const [bp, hp] = await Promise.all([b && evaluatePlan(b), h && evaluatePlan(h)]);
        diffs.push(compareStack(b, h, bp, hp));
    }
    const blocking = diffs.some((d) => d.blocking.some((line) => !(options.allowStateful && line.startsWith("stateful "))));
    const changed = diffs.some((d) => d.resources.length > 0 || d.status === "added" || d.status === "removed");
    return { formatVersion: DIFF_FORMAT_VERSION, base: names.base, head: names.head, stacks: diffs, exitCode: blocking ? 1 : changed ? 3 : 0 };
}
