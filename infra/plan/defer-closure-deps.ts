/**
 * Loading @pulumi/pulumi also loads, eagerly, the TypeScript compiler and npm's Arborist
 * (about 600 modules) for closure serialization (`pulumi.runtime.serializeFunction`), which
 * neither prodstack nor an offline plan uses: a third of the CLI's start-up. Imported first
 * by the CLI, this makes both load on first use instead, and the cloud SDKs load each service
 * namespace on first use (`lazy-sdk.ts`). A real `pulumi up` runs `infra/index.ts`, which
 * never imports it.
 */
import Module from "module";
import { lazyModule, lazySdk } from "./lazy-sdk";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };
const load = moduleInternals._load;


/** One lazy SDK per package, so every importer sees the same object. */
const sdks = new Map<string, object>();

moduleInternals._load = function deferClosureDeps(request, parent, isMain) {
    if (request === "@npmcli/arborist" || request === "../../typescript-shim") {
        return lazyModule(() => load.call(this, request, parent, isMain) as object);
    }
    const sdk = /^@pulumi\/(aws|gcp)$/.exec(request)?.[1];
    if (sdk) {
        if (!sdks.has(sdk)) sdks.set(sdk, lazySdk(sdk, (id) => load.call(this, id, parent, isMain)));
        return sdks.get(sdk);
    }
    return load.call(this, request, parent, isMain);
};
