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
        ["a status class twice in a service's uptime", (r) => (r.services[0].uptime = { acceptedStatus: ["2xx", "2xx"] }), 'prodstack:services[0].uptime.acceptedStatus: expected each status class once, got ["2xx","2xx"]'],
        ["two sites on one route", (r) => r.sites.push({ name: "web2", host: "app.example.com" }), 'prodstack:sites[1]: expected a route no other service or site uses (sites[0] already serves app.example.com/), got "app.example.com/"'],
        ["a domain only a worker could use", (r) => (r.services.push({ name: "worker", kind: "worker", image: r.services[0].image, minInstances: 1 }), r.domains.push("www.example.com")), 'prodstack:domains[2]: expected a domain that a service route or a site uses (it would get a certificate and serve nothing), got "www.example.com"'],
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
        // Only hex needs an even length; the other charsets take any length in range.
        const odd = parseSpec(withEdit((r) => (r.secrets = { a: { generate: { length: 17 } }, b: { generate: { length: 4095, charset: "urlsafe" } }, c: { generate: { length: 16, charset: "hex" } } })), "t");
        expect(odd.secrets).toEqual({ a: { generate: { length: 17, charset: "alphanumeric" } }, b: { generate: { length: 4095, charset: "urlsafe" } }, c: { generate: { length: 16, charset: "hex" } } });
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

    it("reports a budget without a gcp section as two problems, not a crash", () => {
        expect(problemsOf(withEdit((r) => (delete r.gcp, (r.budget = { amount: 100 }))))).toEqual([
            'prodstack:gcp: expected a gcp section with the project ID when cloud is "gcp", got nothing (the key is missing)',
            "prodstack:gcp.billingAccount: expected a billing account ID because a budget is configured, got nothing (the key is missing)",
        ]);
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
        expect(problemsOf(withEdit((r) => (r.services[0].uptime = { enabled: false, acceptedStatus: ["2xx"] })))).toEqual([
            'prodstack:services[0].uptime: expected no path or acceptedStatus when enabled is false (they would be ignored), got {"enabled":false,"acceptedStatus":["2xx"]}',
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

    it("parses JSON after leading blanks, keeps text that only looks like JSON, and reads the given namespace only", () => {
        expect(specFromConfig({
            "shop:domains": ' \n ["a.example.com"]',
            "shop:labels": "{team: web}",
            "shop:namePrefix": "a[1]",
            "shop:region": "{}x",
            "shopping:tier": "prod",
            "prodstack:tier": "prod",
        }, "shop")).toEqual({ domains: ["a.example.com"], labels: "{team: web}", namePrefix: "a[1]", region: "{}x" });
    });
});

describe("ConfigError", () => {
    it("lists every problem on its own line under the source, and keeps both", () => {
        const err = new ConfigError(["prodstack:tier: a", "prodstack:region: b"], "Pulumi.prod.yaml");
        expect(err.message).toBe("Invalid config in Pulumi.prod.yaml:\n  - prodstack:tier: a\n  - prodstack:region: b");
        expect(err.name).toBe("ConfigError");
        expect(err).toBeInstanceOf(Error);
        expect(err.problems).toEqual(["prodstack:tier: a", "prodstack:region: b"]);
        expect(err.source).toBe("Pulumi.prod.yaml");
    });
});

/** `services[0].port` → `["services", 0, "port"]`. */
const segments = (path: string) => path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "").map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** Sets `value` at `path` of `raw`, creating objects on the way. */
function setAt(raw: Record<string, any>, path: string, value: unknown): void {
    const keys = segments(path);
    let at: any = raw;
    keys.slice(0, -1).forEach((key, i) => (at = at[key] ??= typeof keys[i + 1] === "number" ? [] : {}));
    at[keys[keys.length - 1]] = value;
}

const getAt = (obj: unknown, path: string): unknown => segments(path).reduce((at: any, key) => at?.[key], obj);

/** How key paths show a record key: `.name`, or `["1-name"]` when it is not an identifier. */
const keyAt = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

/** Makes `raw` able to take a budget (GCP needs a billing account for it). */
const billable = (r: Record<string, any>) => (r.gcp.billingAccount = "012345-6789AB-CDEF01");

describe("environment spec defaults", () => {
    /** The smallest valid spec: every optional key left out. */
    const minimal = () => ({
        cloud: "gcp",
        region: "europe-west1",
        tier: "non-prod",
        namePrefix: "acme",
        gcp: { project: "acme-web-staging" },
        domains: ["app.example.com"],
        services: [{ name: "api", image: "nginx:1.27" }],
        sites: [{ name: "web" }],
        database: {},
        cache: {},
        alerts: { emails: ["oncall@example.com"] },
    });

    const THRESHOLDS = {
        errorRatePercent: 5,
        latencyP95Ms: 1500,
        instancesPercentOfMax: 80,
        databaseCpuPercent: 80,
        databaseMemoryPercent: 90,
        databaseDiskPercent: 85,
        databaseConnectionsPercent: 80,
        cacheMemoryPercent: 80,
        wafDeniedPerMinute: 100,
        certificateExpiryDays: 14,
        durationSeconds: 300,
    };
    const EDGE = {
        contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
        certificate: "certificate-manager",
        rateLimit: { requestsPerMinute: 600, banSeconds: 300 },
        waf: { mode: "enforce", sensitivity: 1 },
        denyIpRanges: [],
        denyRegions: [],
        adaptiveProtection: false,
        redirects: [],
    };

    it("fills every documented default of a minimal spec", () => {
        expect(parseSpec(minimal(), "t")).toEqual({
            ...minimal(),
            labels: {},
            network: { cidr: "10.10.0.0/20", privateServicesPrefixLength: 16 },
            jobs: [],
            buckets: [],
            secrets: {},
            services: [{
                name: "api",
                kind: "web",
                image: "nginx:1.27",
                after: [],
                routes: [],
                staticEgressIp: false,
                port: 8080,
                cpu: 1,
                memoryMiB: 512,
                maxInstances: 10,
                concurrency: 80,
                timeoutSeconds: 300,
                env: {},
                secretEnv: {},
                healthPath: "/healthz",
                directIngress: false,
                usesDatabase: false,
                usesCache: false,
            }],
            sites: [{ name: "web", pathPrefix: "/", spaFallback: false, cacheTtlSeconds: 3600 }],
            database: {
                engine: "postgres",
                tier: "db-custom-1-3840",
                edition: "ENTERPRISE",
                storageGb: 20,
                storageLimitGb: 500,
                flags: {},
                backups: { startTime: "02:00" },
                readReplicas: 0,
                maintenance: { day: 7, hour: 3 },
                databaseName: "app",
                user: "app",
            },
            cache: { memoryGb: 1 },
            edge: EDGE,
            alerts: { emails: ["oncall@example.com"], thresholds: THRESHOLDS, uptime: { periodSeconds: 60, timeoutSeconds: 10 } },
            logs: { archiveBucket: false },
        });
    });

    it("fills the defaults inside sections given empty", () => {
        const spec = parseSpec({
            ...minimal(),
            network: {},
            services: [{ name: "api", build: { context: "./api" } }],
            database: { backups: {}, maintenance: {} },
            edge: { rateLimit: {}, waf: {} },
            alerts: { emails: ["oncall@example.com"], thresholds: {}, uptime: {} },
            logs: {},
            gcp: { project: "acme-web-staging", billingAccount: "012345-6789AB-CDEF01" },
            budget: { amount: 100 },
        }, "t");
        expect(spec.network).toEqual({ cidr: "10.10.0.0/20", privateServicesPrefixLength: 16 });
        expect(spec.services[0].build).toEqual({ context: "./api", args: {} });
        expect(spec.database).toMatchObject({ backups: { startTime: "02:00" }, maintenance: { day: 7, hour: 3 } });
        expect(spec.edge).toEqual(EDGE);
        expect(spec.alerts).toEqual({ emails: ["oncall@example.com"], thresholds: THRESHOLDS, uptime: { periodSeconds: 60, timeoutSeconds: 10 } });
        expect(spec.logs).toEqual({ archiveBucket: false });
        expect(spec.budget).toEqual({ amount: 100, currency: "USD", thresholdPercents: [50, 90, 100] });
    });

    it("keeps storageLimitGb 0 as \"no ceiling\", whatever the disk size", () => {
        expect(parseSpec({ ...minimal(), database: { storageGb: 65536, storageLimitGb: 0 } }, "t").database).toMatchObject({ storageGb: 65536, storageLimitGb: 0 });
        expect(parseSpec({ ...minimal(), database: { storageGb: 100, storageLimitGb: 100 } }, "t").database).toMatchObject({ storageLimitGb: 100 });
    });
});

describe("environment spec boundaries", () => {
    // Every bounded number: both ends accepted, one step past each end rejected.
    const ranges: Array<[path: string, min: number, max: number, kind: "integer" | "number", prepare?: (r: Record<string, any>) => void]> = [
        ["services[0].port", 1, 65535, "integer"],
        ["services[0].cpu", 0.08, 8, "number"],
        ["services[0].memoryMiB", 128, 32768, "integer"],
        ["services[0].maxInstances", 1, 1000, "integer"],
        ["services[0].concurrency", 1, 1000, "integer"],
        ["services[0].timeoutSeconds", 1, 3600, "integer"],
        ["sites[0].cacheTtlSeconds", 0, 31536000, "integer"],
        ["network.privateServicesPrefixLength", 8, 24, "integer"],
        ["database.storageGb", 10, 65536, "integer", (r) => (r.database.storageLimitGb = 0)],
        ["database.backups.retainedBackups", 1, 365, "integer"],
        ["database.backups.pitrDays", 1, 35, "integer"],
        ["database.readReplicas", 0, 5, "integer"],
        ["database.maintenance.day", 1, 7, "integer"],
        ["database.maintenance.hour", 0, 23, "integer"],
        ["cache.memoryGb", 1, 300, "integer"],
        ["edge.rateLimit.requestsPerMinute", 1, 1000000, "integer"],
        ["edge.rateLimit.banSeconds", 0, 86400, "integer"],
        ["edge.waf.sensitivity", 1, 4, "integer"],
        ["alerts.thresholds.errorRatePercent", 0.1, 100, "number"],
        ["alerts.thresholds.latencyP95Ms", 10, 600000, "integer"],
        ["alerts.thresholds.instancesPercentOfMax", 10, 100, "integer"],
        ["alerts.thresholds.databaseCpuPercent", 10, 100, "integer"],
        ["alerts.thresholds.databaseMemoryPercent", 10, 100, "integer"],
        ["alerts.thresholds.databaseDiskPercent", 10, 100, "integer"],
        ["alerts.thresholds.databaseConnectionsPercent", 10, 100, "integer"],
        ["alerts.thresholds.cacheMemoryPercent", 10, 100, "integer"],
        ["alerts.thresholds.wafDeniedPerMinute", 1, 1000000, "integer"],
        ["alerts.thresholds.certificateExpiryDays", 1, 29, "integer"],
        ["alerts.uptime.timeoutSeconds", 1, 60, "integer"],
        ["budget.amount", 1, 10000000, "number", billable],
        ["budget.thresholdPercents[0]", 1, 500, "integer", (r) => (billable(r), (r.budget = { amount: 100 }))],
    ];

    // Every row has the same length: jest would take a missing last argument for `done`.
    it.each(ranges.map(([path, min, max, kind, prepare]) => [path, min, max, kind, prepare] as const))("%s takes %d to %d", (path, min, max, kind, prepare) => {
        for (const value of [min, max]) {
            const spec = parseSpec(withEdit((r) => (prepare?.(r), setAt(r, path, value))), "t");
            expect(getAt(spec, path)).toBe(value);
        }
        const step = kind === "integer" ? 1 : 0.01;
        for (const value of [Math.round((min - step) * 100) / 100, Math.round((max + step) * 100) / 100]) {
            expect(problemsOf(withEdit((r) => (prepare?.(r), setAt(r, path, value))))).toEqual([
                `prodstack:${path}: expected ${kind === "integer" ? "an integer" : "a number"} from ${min} to ${max}, got ${value}`,
            ]);
        }
    });

    it("services[0].minInstances takes 0 up to maxInstances (at most 1000)", () => {
        for (const minInstances of [0, 1000]) {
            expect(parseSpec(withEdit((r) => Object.assign(r.services[0], { minInstances, maxInstances: 1000 })), "t").services[0].minInstances).toBe(minInstances);
        }
        expect(problemsOf(withEdit((r) => (r.services[0].minInstances = -1)))).toEqual(["prodstack:services[0].minInstances: expected an integer from 0 to 1000, got -1"]);
        expect(problemsOf(withEdit((r) => Object.assign(r.services[0], { minInstances: 1001, maxInstances: 1000 })))).toEqual([
            "prodstack:services[0].minInstances: expected an integer from 0 to 1000, got 1001",
            "prodstack:services[0].minInstances: expected at most maxInstances (1000), got 1001",
        ]);
    });

    it("database.storageLimitGb takes 0 (no ceiling) or storageGb up to 65536", () => {
        for (const storageLimitGb of [0, 20, 65536]) {
            expect(parseSpec(withEdit((r) => (r.database.storageLimitGb = storageLimitGb)), "t").database!.storageLimitGb).toBe(storageLimitGb);
        }
        expect(problemsOf(withEdit((r) => (r.database.storageLimitGb = 65537)))).toEqual(["prodstack:database.storageLimitGb: expected an integer from 0 to 65536, got 65537"]);
        expect(problemsOf(withEdit((r) => (r.database.storageLimitGb = 19)))).toEqual(["prodstack:database.storageLimitGb: expected 0 (no limit) or at least storageGb (20), got 19"]);
    });

    it("alerts.thresholds.durationSeconds takes whole minutes from 0 to 86400", () => {
        for (const value of [0, 60, 86400]) {
            expect(parseSpec(withEdit((r) => (r.alerts.thresholds = { durationSeconds: value })), "t").alerts!.thresholds.durationSeconds).toBe(value);
        }
        expect(problemsOf(withEdit((r) => (r.alerts.thresholds = { durationSeconds: 90 })))).toEqual([
            "prodstack:alerts.thresholds.durationSeconds: expected a multiple of 60 from 0 to 86400, got 90",
        ]);
        expect(problemsOf(withEdit((r) => (r.alerts.thresholds = { durationSeconds: 86460 })))).toEqual([
            "prodstack:alerts.thresholds.durationSeconds: expected an integer from 0 to 86400, got 86460",
        ]);
    });

    it.each([60, 300, 600, 900])("alerts.uptime.periodSeconds takes %d", (periodSeconds) => {
        expect(parseSpec(withEdit((r) => (r.alerts.uptime = { periodSeconds })), "t").alerts!.uptime.periodSeconds).toBe(periodSeconds);
    });

    it("budget.thresholdPercents needs at least one threshold", () => {
        expect(problemsOf(withEdit((r) => (billable(r), (r.budget = { amount: 100, thresholdPercents: [] })))).at(0)).toMatch(/^prodstack:budget\.thresholdPercents: /);
    });

    const BOOLEANS = [
        "services[0].directIngress",
        "services[0].usesDatabase",
        "services[0].usesCache",
        "services[0].uptime.enabled",
        "sites[0].spaFallback",
        "sites[0].uptime.enabled",
        "database.ha",
        "database.deletionProtection",
        "cache.ha",
        "cache.persistence",
        "edge.adaptiveProtection",
        "logs.archiveBucket",
    ];

    it.each(BOOLEANS)("%s takes true and false, nothing else", (path) => {
        for (const value of [true, false]) {
            expect(getAt(parseSpec(withEdit((r) => setAt(r, path, value)), "t"), path)).toBe(value);
        }
        expect(problemsOf(withEdit((r) => setAt(r, path, "yes")))).toEqual([`prodstack:${path}: expected true or false, got "yes"`]);
    });
});

describe("environment spec patterns", () => {
    // Each pattern with values it must accept and values it must refuse, chosen at the edges
    // of the pattern (lengths, first and last characters, text before or after a valid value).
    const PATTERNS: Array<{ path: string; expected: string; accept: string[]; reject: string[]; prepare?: (r: Record<string, any>) => void }> = [
        {
            path: "region",
            expected: 'a cloud region such as "europe-west1" or "eu-west-1"',
            accept: ["europe-west1", "eu-west-1", "us-gov-west-1", "europe-west10", "me-central2"],
            reject: ["europe-west1a", "1europe-west1", "europe", "europe-west", "Europe-west1"],
        },
        {
            path: "namePrefix",
            expected: "2-15 lowercase letters, digits or hyphens, starting with a letter",
            accept: ["ab", "a1", "acme-web-prod-1"],
            reject: ["a", "acme-web-prod-12", "acme-", "1acme", "_acme", "acmE"],
        },
        {
            path: "labels.team",
            expected: "a label value: up to 63 of [a-z0-9_-]",
            accept: ["", "web_team-1", "a".repeat(63)],
            reject: ["a".repeat(64), "Web"],
        },
        {
            path: "gcp.project",
            expected: 'a GCP project ID such as "acme-prod-123"',
            accept: ["acme-1", "a".repeat(30), "acme-web-prod"],
            reject: ["acme1", "a".repeat(31), "acme-prod-", "1acme-prod", "acme_prod"],
        },
        {
            path: "gcp.billingAccount",
            expected: 'a billing account ID such as "012345-6789AB-CDEF01"',
            accept: ["012345-6789AB-CDEF01"],
            reject: ["012345-6789ab-cdef01", "012345-6789AB-CDEF012", "X012345-6789AB-CDEF01"],
        },
        {
            path: "network.cidr",
            expected: 'an IPv4 CIDR such as "10.10.0.0/20"',
            accept: ["0.0.0.0/0", "255.255.255.255/32", "192.168.0.0/16", "172.16.0.0/12"],
            reject: ["256.0.0.0/8", "10.0.0.0/33", "10.0.0/8", "x10.0.0.0/8", "10.0.0.0/8x"],
        },
        {
            path: "services[0].name",
            expected: "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter",
            accept: ["a", "a".repeat(20), "api-2"],
            reject: ["a".repeat(21), "api-", "2api", "-api"],
        },
        {
            path: "services[0].image",
            expected: 'a pinned image reference: "repo/name:tag" (not "latest") or "repo/name@sha256:<digest>"',
            accept: [
                "nginx:1.27",
                "nginx:latest-alpine",
                "europe-docker.pkg.dev/acme/apps/api:v1.2.3_rc-1",
                `ghcr.io/acme/api@sha256:${"a".repeat(64)}`,
            ],
            reject: ["nginx", "nginx:latest", "Nginx:1", `nginx@sha256:${"a".repeat(63)}`, `nginx@sha256:${"a".repeat(65)}`, "nginx:-1", " nginx:1"],
        },
        {
            path: "services[0].secretEnv.API_KEY",
            expected: 'a secret name such as "stripe-api-key", optionally pinned as "stripe-api-key@3"',
            accept: ["k", "stripe-api-key", "stripe_key@1", "stripe-key@10", "stripe-key@latest", `k${"a".repeat(254)}`],
            reject: ["stripe-key@0", "stripe-key@01", "-stripe", "stripe-key@", "stripe-key@latest2", `k${"a".repeat(255)}`],
        },
        {
            path: "database.backups.startTime",
            expected: 'a UTC time of day as "HH:MM" such as "03:00"',
            accept: ["00:00", "09:59", "19:30", "23:59"],
            reject: ["24:00", "23:60", "2:00", "02:00Z", "T02:00"],
        },
        {
            path: "database.version",
            expected: 'a major version such as "17" (postgres) or "8.4" (mysql), quoted when it ends in ".0"',
            accept: ["17", "8.0", "8.4"],
            reject: ["v17", "17.", "8.4.1"],
        },
        {
            path: "database.databaseName",
            expected: "a database name of lowercase letters, digits and underscores",
            accept: ["a", `a${"b".repeat(62)}`, "app_2"],
            reject: [`a${"b".repeat(63)}`, "1app", "app-db"],
        },
        {
            path: "database.user",
            expected: "a user name of lowercase letters, digits and underscores",
            accept: ["a", `a${"b".repeat(31)}`],
            reject: [`a${"b".repeat(32)}`, "_app", "App"],
        },
        {
            path: "cache.version",
            expected: 'a Redis version such as "7.2", quoted when it ends in ".0"',
            accept: ["7.0", "7.2", "6"],
            reject: ["7.x", "redis7"],
        },
        {
            path: "edge.denyRegions[0]",
            expected: 'an ISO 3166-1 alpha-2 region code such as "KP"',
            accept: ["KP"],
            reject: ["K", "KPR", "kp"],
        },
        {
            path: "alerts.emails[0]",
            expected: 'an email address such as "oncall@example.com"',
            accept: ["a@b.io", "On.Call+web@Example.COM"],
            reject: ["a@b", "a b@c.io", "a@b.c", "@b.io", "a@@b.io"],
        },
        {
            path: "alerts.slack.channel",
            expected: 'a Slack channel such as "#ops-alerts"',
            accept: ["#a", "#ops-alerts_2", `#${"a".repeat(80)}`],
            reject: ["ops", "#", "#Ops", `#${"a".repeat(81)}`],
            prepare: (r) => (r.alerts.slack = { authToken: "xoxb" }),
        },
        {
            path: "budget.currency",
            expected: 'an ISO 4217 currency code such as "USD"',
            accept: ["EUR", "USD"],
            reject: ["eur", "EURO", "EU"],
            prepare: (r) => (billable(r), (r.budget = { amount: 100 })),
        },
    ];
    const rows = PATTERNS.flatMap(({ path, expected, accept, reject, prepare }) => [
        ...accept.map((value) => [path, "accepts", value, expected, prepare] as const),
        ...reject.map((value) => [path, "rejects", value, expected, prepare] as const),
    ]);

    it.each(rows)("%s %s %j", (path, verdict, value, expected, prepare) => {
        const raw = withEdit((r) => (prepare?.(r), setAt(r, path, value)));
        if (verdict === "accepts") expect(getAt(parseSpec(raw, "t"), path)).toBe(value);
        else expect(problemsOf(raw)).toEqual([`prodstack:${path}: expected ${expected}, got ${JSON.stringify(value)}`]);
    });

    it.each([
        ["a.io", true],
        ["x-y.example.com", true],
        [`${"a".repeat(63)}.example.com`, true],
        [`${"a".repeat(64)}.example.com`, false],
        ["-a.example.com", false],
        ["a-.example.com", false],
        ["example", false],
        ["example.c", false],
        [`${"a.".repeat(126)}io`, false],
        ["api.example.com.", false],
    ] as const)("a domain %s is %s", (domain, ok) => {
        // A host-less route answers on every domain, so the domain's only problem can be its form.
        const raw = withEdit((r) => ((r.services[0].routes = [{ pathPrefix: "/api" }]), r.domains.push(domain)));
        if (ok) expect(parseSpec(raw, "t").domains).toContain(domain);
        else expect(problemsOf(raw)).toEqual([`prodstack:domains[2]: expected a lowercase DNS hostname such as "api.example.com", got ${JSON.stringify(domain)}`]);
    });

    it.each([
        ["A", true], ["_PRIVATE", true], ["API_KEY_2", true], ["1API", false], ["api", false], ["API-KEY", false],
    ] as const)("an env name %s is %s", (name, ok) => {
        const raw = withEdit((r) => (r.services[0].env = { [name]: "x" }));
        if (ok) expect(parseSpec(raw, "t").services[0].env).toEqual({ [name]: "x" });
        else expect(problemsOf(raw)).toEqual([`prodstack:services[0].env${keyAt(name)}: expected an environment variable name in UPPER_SNAKE_CASE, got ${JSON.stringify(name)}`]);
    });

    it.each([
        ["a", true], [`a${"b".repeat(62)}`, true], ["team_1-x", true], [`a${"b".repeat(63)}`, false], ["1team", false], ["_team", false],
    ] as const)("a label key %s is %s", (key, ok) => {
        const raw = withEdit((r) => (r.labels = { [key]: "v" }));
        if (ok) expect(parseSpec(raw, "t").labels).toEqual({ [key]: "v" });
        else expect(problemsOf(raw)).toEqual([`prodstack:labels${keyAt(key)}: expected a label key: lowercase letter first, then up to 62 of [a-z0-9_-], got ${JSON.stringify(key)}`]);
    });

    it.each([["managed-by", '["managed-by"]'], ["environment", ".environment"], ["tier", ".tier"]])("refuses the label %s that prodstack sets itself", (key, at) => {
        expect(problemsOf(withEdit((r) => (r.labels = { [key]: "x" })))).toEqual([
            `prodstack:labels${at}: expected a key prodstack does not set itself (managed-by, environment, tier), got ${JSON.stringify(key)}`,
        ]);
    });

    it.each(["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION", "CLOUD_RUN_JOB"])("refuses the platform's env %s", (name) => {
        expect(problemsOf(withEdit((r) => (r.services[0].env = { [name]: "x" })))).toEqual([
            `prodstack:services[0].env.${name}: expected a name the platform does not set itself, got ${JSON.stringify(name)}`,
        ]);
    });

    it("takes each enum value it documents", () => {
        const spec = parseSpec(withEdit((r) => {
            Object.assign(r.database, { engine: "mysql", edition: "ENTERPRISE_PLUS" });
            r.edge = { certificate: "classic", waf: { mode: "preview" } };
            r.services[0].uptime = { acceptedStatus: ["2xx", "3xx", "4xx"] };
        }), "t");
        expect(spec.database).toMatchObject({ engine: "mysql", edition: "ENTERPRISE_PLUS" });
        expect(spec.edge).toMatchObject({ certificate: "classic", waf: { mode: "preview", sensitivity: 1 } });
        expect(spec.services[0].uptime!.acceptedStatus).toEqual(["2xx", "3xx", "4xx"]);
    });
});

describe("environment spec cross-checks, both sides", () => {
    it("converts a database version read as a number from 9 up, and keeps lower ones an error", () => {
        expect(parseSpec(withEdit((r) => (r.database.version = 9)), "t").database!.version).toBe("9");
        expect(problemsOf(withEdit((r) => (r.database.version = 6))).at(0)).toMatch(/^prodstack:database\.version: .*, got 6$/);
    });

    it("accepts minInstances equal to maxInstances", () => {
        expect(parseSpec(withEdit((r) => Object.assign(r.services[0], { minInstances: 3, maxInstances: 3 })), "t").services[0]).toMatchObject({ minInstances: 3, maxInstances: 3 });
    });

    it("accepts a service built from source instead of an image", () => {
        const spec = parseSpec(withEdit((r) => {
            delete r.services[0].image;
            r.services[0].build = { context: "./api", dockerfile: "Dockerfile.prod", args: { NODE_ENV: "production" } };
        }), "t");
        expect(spec.services[0].build).toEqual({ context: "./api", dockerfile: "Dockerfile.prod", args: { NODE_ENV: "production" } });
    });

    it("accepts any single alert channel", () => {
        for (const alerts of [{ slack: { channel: "#ops", authToken: "xoxb" } }, { webhookUrl: "https://hooks.example.com/x" }, { pagerdutyServiceKey: "key" }]) {
            expect(() => parseSpec(withEdit((r) => (r.alerts = alerts)), "t")).not.toThrow();
        }
    });

    it("lets a site and a service share a host on different paths, and refuses the same path twice", () => {
        expect(() => parseSpec(withEdit((r) => {
            r.services[0].routes = [{ host: "app.example.com", pathPrefix: "/api" }];
            r.domains = ["app.example.com"];
        }), "t")).not.toThrow();
        expect(problemsOf(withEdit((r) => {
            r.services[0].routes = [{ pathPrefix: "/" }];
            r.sites[0].host = undefined;
        }))).toEqual(['prodstack:sites[0]: expected a route no other service or site uses (services[0].routes[0] already serves */), got "*/"']);
    });

    it("claims no route for a route that names neither host nor path (reported once, as such)", () => {
        expect(problemsOf(withEdit((r) => {
            r.services[0].routes = [{}];
            r.sites[0].host = undefined;
        }))).toEqual(["prodstack:services[0].routes[0]: expected a host, a pathPrefix or both, got {}"]);
    });

    // Any host-less route or site answers on every domain, so no listed domain is unused.
    const worker = (r: Record<string, any>) => ({ name: "worker", kind: "worker", image: r.services[0].image, minInstances: 1 });
    it.each<[string, (r: Record<string, any>) => void]>([
        ["a service with a hosted and a host-less route", (r) => r.services[0].routes.push({ pathPrefix: "/v2" })],
        ["a hosted service and a host-less one", (r) => r.services.push({ ...r.services[0], name: "admin", routes: [{ pathPrefix: "/admin" }] })],
        ["a hosted site and a host-less one", (r) => r.sites.push({ name: "docs", pathPrefix: "/docs" })],
    ])("accepts an extra domain next to %s", (_, edit) => {
        expect(() => parseSpec(withEdit((r) => (edit(r), r.domains.push("www.example.com"))), "t")).not.toThrow();
    });

    it("needs a domain when one service of several is routed", () => {
        expect(problemsOf(withEdit((r) => Object.assign(r, { domains: [], sites: [], services: [{ ...r.services[0], routes: [{ pathPrefix: "/api" }] }, worker(r)] })))).toEqual([
            "prodstack:domains: expected at least one domain to serve the routed services and sites on (each gets a certificate), got []",
        ]);
    });

    it("says which domains are listed when a route names another, or none", () => {
        expect(problemsOf(withEdit((r) => {
            r.domains = [];
            r.sites = [];
            r.services[0].routes = [{ host: "api.example.com" }];
        }))).toEqual([
            'prodstack:services[0].routes[0].host: expected one of the environment\'s domains (none listed), got "api.example.com"',
            "prodstack:domains: expected at least one domain to serve the routed services and sites on (each gets a certificate), got []",
        ]);
    });

    it("needs no domain when nothing is published", () => {
        expect(() => parseSpec(withEdit((r) => Object.assign(r, { domains: [], sites: [], services: [{ ...r.services[0], routes: [] }] })), "t")).not.toThrow();
    });

    it("names the two services that share a name", () => {
        expect(problemsOf(withEdit((r) => r.services.push({ ...r.services[0], routes: [{ host: "app.example.com", pathPrefix: "/v2" }] })))).toEqual([
            'prodstack:services[1].name: expected a name unique among services, jobs, sites and buckets (services[0] uses it), got "api"',
        ]);
    });
});

/** A valid raw spec (gcp unless `aws`) whose database.restoreDrill is `drill`, changed by `edit`. */
function withDrill(drill: unknown, edit?: (raw: Record<string, any>) => void, aws = false): Record<string, any> {
    const raw = JSON.parse(JSON.stringify(aws ? rawAwsSpec() : rawSpec())) as Record<string, any>;
    raw.database = { ...(raw.database ?? {}), restoreDrill: drill };
    edit?.(raw);
    return raw;
}

describe("database.restoreDrill", () => {
    it("fills the documented defaults and leaves enabled to the tier", () => {
        expect(parseSpec(withDrill({}), "t").database!.restoreDrill).toEqual({ schedule: "0 5 * * 1", pointInTimeOffsetMinutes: 60 });
        expect(parseSpec(rawSpec(), "t").database!.restoreDrill).toBeUndefined();
    });

    it("takes every field", () => {
        const drill = { enabled: true, schedule: "30 6 * * 0", pointInTimeOffsetMinutes: 5, verifyQuery: "SELECT 1 FROM users LIMIT 1;" };
        expect(parseSpec(withDrill(drill), "t").database!.restoreDrill).toEqual(drill);
    });

    it("refuses unknown keys, a non-boolean enabled and a schedule that is not cron", () => {
        expect(problemsOf(withDrill({ enable: true }))).toEqual([
            expect.stringMatching(/^prodstack:database\.restoreDrill(\.enable)?: .*enable/),
        ]);
        expect(problemsOf(withDrill({ enabled: "yes" }))).toEqual(['prodstack:database.restoreDrill.enabled: expected true or false, got "yes"']);
        expect(problemsOf(withDrill({ schedule: "weekly" }))).toEqual([
            'prodstack:database.restoreDrill.schedule: expected a five-field cron expression in UTC such as "0 5 * * 1", got "weekly"',
        ]);
    });

    it.each([
        [4, false], [5, true], [4320, true], [4321, false],
    ])("on non-prod (3 days of PITR) takes an offset of %p minutes: %p", (minutes, ok) => {
        const raw = withDrill({ pointInTimeOffsetMinutes: minutes });
        if (ok) expect(parseSpec(raw, "t").database!.restoreDrill!.pointInTimeOffsetMinutes).toBe(minutes);
        else {
            expect(problemsOf(raw)).toEqual([minutes < 5
                ? "prodstack:database.restoreDrill.pointInTimeOffsetMinutes: expected an integer from 5 to 50400, got 4"
                : "prodstack:database.restoreDrill.pointInTimeOffsetMinutes: expected at most 4320 minutes: the point in time must lie within the point-in-time-recovery window (backups.pitrDays, 3 days), got 4321"]);
        }
    });

    it("measures the window by pitrDays when set, and by the prod default (7 days) in prod", () => {
        expect(() => parseSpec(withDrill({ pointInTimeOffsetMinutes: 1440 }, (r) => (r.database.backups = { pitrDays: 1 })), "t")).not.toThrow();
        expect(problemsOf(withDrill({ pointInTimeOffsetMinutes: 1441 }, (r) => (r.database.backups = { pitrDays: 1 })))).toEqual([
            expect.stringContaining("expected at most 1440 minutes"),
        ]);
        const prod = (minutes: number) => {
            const raw = rawSpec("prod") as Record<string, any>;
            raw.database = { restoreDrill: { pointInTimeOffsetMinutes: minutes } };
            return raw;
        };
        expect(parseSpec(prod(10080), "t").database!.restoreDrill!.pointInTimeOffsetMinutes).toBe(10080);
        expect(problemsOf(prod(10081))).toEqual([expect.stringContaining("expected at most 10080 minutes")]);
        expect(problemsOf(prod(50401))).toEqual([expect.stringContaining("expected an integer from 5 to 50400, got 50401")]);
    });

    it("refuses a schedule one cloud's scheduler cannot run, on both clouds", () => {
        const expected = "prodstack:database.restoreDrill.schedule: expected a day of the month or a day of the week, not both (EventBridge cannot run on either, as unix cron does), got \"0 5 1 * 1\"";
        expect(problemsOf(withDrill({ schedule: "0 5 1 * 1" }))).toEqual([expected]);
        expect(problemsOf(withDrill({ schedule: "0 5 1 * 1" }, undefined, true))).toEqual([expected]);
        expect(problemsOf(withDrill({ schedule: "0 5 * * 5-7" }))).toEqual([expect.stringContaining("restoreDrill.schedule: expected days of the week EventBridge can number")]);
        expect(parseSpec(withDrill({ schedule: "0 5 1 * *" }, undefined, true), "t").database!.restoreDrill!.schedule).toBe("0 5 1 * *");
    });

    it.each([
        ["SELECT 1 FROM users LIMIT 1", true],
        ["  with t as (select 1) select * from t;  ", true],
        ["TABLE users", true],
        ["VALUES (1)", true],
        ["SHOW TABLES", true],
        ["SELECT 1; DROP TABLE users", false],
        ["DELETE FROM users", false],
        ["selection", false],
        ["", false],
    ])("verifyQuery %p is accepted: %p", (query, ok) => {
        if (ok) expect(parseSpec(withDrill({ verifyQuery: query }), "t").database!.restoreDrill!.verifyQuery).toBe(query);
        else expect(problemsOf(withDrill({ verifyQuery: query }))).toEqual([expect.stringMatching(/^prodstack:database\.restoreDrill\.verifyQuery: expected (one SQL statement|a query that returns rows)/)]);
    });

    it("limits verifyQuery to 1000 characters", () => {
        const at = (n: number) => `SELECT 1${" ".repeat(n - 8)}`;
        expect(() => parseSpec(withDrill({ verifyQuery: at(1000) }), "t")).not.toThrow();
        expect(problemsOf(withDrill({ verifyQuery: at(1001) }))).toEqual([
            expect.stringMatching(/^prodstack:database\.restoreDrill\.verifyQuery: expected at most 1000 characters, got 1001 characters$/),
        ]);
    });

    it("names a non-statement and a second statement", () => {
        expect(problemsOf(withDrill({ verifyQuery: "SELECT 1; SELECT 2" }))).toEqual([
            'prodstack:database.restoreDrill.verifyQuery: expected one SQL statement (no ";" between statements), got "SELECT 1; SELECT 2"',
        ]);
        expect(problemsOf(withDrill({ verifyQuery: "UPDATE users SET x = 1" }))).toEqual([
            'prodstack:database.restoreDrill.verifyQuery: expected a query that returns rows, starting with SELECT, WITH, VALUES, TABLE or SHOW, got "UPDATE users SET x = 1"',
        ]);
    });
});

describe("the top-level schema's messages (survivors of the full mutation run)", () => {
    it.each<[string, boolean, (raw: Record<string, any>) => void, string]>([
        ["an availability zone that is no string", true, (r) => (r.aws.availabilityZones = [1, "eu-central-1a"]), 'prodstack:aws.availabilityZones[0]: expected an availability zone name such as "eu-central-1a", got 1'],
        ["an account ID with text before it", true, (r) => (r.aws.accountId = "a123456789012"), 'prodstack:aws.accountId: expected a 12-digit AWS account ID, quoted when it starts with 0, got "a123456789012"'],
        ["an account ID of 13 digits", true, (r) => (r.aws.accountId = "1234567890123"), 'prodstack:aws.accountId: expected a 12-digit AWS account ID, quoted when it starts with 0, got "1234567890123"'],
        ["a bad secret name", false, (r) => (r.secrets = { "Bad Name": {} }), 'prodstack:secrets["Bad Name"]: expected a secret name such as "session-secret", got "Bad Name"'],
        ["a retention as text", false, (r) => (r.logs = { retentionDays: "30" }), 'prodstack:logs.retentionDays: expected a whole number of days, got "30"'],
        ["a fractional retention", false, (r) => (r.logs = { retentionDays: 1.5 }), "prodstack:logs.retentionDays: expected a whole number of days, got 1.5"],
        ["a retention of 0 days", false, (r) => (r.logs = { retentionDays: 0 }), "prodstack:logs.retentionDays: expected at least 1 day, got 0"],
        ["archiveBucket as text", false, (r) => (r.logs = { archiveBucket: "yes" }), 'prodstack:logs.archiveBucket: expected true or false, got "yes"'],
    ])("%s", (_, aws, edit, message) => {
        const raw = JSON.parse(JSON.stringify(aws ? rawAwsSpec() : rawSpec())) as Record<string, any>;
        edit(raw);
        expect(problemsOf(raw)).toEqual([message]);
    });

    it("defaults domains to none", () => {
        expect(parseSpec(withEdit((r) => Object.assign(r, { domains: undefined, sites: [], services: [{ ...r.services[0], routes: [] }] })), "t").domains).toEqual([]);
    });
});
