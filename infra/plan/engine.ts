import * as pulumi from "@pulumi/pulumi";
import { placeholderMocks } from "./placeholders";
import { structValue, usePlainStructs } from "./plain-struct";

/** One resource as the engine would receive it. Field names are part of the plan format. */
export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string | null;
    provider: string | null;
    inputs: Record<string, unknown>;
    protect: boolean;
    retainOnDelete: boolean;
    dependsOn: string[];
    aliases: unknown[];
    ignoreChanges: string[];
    deleteBeforeReplace: boolean;
}

/** What running a program under mocks produced. */
export interface MockRun {
    resources: PlannedResource[];
    outputs: Record<string, unknown>;
    /** Every function invoke (data-source look-up) the program made: token and arguments. */
    invokes: Array<{ token: string; args: Record<string, unknown> }>;
}

/** Replaces every secret value (anywhere in a structure) by this placeholder. */
export const SECRET_PLACEHOLDER = "[secret]";

const SECRET_SIG = pulumi.runtime.specialSecretSig;
const SIG_KEY = pulumi.runtime.specialSigKey;

/** Strips Pulumi's RPC wrappers: secrets become "[secret]", resource references their URN. */
export function scrub(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(scrub);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return SECRET_PLACEHOLDER;
    if (obj[SIG_KEY] === pulumi.runtime.specialResourceSig) return obj.urn;
    if (obj[SIG_KEY] === pulumi.runtime.specialOutputValueSig) {
        return obj.secret ? SECRET_PLACEHOLDER : scrub(obj.value);
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) {
        if (obj[key] !== undefined) out[key] = scrub(obj[key]);
    }
    return out;
}

/** A provider reference is `<urn>::<id>`; the plan keeps the URN. */
function providerUrn(ref: string): string | null {
    if (!ref) return null;
    const cut = ref.lastIndexOf("::");
    return cut > 0 ? ref.slice(0, cut) : ref;
}

/**
 * The subset of the gRPC RegisterResourceRequest we read. The stock mocks only pass
 * type/name/inputs to `newResource`; options such as `protect` live on the request.
 */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getCustom(): boolean;
    getParent(): string;
    getProvider(): string;
    getObject(): unknown;
    getProtect?(): boolean;
    getRetainondelete?(): boolean;
    getDependenciesList(): string[];
    getAliasesList?(): Array<{ toObject(): unknown }>;
    getAliasurnsList?(): string[];
    getIgnorechangesList(): string[];
    getDeletebeforereplace(): boolean;
    getImportid(): string;
}

/** The parts of the SDK's MockMonitor the engine replaces or reads. */
interface MockMonitor {
    mocks: pulumi.runtime.Mocks;
    resources: Map<string, { urn: string; id: string | null; state: unknown }>;
    invoke(req: { getTok(): string; getArgs(): { toJavaScript(): Record<string, unknown> } | undefined }, cb: unknown): unknown;
    registerResource(req: RegisterRequest, cb: (err: unknown, resp?: RegisterResponse) => void): void;
    newUrn(parent: string, type: string, name: string): string;
    registerResourceOutputs(req: { getUrn(): string; getOutputs(): unknown }, cb: (err: unknown) => void): void;
}

/** What the SDK reads of a RegisterResourceResponse (resource.js accepts any object with these). */
interface RegisterResponse {
    getUrn(): string;
    getId(): string;
    getObject(): { toJavaScript(): Record<string, unknown> };
    getPropertydependenciesMap(): undefined;
    getResult(): number;
}

function aliasesOf(req: RegisterRequest): unknown[] {
    const specs = (req.getAliasesList?.() ?? []).map((a) => scrub(a.toObject()));
    return [...(req.getAliasurnsList?.() ?? []), ...specs];
}

/**
 * Runs `program` as the root of a Pulumi stack under runtime mocks and returns every
 * resource registration (with its options) and the stack outputs. Nothing is contacted.
 */
export async function runUnderMocks(
    settings: { project: string; stack: string; config?: Record<string, string>; secretKeys?: string[] },
    program: () => unknown,
    // The @pulumi/pulumi instance the program uses (a program outside the repository may load
    // its own copy from its node_modules): the mocks, the capture and the run go through it.
    sdk: typeof pulumi = pulumi,
): Promise<MockRun> {
    await sdk.runtime.setMocks(placeholderMocks, settings.project, settings.stack, true);
    sdk.runtime.setAllConfig(settings.config ?? {}, settings.secretKeys ?? []);

    const resources: PlannedResource[] = [];
    const monitor = sdk.runtime.getMonitor() as unknown as MockMonitor;
    monitor.newUrn = (parent, type, name) => engineUrn(settings.project, settings.stack, parent, type, name);
    // Look-ups leave no resource behind: record their arguments, so tests can see them.
    const invokes: MockRun["invokes"] = [];
    const invoke = monitor.invoke.bind(monitor);
    monitor.invoke = (req, cb) => {
        invokes.push({ token: req.getTok(), args: req.getArgs()?.toJavaScript() ?? {} });
        return invoke(req, cb);
    };
    monitor.registerResource = (req, cb) => registerResource(sdk, monitor, req, cb, (r) => resources.push(r));

    // Outputs are read from the registration, where secrets are still marked as such;
    // the value runInPulumiStack resolves to has them unwrapped.
    const registeredOutputs = new Map<string, unknown>();
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        registeredOutputs.set(req.getUrn(), req.getOutputs());
        registerOutputs(req, cb);
    };

    // Pulumi formats a stack trace for every promise and resource it creates (for leak
    // reports and source positions nobody reads offline); that formatting was a quarter of
    // a plan's time. PRODSTACK_DEBUG keeps them.
    const stackTraceLimit = Error.stackTraceLimit;
    // Resource.callsites lifts the limit to capture a full stack for every resource's
    // source position (under jest each frame is also source-mapped): a seventh of a test
    // file's time. Offline, no engine reads source positions.
    const resourceClass = sdk.Resource as unknown as { callsites: () => unknown[] };
    const callsites = resourceClass.callsites;
    // Every promise the SDK creates (four per output property of every resource) goes through
    // debuggablePromise, which also gives it an ID and a stack trace through three
    // defineProperty calls: a tenth of a plan. The leak check it feeds stays.
    const debuggable = sdk === pulumi ? debuggableModule() : undefined;
    const debuggablePromise = debuggable?.debuggablePromise;
    if (!process.env.PRODSTACK_DEBUG) {
        Error.stackTraceLimit = 0;
        resourceClass.callsites = () => [];
        if (debuggable && debuggablePromise && !process.env.PULUMI_DEBUG_PROMISE_LEAKS) debuggable.debuggablePromise = trackedPromise(debuggablePromise);
    }
    // When the program throws (a component's invalid args), the SDK's root Stack leaves
    // promises derived from its outputs rejected with that same error and unhandled; Node
    // would then crash after the caller has reported the error (a stack trace and exit 1
    // instead of one message and exit 2). Collect them during the run and let the error
    // surface once, from here.
    const stray: unknown[] = [];
    const onStray = (reason: unknown) => void stray.push(reason);
    process.on("unhandledRejection", onStray);
    // Registrations, invokes and outputs reach the mock monitor as plain values (plain-struct.ts).
    const restoreStructs = sdk === pulumi ? usePlainStructs() : undefined;
    try {
        await sdk.runtime.runInPulumiStack(async () => program());
        // Not in the SDK's typings, but exported: drains registrations still in flight.
        await (sdk.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs?.();
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
        resourceClass.callsites = callsites;
        if (debuggable) debuggable.debuggablePromise = debuggablePromise!;
        restoreStructs?.();
        // Unhandled rejections are reported after the microtask queue drains: wait one turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onStray);
    }
    // Reached only when the run succeeded: a stray rejection still means something failed.
    if (stray.length) throw stray[0];

    // The root Stack is the engine's, not the program's: leave it out and make its
    // children top-level (parent null).
    const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const planned = resources
        .filter((r) => r !== stack)
        .map((r) => (stack && r.parent === stack.urn ? { ...r, parent: null } : r));
    return {
        resources: planned.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0)),
        outputs: stackOutputs(stack && registeredOutputs.get(stack.urn)),
        invokes,
    };
}

type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;

/** The SDK's internal promise tracking (runtime/debuggable.js; its typings export nothing). */
function debuggableModule(): { debuggablePromise: DebuggablePromise } {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module, untyped
    return require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: DebuggablePromise };
}

/** Set once the SDK's own debuggablePromise has run: that first call arms its exit-time leak report. */
let leakReportArmed = false;

/**
 * debuggablePromise without the per-promise ID, context and stack trace (empty under mocks
 * anyway, with `Error.stackTraceLimit` 0), which only PULUMI_DEBUG_PROMISE_LEAKS prints: the
 * promise is still a leak candidate until it settles, so a leak is still reported at exit.
 */
function trackedPromise(original: DebuggablePromise): DebuggablePromise {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module, untyped
    const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } };
    return <T>(p: Promise<T>, ctx: unknown): Promise<T> => {
        if (!leakReportArmed) {
            leakReportArmed = true;
            return original(p, ctx);
        }
        const candidates = state.getStore().leakCandidates;
        candidates.add(p);
        return p.then(
            (value) => {
                candidates.delete(p);
                return value;
            },
            (err: { promise?: unknown }) => {
                candidates.delete(p);
                err.promise = p;
                throw err;
            },
        );
    };
}

function stackOutputs(struct: unknown): Record<string, unknown> {
    if (!struct) return {};
    return scrub(pulumi.runtime.deserializeProperties(struct as never)) as Record<string, unknown>;
}

/**
 * URNs as the Pulumi engine forms them: the type is qualified by the parent's
 * qualified type, except that the root Stack is left out of the chain. (The stock
 * mock monitor keeps only the parent's last type and includes the Stack.)
 */
export function engineUrn(project: string, stack: string, parent: string, type: string, name: string): string {
    const parentQualified = parent ? parent.split("::")[2] : "";
    const qualified =
        parentQualified && parentQualified !== "pulumi:pulumi:Stack" ? `${parentQualified}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/**
 * The SDK's MockMonitor.registerResource, doing once what it and the capture each did: the
 * request's inputs are decoded from protobuf once (for the mocks and for the plan), and the
 * response carries the resource's state as plain values, not re-encoded into a protobuf
 * Struct the SDK decodes right away. What the SDK reads is unchanged: the same URN, ID and
 * state, keys in the order a Struct gives them (sorted).
 */
async function registerResource(
    sdk: typeof pulumi,
    monitor: MockMonitor,
    req: RegisterRequest,
    cb: (err: unknown, resp?: RegisterResponse) => void,
    capture: (resource: PlannedResource) => void,
): Promise<void> {
    let resp: RegisterResponse;
    try {
        const inputs = sdk.runtime.deserializeProperties(req.getObject() as never);
        const result = await monitor.mocks.newResource({
            type: req.getType(),
            name: req.getName(),
            inputs,
            provider: req.getProvider(),
            custom: req.getCustom(),
            id: req.getImportid(),
        });
        const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
        const state = (await sdk.runtime.serializeProperties("", result.state)) as Record<string, unknown>;
        monitor.resources.set(urn, { urn, id: result.id ?? null, state });
        capture(toPlanned(req, urn, inputs));
        resp = {
            getUrn: () => urn,
            getId: () => result.id || "",
            getObject: () => ({ toJavaScript: () => structValue(state) as Record<string, unknown> }),
            getPropertydependenciesMap: () => undefined,
            getResult: () => 0, // Result.SUCCESS
        };
    } catch (err) {
        cb(err, undefined);
        return;
    }
    cb(null, resp);
}

function toPlanned(req: RegisterRequest, urn: string, deserialized: Record<string, unknown>): PlannedResource {
    const inputs = scrub(deserialized) as Record<string, unknown>;
    return {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || null,
        provider: providerUrn(req.getProvider()),
        inputs,
        protect: req.getProtect?.() ?? false,
        retainOnDelete: req.getRetainondelete?.() ?? false,
        dependsOn: [...req.getDependenciesList()].sort(),
        aliases: aliasesOf(req),
        ignoreChanges: [...req.getIgnorechangesList()],
        deleteBeforeReplace: req.getDeletebeforereplace(),
    };
}
