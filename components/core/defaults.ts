/**
 * Drops keys whose value is `undefined`, so `{ ...DEFAULTS, ...definedOnly(args) }`
 * keeps a default wherever the caller left a field unset.
 */
export function definedOnly<T extends object>(obj: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
    return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as never;
}
