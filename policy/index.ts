/**
 * The real policy pack entry: `pulumi preview --policy-pack policy` (see README.md).
 * Constructing the PolicyPack starts the analyzer's gRPC server, so nothing else (the
 * offline runner, tests) imports this file; they use the same policy objects from
 * `./policies`.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, POLICIES } from "./policies";

new PolicyPack(PACK_NAME, {
    displayName: "prodstack production hardening",
    description: "Enforces the prodstack production-hardening roadmap on GCP stacks.",
    // Policies set their own level (their prod level); pack config per tier adjusts it.
    enforcementLevel: "advisory",
    tags: ["prodstack", "hardening"],
    policies: [...POLICIES],
});
