/** Renders a plan document as the tree a person reads in a terminal or a PR comment. */
import type { PlanDocument } from "./document";
import { OFFLINE_NOTE } from "./document";
import type { PlannedResource } from "./engine";
import { summarize } from "./summaries";

function descendantsOf(urn: string, byParent: Map<string | null, PlannedResource[]>): PlannedResource[] {
    const out: PlannedResource[] = [];
    for (const child of byParent.get(urn) ?? []) out.push(child, ...descendantsOf(child.urn, byParent));
    return out;
}

function flags(r: PlannedResource): string {
    const f = [r.protect ? "protected" : "", r.retainOnDelete ? "retained on delete" : ""].filter(Boolean);
    return f.length ? `  [${f.join(", ")}]` : "";
}

/** The text plan: header, component tree with summaries, totals by type, outputs. */
export function renderPlan(doc: PlanDocument): string {
    const byParent = new Map<string | null, PlannedResource[]>();
    for (const r of doc.resources) byParent.set(r.parent, [...(byParent.get(r.parent) ?? []), r]);

    const lines: string[] = [];
    lines.push(`prodstack plan · project ${doc.project} · stack ${doc.stack} · cloud ${doc.cloud}`);
    lines.push(OFFLINE_NOTE, "");
    const walk = (parent: string | null, depth: number) => {
        for (const r of byParent.get(parent) ?? []) {
            const summary = r.custom ? "" : summarize(r.type, descendantsOf(r.urn, byParent), doc.resources);
            lines.push(`${"  ".repeat(depth)}+ ${r.type}  ${r.name}${flags(r)}${summary ? `\n${"  ".repeat(depth + 2)}${summary}` : ""}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(null, 0);

    const counts = new Map<string, number>();
    for (const r of doc.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    const components = doc.resources.filter((r) => !r.custom).length;
    const providers = doc.resources.filter((r) => r.type.startsWith("pulumi:providers:")).length;
    lines.push("");
    lines.push(
        `Resources: ${doc.resources.length} to create ` +
            `(${doc.resources.length - components - providers} cloud resources, ${components} components, ${providers} providers)`,
    );
    const width = Math.max(...[...counts.values()].map((n) => String(n).length));
    for (const [type, n] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        lines.push(`  ${String(n).padStart(width)}  ${type}`);
    }
    const outputs = Object.entries(doc.outputs);
    if (outputs.length) {
        lines.push("", "Outputs:");
        for (const [k, v] of outputs) lines.push(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    }
    return lines.join("\n");
}
