import { parseSpec } from "../../infra/config";
import { problemsOf, rawAwsSpec, rawSpec } from "../helpers/spec";

type Edit = (raw: Record<string, any>) => void;

/** Gives the AWS fixture the GCP stacks' edge: two domains, routes, a site. Returns true (to chain edits). */
function withEdge(r: Record<string, any>): true {
    r.domains = ["api.example.com", "app.example.com"];
    r.services[0].routes = [{ host: "api.example.com" }, { host: "app.example.com", pathPrefix: "/api" }];
    r.sites = [{ name: "web", host: "app.example.com", spaFallback: true }];
    return true;
}

/** A valid raw spec of `cloud` changed by `edit`. */
function edited(cloud: "aws" | "gcp", edit: Edit, tier: "prod" | "non-prod" = "non-prod"): Record<string, unknown> {
    const raw = JSON.parse(JSON.stringify(cloud === "aws" ? rawAwsSpec(tier) : rawSpec(tier))) as Record<string, any>;
    edit(raw);
    return raw;
}

describe("the spec on aws", () => {
    it("accepts the AWS fixture in both tiers", () => {
        expect(parseSpec(rawAwsSpec("non-prod"), "t").aws).toEqual({ accountId: "123456789012", availabilityZones: ["eu-central-1a", "eu-central-1b"] });
        expect(parseSpec(rawAwsSpec("prod"), "t").aws!.availabilityZones).toHaveLength(3);
    });

    // One row per distinct bad config: what is changed, and the exact sentence expected.
    const rejected: Array<[string, Edit, string]> = [
        ["a GCP region", (r) => (r.region = "europe-west1"), 'prodstack:region: expected an AWS region such as "eu-central-1" when cloud is "aws", got "europe-west1"'],
        ["no zones", (r) => delete r.aws.availabilityZones, 'prodstack:aws.availabilityZones: expected 2 to 4 distinct availability zones of eu-central-1 such as ["eu-central-1a", "eu-central-1b"], got nothing (the key is missing)'],
        ["one zone", (r) => (r.aws.availabilityZones = ["eu-central-1a"]), 'prodstack:aws.availabilityZones: expected 2 to 4 distinct availability zones of eu-central-1 such as ["eu-central-1a", "eu-central-1b"], got ["eu-central-1a"]'],
        ["five zones", (r) => (r.aws.availabilityZones = ["a", "b", "c", "d", "e"].map((z) => `eu-central-1${z}`)), 'prodstack:aws.availabilityZones: expected 2 to 4 distinct availability zones of eu-central-1 such as ["eu-central-1a", "eu-central-1b"], got ["eu-central-1a","eu-central-1b","eu-central-1c","eu-central-1d","eu-central-...'],
        ["a zone twice", (r) => (r.aws.availabilityZones = ["eu-central-1a", "eu-central-1a"]), 'prodstack:aws.availabilityZones: expected 2 to 4 distinct availability zones of eu-central-1 such as ["eu-central-1a", "eu-central-1b"], got ["eu-central-1a","eu-central-1a"]'],
        ["another region's zone", (r) => (r.aws.availabilityZones = ["eu-central-1a", "eu-west-1b"]), 'prodstack:aws.availabilityZones[1]: expected a zone of eu-central-1 such as "eu-central-1a", got "eu-west-1b"'],
        ["a zone ID instead of a name", (r) => (r.aws.availabilityZones = ["euc1-az1", "euc1-az2"]), 'prodstack:aws.availabilityZones[0]: expected a zone of eu-central-1 such as "eu-central-1a", got "euc1-az1"'],
        ["a Local Zone", (r) => (r.aws.availabilityZones = ["eu-central-1a", "eu-central-1-ham-1a"]), 'prodstack:aws.availabilityZones[1]: expected a zone of eu-central-1 such as "eu-central-1a", got "eu-central-1-ham-1a"'],
        ["a VPC range too small to carve", (r) => (r.network = { cidr: "10.20.0.0/23" }), 'prodstack:network.cidr: expected a range from /16 to /22 when cloud is "aws" (the VPC\'s subnets are carved from it), got "10.20.0.0/23"'],
        ["a VPC range larger than a VPC", (r) => (r.network = { cidr: "10.0.0.0/15" }), 'prodstack:network.cidr: expected a range from /16 to /22 when cloud is "aws" (the VPC\'s subnets are carved from it), got "10.0.0.0/15"'],
        ["1 vCPU with 512 MiB", (r) => Object.assign(r.services[0], { cpu: 1, memoryMiB: 512 }), "prodstack:services[0].memoryMiB: expected memory from 2048 to 8192 MiB in steps of 1024 MiB for 1 vCPU on Fargate, got 512"],
        ["1 vCPU just above the range", (r) => Object.assign(r.services[0], { cpu: 1, memoryMiB: 9216 }), "prodstack:services[0].memoryMiB: expected memory from 2048 to 8192 MiB in steps of 1024 MiB for 1 vCPU on Fargate, got 9216"],
        ["2 vCPU with 1 GiB (the GCP prod size)", (r) => Object.assign(r.services[0], { cpu: 2, memoryMiB: 1024 }), "prodstack:services[0].memoryMiB: expected memory from 4096 to 16384 MiB in steps of 1024 MiB for 2 vCPU on Fargate, got 1024"],
        ["between two steps (never rounded)", (r) => Object.assign(r.services[0], { cpu: 1, memoryMiB: 2560 }), "prodstack:services[0].memoryMiB: expected memory from 2048 to 8192 MiB in steps of 1024 MiB for 1 vCPU on Fargate, got 2560"],
        ["0.25 vCPU with 1536 MiB", (r) => Object.assign(r.jobs[0], { cpu: 0.25, memoryMiB: 1536 }), "prodstack:jobs[0].memoryMiB: expected memory of 512, 1024, 2048 MiB for 0.25 vCPU on Fargate, got 1536"],
        ["8 vCPU off its 4 GiB step", (r) => Object.assign(r.jobs[0], { cpu: 8, memoryMiB: 18432 }), "prodstack:jobs[0].memoryMiB: expected memory from 16384 to 61440 MiB in steps of 4096 MiB for 8 vCPU on Fargate, got 18432"],
        ["a vCPU Fargate does not offer", (r) => (r.services[0].cpu = 0.75), "prodstack:services[0].cpu: expected a Fargate vCPU size (0.25, 0.5, 1, 2, 4, 8, 16), got 0.75"],
        ["scale to zero", (r) => (r.services[0].minInstances = 0), 'prodstack:services[0].minInstances: expected at least 1 when cloud is "aws" (an ECS service does not scale up from zero tasks), got 0'],
        ["a pinned secret version", (r) => (r.services[0].secretEnv.SESSION_SECRET = "session-secret@3"), 'prodstack:services[0].secretEnv.SESSION_SECRET: expected a secret name without a version pin when cloud is "aws" (tasks read the current value when they start), got "session-secret@3"'],
        ["a CloudWatch-invalid retention", (r) => (r.logs = { retentionDays: 3650 }), "prodstack:logs.retentionDays: expected a CloudWatch Logs retention in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); nearest: 3288 or 3653, got 3650"],
        ["a retention past ten years", (r) => (r.logs = { retentionDays: 3654 }), "prodstack:logs.retentionDays: expected a CloudWatch Logs retention in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); nearest: 3653, got 3654"],
        ["a deploy run longer than Lambda allows", (r) => (r.jobs[0].timeoutSeconds = 841), 'prodstack:jobs[0].timeoutSeconds: expected 60 to 840 for a runOnDeploy job when cloud is "aws" (the deploy waits for it through a Lambda function, 15 minutes at most), got 841'],
        ["a deploy run shorter than the runner's floor", (r) => (r.jobs[0].timeoutSeconds = 59), 'prodstack:jobs[0].timeoutSeconds: expected 60 to 840 for a runOnDeploy job when cloud is "aws" (the deploy waits for it through a Lambda function, 15 minutes at most), got 59'],
        ["a timeout on a scheduled job", (r) => Object.assign(r.jobs[0], { runOnDeploy: false, schedule: { cron: "0 3 * * *" }, timeoutSeconds: 600 }) && (r.services[0].after = []), 'prodstack:jobs[0].timeoutSeconds: expected no timeoutSeconds on a job without runOnDeploy when cloud is "aws" (not yet on AWS: ECS tasks have no run time limit), got 600'],
        ["a day-of-week range ending on Sunday", (r) => (r.jobs[0].schedule = { cron: "0 3 * * 5-7" }), 'prodstack:jobs[0].schedule.cron: expected days of the week EventBridge can number (0-6 or names, no range ending on or wrapping past Sunday: use 0 or SUN) when cloud is "aws", got "0 3 * * 5-7"'],
        ["no aws section", (r) => delete r.aws, 'prodstack:aws: expected an aws section with the account ID when cloud is "aws", got nothing (the key is missing)'],
        ["the GCP section", (r) => (r.gcp = { project: "acme-web-prod" }), 'prodstack:gcp: expected no gcp section when cloud is "aws" (it would be ignored), got {"project":"acme-web-prod"}'],
        ["a count of egress addresses", (r) => (r.network = { staticEgressIps: 2 }), 'prodstack:network.staticEgressIps: expected no staticEgressIps when cloud is "aws" (a GCP-only key), got 2'],
        ["a GCP-only network key", (r) => (r.network = { privateServicesPrefixLength: 20 }), 'prodstack:network.privateServicesPrefixLength: expected no privateServicesPrefixLength when cloud is "aws" (a GCP-only key), got 20'],
        ["a request timeout CloudFront cannot wait for", (r) => (r.services[0].timeoutSeconds = 61), 'prodstack:services[0].timeoutSeconds: expected at most 60 seconds when cloud is "aws" (CloudFront waits at most 60 s for the origin without a quota raise; the load balancer\'s idle timeout follows), got 61'],
        ["direct ingress", (r) => (r.services[0].directIngress = true), 'prodstack:services[0].directIngress: expected no directIngress when cloud is "aws" (not yet on AWS: the load balancer arrives with the AWS edge issue), got true'],
        ["job retries", (r) => (r.jobs[0].retries = 1), 'prodstack:jobs[0].retries: expected no retries when cloud is "aws" (not yet on AWS: ECS runs a task once; retries are not yet on AWS), got 1'],
        ["job parallelism", (r) => (r.jobs[0].parallelism = 2), 'prodstack:jobs[0].parallelism: expected no parallelism when cloud is "aws" (not yet on AWS: one task per run is all the AWS job runs yet), got 2'],
        ["a bucket retention", (r) => Object.assign(r.buckets[0], { retentionDays: 30 }), 'prodstack:buckets[0].retentionDays: expected no retentionDays when cloud is "aws" (not yet on AWS: S3 Object Lock is not yet on AWS), got 30'],
        ["the log archive", (r) => (r.logs = { archiveBucket: true }), 'prodstack:logs.archiveBucket: expected false when cloud is "aws" (CloudWatch Logs already keeps every log group KMS-encrypted for logs.retentionDays, up to 3653 days: raise that instead of archiving to S3), got true'],
        ["a budget in euros", (r) => (r.budget = { amount: 100, currency: "EUR" }), 'prodstack:budget.currency: expected "USD" when cloud is "aws" (AWS Budgets tracks cost in USD only), got "EUR"'],
        ["five budget thresholds", (r) => (r.budget = { amount: 100, thresholdPercents: [25, 50, 75, 90, 100] }), 'prodstack:budget.thresholdPercents: expected at most 4 percentages when cloud is "aws" (AWS Budgets sends at most 5 notifications per budget; one is the forecast at 100 %), got [25,50,75,90,100]'],
        ["a repeated budget threshold", (r) => (r.budget = { amount: 100, thresholdPercents: [50, 50] }), 'prodstack:budget.thresholdPercents: expected each percentage once when cloud is "aws", got [50,50]'],
        ["eleven budget emails", (r) => Object.assign(r, { budget: { amount: 100 }, alerts: { emails: Array.from({ length: 11 }, (_, i) => `a${i}@example.com`) } }), 'prodstack:alerts.emails: expected at most 10 addresses when a budget is configured when cloud is "aws" (AWS Budgets notifies at most 10 per notification), got 11 addresses'],
        ["a content match Route 53 cannot search", (r) => (r.alerts = { emails: ["oncall@example.com"], uptime: { contentMatch: "x".repeat(256) } }), 'prodstack:alerts.uptime.contentMatch: expected at most 255 characters when cloud is "aws" (Route 53\'s searchString), got 256 characters'],
        ["an uptime timeout", (r) => (r.alerts = { emails: ["oncall@example.com"], uptime: { timeoutSeconds: 5 } }), 'prodstack:alerts.uptime.timeoutSeconds: expected no timeoutSeconds when cloud is "aws" (Route 53 health checks have a fixed timeout: 4 s to connect, then 2 s to answer), got 5'],
        ["a 4xx uptime status", (r) => Object.assign(r, { domains: ["api.example.com"] }) && Object.assign(r.services[0], { routes: [{ host: "api.example.com" }], uptime: { acceptedStatus: ["2xx", "4xx"] } }), 'prodstack:services[0].uptime.acceptedStatus: expected only "2xx" and "3xx" when cloud is "aws" (Route 53 counts 2xx and 3xx as healthy, nothing else), got ["2xx","4xx"]'],
        ["a Slack token", (r) => (r.alerts = { slack: { channel: "#ops", authToken: "xoxb-1", workspaceId: "T0123456789", channelId: "C0123456789" } }), 'prodstack:alerts.slack.authToken: expected no authToken when cloud is "aws" (a GCP-only key), got "xoxb-1"'],
        ["Slack without IDs", (r) => (r.alerts = { slack: { channel: "#ops" } }), 'prodstack:alerts.slack.workspaceId: expected the Slack workspace ID AWS Chatbot was authorised for, such as "T0123456789", when cloud is "aws", got nothing (the key is missing)'],
        ["Slack without a channel ID", (r) => (r.alerts = { slack: { channel: "#ops", workspaceId: "T0123456789" } }), 'prodstack:alerts.slack.channelId: expected the Slack channel\'s ID, such as "C0123456789", when cloud is "aws" (AWS Chatbot takes IDs, not names), got nothing (the key is missing)'],
        ["a ban duration", (r) => withEdge(r) && (r.edge = { rateLimit: { requestsPerMinute: 600, banSeconds: 600 } }), 'prodstack:edge.rateLimit.banSeconds: expected no banSeconds when cloud is "aws" (a GCP-only key), got 600'],
        ["a route ban duration", (r) => withEdge(r) && (r.services[0].routes[0].rateLimit = { requestsPerMinute: 30, banSeconds: 60 }), 'prodstack:services[0].routes[0].rateLimit.banSeconds: expected no banSeconds when cloud is "aws" (a GCP-only key), got 60'],
        ["a route limit above the edge's", (r) => withEdge(r) && (r.services[0].routes[0].rateLimit = { requestsPerMinute: 601 }), 'prodstack:services[0].routes[0].rateLimit.requestsPerMinute: expected at most edge.rateLimit.requestsPerMinute (600) when cloud is "aws" (every request also counts against the edge\'s limit), got 601'],
        ["a CSP longer than CloudFront takes", (r) => withEdge(r) && (r.edge = { contentSecurityPolicy: `default-src 'self'; ${"a".repeat(1764)}` }), 'prodstack:edge.contentSecurityPolicy: expected a Content-Security-Policy of at most 1783 characters when cloud is "aws" (a CloudFront response headers policy\'s limit), got 1784 characters'],
        ["a route CSP longer than CloudFront takes", (r) => withEdge(r) && (r.services[0].routes[0].contentSecurityPolicy = "x".repeat(1784)), 'prodstack:services[0].routes[0].contentSecurityPolicy: expected a Content-Security-Policy of at most 1783 characters when cloud is "aws" (a CloudFront response headers policy\'s limit), got 1784 characters'],
        ["eleven certificate names", (r) => withEdge(r) && (r.domains = Array.from({ length: 10 }, (_, i) => `h${i}.example.com`)) && (r.services[0].routes = r.domains.map((host: string) => ({ host }))) && (r.sites = []) && (r.edge = { redirects: [{ from: "www.example.com", to: "h0.example.com" }] }), 'prodstack:domains: expected at most 10 domains and redirect hosts together when cloud is "aws" (one ACM certificate covers them; ACM\'s default quota), got 11 names'],
        ["a route behind Identity-Aware Proxy", (r) => withEdge(r) && (r.services[0].routes[0].iap = { members: ["group:staff@example.com"] }), 'prodstack:services[0].routes[0].iap: expected no iap on cloud "aws" (Identity-Aware Proxy is GCP-only; restrict the route with allowIpRanges), got {"members":["group:staff@example.com"]}'],
    ];
    it.each(rejected)("rejects %s", (_, edit, message) => {
        expect(problemsOf(edited("aws", edit))).toContain(message);
    });

    it("reports every problem of a section not yet on AWS with the values it would need there", () => {
        const problems = problemsOf(edited("aws", (r) => (r.database = { tier: "db-custom-2-8192", edition: "ENTERPRISE", backups: { location: "europe-west4" } })));
        expect(problems).toEqual([
            'prodstack:database.edition: expected no edition when cloud is "aws" (a GCP-only key), got "ENTERPRISE"',
            'prodstack:database.tier: expected an RDS instance class such as "db.t4g.medium" when cloud is "aws", got "db-custom-2-8192"',
            'prodstack:database.backups.location: expected an AWS region other than the environment\'s (eu-central-1) when cloud is "aws", got "europe-west4"',
        ]);
        // The AWS spellings are accepted.
        expect(() => parseSpec(edited("aws", (r) => (r.database = { tier: "db.t4g.medium", backups: { location: "eu-west-1" } })), "t")).not.toThrow();
        expect(problemsOf(edited("aws", (r) => (r.cache = { version: "7.0", memoryGb: 300 })))).toEqual([
            'prodstack:cache.version: expected a version ElastiCache runs: "7.1" (Redis OSS) or "7.2", "8.0", "8.1", "8.2", "9.0" (Valkey) when cloud is "aws", got "7.0"',
        ]);
        for (const version of ["7.1", "7.2", "9.0"]) {
            expect(() => parseSpec(edited("aws", (r) => (r.cache = { version })), "t")).not.toThrow();
        }
        expect(problemsOf(edited("aws", (r) => (r.edge = { dnsZone: "prod-zone", certificate: "classic" })))).toEqual([
            'prodstack:edge.certificate: expected no certificate when cloud is "aws" (a GCP-only key), got "classic"',
            'prodstack:edge.dnsZone: expected a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ" when cloud is "aws", got "prod-zone"',
        ]);
    });

    it("takes a database section without a tier (RDS's default class) and checks what RDS cannot honour, naming each key", () => {
        expect(() => parseSpec(edited("aws", (r) => (r.database = {})), "t")).not.toThrow();
        expect(problemsOf(edited("aws", (r) => (r.database = {
            engine: "mysql", version: "17", tier: "db.t4g.small", storageGb: 19, storageLimitGb: 20,
            backups: { retainedBackups: 36, startTime: "02:45" }, user: "dbadmin",
        })))).toEqual([
            'prodstack:database.tier: expected a class with Performance Insights for mysql (not *.micro or *.small) when cloud is "aws", got "db.t4g.small"',
            'prodstack:database.version: expected one of 8.0, 8.4 for mysql when cloud is "aws", got "17"',
            'prodstack:database.storageGb: expected at least 20 when cloud is "aws" (the smallest gp3 volume), got 19',
            'prodstack:database.storageLimitGb: expected 0 (RDS\'s maximum) or at least 10 % above storageGb (21) when cloud is "aws", got 20',
            'prodstack:database.backups.retainedBackups: expected 1 to 35 when cloud is "aws" (days of automated backups), got 36',
            'prodstack:database.backups.startTime: expected a 30-minute backup window clear of the maintenance hour (3:00 UTC) when cloud is "aws", got "02:45"',
            'prodstack:database.user: expected a name other than the master user "dbadmin" and rds* users when cloud is "aws", got "dbadmin"',
        ]);
        expect(problemsOf(edited("aws", (r) => (r.database = { version: "18", backups: { retainedBackups: 7, pitrDays: 8 } })))).toEqual([
            'prodstack:database.version: expected one of 14, 15, 16, 17 for postgres when cloud is "aws", got "18"',
            'prodstack:database.backups.pitrDays: expected at most retainedBackups (7) when cloud is "aws" (RDS keeps transaction logs as long as the backups), got 8',
        ]);
        // Both sides of each bound.
        expect(() => parseSpec(edited("aws", (r) => (r.database = {
            engine: "mysql", version: "8.0", tier: "db.t4g.medium", storageGb: 20, storageLimitGb: 22,
            backups: { retainedBackups: 35, pitrDays: 35, startTime: "02:30" }, user: "app_user",
        })), "t")).not.toThrow();
        expect(() => parseSpec(edited("aws", (r) => (r.database = { storageGb: 100, storageLimitGb: 0, tier: "db.t4g.micro" })), "t")).not.toThrow();
    });

    // YAML reads an unquoted account ID as a number: 12 digits convert, anything else stays an error.
    it.each([
        [100000000000, "100000000000"],
        [999999999999, "999999999999"],
        [99999999999, undefined],
        [1000000000000, undefined],
        [123456789012.5, undefined],
    ] as const)("takes the account ID %d as %s", (accountId, expected) => {
        const raw = edited("aws", (r) => (r.aws.accountId = accountId));
        if (expected) expect(parseSpec(raw, "t").aws!.accountId).toBe(expected);
        else expect(problemsOf(raw)).toEqual([`prodstack:aws.accountId: expected a 12-digit AWS account ID, quoted when it starts with 0, got ${accountId}`]);
    });

    it("previews the WAF rules outside prod only", () => {
        const preview: Edit = (r) => withEdge(r) && (r.edge = { waf: { mode: "preview" } });
        expect(problemsOf(edited("aws", preview, "prod"))).toEqual(['prodstack:edge.waf.mode: expected "enforce" in prod when cloud is "aws" (preview the WAF rules outside prod), got "preview"']);
        expect(() => parseSpec(edited("aws", preview), "t")).not.toThrow();
    });

    it("spreads prod over 3 zones, except in a region that offers 2", () => {
        expect(problemsOf(edited("aws", (r) => (r.aws.availabilityZones = ["eu-central-1a", "eu-central-1b"]), "prod"))).toEqual([
            'prodstack:aws.availabilityZones: expected 3 to 4 distinct availability zones of eu-central-1 such as ["eu-central-1a", "eu-central-1b", "eu-central-1c"] (prod spreads over 3), got ["eu-central-1a","eu-central-1b"]',
        ]);
        const twoZones = edited("aws", (r) => Object.assign(r, { region: "us-west-1", aws: { accountId: "123456789012", availabilityZones: ["us-west-1b", "us-west-1c"] } }), "prod");
        expect(() => parseSpec(twoZones, "t")).not.toThrow();
    });

    // Accepted boundaries: each side of every range the checks above reject.
    const accepted: Array<[string, Edit]> = [
        ["the GCP stacks' edge: domains, routes, a site, a redirect, allowlists, limits, CSPs, deny lists", (r) => withEdge(r) && Object.assign(r.services[0].routes[0], { allowIpRanges: ["203.0.113.0/24"], rateLimit: { requestsPerMinute: 600 }, contentSecurityPolicy: "x".repeat(1783) })
            && (r.edge = { dnsZone: "Z0123456789ABCDEFGHIJ", contentSecurityPolicy: "y".repeat(1783), rateLimit: { requestsPerMinute: 600 }, waf: { mode: "preview" }, denyIpRanges: ["198.51.100.0/24"], denyRegions: ["KP"], redirects: [{ from: "www.example.com", to: "app.example.com" }] })],
        ["a 60 s request timeout", (r) => withEdge(r) && (r.services[0].timeoutSeconds = 60)],
        ["ten certificate names", (r) => withEdge(r) && (r.edge = { redirects: Array.from({ length: 8 }, (_, i) => ({ from: `w${i}.example.com`, to: "app.example.com" })) })],
        ["a /16 VPC", (r) => (r.network = { cidr: "10.0.0.0/16" })],
        ["a /22 VPC", (r) => (r.network = { cidr: "10.0.0.0/22" })],
        ["4 zones", (r) => (r.aws.availabilityZones = ["a", "b", "c", "d"].map((z) => `eu-central-1${z}`))],
        ["a GovCloud region", (r) => Object.assign(r, { region: "us-gov-west-1", aws: { accountId: "123456789012", availabilityZones: ["us-gov-west-1a", "us-gov-west-1b"] } })],
        ["1 vCPU with 2048 MiB (the floor)", (r) => Object.assign(r.services[0], { cpu: 1, memoryMiB: 2048 })],
        ["1 vCPU with 8192 MiB (the ceiling)", (r) => Object.assign(r.services[0], { cpu: 1, memoryMiB: 8192 })],
        ["0.25 vCPU with 2048 MiB", (r) => Object.assign(r.jobs[0], { cpu: 0.25, memoryMiB: 2048 })],
        ["8 vCPU with 32768 MiB (the spec's memory ceiling)", (r) => Object.assign(r.jobs[0], { cpu: 8, memoryMiB: 32768 })],
        ["one task minimum", (r) => (r.services[0].minInstances = 1)],
        ["a 60 s request timeout (CloudFront's ceiling)", (r) => (r.services[0].timeoutSeconds = 60)],
        ["a 1 s request timeout", (r) => (r.services[0].timeoutSeconds = 1)],
        ["a concurrency target (request-count scaling behind the load balancer)", (r) => (r.services[0].concurrency = 80)],
        ["a declared hand-filled secret", (r) => (r.secrets = { "stripe-key": {} })],
        ["a generated secret", (r) => (r.secrets = { "session-secret": { generate: { length: 64, charset: "urlsafe" } } })],
        ["a secret pinned to latest", (r) => (r.services[0].secretEnv.SESSION_SECRET = "session-secret@latest")],
        ["1 day of logs", (r) => (r.logs = { retentionDays: 1 })],
        ["3653 days of logs", (r) => (r.logs = { retentionDays: 3653 })],
        ["a 60 s deploy run", (r) => (r.jobs[0].timeoutSeconds = 60)],
        ["an 840 s deploy run", (r) => (r.jobs[0].timeoutSeconds = 840)],
        ["a weekday schedule", (r) => (r.jobs[0].schedule = { cron: "30 2 * * 1-5", timeZone: "Europe/Berlin" })],
        ["a fixed egress IP (every task leaves through the NAT gateways' addresses)", (r) => (r.services[0].staticEgressIp = true)],
        ["entrypoint and command overrides", (r) => Object.assign(r.services[0], { command: ["/bin/app"], args: ["serve"] }) && (r.jobs[0].command = ["/bin/app"])],
        ["a worker", (r) => r.services.push({ name: "worker", kind: "worker", image: r.services[0].image, cpu: 0.25, memoryMiB: 512 })],
        ["signed URLs and CORS on a bucket", (r) => Object.assign(r.buckets[0], { signedUrls: true, corsOrigins: ["https://app.example.com"] })],
        ["alerts to every kind of channel", (r) => (r.alerts = {
            emails: ["oncall@example.com"], webhookUrl: "https://hooks.example.com/x", pagerdutyServiceKey: "abc",
            slack: { channel: "#ops", workspaceId: "T0123456789", channelId: "C0123456789" },
        })],
        ["a USD budget with 4 thresholds", (r) => (r.budget = { amount: 100, currency: "USD", thresholdPercents: [25, 50, 90, 100] })],
        ["10 budget emails", (r) => Object.assign(r, { budget: { amount: 100 }, alerts: { emails: Array.from({ length: 10 }, (_, i) => `a${i}@example.com`) } })],
        ["every uptime period (mapped to Route 53's 30 s)", (r) => (r.alerts = { emails: ["oncall@example.com"], uptime: { periodSeconds: 900, contentMatch: "ok" } })],
        ["a 255-character content match", (r) => (r.alerts = { emails: ["oncall@example.com"], uptime: { contentMatch: "x".repeat(255) } })],
        ["no log archive, said explicitly", (r) => (r.logs = { archiveBucket: false })],
    ];
    it.each(accepted)("accepts %s", (_, edit) => {
        expect(() => parseSpec(edited("aws", edit), "t")).not.toThrow();
    });
});

describe("the spec on gcp", () => {
    const rejected: Array<[string, Edit, string]> = [
        ["an RDS class", (r) => (r.database.tier = "db.t4g.medium"), 'prodstack:database.tier: expected a Cloud SQL machine tier such as "db-custom-2-8192" on gcp, got "db.t4g.medium"'],
        ["an AWS region as backup location", (r) => (r.database.backups = { location: "eu-central-1" }), 'prodstack:database.backups.location: expected a region or multi-region such as "eu" or "europe-west1" on gcp, got "eu-central-1"'],
        ["a Route 53 zone ID", (r) => (r.edge = { dnsZone: "Z0123456789ABC" }), 'prodstack:edge.dnsZone: expected the name of an existing Cloud DNS managed zone on gcp, got "Z0123456789ABC"'],
        ["a retention past 3650 days", (r) => (r.logs = { retentionDays: 3653 }), "prodstack:logs.retentionDays: expected an integer from 1 to 3650, got 3653"],
        ["a Slack channel without its token", (r) => (r.alerts.slack = { channel: "#ops" }), "prodstack:alerts.slack.authToken: expected the Cloud Monitoring Slack app's token (a `secure:` value) on gcp, got nothing (the key is missing)"],
        ["AWS Chatbot's Slack IDs", (r) => (r.alerts.slack = { channel: "#ops", authToken: "xoxb-1", workspaceId: "T0123456789" }), 'prodstack:alerts.slack.workspaceId: expected no workspaceId on gcp (an AWS-only key), got "T0123456789"'],
        ["no alerts section", (r) => delete r.alerts, "prodstack:alerts: expected an alerts section with at least one channel (emails, slack, webhookUrl or pagerdutyServiceKey), got nothing (the key is missing)"],
        ["the AWS section", (r) => (r.aws = { accountId: "123456789012", availabilityZones: ["eu-central-1a"] }), 'prodstack:aws: expected no aws section when cloud is "gcp" (it would be ignored), got {"accountId":"123456789012","availabilityZones":["eu-central-1a"]}'],
    ];
    it.each(rejected)("rejects %s", (_, edit, message) => {
        expect(problemsOf(edited("gcp", edit))).toEqual([message]);
    });

    it("accepts 3650 days of logs, a multi-region backup location and sizes Fargate would refuse", () => {
        expect(() => parseSpec(edited("gcp", (r) => (r.logs = { retentionDays: 3650 })), "t")).not.toThrow();
        expect(() => parseSpec(edited("gcp", (r) => (r.database.backups = { location: "eu" })), "t")).not.toThrow();
        expect(parseSpec(edited("gcp", (r) => Object.assign(r.services[0], { cpu: 1, memoryMiB: 512, minInstances: 0 })), "t").services[0].memoryMiB).toBe(512);
    });
});
