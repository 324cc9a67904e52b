/**
 * Argument validation shared by every component: problems are collected, then
 * reported together in one error before any child resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";

/** Thrown when a component is given args the cloud would reject or that make no sense. */
export class InvalidArgsError extends Error {
    constructor(
        /** Pulumi type token of the component, e.g. `prodstack:gcp:Network`. */
        readonly component: string,
        /** Logical name the component was given. */
        readonly resourceName: string,
        /** One sentence per problem: key, what was expected, what was given. */
        readonly problems: string[],
    ) {
        super(
            `${component} "${resourceName}" has invalid args:\n` + problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "InvalidArgsError";
    }
}

/** Renders a given value for an error message: strings quoted, everything else as JSON. */
export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing";
    if (typeof value === "string") return JSON.stringify(value);
    // Numbers as written (`NaN`, `Infinity`, which JSON would turn into `null`); booleans and `null` as JSON writes them.
    if (typeof value === "number") return String(value);
    const json = JSON.stringify(value);
    // A function (a callback arg given where none is allowed) has no JSON form.
    if (json === undefined) return `a ${typeof value}`;
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Collects problems for one component's args; `throwIfAny` reports them all at once. */
export class ArgsChecker {
    private readonly problems: string[] = [];

    constructor(
        private readonly component: string,
        private readonly resourceName: string,
    ) {}

    /** Records a problem: `key: expected <expected>, got <given>`. */
    fail(key: string, expected: string, given: unknown): void {
        this.problems.push(`${key}: expected ${expected}, got ${describeValue(given)}`);
    }

    /** Records a problem when `ok` is false. Returns `ok` so checks can be chained. */
    check(ok: boolean, key: string, expected: string, given: unknown): boolean {
        if (!ok) this.fail(key, expected, given);
        return ok;
    }

    /** Checks an optional integer lies within [min, max]. */
    intInRange(key: string, value: number | undefined, min: number, max: number): void {
        if (value === undefined) return;
        this.check(
            Number.isInteger(value) && value >= min && value <= max,
            key,
            `an integer from ${min} to ${max}`,
            value,
        );
    }

    /** Checks an optional number lies within [min, max]. */
    numberInRange(key: string, value: number | undefined, min: number, max: number): void {
        if (value === undefined) return;
        this.check(Number.isFinite(value) && value >= min && value <= max, key, `a number from ${min} to ${max}`, value);
    }

    /** Checks an optional value is one of `allowed`. */
    oneOf<T>(key: string, value: T | undefined, allowed: readonly T[]): void {
        if (value === undefined) return;
        this.oneOfRequired(key, value, allowed);
    }

    /** Checks a required value is one of `allowed`: a missing one (a JavaScript caller) is a problem too. */
    oneOfRequired<T>(key: string, value: T, allowed: readonly T[]): void {
        this.check(allowed.includes(value), key, `one of ${allowed.map((a) => describeValue(a)).join(", ")}`, value);
    }

    /**
     * Checks a required string matches `pattern`; `expected` describes the pattern in words. A
     * missing value is a problem too (a JavaScript caller, or untyped config).
     */
    matches(key: string, value: string, pattern: RegExp, expected: string): void {
        this.check(typeof value === "string" && pattern.test(value), key, expected, value);
    }

    /** Checks an optional string matches `pattern` when it is given. */
    matchesIfGiven(key: string, value: string | undefined, pattern: RegExp, expected: string): void {
        if (value === undefined) return;
        this.matches(key, value, pattern, expected);
    }

    /**
     * Checks a required value the component only passes on to resources: a plain string must
     * match `pattern`, a missing one is a problem; an output or a promise is known only at
     * deployment, where the cloud checks it.
     */
    matchesIfKnown(key: string, value: pulumi.Input<string>, pattern: RegExp, expected: string): void {
        if (pulumi.Output.isInstance(value) || value instanceof Promise) return;
        this.matches(key, value as string, pattern, expected);
    }

    /** {@link matchesIfKnown} for an optional value: nothing to check when it is not given. */
    matchesIfGivenAndKnown(key: string, value: pulumi.Input<string> | undefined, pattern: RegExp, expected: string): void {
        if (value === undefined) return;
        this.matchesIfKnown(key, value, pattern, expected);
    }

    /** Throws an {@link InvalidArgsError} listing every recorded problem, if any. */
    throwIfAny(): void {
        if (this.problems.length > 0) throw new InvalidArgsError(this.component, this.resourceName, [...this.problems]);
    }
}
