/**
 * Which input changes replace a resource, from the provider's own docs (the generated table,
 * scripts/replacement-rules.ts). A changed path under a documented rule replaces. The docs
 * never say that an input updates in place, so every other path is "unknown": `prodstack
 * diff` shows it as "may replace" rather than guessing.
 */
import { REPLACEMENT_RULES } from "./replacement-rules.generated";

/** The rules of one resource type, as generated. */
export interface TypeRules {
    /** Package and file the rules were read from. */
    source: string;
    /** Input path (dotted; list items unindexed) → the sentence of the docs that says it forces replacement. */
    forcesReplacement: Record<string, string>;
}

/** How a changed input path affects its resource. */
export type PathEffect =
    | { effect: "replaces"; rule: string; source: string }
    | { effect: "unknown" };

/** `template.containers[2].image` → `template.containers.image`: rules do not index list items. */
export function rulePath(path: string): string {
    return path.replace(/\[\d+\]/g, "");
}

export function effectOf(type: string, path: string, rules: Record<string, TypeRules> = REPLACEMENT_RULES): PathEffect {
    const known = rules[type];
    if (!known) return { effect: "unknown" };
    // Rules name a whole object or list (`settings`) or a leaf below it.
    const p = rulePath(path);
    for (const [rule, doc] of Object.entries(known.forcesReplacement)) {
        if (p === rule || p.startsWith(`${rule}.`)) return { effect: "replaces", rule: `${rule}: ${doc}`, source: known.source };
    }
    return { effect: "unknown" };
}
