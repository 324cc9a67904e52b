/**
 * Loading @pulumi/pulumi also loads, eagerly, the TypeScript compiler and npm's Arborist
 * (about 600 modules) for closure serialization (`pulumi.runtime.serializeFunction`), which
 * neither prodstack nor an offline plan uses: a third of the CLI's start-up; and its
 * Automation API (about 150 more), which it does not use either. Imported first by the
 * CLI, this makes all three load on first use instead, and the cloud SDKs load each service
 * namespace on first use (`lazy-sdk.ts`). A real `pulumi up` runs `infra/index.ts`, which
 * never imports it.
 */
import Module from "module";
import { lazyModule, lazySdk } from "./lazy-sdk";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };
const load = moduleInternals._load;

/** The SDK's index, which loads its Automation API (execa, YAML, package metadata: ~150 modules) eagerly. */
const isSdkIndex = (parent: unknown) => /[\\/]@pulumi[\\/]pulumi[\\/]index\.js$/.test((parent as { filename?: string } | undefined)?.filename ?? "");

/** One lazy SDK per package, so every importer sees the same object. */
const sdks = new Map<string, object>();

moduleInternals._load = function deferClosureDeps(request, parent, isMain) {
    if (request === "@npmcli/arborist" || request === "../../typescript-shim" || (request === "./automation" && isSdkIndex(parent))) {
        return lazyModule(() => load.call(this, request, parent, isMain) as object);
    }
    const sdk = /^@pulumi\/(aws|gcp)$/.exec(request)?.[1];
    if (sdk) {
        if (!sdks.has(sdk)) sdks.set(sdk, lazySdk(sdk, (id) => load.call(this, id, parent, isMain)));
        return sdks.get(sdk);
    }
    return load.call(this, request, parent, isMain);
};
