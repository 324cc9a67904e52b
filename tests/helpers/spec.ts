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
