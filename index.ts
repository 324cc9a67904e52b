/**
 * prodstack: hardened production components for Pulumi.
 *
 * ```ts
 * import { gcp, aws, core } from "prodstack";
 * const network = new gcp.Network("main", { region: "europe-west1", namePrefix: "acme-prod" });
 * ```
 */
export * as core from "./components/core";
export * as gcp from "./components/gcp";
export * as aws from "./components/aws";
