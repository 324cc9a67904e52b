/**
 * A cloud SDK (`@pulumi/aws`, `@pulumi/gcp`) whose exports load on first use. Each SDK's
 * index loads the index of every one of its 160-300 service namespaces, while a program uses
 * a handful: loading them all is most of an offline plan's start-up. The proxy loads a
 * namespace (`aws.ec2`) from `@pulumi/aws/ec2`, a root class or function (`aws.Provider`,
 * `aws.getCallerIdentity`, `aws.getCallerIdentityOutput`) from its own file, and anything else
 * from the real index. Used by the CLI (`defer-closure-deps.ts`) and by jest (tests/helpers).
 */
import * as fs from "fs";
import * as path from "path";

/** `load` requires a module by id or absolute path, bypassing whatever maps the SDK here. */
export function lazySdk(name: string, load: (id: string) => unknown): object {
    const pkg = `@pulumi/${name}`;
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    let root: Exports | undefined;
    const real = (): Exports => (root ??= load(path.join(dir, "index.js")) as Exports);
    const exported = new Map<string, unknown>();
    const find = (key: string): unknown => {
        if (/^[a-z][a-z0-9]*$/.test(key) && fs.existsSync(path.join(dir, key, "index.js"))) return load(path.join(dir, key, "index.js"));
        const file = /^[A-Za-z][A-Za-z0-9]*$/.test(key) && key[0].toLowerCase() + key.slice(1).replace(/Output$/, "");
        if (file && fs.existsSync(path.join(dir, `${file}.js`))) {
            const module = load(path.join(dir, `${file}.js`)) as Exports;
            if (key in module) return module[key];
        }
        return real()[key];
    };
    return lazyModule(real, (key) => {
        if (!exported.has(key)) exported.set(key, find(key));
        return exported.get(key);
    });
}

type Exports = Record<string | symbol, unknown>;

/**
 * A module that loads on first use: `load()` loads it (once), `get` (by default `real()[key]`) reads
 * an export. `__esModule` keeps TypeScript's importStar from copying (and so loading) every
 * export; enumeration (`Object.keys`, `in`) loads the real module.
 */
export function lazyModule(load: () => object, get?: (key: string) => unknown): object {
    let loaded: Exports | undefined;
    const real = (): Exports => (loaded ??= load() as Exports);
    const read = get ?? ((key: string) => real()[key]);
    return new Proxy({}, {
        get: (_target, key) => (key === "__esModule" ? true : typeof key === "symbol" ? real()[key] : read(key)),
        has: (_target, key) => key in real(),
        ownKeys: () => Reflect.ownKeys(real()),
        // Reported configurable: a proxy may not claim a non-configurable property (the index's
        // `__esModule`) that its own target lacks, and `Object.keys` asks for each.
        getOwnPropertyDescriptor: (_target, key) => {
            const descriptor = Object.getOwnPropertyDescriptor(real(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
    });
}
