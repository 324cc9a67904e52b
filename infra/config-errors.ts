/**
 * Turns zod issues into one sentence each: the full key path, what was expected and
 * what was given. Unknown keys list the allowed keys and suggest the closest one.
 */
import type { z } from "zod";
import { describeValue } from "../components/core/errors";

type Issue = z.core.$ZodIssue & { input?: unknown };
type AnySchema = z.core.$ZodType;

/**
 * Renders `["services", 0, "port"]` under the config namespace `prodstack` as
 * `prodstack:services[0].port`: the same path `pulumi config set --path` takes.
 */
export function keyPath(namespace: string, path: readonly PropertyKey[]): string {
    const [first, ...rest] = path;
    if (first === undefined) return `${namespace}:(root)`;
    return rest.reduce<string>((acc, part) => {
        if (typeof part === "number") return `${acc}[${part}]`;
        const key = String(part);
        return /^[A-Za-z_$][\w$]*$/.test(key) ? `${acc}.${key}` : `${acc}[${JSON.stringify(key)}]`;
    }, `${namespace}:${String(first)}`);
}

/** Follows `path` through object/array/record/optional/default wrappers to the schema there. */
function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
    let current: AnySchema | undefined = schema;
    for (let i = 0; i <= path.length && current; ) {
        const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
        if (["optional", "default", "nullable", "prefault", "readonly", "nonoptional", "catch"].includes(def.type)) {
            current = def.innerType as AnySchema;
            continue;
        }
        if (def.type === "pipe") {
            current = def.in as AnySchema;
            continue;
        }
        if (i === path.length) return current;
        const part = path[i++];
        if (def.type === "object") current = (def.shape as Record<string, AnySchema>)[String(part)];
        else if (def.type === "array") current = def.element as AnySchema;
        else if (def.type === "record") current = def.valueType as AnySchema;
        else return undefined;
    }
    return current;
}

function objectKeys(schema: AnySchema, path: readonly PropertyKey[]): string[] {
    const at = schemaAt(schema, path);
    const def = at?._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
    return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

/** Levenshtein distance, for "did you mean" on typos. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
            prev = tmp;
        }
    }
    return row[b.length];
}

function closest(key: string, allowed: string[]): string | undefined {
    const ranked = allowed.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d);
    return ranked[0] && ranked[0].d <= Math.max(2, Math.floor(key.length / 3)) ? ranked[0].k : undefined;
}

const ARTICLE: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    string: "a string",
    number: "a number",
    boolean: "true or false",
    int: "an integer",
};

function expectedText(issue: Issue): string {
    if (issue.message.startsWith("expected")) return issue.message;
    switch (issue.code) {
        case "invalid_type":
            return `expected ${ARTICLE[issue.expected] ?? issue.expected}`;
        case "invalid_value":
            return `expected one of ${issue.values.map((v) => describeValue(v)).join(", ")}`;
        case "too_small":
            return issue.origin === "array"
                ? `expected at least ${issue.minimum} item${Number(issue.minimum) === 1 ? "" : "s"}`
                : `expected at least ${issue.minimum}`;
        case "invalid_key":
        case "invalid_element":
            return expectedText({ ...issue.issues[0], input: undefined } as Issue);
        case "too_big":
            return issue.origin === "array" ? `expected at most ${issue.maximum} items` : `expected at most ${issue.maximum}`;
        default:
            return `expected a valid value (${issue.message})`;
    }
}

/** One message per problem, in the order zod found them, without duplicates. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], schema: AnySchema, namespace: string): string[] {
    const messages: string[] = [];
    for (const raw of issues) {
        const issue = raw as Issue;
        if (issue.code === "unrecognized_keys") {
            const allowed = objectKeys(schema, issue.path);
            for (const key of issue.keys) {
                const hint = closest(key, allowed);
                messages.push(
                    `${keyPath(namespace, [...issue.path, key])}: unknown key ${JSON.stringify(key)}` +
                        (hint ? ` (did you mean ${JSON.stringify(hint)}?)` : "") +
                        `; expected one of: ${allowed.join(", ")}`,
                );
            }
            continue;
        }
        // Cross-field checks may describe what was given in words (params.given), since they
        // only see values with defaults already filled in.
        const described = issue.code === "custom" ? (issue.params as { given?: string } | undefined)?.given : undefined;
        const given = described ?? (issue.input === undefined ? "nothing (the key is missing)" : describeValue(issue.input));
        messages.push(`${keyPath(namespace, issue.path)}: ${expectedText(issue)}, got ${given}`);
    }
    return [...new Set(messages)];
}
