/**
 * Test harness: runs a program under the same mocks and capture as `prodstack plan`
 * and gives an inventory of what the cloud would receive.
 */
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../components/core/errors";
import { runUnderMocks, type MockRun, type PlannedResource } from "../../infra/plan/engine";

/** The resources a program registers, with look-ups by type and name. */
export class Inventory {
    constructor(
        readonly resources: PlannedResource[],
        readonly outputs: Record<string, unknown>,
        /** Every look-up (function invoke) the program made, with its arguments. */
        readonly invokes: MockRun["invokes"] = [],
    ) {}

    /** Every resource of `type`. */
    ofType(type: string): PlannedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The only resource of `type`; fails the test when there are none or several. */
    one(type: string): PlannedResource {
        const found = this.ofType(type);
        if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
        return found[0];
    }

    /** The resource with logical `name` (and `type`, when names repeat across types). */
    named(name: string, type?: string): PlannedResource {
        const found = this.resources.filter((r) => r.name === name && (!type || r.type === type));
        if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
        return found[0];
    }

    /** Counts by type, for inventory assertions. */
    counts(): Record<string, number> {
        const out: Record<string, number> = {};
        for (const r of this.resources) out[r.type] = (out[r.type] ?? 0) + 1;
        return out;
    }

    /** Direct children of the resource with `urn`. */
    childrenOf(urn: string): PlannedResource[] {
        return this.resources.filter((r) => r.parent === urn);
    }
}

/**
 * Runs `program` under mocks as stack `stack` of project `prodstack`. What it returns
 * becomes the stack outputs, unless it is a resource (tests often return the component
 * they build; its fields are not outputs).
 */
export async function plan(program: () => unknown, stack = "test"): Promise<Inventory> {
    const run = await runUnderMocks({ project: "prodstack", stack }, () => {
        const result = program();
        return pulumi.Resource.isInstance(result) ? undefined : result;
    });
    return new Inventory(run.resources, run.outputs, run.invokes);
}

/**
 * A plan several tests of a file share, run by the first test that asks for it (not in a
 * `beforeAll`: a test run alone plans only what it reads, and mutants that change nothing
 * it plans do not re-run the file's other tests). Tests of a file run one after the other,
 * so Pulumi's process-wide mocks never see two plans at once.
 */
export function memo<T>(make: () => Promise<T>): () => Promise<T> {
    // Under mutation testing (StrykerJS sets `__stryker__`) every test plans for itself:
    // with per-test coverage a shared plan counts as covered by the first test that built it
    // only, so a mutant never ran the later tests asserting on that plan and "survived".
    if ("__stryker__" in globalThis) return make;
    let result: Promise<T> | undefined;
    return () => (result ??= make());
}

/**
 * Runs `make` under mocks expecting it to refuse its args: returns the InvalidArgsError
 * (failing the test when there is none) and the inventory, so tests can check that
 * nothing was registered.
 */
export async function rejectedArgs(make: () => unknown): Promise<{ error: InvalidArgsError; inv: Inventory }> {
    let error: unknown;
    const inv = await plan(() => {
        try {
            make();
        } catch (e) {
            error = e;
        }
    });
    expect(error).toBeInstanceOf(InvalidArgsError);
    return { error: error as InvalidArgsError, inv };
}

/** The problems `validate` reports (those of its InvalidArgsError), or [] when it accepts its args. */
export function argProblems(validate: () => void): string[] {
    try {
        validate();
        return [];
    } catch (e) {
        if (!(e instanceof InvalidArgsError)) throw e;
        return e.problems;
    }
}

/** Resources (or anything named) sorted by logical name: registration order under mocks is not fixed. */
export function byName<T extends { name: string }>(items: readonly T[]): T[] {
    return [...items].sort((a, b) => a.name.localeCompare(b.name));
}
