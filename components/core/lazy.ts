/**
 * Defines `names` on a module's `exports` as getters that load `load()` on first use, as
 * Pulumi's own SDKs do: importing a cloud's entry point (or the root `prodstack`) loads no
 * cloud SDK until a component of that cloud is used.
 */
export function lazyLoad(exports: object, names: string[], load: () => Record<string, unknown>): void {
    for (const name of names) {
        Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: () => load()[name] });
    }
}
