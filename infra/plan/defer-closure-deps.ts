/**
 * Loading @pulumi/pulumi also loads, eagerly, the TypeScript compiler and npm's Arborist
 * (about 600 modules) for closure serialization (`pulumi.runtime.serializeFunction`), which
 * neither prodstack nor an offline plan uses: a third of the CLI's start-up; and its
 * Automation API (about 150 more), the code-path finder that packages a function's
 * dependencies (about 35) and gRPC with its engine clients (about 70), which it does not use
 * either. Imported first by the CLI, this makes them load on first use instead, and the
 * cloud SDKs load each service namespace on first use (`lazy-sdk.ts`). A real `pulumi up`
 * runs `infra/index.ts`, which never imports it.
 */
import Module from "module";
import { lazyModule, lazySdk } from "./lazy-sdk";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };
const load = moduleInternals._load;

/** The requiring module's file name, `/` separated ("" when unknown). */
const fileOf = (parent: unknown) => ((parent as { filename?: string } | undefined)?.filename ?? "").replace(/\\/g, "/");
/** Whether `parent` is the SDK's module `file` (relative to the package, `/` separated). */
const isSdkModule = (parent: unknown, file: string) => fileOf(parent).endsWith(`/@pulumi/pulumi/${file}`);
/** The SDK's index loads its Automation API (execa, YAML, package metadata: ~150 modules) eagerly. */
const isSdkIndex = (parent: unknown) => isSdkModule(parent, "index.js");
/**
 * Its runtime index loads `computeCodePaths` (package.json normalization, SPDX licence data,
 * hosted-git-info, fdir, picomatch: ~35 modules), used only to package a function's
 * dependencies, which an offline plan never does.
 */
const isSdkRuntimeIndex = (parent: unknown) => isSdkModule(parent, "runtime/index.js");

/**
 * The SDK loads gRPC (~65 modules) and builds its service clients as it loads, to talk to the
 * engine; under mocks nothing connects, so they load when first used (connecting, or reading an
 * error's gRPC status).
 */
const isSdkGrpc = (request: string, parent: unknown) =>
    (request === "@grpc/grpc-js" || /^\.\.\/proto\/[a-z_]+_grpc_pb$/.test(request)) &&
    fileOf(parent).includes("/@pulumi/pulumi/");

/** One lazy SDK per package, so every importer sees the same object. */
const sdks = new Map<string, object>();

moduleInternals._load = function deferClosureDeps(request, parent, isMain) {
    if (
        request === "@npmcli/arborist" ||
        request === "../../typescript-shim" ||
        (request === "./automation" && isSdkIndex(parent)) ||
        isSdkGrpc(request, parent)
    ) {
        return lazyModule(() => load.call(this, request, parent, isMain) as object);
    }
    if (request === "./closure/codePaths" && isSdkRuntimeIndex(parent)) {
        // The runtime index copies `computeCodePaths` out at once: it gets a stand-in that loads the module when called.
        const codePaths = lazyModule(() => load.call(this, request, parent, isMain) as object) as Record<string, (...args: unknown[]) => unknown>;
        return lazyModule(() => codePaths, (key) => (key === "computeCodePaths" ? (...args: unknown[]) => codePaths.computeCodePaths(...args) : codePaths[key]));
    }
    const sdk = /^@pulumi\/(aws|gcp)$/.exec(request)?.[1];
    if (sdk) {
        if (!sdks.has(sdk)) sdks.set(sdk, lazySdk(sdk, (id) => load.call(this, id, parent, isMain)));
        return sdks.get(sdk);
    }
    return load.call(this, request, parent, isMain);
};
