/**
 * `prodstack check PLAN.json`: runs the pack against a plan file in the documented format
 * (docs/plan-format.md), a plan document or a plan set, produced by `prodstack plan
 * --json`, elsewhere, or by hand, or against `pulumi preview --json` output (the real
 * engine's plan). Mandatory violations fail the check.
 */
import * as fs from "fs";
import { PLAN_FORMAT_VERSION, type PlanDocument } from "../infra/plan/document";
import type { PlannedResource } from "../infra/plan/engine";
import { PlanFileError } from "./errors";
import { isPreviewDigest, previewToPlan } from "./preview";
import { evaluatePlan, renderViolations, type PolicyRun } from "./run";
import { POLICIES } from "./policies";
import { isTier } from "./rules/common";
import type { Tier } from "./types";

export { PlanFileError };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const shown = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));

function resourceAt(raw: unknown, at: string, problems: string[]): PlannedResource | undefined {
    if (!isObject(raw)) {
        problems.push(`${at}: expected an object, got ${shown(raw)}`);
        return undefined;
    }
    const field = <T>(key: string, ok: (v: unknown) => boolean, expected: string, fallback?: T): T => {
        const v = raw[key];
        if (v === undefined && fallback !== undefined) return fallback;
        if (!ok(v)) problems.push(`${at}.${key}: expected ${expected}, got ${shown(v)}`);
        return v as T;
    };
    const string = (v: unknown) => typeof v === "string" && v !== "";
    const stringOrNull = (v: unknown) => v === null || typeof v === "string";
    const boolean = (v: unknown) => typeof v === "boolean";
    const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");
    return {
        urn: field("urn", string, "a URN string"),
        type: field("type", string, "a type token string"),
        name: field("name", string, "a name string"),
        custom: field("custom", boolean, "true or false", true),
        parent: field("parent", stringOrNull, "a URN or null", null),
        provider: field("provider", stringOrNull, "a URN or null", null),
        inputs: field("inputs", isObject, "an object", {}),
        protect: field("protect", boolean, "true or false", false),
        retainOnDelete: field("retainOnDelete", boolean, "true or false", false),
        dependsOn: field("dependsOn", strings, "an array of URNs", []),
        aliases: field("aliases", Array.isArray, "an array", []),
        ignoreChanges: field("ignoreChanges", strings, "an array of property paths", []),
        deleteBeforeReplace: field("deleteBeforeReplace", boolean, "true or false", false),
    };
}

function documentAt(raw: unknown, at: string, problems: string[]): PlanDocument | undefined {
    if (!isObject(raw)) {
        problems.push(`${at || "the file"}: expected a plan document object, got ${shown(raw)}`);
        return undefined;
    }
    const prefix = at ? `${at}.` : "";
    if (!Array.isArray(raw.resources)) {
        problems.push(`${prefix}resources: expected an array of resources, got ${shown(raw.resources)}`);
        return undefined;
    }
    const resources = raw.resources.map((r, i) => resourceAt(r, `${prefix}resources[${i}]`, problems));
    return {
        formatVersion: Number(raw.formatVersion),
        note: typeof raw.note === "string" ? raw.note : "",
        project: typeof raw.project === "string" ? raw.project : "",
        stack: typeof raw.stack === "string" ? raw.stack : "",
        cloud: typeof raw.cloud === "string" ? raw.cloud : "",
        outputs: isObject(raw.outputs) ? raw.outputs : {},
        resources: resources.filter((r): r is PlannedResource => !!r),
    };
}

/**
 * Parses a plan file's text: a plan document, a plan set, or the output of `pulumi preview
 * --json` (policy/preview.ts; told apart by its `steps` and no `formatVersion`). Required: `formatVersion` (at
 * most this version) and, per resource, `urn`, `type` and `name`; other resource fields
 * default as an empty plan would have them, so a hand-written plan can stay short.
 * Throws PlanFileError listing every problem.
 */
export function parsePlanFile(text: string, source: string): PlanDocument[] {
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (err) {
        throw new PlanFileError(`${source} is not JSON: ${(err as Error).message}`);
    }
    if (!isObject(raw)) throw new PlanFileError(`${source}: expected a plan document or a plan set (a JSON object), got ${shown(raw)}`);
    if (isPreviewDigest(raw)) return [previewToPlan(raw, source)];
    const version = raw.formatVersion;
    if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
        throw new PlanFileError(`${source}: formatVersion: expected an integer such as ${PLAN_FORMAT_VERSION}, got ${shown(version)}`);
    }
    if (version > PLAN_FORMAT_VERSION) {
        throw new PlanFileError(
            `${source}: formatVersion ${version} is newer than this prodstack reads (${PLAN_FORMAT_VERSION}); upgrade prodstack`,
        );
    }
    const problems: string[] = [];
    if ("plans" in raw && (!Array.isArray(raw.plans) || raw.plans.length === 0)) {
        // A plan set that holds nothing would otherwise pass the check without checking anything.
        throw new PlanFileError(`${source}: plans: expected a non-empty array of plan documents, got ${shown(raw.plans)}`);
    }
    const docs = Array.isArray(raw.plans)
        ? raw.plans.map((p, i) => documentAt(p, `plans[${i}]`, problems))
        : [documentAt(raw, "", problems)];
    if (problems.length) throw new PlanFileError(`${source} is not a valid plan:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return docs.filter((d): d is PlanDocument => !!d);
}

/** Reads and parses a plan file; unreadable files are PlanFileErrors too. */
export function readPlanFile(file: string): PlanDocument[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (code ?? (err as Error).message);
        throw new PlanFileError(`cannot read ${file}: ${why}`);
    }
    return parsePlanFile(text, file);
}

/** What `check` prints and its exit code: 1 when any plan has a mandatory violation. */
export interface CheckResult {
    code: 0 | 1;
    text: string;
    runs: PolicyRun[];
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** Checks every plan of a file. `tier` overrides each plan's tier label. */
export async function checkPlans(docs: PlanDocument[], file: string, tier?: Tier): Promise<CheckResult> {
    if (tier !== undefined && !isTier(tier)) throw new PlanFileError(`unknown tier ${String(tier)}`);
    const lines: string[] = [];
    const runs: PolicyRun[] = [];
    for (const doc of docs) {
        const run = await evaluatePlan(doc, { tier });
        runs.push(run);
        const source = { option: "given", label: "from the plan's tier label", default: "no tier label in the plan: the strictest" }[run.tierSource];
        const stack = doc.stack ? `stack ${doc.stack}` : "unnamed stack";
        if (lines.length) lines.push("");
        lines.push(`prodstack check ${file} · ${stack} · tier ${run.tier} (${source}) · ${POLICIES.length} policies`);
        const violations = renderViolations(run);
        if (violations) lines.push(violations);
        const { mandatory, advisory } = run.summary;
        lines.push(
            mandatory
                ? `Failed: ${count(mandatory, "mandatory violation")}, ${count(advisory, "advisory violation")}.`
                : advisory
                  ? `Passed with ${count(advisory, "advisory violation")}.`
                  : "Passed: no violations.",
        );
    }
    const failed = runs.some((r) => r.summary.mandatory > 0);
    return { code: failed ? 1 : 0, text: lines.join("\n"), runs };
}
