/**
 * Policies of secrets and identities: secrets only from the secret store, no broad IAM
 * roles, hardened containers, one identity per workload.
 */
import { MANDATORY, resourcePolicy, stackPolicy } from "./define";
import * as awsCi from "./rules/aws/ci-identity";
import * as awsCompute from "./rules/aws/compute";
import * as awsData from "./rules/aws/data";
import * as awsIam from "./rules/aws/iam";
import * as gcpCi from "./rules/gcp/ci-identity";
import * as gcpCompute from "./rules/gcp/compute";
import * as gcpIam from "./rules/gcp/iam";
import type { HardeningPolicy } from "./types";

/** Identity policies of the pack, in roadmap order (policies.ts concatenates the groups). */
export const IDENTITY_POLICIES: readonly HardeningPolicy[] = [
    resourcePolicy({
        name: "secrets-not-in-plain-env",
        description: "No secret reaches a workload as a plain environment variable; secrets come from the secret store (Secret Manager, Secrets Manager).",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpCompute.secretsNotInPlainEnv, awsCompute.secretsNotInPlainEnv],
    }),
    stackPolicy({
        name: "generated-secrets-not-in-plain-env",
        description: "Generated secrets (random passwords, keys) reach workloads only through the secret store, never as plain env or direct inputs.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpCompute.generatedSecretsNotInPlainEnv, awsCompute.generatedSecretsNotInPlainEnv],
    }),
    resourcePolicy({
        name: "secrets-store-encrypted",
        description: "Secrets in the secret store are encrypted with a customer-managed key, and those keys rotate.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsData.secretsStoreEncrypted],
    }),
    resourcePolicy({
        name: "iam-no-broad-roles",
        description: "No basic roles (owner, editor, viewer) or admin-level AWS managed policies, no project-wide admin or impersonation roles, token creation on a service account for itself only, no wildcard actions or resources where the action can be scoped, no public grants or trust, no authoritative project policy.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpIam.iamNoBroadRoles, awsIam.iamNoBroadRoles],
    }),
    resourcePolicy({
        name: "ci-short-lived-credentials",
        description: "No long-lived keys (IAM access keys, service account and HMAC keys); CI identities are trusted through OIDC with an audience and exact subjects of one repository, never a wildcard or a whole pool.",
        category: "security",
        enforcement: MANDATORY,
        severity: "critical",
        checks: [gcpCi.shortLivedCredentials, awsCi.shortLivedCredentials],
    }),
    resourcePolicy({
        name: "containers-hardened",
        description: "Containers run unprivileged, with a read-only root filesystem, in their own process and IPC namespaces.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [awsCompute.containersHardened],
    }),
    stackPolicy({
        name: "dedicated-service-identities",
        description: "Every workload runs as its own identity (a service account; an ECS task role apart from its execution role), never a default or shared one.",
        category: "security",
        enforcement: MANDATORY,
        severity: "high",
        checks: [gcpCompute.dedicatedServiceIdentities, awsCompute.dedicatedServiceIdentities],
    }),
];
