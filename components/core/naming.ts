import { createHash } from "crypto";

/**
 * Joins name parts into a cloud resource name: lowercase, hyphenated, at most
 * `maxLength` characters. Names that would be too long are cut and given a short
 * stable hash of the full name, so two long names never collide and the same
 * input always yields the same name (plans stay deterministic).
 */
export function resourceName(parts: readonly string[], maxLength = 63): string {
    // Every run of other characters (hyphens and empty parts' separators included) becomes one hyphen.
    const full = parts
        .join("-")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
    if (full.length <= maxLength) return full;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 6);
    return `${full.slice(0, maxLength - hash.length - 1).replace(/-$/, "")}-${hash}`;
}

/** `serviceAccount:a@b.com` → `serviceaccount-a-b-com`, `SESSION_SECRET` → `session-secret`: for logical names, never cut. */
export function slug(text: string): string {
    return resourceName([text], Infinity);
}
