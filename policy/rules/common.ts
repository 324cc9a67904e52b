/**
 * Cloud-neutral helpers for rule modules (`rules/gcp/*`, later `rules/aws/*`).
 *
 * Rules read `props` exactly as the engine hands them over: resource inputs for resource
 * policies, resource state for stack policies. During a real `pulumi preview` some values
 * are unknown and reading them throws the policy SDK's UnknownValueError, which the engine
 * turns into an advisory "can't run during preview" note; helpers here let that error
 * through except where a value only needs to be *present* (`isSet`).
 */
import type { PolicyResource, Tier } from "../types";

export type Props = Record<string, unknown>;

/** Thrown by {@link skip}; the policy wrappers turn it into "not applicable". */
export class SkipCheck extends Error {
    constructor(readonly reason: string) {
        super(reason);
        this.name = "SkipCheck";
    }
}

/** Ends a check: nothing here for it to check, because `reason`. */
export function skip(reason: string): never {
    throw new SkipCheck(reason);
}

/** Principals that mean "anyone". */
export const PUBLIC_PRINCIPALS = ["allUsers", "allAuthenticatedUsers"];

/** True for the policy SDK's UnknownValueError (matched by message: its class is not imported here). */
export function isUnknownValueError(err: unknown): boolean {
    return err instanceof Error && / value at \..* can't be known during preview$/.test(err.message);
}

/** Reads `path` ("a.b.c") from `obj`; undefined when any step is missing. */
export function get(obj: unknown, path: string): unknown {
    let cur: unknown = obj;
    for (const key of path.split(".")) {
        if (cur === null || typeof cur !== "object") return undefined;
        cur = (cur as Props)[key];
    }
    return cur;
}

/** The value as an array (undefined and null give []). */
export function arr(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/** The value as a string, or "" when it is not one. */
export function str(value: unknown): string {
    return typeof value === "string" ? value : "";
}

/**
 * True when `path` holds a non-empty value. An unknown value (real preview: an output of a
 * resource not created yet) counts as set: it will be.
 */
export function isSet(obj: unknown, path: string): boolean {
    try {
        const v = get(obj, path);
        if (v === undefined || v === null || v === "") return false;
        return !(Array.isArray(v) && v.length === 0);
    } catch (err) {
        if (isUnknownValueError(err)) return true;
        throw err;
    }
}

/** Runs `read`, returning `fallback` when it touches a value unknown during preview. */
export function known<T>(read: () => T, fallback: T): T {
    try {
        return read();
    } catch (err) {
        if (isUnknownValueError(err)) return fallback;
        throw err;
    }
}

/** A label map, also when it arrives JSON-encoded (provider config does). */
export function labelMap(value: unknown): Record<string, string> {
    let v = value;
    if (typeof v === "string") {
        try {
            v = JSON.parse(v);
        } catch {
            return {};
        }
    }
    if (!v || typeof v !== "object" || Array.isArray(v)) return {};
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v as Props)) if (typeof val === "string") out[k] = val;
    return out;
}

/** "a", "a and b", "a, b and c". */
export function listing(items: readonly string[]): string {
    if (items.length <= 1) return items.join("");
    return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * Whether the reference `value` (an ID, self link, name or URN) points at `target`.
 * Offline plans use the placeholder ID `<logical name>-id`; real runs use IDs, self links
 * (`…/securityPolicies/<name>`) or the cloud name.
 */
export function refersTo(value: unknown, target: PolicyResource): boolean {
    if (typeof value !== "string" || value === "") return false;
    if (value === target.urn || value === `${target.name}-id`) return true;
    const p = target.props;
    const candidates = [known(() => p.id, undefined), known(() => p.selfLink, undefined)];
    if (candidates.some((c) => typeof c === "string" && c === value)) return true;
    const cloudName = known(() => p.name, undefined);
    return typeof cloudName === "string" && cloudName !== "" && (value === cloudName || value.endsWith(`/${cloudName}`));
}

/** Every string inside `value`, at any depth (reference fields may be nested). */
export function stringsIn(value: unknown, out: string[] = []): string[] {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
    else if (value && typeof value === "object") for (const v of Object.values(value as Props)) stringsIn(v, out);
    return out;
}

/**
 * The resources among `candidates` that `r` references through `props` (top-level input
 * names). Resolution, most precise first:
 *   1. the engine's per-property dependencies (real stack policies);
 *   2. reference values matched with {@link refersTo} (offline plans, known values);
 *   3. when nothing matched, `fallbackToDependencies`, and one of `props` is set but not
 *      known yet (a first preview: the output it takes comes from a resource not created
 *      yet), any candidate `r` depends on. Never when the props are absent: depending on a
 *      resource is not using it (a backend service that waits for a Cloud Armor policy but
 *      has no `securityPolicy` is unprotected).
 */
export function linked(
    r: PolicyResource,
    candidates: readonly PolicyResource[],
    props: readonly string[],
    fallbackToDependencies = true,
): PolicyResource[] {
    const found = new Set<PolicyResource>();
    const pool = new Set(candidates);
    for (const prop of props) {
        for (const dep of r.propertyDependencies?.[prop] ?? []) if (pool.has(dep)) found.add(dep);
        const values = known(() => stringsIn(r.props[prop]), []);
        for (const c of candidates) if (values.some((v) => refersTo(v, c))) found.add(c);
    }
    if (found.size === 0 && fallbackToDependencies && props.some((prop) => isUnknown(r.props, prop))) {
        const deps = new Set((r.dependencies ?? []).map((d) => d.urn));
        for (const c of candidates) if (deps.has(c.urn)) found.add(c);
    }
    return [...found];
}

/** True when `path` holds a value unknown during preview (reading it throws UnknownValueError). */
export function isUnknown(obj: unknown, path: string): boolean {
    try {
        get(obj, path);
        return false;
    } catch (err) {
        if (isUnknownValueError(err)) return true;
        throw err;
    }
}

/** Whether `r` depends (directly) on `target`. */
export function dependsOn(r: PolicyResource, target: PolicyResource): boolean {
    return (r.dependencies ?? []).some((d) => d.urn === target.urn);
}

/** The resources of `types`. */
export function ofTypes(resources: readonly PolicyResource[], ...types: string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/** The package of a type token: `gcp` for `gcp:sql/databaseInstance:DatabaseInstance`. */
export function packageOf(type: string): string {
    return type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : type.split(":")[0];
}

/** Whether the stack holds any resource of `pkg` (so that cloud's stack rules apply). */
export function usesCloud(resources: readonly PolicyResource[], pkg: string): boolean {
    return resources.some((r) => packageOf(r.type) === pkg);
}

/** True for "prod" and "non-prod". */
export function isTier(value: unknown): value is Tier {
    return value === "prod" || value === "non-prod";
}

/**
 * Where a resource's or provider's props keep label maps, every cloud: GCP `labels`,
 * `defaultLabels` and Cloud SQL's `settings.userLabels`; AWS `tags` and `defaultTags.tags`
 * (provider config arrives JSON-encoded).
 */
export function labelSources(props: () => Props | undefined): Array<() => unknown> {
    return [
        () => props()?.defaultLabels,
        () => props()?.labels,
        () => get(props(), "settings.userLabels"),
        () => get(parseJson(props()?.defaultTags), "tags"),
        () => props()?.tags,
    ];
}

/**
 * The tier a check runs for: the policy config's `tier` (pack config, or the offline
 * runner), else the stack tag `prodstack:tier`, else a `tier` label (prodstack labels every
 * resource, and its providers' default labels, with it), else prod: the strictest.
 */
export function resolveTier(
    config: Props,
    stackTags: ReadonlyMap<string, string> | undefined,
    labelSources: ReadonlyArray<() => unknown>,
): Tier {
    if (isTier(config.tier)) return config.tier;
    const tag = stackTags?.get("prodstack:tier");
    if (isTier(tag)) return tag;
    for (const source of labelSources) {
        const tier = known(() => labelMap(source()).tier, undefined);
        if (isTier(tier)) return tier;
    }
    return "prod";
}

/** A JSON document (IAM policies, ECS container definitions arrive as JSON strings), or undefined. */
export function parseJson(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

// ---------------------------------------------------------------------------
// Shared judgements, the same on every cloud
// ---------------------------------------------------------------------------

/**
 * How an offline plan shows a secret value (SECRET_PLACEHOLDER in infra/plan/engine.ts).
 * Real runs hand policies the plaintext instead, so names and values are inspected too.
 */
export const OFFLINE_SECRET = "[secret]";

/**
 * Variable names that say they hold a secret (`DB_PASSWORD`, `STRIPE_API_KEY`, `SESSION_SECRET`,
 * `STRIPE_SECRET_KEY`, `AWS_SECRET_ACCESS_KEY`, `DB_PWD`). A bare `PWD` is the shell's working
 * directory, and IDs and publishable keys (`AWS_ACCESS_KEY_ID`, `STRIPE_PUBLISHABLE_KEY`) are not secret.
 */
const SECRET_NAME =
    /(^|_)(PASSWORD|PASSWD|PASS|SECRET|SECRET_?KEY|SECRET_KEY_BASE|SECRET_ACCESS_KEY|TOKEN|API_?KEY|PRIVATE_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|CREDENTIALS?|AUTH_STRING)$|_PWD$/i;
/** `scheme://user:password@host`. */
const CREDENTIAL_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * Why a plain (literal) environment variable holds a secret, or undefined. `isReference`
 * tells the cloud's secret-store references (not the secret itself) apart.
 */
export function plainSecretReason(name: string, value: unknown, isReference: (value: string) => boolean): string | undefined {
    if (value === OFFLINE_SECRET) return "its value is a Pulumi secret";
    if (typeof value === "string") {
        if (CREDENTIAL_URL.test(value)) return "its value embeds credentials";
        if (PRIVATE_KEY.test(value)) return "its value is a private key";
        if (isReference(value)) return undefined;
    }
    return SECRET_NAME.test(name) ? "its name says it holds a secret" : undefined;
}

/** `repo/name@sha256:<digest>`, or a tag other than `latest`. A reference with `@` is pinned only by a whole digest. */
export function isPinnedImage(image: string): boolean {
    if (image.includes("@")) return /@sha256:[a-f0-9]{64}$/.test(image);
    const last = image.slice(image.lastIndexOf("/") + 1);
    const cut = last.indexOf(":");
    return cut > 0 && last.slice(cut + 1) !== "latest";
}

/**
 * A source range wider than every private network: an IPv4 prefix shorter than /8
 * (10.0.0.0/8 is the widest private one) or an IPv6 prefix shorter than /7 (fc00::/7), so
 * it takes in public addresses at internet scale (`0.0.0.0/1` + `128.0.0.0/1` is 0.0.0.0/0).
 * A bare address without a prefix is a single host.
 */
export function isInternetScale(range: string): boolean {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(range.trim());
    if (!m) return false;
    const prefix = Number(m[2]);
    return m[1].includes(":") ? prefix < 7 : prefix < 8;
}

/** 0.0.0.0/0 or ::/0. */
export const isWorld = (range: string) => /^(0\.0\.0\.0|::)\/0$/.test(range.trim());

/**
 * How violation sentences name resources of one cloud: `what(r)` gives `Kind "name"` from
 * `kinds` (type token → what a person calls it), `whatLower(r)` the same mid-sentence, where
 * kinds matching `proper` (product names, acronyms) keep their capital (without `proper`,
 * none does: a rule file that only starts sentences with `what` needs none).
 */
export function describer(kinds: Record<string, string>, proper?: RegExp) {
    const what = (r: { type: string; name: string }) => `${kinds[r.type] ?? r.type} "${r.name}"`;
    const whatLower = (r: { type: string; name: string }) => {
        const w = what(r);
        return proper?.test(w) ? w : w[0].toLowerCase() + w.slice(1);
    };
    return { what, whatLower };
}

/** Generated values (`@pulumi/random`) meant as secrets, and the outputs that carry them. */
export const GENERATED_SECRETS: Record<string, string[]> = {
    "random:index/randomPassword:RandomPassword": ["result", "bcryptHash"],
    "random:index/randomBytes:RandomBytes": ["hex", "base64"],
    "random:index/randomString:RandomString": ["result"],
};

/** The generated-secret resources of a stack and the known values they carry (long enough to recognise). */
export interface GeneratedSecrets {
    generated: PolicyResource[];
    values: Array<{ g: PolicyResource; v: string }>;
}

export function generatedSecrets(resources: readonly PolicyResource[]): GeneratedSecrets {
    const generated = ofTypes(resources, ...Object.keys(GENERATED_SECRETS));
    const values = generated.flatMap((g) => GENERATED_SECRETS[g.type]
        .map((key) => known(() => g.props[key], undefined))
        .filter((v): v is string => typeof v === "string" && v.length >= 8 && v !== OFFLINE_SECRET)
        .map((v) => ({ g, v })));
    return { generated, values };
}

/** How a cloud's rule names resources and the fix it asks for, in generated-secret findings. */
export interface GeneratedSecretWording {
    what: (r: PolicyResource) => string;
    whatLower: (r: PolicyResource) => string;
    /** The fix for an input taken straight from a random resource. */
    storeIt: string;
    /** The fix for a generated value copied into plain env. */
    readIt: string;
}

/**
 * Reports a workload `w` that takes an input straight from a generated secret (it depends on
 * the random resource) or carries a generated value in a plain env variable (`plainEnv`).
 */
export function reportGeneratedSecretUse(
    w: PolicyResource,
    secrets: GeneratedSecrets,
    plainEnv: Array<[string, unknown]>,
    wording: GeneratedSecretWording,
    report: (message: string, urn?: string) => void,
): void {
    const { what, whatLower } = wording;
    const direct = secrets.generated.filter((g) => (w.dependencies ?? []).some((d) => d.urn === g.urn));
    for (const g of direct) report(`${what(w)} takes an input straight from ${whatLower(g)}, a generated secret; ${wording.storeIt}.`, w.urn);
    for (const [name, value] of plainEnv) {
        const hit = secrets.values.find(({ v }) => typeof value === "string" && value.includes(v));
        if (hit && !direct.includes(hit.g)) {
            report(`${what(w)} passes the value of ${whatLower(hit.g)} in the plain environment variable ${name}; ${wording.readIt}.`, w.urn);
        }
    }
}

/** The security headers a response carries, as both clouds' rules read them. */
export interface SecurityHeaderValues {
    /** HSTS max-age in seconds (NaN when absent). */
    hstsMaxAge: number;
    /** Whether `X-Content-Type-Options: nosniff` is set. */
    nosniff: boolean;
    /** The Content-Security-Policy value, "" when absent. */
    csp: string;
    /** The X-Frame-Options value, "" when absent. */
    frameOptions: string;
    /** The Referrer-Policy value, "" when absent. */
    referrerPolicy: string;
}

/** The security headers `h` lacks, as a reader names them; a CSP frame-ancestors directive stands in for X-Frame-Options. */
export function missingSecurityHeaders(h: SecurityHeaderValues, minHstsMaxAge: number): string[] {
    const missing: string[] = [];
    if (!(h.hstsMaxAge >= minHstsMaxAge)) missing.push(`Strict-Transport-Security (max-age of at least ${minHstsMaxAge})`);
    if (!h.nosniff) missing.push("X-Content-Type-Options: nosniff");
    if (!h.csp) missing.push("Content-Security-Policy");
    if (!/^(deny|sameorigin)$/i.test(h.frameOptions) && !/frame-ancestors/i.test(h.csp)) missing.push("X-Frame-Options (or a CSP frame-ancestors directive)");
    if (!h.referrerPolicy) missing.push("Referrer-Policy");
    return missing;
}
