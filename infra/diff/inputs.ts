/** The input paths that differ between two versions of a resource's planned inputs. */
import { SECRET_PLACEHOLDER } from "../plan/engine";

/** One changed input. Values are never kept for a secret (either side). */
export interface InputChange {
    /** Dotted path with list indices, e.g. `settings.ipConfiguration.ipv4Enabled`, `template.containers[0].image`. */
    path: string;
    /** True when either side is a secret: the change is shown without values. */
    secret: boolean;
    /** The old value (absent when added, or secret). */
    before?: unknown;
    /** The new value (absent when removed, or secret). */
    after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isSecret = (v: unknown) => v === SECRET_PLACEHOLDER;

/**
 * Leaf-level differences. A missing object or list is compared as an empty one, so what was
 * added or removed inside it is listed leaf by leaf (and matches the replacement rules' paths).
 * Two secrets compare equal: the plan holds neither value.
 */
export function diffInputs(before: unknown, after: unknown, path = ""): InputChange[] {
    if (isSecret(before) || isSecret(after)) {
        return isSecret(before) && isSecret(after) ? [] : [{ path, secret: true }];
    }
    if ((isObject(before) || before === undefined) && (isObject(after) || after === undefined) && (before ?? after) !== undefined) {
        const b = (before ?? {}) as Record<string, unknown>;
        const a = (after ?? {}) as Record<string, unknown>;
        const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
        return keys.flatMap((k) => diffInputs(b[k], a[k], path ? `${path}.${k}` : k));
    }
    if ((Array.isArray(before) || before === undefined) && (Array.isArray(after) || after === undefined) && (before ?? after) !== undefined) {
        const b = (before ?? []) as unknown[];
        const a = (after ?? []) as unknown[];
        return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => diffInputs(b[i], a[i], `${path}[${i}]`)).flat();
    }
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    return [{ path, secret: false, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}
