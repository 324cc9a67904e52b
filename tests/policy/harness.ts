/**
 * Calls the pack's validators directly, with arguments shaped as the engine shapes them
 * (ResourceValidationArgs / StackValidationArgs), and collects what they report.
 */
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { policyNamed } from "../../policy/policies";
import type { HardeningResourcePolicy, HardeningStackPolicy, Tier } from "../../policy/types";

export class NotApplicable extends Error {
    constructor(readonly reason: string) {
        super(reason);
    }
}

const throwNotApplicable = (reason?: string): never => {
    throw new NotApplicable(reason ?? "");
};

export interface Outcome {
    /** Violation messages, in report order. */
    messages: string[];
    /** URNs the stack policy reported (undefined entries: stack-wide). */
    urns: (string | undefined)[];
    /** The notApplicable reason, if the policy called it. */
    notApplicable?: string;
}

export interface CallOptions {
    tier?: Tier;
    config?: Record<string, unknown>;
    stackTags?: Record<string, string>;
}

const urnOf = (type: string, name: string) => `urn:pulumi:test::prodstack::${type}::${name}`;

function getConfig(o: CallOptions) {
    return <T extends object>() => ({ ...(o.config ?? {}), ...(o.tier ? { tier: o.tier } : {}) }) as unknown as T;
}

const opts = (protect: boolean) => ({
    protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
});

export interface ResourceCase extends CallOptions {
    name?: string;
    protect?: boolean;
    provider?: { type: string; props: Record<string, unknown> };
}

/** Awaits `policy.validateResource` on one resource. */
export async function validateResource(
    policyName: string,
    type: string,
    props: Record<string, unknown>,
    c: ResourceCase = {},
): Promise<Outcome> {
    const policy = policyNamed(policyName) as HardeningResourcePolicy;
    if (policy?.kind !== "resource") throw new Error(`${policyName} is not a resource policy`);
    const name = c.name ?? "res";
    const args: ResourceValidationArgs = {
        type,
        props,
        urn: urnOf(type, name),
        name,
        opts: opts(c.protect ?? false),
        stackTags: new Map(Object.entries(c.stackTags ?? {})),
        isType: () => false,
        asType: () => undefined,
        getConfig: getConfig(c),
        notApplicable: throwNotApplicable,
        ...(c.provider ? { provider: { ...c.provider, urn: urnOf(c.provider.type, "gcp"), name: "gcp" } } : {}),
    };
    const out: Outcome = { messages: [], urns: [] };
    try {
        await policy.validateResource(args, (message) => out.messages.push(message));
    } catch (err) {
        if (!(err instanceof NotApplicable)) throw err;
        out.notApplicable = err.reason;
    }
    return out;
}

/** A resource of a stack under test; `deps` become its dependencies. */
export interface StackResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
    deps?: StackResource[];
    propertyDeps?: Record<string, StackResource[]>;
}

/** `props` with `key` unknown, as during a real preview (reading it throws the SDK's error). */
export function unknownAt(props: Record<string, unknown>, key: string): Record<string, unknown> {
    const out = { ...props };
    Object.defineProperty(out, key, {
        enumerable: true,
        get() {
            throw new Error(`The value at .${key} can't be known during preview`);
        },
    });
    return out;
}

export const r = (type: string, name: string, props: Record<string, unknown>, deps: StackResource[] = []): StackResource => ({
    type,
    name,
    props,
    deps,
});

/** Awaits `policy.validateStack` over `resources`. */
export async function validateStack(policyName: string, resources: StackResource[], c: CallOptions = {}): Promise<Outcome> {
    const policy = policyNamed(policyName) as HardeningStackPolicy;
    if (policy?.kind !== "stack") throw new Error(`${policyName} is not a stack policy`);
    const built = new Map<StackResource, PolicyResource>();
    for (const res of resources) {
        built.set(res, {
            type: res.type,
            name: res.name,
            urn: urnOf(res.type, res.name),
            props: res.props,
            opts: opts(false),
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        });
    }
    const resolve = (list: StackResource[]) => list.map((d) => built.get(d)).filter((d): d is PolicyResource => !!d);
    for (const [res, pr] of built) {
        pr.dependencies = resolve(res.deps ?? []);
        pr.propertyDependencies = Object.fromEntries(Object.entries(res.propertyDeps ?? {}).map(([k, v]) => [k, resolve(v)]));
    }
    const args: StackValidationArgs = {
        resources: [...built.values()],
        stackTags: new Map(Object.entries(c.stackTags ?? {})),
        getConfig: getConfig(c),
        notApplicable: throwNotApplicable,
    };
    const out: Outcome = { messages: [], urns: [] };
    try {
        await policy.validateStack(args, (message, urn) => {
            out.messages.push(message);
            out.urns.push(urn);
        });
    } catch (err) {
        if (!(err instanceof NotApplicable)) throw err;
        out.notApplicable = err.reason;
    }
    return out;
}

/** The URN the harness gives a stack resource. */
export const urn = (res: StackResource) => urnOf(res.type, res.name);
