import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, describeValue, InvalidArgsError } from "../../../components/core/errors";
import { recordedProblems } from "../../helpers/checker";

const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** Problems recorded by `matchesIfGivenAndKnown` for `value`. */
const problems = (value: pulumi.Input<string> | undefined) =>
    recordedProblems((check) => check.matchesIfGivenAndKnown("project", value, PROJECT, 'a GCP project ID such as "acme-prod-123"'));

describe("ArgsChecker.matches", () => {
    const required = (value: unknown) =>
        recordedProblems((check) => check.matches("project", value as string, PROJECT, 'a GCP project ID such as "acme-prod-123"'));

    it("accepts a matching string and reports a missing, non-string or non-matching value", () => {
        expect(required("acme-web-prod")).toEqual([]);
        expect(required(undefined)).toEqual(['project: expected a GCP project ID such as "acme-prod-123", got nothing']);
        expect(required(12345)).toEqual(['project: expected a GCP project ID such as "acme-prod-123", got 12345']);
        expect(required("Acme_Prod")).toEqual(['project: expected a GCP project ID such as "acme-prod-123", got "Acme_Prod"']);
    });
});

describe("ArgsChecker.oneOf and oneOfRequired", () => {
    const ZONES = ["a", "b"] as const;
    it("reports a missing value only when it is required, and a value not allowed either way", () => {
        expect(recordedProblems((c) => c.oneOf("zone", undefined, ZONES))).toEqual([]);
        expect(recordedProblems((c) => c.oneOfRequired("zone", undefined as never, ZONES))).toEqual(['zone: expected one of "a", "b", got nothing']);
        expect(recordedProblems((c) => c.oneOf("zone", "c" as never, ZONES))).toEqual(['zone: expected one of "a", "b", got "c"']);
        expect(recordedProblems((c) => c.oneOfRequired("zone", "b", ZONES))).toEqual([]);
    });
});

describe("ArgsChecker.matchesIfKnown and matchesIfGivenAndKnown", () => {
    const known = (value: unknown) =>
        recordedProblems((check) => check.matchesIfKnown("project", value as string, PROJECT, 'a GCP project ID such as "acme-prod-123"'));

    it("requires a value with matchesIfKnown, checks a plain one, leaves an output to the cloud", () => {
        expect(known(undefined)).toEqual(['project: expected a GCP project ID such as "acme-prod-123", got nothing']);
        expect(known("Acme_Prod")).toEqual(['project: expected a GCP project ID such as "acme-prod-123", got "Acme_Prod"']);
        expect(known("acme-web-prod")).toEqual([]);
        expect(known(pulumi.output("Acme_Prod"))).toEqual([]);
    });

    it("checks a plain string: accepted and rejected", () => {
        expect(problems("acme-web-prod")).toEqual([]);
        expect(problems("Acme_Prod")).toEqual(['project: expected a GCP project ID such as "acme-prod-123", got "Acme_Prod"']);
    });

    it("leaves an output or a promise to the cloud, whatever it will hold", () => {
        expect(problems(pulumi.output("Acme_Prod"))).toEqual([]);
        expect(problems(Promise.resolve("Acme_Prod"))).toEqual([]);
    });

    it("accepts an omitted value with matchesIfGivenAndKnown", () => {
        expect(problems(undefined)).toEqual([]);
    });
});

const recorded = recordedProblems;

describe("describeValue", () => {
    it.each([
        [undefined, "nothing"],
        ["web", '"web"'],
        ["", '""'],
        [42, "42"],
        [false, "false"],
        [null, "null"],
        [["a", 1], '["a",1]'],
        [{ a: 1 }, '{"a":1}'],
        [() => 1, "a function"],
        ["x".repeat(100), JSON.stringify("x".repeat(100))],
        [["x".repeat(77)], `["${"x".repeat(75)}...`], // 81 characters of JSON: cut to 80
        [["x".repeat(76)], `["${"x".repeat(76)}"]`], // 80: kept
    ])("renders %p as %s", (value, text) => {
        expect(describeValue(value)).toBe(text);
    });
});

describe("ArgsChecker", () => {
    it("reports every problem at once, as key, expected and given, in one error naming the component", () => {
        const check = new ArgsChecker("prodstack:gcp:Thing", "api");
        expect(check.check(true, "a", "anything", 1)).toBe(true);
        expect(check.check(false, "b", "a string", 2)).toBe(false);
        check.fail("c", "nothing", "x");
        let error: InvalidArgsError | undefined;
        try {
            check.throwIfAny();
        } catch (e) {
            error = e as InvalidArgsError;
        }
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect(error).toMatchObject({ name: "InvalidArgsError", component: "prodstack:gcp:Thing", resourceName: "api", problems: ["b: expected a string, got 2", 'c: expected nothing, got "x"'] });
        expect(error?.message).toBe('prodstack:gcp:Thing "api" has invalid args:\n  - b: expected a string, got 2\n  - c: expected nothing, got "x"');
    });

    it("throws nothing without problems", () => {
        expect(() => new ArgsChecker("prodstack:gcp:Thing", "t").throwIfAny()).not.toThrow();
    });

    it("checks integers and numbers within bounds, both sides, and skips an omitted one", () => {
        expect(recorded((c) => [1, 5, undefined].forEach((v) => c.intInRange("n", v, 1, 5)))).toEqual([]);
        expect(recorded((c) => [0, 6, 2.5, NaN].forEach((v) => c.intInRange("n", v, 1, 5)))).toEqual(
            ["n: expected an integer from 1 to 5, got 0", "n: expected an integer from 1 to 5, got 6", "n: expected an integer from 1 to 5, got 2.5", "n: expected an integer from 1 to 5, got NaN"]);
        expect(recorded((c) => [0.5, 1.5, 1, undefined].forEach((v) => c.numberInRange("x", v, 0.5, 1.5)))).toEqual([]);
        expect(recorded((c) => [0.4, 1.6, Infinity, NaN].forEach((v) => c.numberInRange("x", v, 0.5, 1.5)))).toEqual(
            ["x: expected a number from 0.5 to 1.5, got 0.4", "x: expected a number from 0.5 to 1.5, got 1.6", "x: expected a number from 0.5 to 1.5, got Infinity", "x: expected a number from 0.5 to 1.5, got NaN"]);
    });

    it("checks a value is one of the allowed, listing them", () => {
        expect(recorded((c) => { c.oneOf("tier", "prod", ["prod", "non-prod"]); c.oneOf("tier", undefined, ["prod"]); })).toEqual([]);
        expect(recorded((c) => c.oneOf("tier", "dev", ["prod", "non-prod"]))).toEqual(['tier: expected one of "prod", "non-prod", got "dev"']);
        expect(recorded((c) => c.oneOf<unknown>("zone", 3, [1, 2]))).toEqual(["zone: expected one of 1, 2, got 3"]);
    });

    it("checks a string against a pattern, refusing a value of another type, skipping an omitted one", () => {
        expect(recorded((c) => { c.matches("name", "ok", /^ok$/, "ok"); c.matchesIfGiven("name", undefined, /^ok$/, "ok"); })).toEqual([]);
        expect(recorded((c) => c.matchesIfGiven("name", "no", /^ok$/, "the word ok"))).toEqual(['name: expected the word ok, got "no"']);
        expect(recorded((c) => c.matches("name", "no", /^ok$/, "the word ok"))).toEqual(['name: expected the word ok, got "no"']);
        expect(recorded((c) => c.matches("name", 7 as never, /\d/, "text"))).toEqual(["name: expected text, got 7"]);
    });
});
