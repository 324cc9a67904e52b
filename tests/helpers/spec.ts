/** A minimal valid raw spec (as stack config would give it), for tests to vary. */
import { ConfigError, parseSpec, type EnvironmentSpec } from "../../infra/config";

/** Raw spec of a small GCP environment: one public API, one site, Postgres and Redis. */
export function rawSpec(tier: "prod" | "non-prod" = "non-prod"): Record<string, unknown> {
    return {
        cloud: "gcp",
        region: "europe-west1",
        tier,
        namePrefix: tier === "prod" ? "acme-prod" : "acme-stg",
        gcp: { project: tier === "prod" ? "acme-web-prod" : "acme-web-staging" },
        domains: ["api.example.com", "app.example.com"],
        services: [
            {
                name: "api",
                image: "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0",
                routes: [{ host: "api.example.com" }],
                usesDatabase: true,
                usesCache: true,
                secretEnv: { SESSION_SECRET: "session-secret" },
            },
        ],
        sites: [{ name: "web", host: "app.example.com", spaFallback: true }],
        database: {},
        cache: {},
        alerts: { emails: ["oncall@example.com"] },
    };
}

/**
 * Raw spec of a small AWS environment: what the AWS composition honours today (one API with
 * a secret, a migration job it waits for, a private bucket), in eu-central-1.
 */
export function rawAwsSpec(tier: "prod" | "non-prod" = "non-prod"): Record<string, unknown> {
    const prod = tier === "prod";
    return {
        cloud: "aws",
        region: "eu-central-1",
        tier,
        namePrefix: prod ? "acme-prod" : "acme-stg",
        aws: {
            accountId: "123456789012",
            availabilityZones: prod ? ["eu-central-1a", "eu-central-1b", "eu-central-1c"] : ["eu-central-1a", "eu-central-1b"],
        },
        services: [
            {
                name: "api",
                image: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme/api:1.0.0",
                cpu: 0.5,
                memoryMiB: 1024,
                secretEnv: { SESSION_SECRET: "session-secret" },
                after: ["migrate"],
            },
        ],
        jobs: [
            {
                name: "migrate",
                image: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme/api:1.0.0",
                args: ["node", "migrate.js"],
                cpu: 0.25,
                memoryMiB: 512,
                runOnDeploy: true,
            },
        ],
        buckets: [{ name: "uploads", access: { api: "readWrite" } }],
    };
}

/** The validated spec of {@link rawSpec}, optionally changed by `edit` first. */
export function spec(tier: "prod" | "non-prod" = "non-prod", edit?: (raw: Record<string, any>) => void): EnvironmentSpec {
    const raw = rawSpec(tier);
    edit?.(raw);
    return parseSpec(raw, "test");
}

/** Parses `raw` and returns the problems it reports (fails the test when it parses). */
export function problemsOf(raw: Record<string, unknown>): string[] {
    try {
        parseSpec(raw, "Pulumi.test.yaml");
    } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems;
    }
    throw new Error("expected the spec to be rejected");
}
