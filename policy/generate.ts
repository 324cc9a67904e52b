/**
 * Files generated from the roadmap and the policies: docs/roadmap.md and the pack config
 * per tier (policy/config/<tier>.json). tests/policy/pack.test.ts fails when they are
 * out of date; regenerate with
 *
 *     node -r ts-node/register/transpile-only policy/generate.ts
 */
import * as fs from "fs";
import * as path from "path";
import { packConfig, POLICIES } from "./policies";
import { ROADMAP } from "./roadmap";
import { packageOf } from "./rules/common";
import { TIERS, type HardeningPolicy } from "./types";

const ROOT = path.resolve(__dirname, "..");

function enforcementText(p: HardeningPolicy): string {
    const { prod, "non-prod": nonProd } = p.enforcement;
    return prod === nonProd ? `${prod} in every tier` : `${prod} in prod, ${nonProd} in non-prod`;
}

const CLOUD_NAMES: Record<string, string> = { gcp: "GCP", aws: "AWS" };

/** The clouds a policy has a check for: `GCP, AWS`. */
function cloudsOf(p: HardeningPolicy): string {
    return Object.keys(CLOUD_NAMES).filter((c) => p.appliesTo.some((t) => packageOf(t) === c)).map((c) => CLOUD_NAMES[c]).join(", ");
}

/** docs/roadmap.md. */
export function renderRoadmapMarkdown(): string {
    const byName = new Map(POLICIES.map((p) => [p.name, p]));
    const out: string[] = [
        "# Production-hardening roadmap",
        "",
        "<!-- Generated from policy/roadmap.ts and policy/policies.ts by",
        "     `node -r ts-node/register/transpile-only policy/generate.ts`; do not edit by hand. -->",
        "",
        "Every item of the three user roadmaps (VPS, BM23 and SasaMum)",
        "that infrastructure can enforce, why it matters, and the CrossGuard policies (`policy/`) that verify it.",
        "`prodstack plan` ends with a hardening report of these items (pass / fail / not applicable, with the",
        "resources behind each verdict); `prodstack check PLAN.json` fails on any mandatory violation; real",
        "engines run the same policies with `pulumi preview --policy-pack policy` (`node_modules/prodstack/policy`",
        "where prodstack is installed; see [policy/README.md](../policy/README.md)).",
        "",
        "Enforcement: security and data-loss policies are mandatory; hygiene is advisory; a few are mandatory",
        "in prod only (pack config per tier: `policy/config/prod.json`, `policy/config/non-prod.json`).",
        "",
        "The Clouds column names the clouds the item is checked on; an item not yet checked on a cloud says which",
        "issue brings its rule, and a plan on that cloud reports it as a gap, never as a pass.",
        "",
        "| # | Item | Policies | Enforcement | Clouds |",
        "| --- | --- | --- | --- | --- |",
    ];
    ROADMAP.forEach((item, i) => {
        const ps = item.policies.map((n) => byName.get(n)!);
        const clouds = Object.keys(CLOUD_NAMES).filter((c) => ps.some((p) => cloudsOf(p).includes(CLOUD_NAMES[c])));
        const pending = item.notYetOn?.aws ? "; AWS not yet (see the item)" : "";
        out.push(
            `| ${i + 1} | [${item.item}](#${i + 1}-${anchor(item.item)}) | ${ps.map((p) => `\`${p.name}\``).join(", ")} | ` +
                `${[...new Set(ps.map(enforcementText))].join("; ")} | ${clouds.map((c) => CLOUD_NAMES[c]).join(", ")}${pending} |`,
        );
    });
    ROADMAP.forEach((item, i) => {
        out.push("", `## ${i + 1}. ${item.item}`, "", `Id \`${item.id}\`. ${item.why}`, "", "Asked for by:");
        for (const s of item.sources) out.push(`- ${s}`);
        out.push("", "Verified by:");
        for (const name of item.policies) {
            const p = byName.get(name)!;
            const kind = p.kind === "stack" ? "stack policy" : "resource policy";
            out.push(`- \`${p.name}\` (${kind}, ${enforcementText(p)}; ${cloudsOf(p)}): ${p.description}`);
        }
        if (item.notYetOn?.aws) out.push("", `Not yet checked on AWS: ${item.notYetOn.aws}.`);
    });
    return `${out.join("\n")}\n`;
}

/** GitHub's heading anchors: lower case, spaces to hyphens, punctuation dropped. */
function anchor(text: string): string {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, "")
        .replace(/ /g, "-");
}

/** Path (relative to the repository root) → content of every generated file. */
export function generatedFiles(): Record<string, string> {
    const files: Record<string, string> = { "docs/roadmap.md": renderRoadmapMarkdown() };
    for (const tier of TIERS) files[`policy/config/${tier}.json`] = `${JSON.stringify(packConfig(tier), null, 2)}\n`;
    return files;
}

if (require.main === module) {
    for (const [file, text] of Object.entries(generatedFiles())) {
        fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
        fs.writeFileSync(path.join(ROOT, file), text);
        process.stdout.write(`wrote ${file}\n`);
    }
}
