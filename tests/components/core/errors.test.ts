import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, InvalidArgsError } from "../../../components/core/errors";

const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** Problems recorded by `matchesIfKnown` for `value`. */
function problems(value: pulumi.Input<string> | undefined): string[] {
    const check = new ArgsChecker("prodstack:gcp:Thing", "t");
    check.matchesIfKnown("project", value, PROJECT, 'a GCP project ID such as "acme-prod-123"');
    try {
        check.throwIfAny();
        return [];
    } catch (e) {
        return (e as InvalidArgsError).problems;
    }
}

describe("ArgsChecker.matchesIfKnown", () => {
    it("checks a plain string: accepted and rejected", () => {
        expect(problems("acme-web-prod")).toEqual([]);
        expect(problems("Acme_Prod")).toEqual(['project: expected a GCP project ID such as "acme-prod-123", got "Acme_Prod"']);
    });

    it("leaves an output or a promise to the cloud, whatever it will hold", () => {
        expect(problems(pulumi.output("Acme_Prod"))).toEqual([]);
        expect(problems(Promise.resolve("Acme_Prod"))).toEqual([]);
    });

    it("accepts an omitted value", () => {
        expect(problems(undefined)).toEqual([]);
    });
});
