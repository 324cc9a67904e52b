/**
 * The diff document (`prodstack diff --format json`): a public, versioned contract like the
 * plan format (docs/diff-format.md). Extend it freely; change or remove a field only with a
 * new `formatVersion`.
 */
import type { Violation } from "../../policy/run";
import type { InputChange } from "./inputs";

export const DIFF_FORMAT_VERSION = 1;

export type ChangeKind = "create" | "update" | "replace" | "delete";

/** One changed input path and what the provider's docs say it does. */
export interface PathChange extends InputChange {
    /** "replaces": a documented rule says so; "unknown": the provider docs say nothing (may replace). */
    effect: "replaces" | "unknown";
    /** The documented rule (`path: sentence`) and its source, for "replaces". */
    rule?: string;
}

export interface ResourceChange {
    kind: ChangeKind;
    urn: string;
    /** The base URN when the URN changed (a replacement, or a move its aliases cover). */
    previousUrn?: string;
    type: string;
    name: string;
    /** URN of the parent component (head's, else base's); null at top level. */
    component: string | null;
    /** Changed input paths (updates and replacements). */
    changes: PathChange[];
    /** Why a replace is one: the forcing paths or "URN changed". */
    replaceReasons: string[];
    /** An update none of whose paths is known to replace, but some of whose are unknown. */
    mayReplace: boolean;
    /** A database, cache, bucket, secret, key, registry… (infra/diff/stateful.ts). */
    stateful: boolean;
    /** `protect` or deletion-protection inputs this change turns off. */
    protectionLost: string[];
}

export interface StackDiff {
    stack: string;
    cloud: string;
    /** "added"/"removed": the stack is only in the head/base plans. */
    status: "changed" | "unchanged" | "added" | "removed";
    counts: Record<ChangeKind, number>;
    resources: ResourceChange[];
    /** Violations in head that base does not have. */
    newViolations: Violation[];
    /** Roadmap items that passed in base and fail in head. */
    regressions: Array<{ id: string; item: string }>;
    /** What reviewers must not miss, one sentence each. */
    flags: string[];
    /** Flags that fail the diff (exit 1): new mandatory violations, stateful replacement or deletion. */
    blocking: string[];
}

export interface DiffDocument {
    formatVersion: number;
    base: string;
    head: string;
    stacks: StackDiff[];
    /** 0 no changes, 3 changes, 1 blocking flags (unless allowed). */
    exitCode: 0 | 1 | 3;
}
