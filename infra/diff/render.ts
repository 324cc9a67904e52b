/** The diff as text (terminal) and as a pull-request comment (markdown). */
import { countsLine } from "./compare";
import type { ChangeKind, DiffDocument, PathChange, ResourceChange, StackDiff } from "./document";

/** GitHub rejects issue and pull-request comments longer than this (characters). */
export const GITHUB_COMMENT_LIMIT = 65536;

const SYMBOL: Record<ChangeKind, string> = { create: "+", update: "~", replace: "+-", delete: "-" };

function value(v: unknown): string {
    const text = JSON.stringify(v) ?? "undefined";
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** One changed path; a secret shows no value on either side. */
function pathLine(p: PathChange): string {
    const note = p.effect === "replaces" ? " (forces replacement)" : "";
    if (p.secret) return `${p.path}: secret changed (value hidden)${note}`;
    if (!("before" in p)) return `${p.path}: added ${value(p.after)}${note}`;
    if (!("after" in p)) return `${p.path}: removed (was ${value(p.before)})${note}`;
    return `${p.path}: ${value(p.before)} → ${value(p.after)}${note}`;
}

function resourceLines(r: ResourceChange): string[] {
    const tags = [r.stateful ? "stateful" : "", r.mayReplace ? "may replace: the provider docs do not say whether these inputs update in place" : ""].filter(Boolean);
    const head = `${SYMBOL[r.kind]} ${r.kind} ${r.type} "${r.name}"${tags.length ? ` [${tags.join("; ")}]` : ""}`;
    return [
        head,
        ...r.replaceReasons.filter((x) => x.startsWith("URN changed")).map((x) => `    ${x}`),
        ...(r.previousUrn && !r.replaceReasons.some((x) => x.startsWith("URN changed")) ? [`    moved from ${r.previousUrn} (covered by its aliases)`] : []),
        ...r.changes.map((p) => `    ${pathLine(p)}`),
    ];
}

/** Component label of a parent URN: `prodstack:gcp:Database "database"`. */
function componentLabel(urn: string | null): string {
    if (!urn) return "(top level)";
    const parts = urn.split("::");
    const type = parts[2].split("$").pop();
    return `${type} "${parts.slice(3).join("::")}"`;
}

function grouped(d: StackDiff): Array<[string, ResourceChange[]]> {
    const groups = new Map<string, ResourceChange[]>();
    for (const r of d.resources) {
        const k = componentLabel(r.component);
        groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    return [...groups];
}

const stackTitle = (d: StackDiff) => `stack ${d.stack || "(unnamed)"}${d.status === "added" ? " (new stack)" : d.status === "removed" ? " (stack removed)" : ""}`;

function stackText(d: StackDiff): string {
    const lines = [`${stackTitle(d)} · ${d.cloud} · ${countsLine(d.counts)}`];
    for (const f of d.blocking) lines.push(`!! ${f}`);
    for (const f of d.flags) lines.push(`!  ${f}`);
    for (const [component, rs] of grouped(d)) {
        lines.push(`  ${component}`);
        for (const r of rs) lines.push(...resourceLines(r).map((l) => `    ${l}`));
    }
    return lines.join("\n");
}

/** One line: what changes across stacks, and what blocks. */
export function headline(doc: DiffDocument): string {
    const total = { create: 0, update: 0, replace: 0, delete: 0 };
    for (const d of doc.stacks) for (const k of Object.keys(total) as ChangeKind[]) total[k] += d.counts[k];
    const changed = doc.stacks.filter((d) => d.status !== "unchanged").length;
    const blocking = doc.stacks.reduce((n, d) => n + d.blocking.length, 0);
    const flags = doc.stacks.reduce((n, d) => n + d.flags.length, 0);
    const verdict = doc.exitCode === 1 ? `${blocking} blocking` : blocking ? `${blocking} blocking (allowed)` : "";
    return [
        `prodstack diff: ${countsLine(total)} in ${changed} of ${doc.stacks.length} stack${doc.stacks.length === 1 ? "" : "s"}`,
        verdict,
        flags ? `${flags} to review` : "",
    ].filter(Boolean).join(" · ");
}

export function renderText(doc: DiffDocument): string {
    return [headline(doc), ...doc.stacks.filter((d) => d.status !== "unchanged").map(stackText)].join("\n\n");
}

const escapeMd = (s: string) => s.replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c]!);

function stackMarkdown(d: StackDiff): string {
    const icon = d.blocking.length ? "⛔" : d.flags.length ? "⚠️" : d.resources.length ? "📝" : "✅";
    const body = [
        ...d.blocking.map((f) => `- ⛔ **${escapeMd(f)}**`),
        ...d.flags.map((f) => `- ⚠️ ${escapeMd(f)}`),
        "",
        "```diff",
        ...grouped(d).flatMap(([component, rs]) => [`# ${component}`, ...rs.flatMap((r) => resourceLines(r))]),
        "```",
    ];
    const open = d.blocking.length || d.flags.length ? " open" : "";
    return [`<details${open}><summary>${icon} <b>${escapeMd(stackTitle(d))}</b> · ${d.cloud} · ${countsLine(d.counts)}</summary>`, "", ...body, "", "</details>"].join("\n");
}

/**
 * A pull-request comment: the headline, then one collapsible section per changed stack.
 * Kept under `limit` characters: a stack section that does not fit is replaced by its summary
 * line, and a note says what was left out (the JSON format has everything).
 */
export function renderMarkdown(doc: DiffDocument, limit = GITHUB_COMMENT_LIMIT): string {
    const title = `### ${escapeMd(headline(doc))}`;
    const footer = "_Offline plans compared (no cloud contacted); replacement rules come from the provider SDKs' docs (`may replace` where they are silent)._";
    const parts: string[] = [title];
    const omitted: string[] = [];
    let size = title.length + footer.length + 400; // room for the truncation note
    for (const d of doc.stacks.filter((s) => s.status !== "unchanged")) {
        const full = stackMarkdown(d);
        if (size + full.length + 2 <= limit) {
            parts.push(full);
            size += full.length + 2;
            continue;
        }
        // Cut to a summary line, keeping what blocks: that must never be truncated away.
        const short = [
            `- **${escapeMd(stackTitle(d))}**: ${countsLine(d.counts)}; ${d.blocking.length} blocking, ${d.flags.length} to review (details left out)`,
            ...d.blocking.map((f) => `  - ⛔ **${escapeMd(f)}**`),
        ].join("\n");
        if (size + short.length + 2 <= limit) {
            parts.push(short);
            size += short.length + 2;
        }
        omitted.push(d.stack);
    }
    if (omitted.length) parts.push(`> **Truncated:** the details of ${omitted.length} stack${omitted.length === 1 ? "" : "s"} (${omitted.map(escapeMd).join(", ")}) exceed GitHub's comment limit; run \`prodstack diff --format json\` or see the workflow's artifacts.`);
    if (parts.length === 1) parts.push("No changes.");
    parts.push(footer);
    return parts.join("\n\n");
}
