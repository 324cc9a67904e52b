/** Compares two plans of the same stack: which resources are created, updated, replaced, deleted. */
import type { PlanDocument } from "../plan/document";
import type { PlannedResource } from "../plan/engine";
import type { PolicyRun } from "../../policy/run";
import { aliasUrns } from "./aliases";
import type { ChangeKind, PathChange, ResourceChange, StackDiff } from "./document";
import { diffInputs } from "./inputs";
import { effectOf } from "./replacement";
import { isStateful, protectionsLost } from "./stateful";

/** Resource options whose change is a change of the resource (paths in brackets: not inputs). */
function optionChanges(base: PlannedResource, head: PlannedResource): PathChange[] {
    const out: PathChange[] = [];
    for (const key of ["protect", "retainOnDelete", "deleteBeforeReplace"] as const) {
        if (Boolean(base[key]) !== Boolean(head[key])) out.push({ path: `[${key}]`, secret: false, before: Boolean(base[key]), after: Boolean(head[key]), effect: "unknown" });
    }
    // A different provider instance (another region, account, project) may move the resource.
    if ((base.provider ?? null) !== (head.provider ?? null)) out.push({ path: "[provider]", secret: false, before: base.provider, after: head.provider, effect: "unknown" });
    return out;
}

function resourceChange(kind: ChangeKind, r: PlannedResource, extra: Partial<ResourceChange> = {}): ResourceChange {
    return {
        kind,
        urn: r.urn,
        type: r.type,
        name: r.name,
        component: r.parent ?? null,
        changes: [],
        replaceReasons: [],
        mayReplace: false,
        stateful: isStateful(r.type),
        protectionLost: [],
        ...extra,
    };
}

/** The change from `base` to `head` of one resource (same URN, or a pair whose URN changed); undefined when none. */
function changeOf(base: PlannedResource, head: PlannedResource, urnChanged: boolean): ResourceChange | undefined {
    const inputs = diffInputs(base.inputs ?? {}, head.inputs ?? {});
    const options = optionChanges(base, head);
    const paths: PathChange[] = [
        ...inputs.map((c): PathChange => {
            const e = effectOf(head.type, c.path);
            return e.effect === "replaces" ? { ...c, effect: "replaces", rule: `${e.rule} (${e.source})` } : { ...c, effect: "unknown" };
        }),
        ...options.filter((o) => o.path === "[provider]"),
    ];
    const optionOnly = options.filter((o) => o.path !== "[provider]");
    const aliased = urnChanged && aliasUrns(head).includes(base.urn);
    if (!paths.length && !optionOnly.length && (!urnChanged || aliased)) return undefined;
    const replaceReasons = paths.filter((p) => p.effect === "replaces").map((p) => `${p.path} forces a new resource: ${p.rule}`);
    if (urnChanged && !aliased) replaceReasons.unshift(`URN changed from ${base.urn}`);
    // Changing only protect/retainOnDelete/deleteBeforeReplace never calls the provider.
    const unknownInputs = paths.some((p) => p.effect === "unknown");
    return resourceChange(replaceReasons.length ? "replace" : "update", head, {
        ...(urnChanged ? { previousUrn: base.urn } : {}),
        changes: [...paths, ...optionOnly],
        replaceReasons,
        mayReplace: !replaceReasons.length && unknownInputs,
        protectionLost: protectionsLost(base, head, inputs),
    });
}

/** Pairs a deleted and a created resource of the same type and name (each unique on its side): a changed URN. */
function pairMoved(deleted: PlannedResource[], created: PlannedResource[]): Array<[PlannedResource, PlannedResource]> {
    const key = (r: PlannedResource) => `${r.type}::${r.name}`;
    const unique = (rs: PlannedResource[]) => {
        const by = new Map<string, PlannedResource | null>();
        for (const r of rs) by.set(key(r), by.has(key(r)) ? null : r);
        return by;
    };
    const d = unique(deleted);
    const c = unique(created);
    const pairs: Array<[PlannedResource, PlannedResource]> = [];
    for (const [k, r] of d) {
        const h = c.get(k);
        if (r && h) pairs.push([r, h]);
    }
    // A created resource whose aliases name a deleted one is that resource, whatever its name.
    const paired = new Set(pairs.flatMap(([b, h]) => [b.urn, h.urn]));
    for (const h of created) {
        if (paired.has(h.urn)) continue;
        const b = deleted.find((r) => !paired.has(r.urn) && aliasUrns(h).includes(r.urn));
        if (b) {
            pairs.push([b, h]);
            paired.add(b.urn).add(h.urn);
        }
    }
    return pairs;
}

/** Cloud resources and providers: components are only the groups changes are shown under. */
const cloudResources = (doc: PlanDocument | undefined) => (doc?.resources ?? []).filter((r) => r.custom);

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/**
 * The diff of one stack. `basePolicy`/`headPolicy` are the policy pack's runs on each side
 * (absent for a side without the stack).
 */
export function compareStack(
    base: PlanDocument | undefined,
    head: PlanDocument | undefined,
    basePolicy: PolicyRun | undefined,
    headPolicy: PolicyRun | undefined,
): StackDiff {
    const b = cloudResources(base);
    const h = cloudResources(head);
    const baseBy = new Map(b.map((r) => [r.urn, r]));
    const headBy = new Map(h.map((r) => [r.urn, r]));
    const deleted = b.filter((r) => !headBy.has(r.urn));
    const created = h.filter((r) => !baseBy.has(r.urn));
    const moved = pairMoved(deleted, created);
    const movedUrns = new Set(moved.flatMap(([x, y]) => [x.urn, y.urn]));
    const resources: ResourceChange[] = [
        ...h.filter((r) => baseBy.has(r.urn)).map((r) => changeOf(baseBy.get(r.urn)!, r, false)),
        ...moved.map(([x, y]) => changeOf(x, y, true)),
        ...created.filter((r) => !movedUrns.has(r.urn)).map((r) => resourceChange("create", r)),
        ...deleted.filter((r) => !movedUrns.has(r.urn)).map((r) => resourceChange("delete", r, { protectionLost: r.protect ? ["protect"] : [] })),
    ].filter((c): c is ResourceChange => !!c);
    resources.sort((x, y) => (x.component ?? "").localeCompare(y.component ?? "") || x.urn.localeCompare(y.urn));

    const counts = { create: 0, update: 0, replace: 0, delete: 0 };
    for (const r of resources) counts[r.kind]++;

    const seen = new Set((basePolicy?.violations ?? []).map((v) => `${v.policy}|${v.urn ?? v.message}`));
    const newViolations = (headPolicy?.violations ?? []).filter((v) => !seen.has(`${v.policy}|${v.urn ?? v.message}`));
    const passed = new Set((basePolicy?.report ?? []).filter((i) => i.verdict === "pass").map((i) => i.id));
    const regressions = (headPolicy?.report ?? []).filter((i) => i.verdict === "fail" && passed.has(i.id)).map((i) => ({ id: i.id, item: i.item }));

    const blocking: string[] = [];
    const flags: string[] = [];
    for (const r of resources) {
        const what = `${r.type} "${r.name}"`;
        if (r.stateful && (r.kind === "replace" || r.kind === "delete")) {
            blocking.push(`stateful ${what} will be ${r.kind === "replace" ? "REPLACED (its data does not move to the new one)" : "DELETED"}`);
        }
        const lost = r.protectionLost.filter((p) => r.kind !== "delete" || p !== "protect");
        if (lost.length) flags.push(`${what} loses ${lost.join(", ")}`);
        if (r.kind === "delete" && r.protectionLost.includes("protect")) flags.push(`${what} is protected and deleted: pulumi up will refuse until protect is removed`);
    }
    for (const v of newViolations) {
        const line = `new ${v.enforcementLevel} policy violation ${v.policy}: ${v.message}`;
        (v.enforcementLevel === "mandatory" ? blocking : flags).push(line);
    }
    for (const r of regressions) flags.push(`roadmap item ${r.id} went from pass to fail: ${r.item}`);

    const changed = resources.length > 0;
    return {
        stack: head?.stack ?? base?.stack ?? "",
        cloud: head?.cloud ?? base?.cloud ?? "",
        status: !base ? "added" : !head ? "removed" : changed ? "changed" : "unchanged",
        counts,
        resources,
        newViolations,
        regressions,
        flags,
        blocking,
    };
}

/** `2 to create, 1 to replace` (kinds with none left out), or `no changes`. */
export function countsLine(counts: Record<ChangeKind, number>): string {
    const parts = (["create", "update", "replace", "delete"] as const).filter((k) => counts[k]).map((k) => `${counts[k]} to ${k}`);
    return parts.length ? parts.join(", ") : "no changes";
}

export { count };
