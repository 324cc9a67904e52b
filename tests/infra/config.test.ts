import { ConfigError, parseSpec, specFromConfig } from "../../infra/config";
import { problemsOf, rawAwsSpec, rawSpec } from "../helpers/spec";

/** A valid raw spec changed by `edit`. */
function withEdit(edit: (raw: Record<string, any>) => void): Record<string, unknown> {
    const raw = JSON.parse(JSON.stringify(rawSpec())) as Record<string, any>;
    edit(raw);
    return raw;
}

describe("environment spec validation", () => {
    it("accepts the fixture and fills every default", () => {
        const spec = parseSpec(rawSpec(), "test");
        expect(spec.services[0]).toMatchObject({ port: 8080, cpu: 1, memoryMiB: 512, maxInstances: 10, concurrency: 80, healthPath: "/healthz" });
        expect(spec.database).toMatchObject({ engine: "postgres", backups: { startTime: "02:00" }, readReplicas: 0 });
        expect(spec.edge.waf).toEqual({ mode: "enforce", sensitivity: 1 });
        expect(spec.alerts!.thresholds.errorRatePercent).toBe(5);
    });

    // One row per distinct bad config: what is changed, and the exact sentence expected.
    const cases: Array<[string, (raw: Record<string, any>) => void, string]> = [
        ["missing cloud", (r) => delete r.cloud, 'prodstack:cloud: expected one of "gcp", "aws", got nothing (the key is missing)'],
        ["unknown cloud", (r) => (r.cloud = "azure"), 'prodstack:cloud: expected one of "gcp", "aws", got "azure"'],
        ["bad region", (r) => (r.region = "Europe West"), 'prodstack:region: expected a cloud region such as "europe-west1" or "eu-west-1", got "Europe West"'],
        ["bad tier", (r) => (r.tier = "production"), 'prodstack:tier: expected one of "prod", "non-prod", got "production"'],
        ["name prefix too long", (r) => (r.namePrefix = "acme-web-production"), 'prodstack:namePrefix: expected 2-15 lowercase letters, digits or hyphens, starting with a letter, got "acme-web-production"'],
        ["uppercase label key", (r) => (r.labels = { Team: "web" }), 'prodstack:labels.Team: expected a label key: lowercase letter first, then up to 62 of [a-z0-9_-], got "Team"'],
        ["bad label value", (r) => (r.labels = { team: "Web Team" }), 'prodstack:labels.team: expected a label value: up to 63 of [a-z0-9_-], got "Web Team"'],
        ["label prodstack sets itself", (r) => (r.labels = { team: "web", tier: "gold" }), 'prodstack:labels.tier: expected a key prodstack does not set itself (managed-by, environment, tier), got "tier"'],
        ["the other cloud's section", (r) => (r.aws = { accountId: "123456789012" }), 'prodstack:aws: expected no aws section when cloud is "gcp" (it would be ignored), got {"accountId":"123456789012"}'],
        ["routes without domains", (r) => Object.assign(r, { domains: [], sites: [], services: [{ ...r.services[0], routes: [{ pathPrefix: "/api" }] }] }), "prodstack:domains: expected at least one domain to serve the routed services and sites on (each gets a certificate), got []"],
        ["sites without domains", (r) => Object.assign(r, { domains: [], sites: [{ name: "web" }], services: [{ ...r.services[0], routes: [] }] }), "prodstack:domains: expected at least one domain to serve the routed services and sites on (each gets a certificate), got []"],
        ["gcp section missing", (r) => delete r.gcp, 'prodstack:gcp: expected a gcp section with the project ID when cloud is "gcp", got nothing (the key is missing)'],
        ["bad project id", (r) => (r.gcp.project = "Acme"), 'prodstack:gcp.project: expected a GCP project ID such as "acme-prod-123", got "Acme"'],
        ["bad cidr", (r) => (r.network = { cidr: "10.0.0.0" }), 'prodstack:network.cidr: expected an IPv4 CIDR such as "10.10.0.0/20", got "10.0.0.0"'],
        ["bad domain", (r) => r.domains.push("Not A Domain"), 'prodstack:domains[2]: expected a lowercase DNS hostname such as "api.example.com", got "Not A Domain"'],
        ["duplicate domain", (r) => r.domains.push("api.example.com"), 'prodstack:domains[2]: expected each domain once, got "api.example.com"'],
        ["no services", (r) => (r.services = []), "prodstack:services: expected at least one service, got []"],
        ["services not a list", (r) => (r.services = { name: "api" }), 'prodstack:services: expected a list, got {"name":"api"}'],
        ["bad service name", (r) => (r.services[0].name = "API_1"), 'prodstack:services[0].name: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "API_1"'],
        ["latest tag", (r) => (r.services[0].image = "nginx:latest"), 'prodstack:services[0].image: expected a pinned image reference: "repo/name:tag" (not "latest") or "repo/name@sha256:<digest>", got "nginx:latest"'],
        ["image and build", (r) => (r.services[0].build = { context: "./api" }), 'prodstack:services[0]: expected exactly one of `image` (a pinned reference) or `build` (a build context), got "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0"'],
        ["neither image nor build", (r) => delete r.services[0].image, "prodstack:services[0]: expected exactly one of `image` (a pinned reference) or `build` (a build context), got nothing (the key is missing)"],
        ["port out of range", (r) => (r.services[0].port = 70000), "prodstack:services[0].port: expected an integer from 1 to 65535, got 70000"],
        ["cpu as string", (r) => (r.services[0].cpu = "2"), 'prodstack:services[0].cpu: expected a number from 0.08 to 8, got "2"'],
        ["fractional memory", (r) => (r.services[0].memoryMiB = 512.5), "prodstack:services[0].memoryMiB: expected an integer from 128 to 32768, got 512.5"],
        ["min above max instances", (r) => Object.assign(r.services[0], { minInstances: 5, maxInstances: 2 }), "prodstack:services[0].minInstances: expected at most maxInstances (2), got 5"],
        ["concurrency too high", (r) => (r.services[0].concurrency = 5000), "prodstack:services[0].concurrency: expected an integer from 1 to 1000, got 5000"],
        ["timeout too long", (r) => (r.services[0].timeoutSeconds = 7200), "prodstack:services[0].timeoutSeconds: expected an integer from 1 to 3600, got 7200"],
        ["lowercase env name", (r) => (r.services[0].env = { node_env: "production" }), 'prodstack:services[0].env.node_env: expected an environment variable name in UPPER_SNAKE_CASE, got "node_env"'],
        ["numeric env value", (r) => (r.services[0].env = { WORKERS: 4 }), "prodstack:services[0].env.WORKERS: expected a string value (quote numbers and booleans), got 4"],
        ["reserved env", (r) => (r.services[0].env = { PORT: "9000" }), 'prodstack:services[0].env.PORT: expected a name the platform does not set itself, got "PORT"'],
        ["env and secret env overlap", (r) => (r.services[0].env = { SESSION_SECRET: "x" }), 'prodstack:services[0].env.SESSION_SECRET: expected each variable in env or secretEnv, not both, got "SESSION_SECRET"'],
        ["bad secret ref", (r) => (r.services[0].secretEnv = { API_KEY: "stripe key" }), 'prodstack:services[0].secretEnv.API_KEY: expected a secret name such as "stripe-api-key", optionally pinned as "stripe-api-key@3", got "stripe key"'],
        ["health path without slash", (r) => (r.services[0].healthPath = "healthz"), 'prodstack:services[0].healthPath: expected a URL path prefix starting with "/" such as "/api", got "healthz"'],
        ["route host not a domain", (r) => (r.services[0].routes = [{ host: "www.example.org" }]), "prodstack:services[0].routes[0].host: expected one of the environment's domains (api.example.com, app.example.com), got \"www.example.org\""],
        ["empty route", (r) => (r.services[0].routes = [{}]), "prodstack:services[0].routes[0]: expected a host, a pathPrefix or both, got {}"],
        ["duplicate route", (r) => ((r.sites[0].host = "api.example.com"), (r.domains = ["api.example.com"])), 'prodstack:sites[0]: expected a route no other service or site uses (services[0].routes[0] already serves api.example.com/), got "api.example.com/"'],
        // Routes (issue 13): several per service, each with its own access and edge settings.
        ["route given the old single form", (r) => (r.services[0].route = { host: "api.example.com" }), 'prodstack:services[0].route: unknown key "route" (did you mean "routes"?); expected one of: name, kind, image, build, command, args, after, port, cpu, memoryMiB, minInstances, maxInstances, concurrency, timeoutSeconds, env, secretEnv, healthPath, routes, uptime, staticEgressIp, directIngress, usesDatabase, usesCache'],
        ["two routes on one path", (r) => r.services[0].routes.push({ host: "api.example.com", pathPrefix: "/" }), 'prodstack:services[0].routes[1]: expected a route no other service or site uses (services[0].routes[0] already serves api.example.com/), got "api.example.com/"'],
        ["allowlist not a range", (r) => (r.services[0].routes[0].allowIpRanges = ["office"]), 'prodstack:services[0].routes[0].allowIpRanges[0]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got "office"'],
        ["allowlist with host bits", (r) => (r.services[0].routes[0].allowIpRanges = ["203.0.113.7/24"]), 'prodstack:services[0].routes[0].allowIpRanges[0]: expected a network address without host bits, such as "203.0.113.0/24", got "203.0.113.7/24"'],
        ["allowlist of everyone", (r) => (r.services[0].routes[0].allowIpRanges = ["0.0.0.0/0"]), 'prodstack:services[0].routes[0].allowIpRanges[0]: expected a range narrower than the whole internet (an allowlist of everyone restricts nothing), got "0.0.0.0/0"'],
        ["empty allowlist", (r) => (r.services[0].routes[0].allowIpRanges = []), "prodstack:services[0].routes[0].allowIpRanges: expected at least one range (omit the key to allow everyone), got []"],
        ["allowlist over one match", (r) => (r.services[0].routes[0].allowIpRanges = Array.from({ length: 11 }, (_, i) => `10.0.${i}.0/24`)), "prodstack:services[0].routes[0].allowIpRanges: expected at most 10 ranges (one Cloud Armor / AWS WAF match), got [\"10.0.0.0/24\",\"10.0.1.0/24\",\"10.0.2.0/24\",\"10.0.3.0/24\",\"10.0.4.0/24\",\"10.0...."],
        ["IAP on AWS", (r) => Object.assign(r, { cloud: "aws", gcp: undefined, aws: { accountId: "123456789012" } }, { services: [{ ...r.services[0], routes: [{ host: "api.example.com", iap: { members: ["group:staff@example.com"] } }] }] }), 'prodstack:services[0].routes[0].iap: expected no iap on cloud "aws" (Identity-Aware Proxy is GCP-only; restrict the route with allowIpRanges), got {"members":["group:staff@example.com"]}'],
        ["IAP for everyone", (r) => (r.services[0].routes[0].iap = { members: ["allUsers"] }), 'prodstack:services[0].routes[0].iap.members[0]: expected an IAM member such as "group:staff@example.com" or "user:ana@example.com", got "allUsers"'],
        ["route below an allowlisted one", (r) => r.services[0].routes.push({ host: "api.example.com", pathPrefix: "/admin", allowIpRanges: ["203.0.113.0/24"] }, { host: "api.example.com", pathPrefix: "/Admin/public" }), 'prodstack:services[0].routes[2]: expected a path outside the restricted route api.example.com/admin (its paths in any spelling are denied everywhere else), got "api.example.com/Admin/public"'],
        ["route rate limit zero", (r) => (r.services[0].routes[0].rateLimit = { requestsPerMinute: 0 }), "prodstack:services[0].routes[0].rateLimit.requestsPerMinute: expected an integer from 1 to 1000000, got 0"],
        ["route CSP on two lines", (r) => (r.services[0].routes[0].contentSecurityPolicy = "default-src 'self';\nstyle-src 'unsafe-inline'"), "prodstack:services[0].routes[0].contentSecurityPolicy: expected a Content-Security-Policy header value: one line of printable ASCII, got \"default-src 'self';\\nstyle-src 'unsafe-inline'\""],
        ["redirect from a served domain", (r) => (r.edge = { redirects: [{ from: "app.example.com", to: "api.example.com" }] }), 'prodstack:edge.redirects[0].from: expected a host that is not in domains (a redirect host serves nothing else), got "app.example.com"'],
        ["redirect to itself", (r) => (r.edge = { redirects: [{ from: "www.example.com", to: "www.example.com" }] }), 'prodstack:edge.redirects[0].to: expected a host other than `from`, got "www.example.com"'],
        ["redirect host twice", (r) => (r.edge = { redirects: [{ from: "www.example.com", to: "app.example.com" }, { from: "www.example.com", to: "api.example.com" }] }), 'prodstack:edge.redirects[1].from: expected each redirect host once, got "www.example.com"'],
        ["static egress with no addresses", (r) => Object.assign(r, { network: { staticEgressIps: 0 } }, { services: [{ ...r.services[0], staticEgressIp: true }] }), "prodstack:services[0].staticEgressIp: expected network.staticEgressIps of at least 1 (or unset) when a service needs a fixed egress IP, got true"],
        ["too many egress addresses", (r) => (r.network = { staticEgressIps: 17 }), "prodstack:network.staticEgressIps: expected an integer from 0 to 16, got 17"],
        ["unknown database flag", (r) => (r.database.flags = { max_conections: 200 }), "prodstack:database.flags.max_conections: expected one of the tunable postgres flags (max_connections, idle_in_transaction_session_timeout, idle_session_timeout, statement_timeout, lock_timeout, tcp_keepalives_idle, tcp_keepalives_interval, tcp_keepalives_count, work_mem, maintenance_work_mem), got \"max_conections\""],
        ["hardening flag", (r) => (r.database.flags = { log_connections: "off" }), "prodstack:database.flags.log_connections: expected one of the tunable postgres flags (max_connections, idle_in_transaction_session_timeout, idle_session_timeout, statement_timeout, lock_timeout, tcp_keepalives_idle, tcp_keepalives_interval, tcp_keepalives_count, work_mem, maintenance_work_mem), got \"log_connections\""],
        ["flag below its range", (r) => (r.database.flags = { max_connections: 13 }), "prodstack:database.flags.max_connections: expected an integer from 14 to 262143 (connections), got 13"],
        ["mysql flag on postgres", (r) => (r.database.flags = { wait_timeout: 60 }), "prodstack:database.flags.wait_timeout: expected one of the tunable postgres flags (max_connections, idle_in_transaction_session_timeout, idle_session_timeout, statement_timeout, lock_timeout, tcp_keepalives_idle, tcp_keepalives_interval, tcp_keepalives_count, work_mem, maintenance_work_mem), got \"wait_timeout\""],
        ["generated secret too short", (r) => (r.secrets = { "session-secret": { generate: { length: 8 } } }), 'prodstack:secrets["session-secret"].generate.length: expected an integer from 16 to 4096, got 8'],
        ["odd hex length", (r) => (r.secrets = { "jwt-key": { generate: { length: 63, charset: "hex" } } }), 'prodstack:secrets["jwt-key"].generate.length: expected an even length for hex (two characters per random byte), got 63'],
        ["unknown charset", (r) => (r.secrets = { "jwt-key": { generate: { charset: "emoji" } } }), 'prodstack:secrets["jwt-key"].generate.charset: expected one of "alphanumeric", "urlsafe", "hex", got "emoji"'],
        ["duplicate names", (r) => (r.sites[0].name = "api"), 'prodstack:sites[0].name: expected a name unique among services, jobs, sites and buckets (services[0] uses it), got "api"'],
        ["uses database without one", (r) => delete r.database, "prodstack:services[0].usesDatabase: expected a database section when a service uses the database, got true"],
        ["uses cache without one", (r) => delete r.cache, "prodstack:services[0].usesCache: expected a cache section when a service uses the cache, got true"],
        ["boolean as string", (r) => (r.sites[0].spaFallback = "yes"), 'prodstack:sites[0].spaFallback: expected true or false, got "yes"'],
        ["unknown engine", (r) => (r.database.engine = "oracle"), 'prodstack:database.engine: expected one of "postgres", "mysql", got "oracle"'],
        ["retained backups too many", (r) => (r.database.backups = { retainedBackups: 400 }), "prodstack:database.backups.retainedBackups: expected an integer from 1 to 365, got 400"],
        ["pitr too long", (r) => (r.database.backups = { pitrDays: 50 }), "prodstack:database.backups.pitrDays: expected an integer from 1 to 35, got 50"],
        ["bad backup time", (r) => (r.database.backups = { startTime: "25:00" }), 'prodstack:database.backups.startTime: expected a UTC time of day as "HH:MM" such as "03:00", got "25:00"'],
        ["storage limit below size", (r) => Object.assign(r.database, { storageGb: 100, storageLimitGb: 50 }), "prodstack:database.storageLimitGb: expected 0 (no limit) or at least storageGb (100), got 50"],
        ["maintenance day 0", (r) => (r.database.maintenance = { day: 0 }), "prodstack:database.maintenance.day: expected an integer from 1 to 7, got 0"],
        ["cache too big", (r) => (r.cache.memoryGb = 500), "prodstack:cache.memoryGb: expected an integer from 1 to 300, got 500"],
        ["bad waf mode", (r) => (r.edge = { waf: { mode: "block" } }), 'prodstack:edge.waf.mode: expected one of "enforce", "preview", got "block"'],
        ["bad deny range", (r) => (r.edge = { denyIpRanges: ["1.2.3.4"] }), 'prodstack:edge.denyIpRanges[0]: expected an IPv4 CIDR such as "10.10.0.0/20", got "1.2.3.4"'],
        ["bad region code", (r) => (r.edge = { denyRegions: ["north korea"] }), 'prodstack:edge.denyRegions[0]: expected an ISO 3166-1 alpha-2 region code such as "KP", got "north korea"'],
        ["rate limit zero", (r) => (r.edge = { rateLimit: { requestsPerMinute: 0 } }), "prodstack:edge.rateLimit.requestsPerMinute: expected an integer from 1 to 1000000, got 0"],
        ["bad email", (r) => (r.alerts.emails = ["oncall"]), 'prodstack:alerts.emails[0]: expected an email address such as "oncall@example.com", got "oncall"'],
        ["no alert channel", (r) => (r.alerts = {}), "prodstack:alerts: expected at least one alert channel (emails, slack, webhookUrl or pagerdutyServiceKey), got none"],
        ["empty uptime content match", (r) => (r.alerts.uptime = { contentMatch: "" }), 'prodstack:alerts.uptime.contentMatch: expected a non-empty string the health response must contain, got ""'],
        ["bad uptime period", (r) => (r.alerts.uptime = { periodSeconds: 30 }), "prodstack:alerts.uptime.periodSeconds: expected one of 60, 300, 600, 900, got 30"],
        ["certificate expiry past renewal", (r) => (r.alerts.thresholds = { certificateExpiryDays: 45 }), "prodstack:alerts.thresholds.certificateExpiryDays: expected an integer from 1 to 29, got 45"],
        ["threshold out of range", (r) => (r.alerts.thresholds = { errorRatePercent: 0 }), "prodstack:alerts.thresholds.errorRatePercent: expected a number from 0.1 to 100, got 0"],
        ["log retention too long", (r) => (r.logs = { retentionDays: 5000 }), "prodstack:logs.retentionDays: expected an integer from 1 to 3650, got 5000"],
        ["budget without billing account", (r) => (r.budget = { amount: 100 }), "prodstack:gcp.billingAccount: expected a billing account ID because a budget is configured, got nothing (the key is missing)"],
        ["negative budget", (r) => Object.assign(r, { budget: { amount: -5 }, gcp: { project: "acme-web-staging", billingAccount: "012345-6789AB-CDEF01" } }), "prodstack:budget.amount: expected a number from 1 to 10000000, got -5"],
    ];

    it.each(cases)("rejects %s", (_label, edit, message) => {
        expect(problemsOf(withEdit(edit))).toEqual([message]);
    });

    it("accepts every new key at its boundaries and fills its defaults", () => {
        const spec = parseSpec(withEdit((r) => {
            r.domains.push("admin.example.com");
            r.services[0].routes = [
                { host: "api.example.com" },
                { host: "app.example.com", pathPrefix: "/api" },
                { host: "admin.example.com", allowIpRanges: ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"], iap: { members: ["group:staff@example.com"] } },
                { host: "api.example.com", pathPrefix: "/auth/login", rateLimit: { requestsPerMinute: 1 }, contentSecurityPolicy: "default-src 'self'; style-src 'self' 'unsafe-inline'" },
            ];
            r.services[0].staticEgressIp = true;
            r.edge = { redirects: [{ from: "www.example.com", to: "app.example.com" }] };
            r.network = { staticEgressIps: 16 };
            r.database.flags = { max_connections: 262143, idle_in_transaction_session_timeout: "0" };
            r.secrets = { "session-secret": { generate: {} }, "jwt-key": { generate: { length: 4096, charset: "hex" } }, "stripe-key": {} };
        }), "test");
        expect(spec.services[0].routes[2].allowIpRanges).toHaveLength(3);
        expect(spec.secrets).toEqual({
            "session-secret": { generate: { length: 64, charset: "alphanumeric" } },
            "jwt-key": { generate: { length: 4096, charset: "hex" } },
            "stripe-key": {},
        });
        expect(spec.network.staticEgressIps).toBe(16);
        expect(parseSpec(rawSpec(), "test")).toMatchObject({ secrets: {}, edge: { redirects: [] }, database: { flags: {} }, services: [{ staticEgressIp: false }] });
    });

    it("rejects a long near-miss path at once (no catastrophic backtracking)", () => {
        const started = Date.now();
        const problems = problemsOf(withEdit((r) => (r.services[0].healthPath = `${"/abcdefgh".repeat(40)} `)));
        expect(problems[0]).toMatch(/^prodstack:services\[0\]\.healthPath: expected a URL path prefix starting with "\/"/);
        expect(Date.now() - started).toBeLessThan(500);
    });

    it("has at least 30 distinct bad configs", () => {
        expect(new Set(cases.map((c) => c[2])).size).toBeGreaterThanOrEqual(30);
    });

    it("treats unknown keys as errors and suggests the key that was meant", () => {
        expect(problemsOf(withEdit((r) => (r.services[0].prot = 80)))).toEqual([
            'prodstack:services[0].prot: unknown key "prot" (did you mean "port"?); expected one of: name, kind, image, build, command, args, after, port, cpu, ' +
                "memoryMiB, minInstances, maxInstances, concurrency, timeoutSeconds, env, secretEnv, healthPath, routes, uptime, staticEgressIp, directIngress, usesDatabase, usesCache",
        ]);
        expect(problemsOf(withEdit((r) => (r.databse = {}))).at(0)).toMatch(/^prodstack:databse: unknown key "databse" \(did you mean "database"\?\)/);
        expect(problemsOf(withEdit((r) => (r.database.backups = { retention: 7 }))).at(0)).toMatch(
            /^prodstack:database\.backups\.retention: unknown key "retention"; expected one of: retainedBackups, pitrDays, startTime, location$/,
        );
    });

    it("reports every structural problem together, each with its own key path", () => {
        const problems = problemsOf(withEdit((r) => {
            r.tier = "staging";
            r.services[0].port = 0;
            r.cache.memoryGb = 0;
            r.unknown = true;
        }));
        expect(problems).toHaveLength(4);
        expect(problems.map((p) => p.split(":").slice(0, 2).join(":"))).toEqual([
            "prodstack:tier",
            "prodstack:services[0].port",
            "prodstack:cache.memoryGb",
            "prodstack:unknown",
        ]);
    });

    it("names the source file in the error message", () => {
        expect(() => parseSpec(withEdit((r) => (r.tier = "x")), "Pulumi.staging.yaml")).toThrow(
            /^Invalid config in Pulumi\.staging\.yaml:\n {2}- prodstack:tier: /,
        );
    });

    it("uses the project's namespace in key paths", () => {
        try {
            parseSpec(withEdit((r) => (r.tier = "x")), "test", "shop");
            throw new Error("expected a ConfigError");
        } catch (err) {
            expect((err as ConfigError).problems[0]).toMatch(/^shop:tier: /);
        }
    });
});

describe("spec fixes found by planning real products", () => {
    it("converts YAML numbers to the string the spec wants where the meaning is unambiguous", () => {
        expect(parseSpec(withEdit((r) => (r.database.version = 16)), "t").database!.version).toBe("16");
        expect(parseSpec(withEdit((r) => Object.assign(r.database, { engine: "mysql", version: 8.4 })), "t").database!.version).toBe("8.4");
        expect(parseSpec(withEdit((r) => (r.cache.version = 7.2)), "t").cache!.version).toBe("7.2");
        const aws = parseSpec({ ...rawAwsSpec(), aws: { accountId: 123456789012, availabilityZones: ["eu-central-1a", "eu-central-1b"] } }, "t");
        expect(aws.aws!.accountId).toBe("123456789012");
    });

    it("keeps rejecting numbers whose string form YAML lost (8.0 reads as 8, leading zeros vanish)", () => {
        expect(problemsOf(withEdit((r) => Object.assign(r.database, { engine: "mysql", version: 8 })))).toEqual([
            'prodstack:database.version: expected a major version such as "17" (postgres) or "8.4" (mysql), quoted when it ends in ".0", got 8',
        ]);
        expect(problemsOf(withEdit((r) => (r.cache.version = 7)))).toEqual([
            'prodstack:cache.version: expected a Redis version such as "7.2", quoted when it ends in ".0", got 7',
        ]);
        expect(problemsOf(withEdit((r) => Object.assign(r, { cloud: "aws", aws: { accountId: 12345678901 }, gcp: undefined })))).toEqual([
            "prodstack:aws.accountId: expected a 12-digit AWS account ID, quoted when it starts with 0, got 12345678901",
        ]);
    });

    it("rejects a domain no route or site uses, and accepts it once a host-less route answers on every domain", () => {
        expect(problemsOf(withEdit((r) => r.domains.push("www.example.com")))).toEqual([
            'prodstack:domains[2]: expected a domain that a service route or a site uses (it would get a certificate and serve nothing), got "www.example.com"',
        ]);
        expect(() => parseSpec(withEdit((r) => {
            r.domains.push("www.example.com");
            r.services[0].routes = [{ pathPrefix: "/api" }];
        }), "t")).not.toThrow();
    });

    it("allows at most 5 alert emails when a budget is configured (the Budget API's limit)", () => {
        const emails = (n: number) => Array.from({ length: n }, (_, i) => `oncall${i}@example.com`);
        const budgeted = (n: number) => withEdit((r) => {
            r.gcp.billingAccount = "012345-6789AB-CDEF01";
            r.budget = { amount: 100 };
            r.alerts.emails = emails(n);
        });
        expect(() => parseSpec(budgeted(5), "t")).not.toThrow();
        expect(problemsOf(budgeted(6))).toEqual([
            "prodstack:alerts.emails: expected at most 5 addresses when a budget is configured (the Billing Budget API notifies at most 5 email channels), got 6 addresses",
        ]);
        expect(() => parseSpec(withEdit((r) => (r.alerts.emails = emails(6))), "t")).not.toThrow();
    });

    it("validates the uptime keys of services and sites", () => {
        const ok = parseSpec(withEdit((r) => {
            r.services[0].uptime = { path: "/ready", acceptedStatus: ["2xx", "3xx"] };
            r.sites[0].uptime = { enabled: false };
        }), "t");
        expect(ok.services[0].uptime).toEqual({ enabled: true, path: "/ready", acceptedStatus: ["2xx", "3xx"] });
        expect(ok.sites[0].uptime).toEqual({ enabled: false });
        expect(problemsOf(withEdit((r) => (r.services[0].uptime = { acceptedStatus: ["5xx"] })))).toEqual([
            'prodstack:services[0].uptime.acceptedStatus[0]: expected one of 2xx, 3xx, 4xx (a 5xx is never healthy), got "5xx"',
        ]);
        expect(problemsOf(withEdit((r) => (r.services[0].uptime = { acceptedStatus: [] })))).toEqual([
            'prodstack:services[0].uptime.acceptedStatus: expected at least one status class such as "2xx", got []',
        ]);
        expect(problemsOf(withEdit((r) => (r.sites[0].uptime = { acceptedStatus: ["2xx", "2xx"] })))).toEqual([
            'prodstack:sites[0].uptime.acceptedStatus: expected each status class once, got ["2xx","2xx"]',
        ]);
        expect(problemsOf(withEdit((r) => (r.sites[0].uptime = { enabled: false, path: "/x" })))).toEqual([
            'prodstack:sites[0].uptime: expected no path or acceptedStatus when enabled is false (they would be ignored), got {"enabled":false,"path":"/x"}',
        ]);
        expect(problemsOf(withEdit((r) => {
            r.services[0].routes = [];
            r.services[0].uptime = { path: "/x" };
            r.sites.push({ name: "api-site", host: "api.example.com" });
        }))).toEqual([
            'prodstack:services[0].uptime: expected routes: only published services get an uptime check, got {"enabled":true,"path":"/x"}',
        ]);
    });
});

describe("specFromConfig", () => {
    it("takes keys of the namespace, parses structured values and ignores provider namespaces", () => {
        const raw = specFromConfig(
            {
                "prodstack:tier": "prod",
                "prodstack:domains": '["a.example.com"]',
                "prodstack:database": '{"engine":"mysql"}',
                "gcp:project": "ignored",
                "other:tier": "ignored",
            },
            "prodstack",
        );
        expect(raw).toEqual({ tier: "prod", domains: ["a.example.com"], database: { engine: "mysql" } });
    });
});
