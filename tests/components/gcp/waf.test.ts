import { InvalidArgsError } from "../../../components/core";
import { OWASP_RULE_SETS, Waf, WAF_PRIORITIES, type WafArgs } from "../../../components/gcp/waf";
import { summarize } from "../../../infra/plan/summaries";
import { plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

const POLICY = "gcp:compute/securityPolicy:SecurityPolicy";
const ARGS: WafArgs = { namePrefix: "acme-prod", tier: "prod" };

const waf = (args: Partial<WafArgs> = {}) =>
    plan(() => ({ names: new Waf("waf", { ...ARGS, ...args }).policyNames }));
const rulesOf = (inv: Inventory, name = "waf-policy") => inv.named(name, POLICY).inputs.rules as any[];
const expressionOf = (rule: any): string => rule.match?.expr?.expression ?? "";

async function rejected(args: WafArgs): Promise<{ error: InvalidArgsError; inv: Inventory }> {
    return rejectedArgs(() => new Waf("waf", args));
}

describe("gcp Waf", () => {
    it("enforces the preconfigured OWASP rule sets and known CVEs, one rule per set, denying with 403", async () => {
        const inv = await waf();
        const policy = inv.one(POLICY);
        expect(policy.inputs).toMatchObject({ name: "acme-prod-waf", type: "CLOUD_ARMOR", advancedOptionsConfig: { jsonParsing: "STANDARD" } });
        const owasp = rulesOf(inv).filter((r) => expressionOf(r).startsWith("evaluatePreconfiguredWaf"));
        expect(owasp.map(expressionOf)).toEqual([
            "evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 1})",
            "evaluatePreconfiguredWaf('xss-v33-stable', {'sensitivity': 1})",
            "evaluatePreconfiguredWaf('lfi-v33-stable', {'sensitivity': 1})",
            "evaluatePreconfiguredWaf('rfi-v33-stable', {'sensitivity': 1})",
            "evaluatePreconfiguredWaf('rce-v33-stable', {'sensitivity': 1})",
            "evaluatePreconfiguredWaf('protocolattack-v33-stable', {'sensitivity': 1})",
            "evaluatePreconfiguredWaf('scannerdetection-v33-stable', {'sensitivity': 1})",
            "evaluatePreconfiguredWaf('cve-canary', {'sensitivity': 1})",
        ]);
        for (const rule of owasp) {
            expect(rule).toMatchObject({ action: "deny(403)", preview: false });
            expect(rule.description.length).toBeLessThanOrEqual(64);
        }
        expect(new Set(owasp.map((r) => r.priority)).size).toBe(OWASP_RULE_SETS.length);
        expect(inv.outputs.names).toEqual(["acme-prod-waf"]);
    });

    it("rate-limits each client IP after every deny rule, then falls through to an explicit default rule", async () => {
        const inv = await waf({ denyIpRanges: ["198.51.100.0/24"], denyRegions: ["KP"] });
        const rules = rulesOf(inv);
        const limit = rules.find((r) => r.rateLimitOptions);
        expect(limit).toEqual({
            priority: WAF_PRIORITIES.ban,
            action: "rate_based_ban",
            description: "Per-IP rate limit, then ban",
            match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
            rateLimitOptions: {
                conformAction: "allow",
                exceedAction: "deny(429)",
                enforceOnKey: "IP",
                rateLimitThreshold: { count: 600, intervalSec: 60 },
                banDurationSec: 300,
            },
        });
        // A conforming request is *allowed* by the rate-limit rule, which ends evaluation.
        for (const deny of rules.filter((r) => String(r.action).startsWith("deny"))) {
            expect(deny.priority).toBeLessThan(limit.priority);
        }
        const last = rules.reduce((a, b) => (a.priority > b.priority ? a : b));
        expect(last).toEqual({
            priority: 2147483647,
            action: "allow",
            description: "Default: allow what no rule above denied",
            match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
        });
        expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
    });

    it("throttles instead of banning when banSeconds is 0, under a different rule priority", async () => {
        const limit = rulesOf(await waf({ banSeconds: 0, requestsPerMinute: 50000 })).find((r) => r.rateLimitOptions);
        expect(limit).toMatchObject({
            priority: WAF_PRIORITIES.throttle,
            action: "throttle",
            rateLimitOptions: { rateLimitThreshold: { count: 50000, intervalSec: 60 }, exceedAction: "deny(429)", enforceOnKey: "IP" },
        });
        expect(limit.rateLimitOptions.banDurationSec).toBeUndefined();
        expect(WAF_PRIORITIES.throttle).not.toBe(WAF_PRIORITIES.ban);
    });

    it("denies listed IP ranges (10 per rule) and regions (5 per rule) before anything else", async () => {
        const ranges = Array.from({ length: 12 }, (_, i) => `198.51.${i}.0/24`);
        const inv = await waf({ denyIpRanges: ranges, denyRegions: ["KP", "IR", "SY", "CU", "RU", "BY"] });
        const rules = rulesOf(inv);
        const byPriority = (p: number) => rules.find((r) => r.priority === p);
        expect(byPriority(100)).toMatchObject({ action: "deny(403)", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ranges.slice(0, 10) } } });
        expect(byPriority(101)).toMatchObject({ action: "deny(403)", match: { config: { srcIpRanges: ranges.slice(10) } } });
        expect(expressionOf(byPriority(200))).toBe(
            "origin.region_code == 'KP' || origin.region_code == 'IR' || origin.region_code == 'SY' || origin.region_code == 'CU' || origin.region_code == 'RU'",
        );
        expect(expressionOf(byPriority(201))).toBe("origin.region_code == 'BY'");
        const owaspFirst = Math.min(...rules.filter((r) => expressionOf(r).startsWith("evaluate")).map((r) => r.priority));
        expect(Math.max(100, 101, 200, 201)).toBeLessThan(owaspFirst);
    });

    it("previews the OWASP rules outside prod when asked, leaving the other rules enforced", async () => {
        const rules = rulesOf(await waf({ tier: "non-prod", wafMode: "preview", sensitivity: 3 }));
        const owasp = rules.filter((r) => expressionOf(r).startsWith("evaluatePreconfiguredWaf"));
        expect(owasp.every((r) => r.preview === true && expressionOf(r).endsWith("{'sensitivity': 3})"))).toBe(true);
        expect(rules.filter((r) => !expressionOf(r).startsWith("evaluatePreconfiguredWaf")).every((r) => r.preview === undefined)).toBe(true);
    });

    it("turns on Adaptive Protection only when asked", async () => {
        expect((await waf()).one(POLICY).inputs.adaptiveProtectionConfig).toBeUndefined();
        expect((await waf({ adaptiveProtection: true })).one(POLICY).inputs.adaptiveProtectionConfig).toEqual({
            layer7DdosDefenseConfig: { enable: true, ruleVisibility: "STANDARD" },
        });
    });

    it("creates an edge policy with the deny lists only when asked and a list is set", async () => {
        expect((await waf({ edgePolicy: true })).ofType(POLICY)).toHaveLength(1);
        expect((await waf({ denyRegions: ["KP"] })).ofType(POLICY)).toHaveLength(1);
        const inv = await waf({ edgePolicy: true, denyRegions: ["KP"], denyIpRanges: ["2001:db8::/32"] });
        const edge = inv.named("waf-edge-policy", POLICY);
        expect(edge.inputs).toMatchObject({ name: "acme-prod-waf-edge", type: "CLOUD_ARMOR_EDGE" });
        expect((edge.inputs.rules as any[]).map((r) => [r.priority, r.action])).toEqual([
            [100, "deny(403)"],
            [200, "deny(403)"],
            [2147483647, "allow"],
        ]);
        expect(inv.outputs.names).toEqual(["acme-prod-waf", "acme-prod-waf-edge"]);
    });

    it("rejects preview in prod, bans above Cloud Armor's limit and bad lists, before registering anything", async () => {
        const { error, inv } = await rejected({
            ...ARGS,
            wafMode: "preview",
            sensitivity: 0,
            requestsPerMinute: 10001,
            banSeconds: 90000,
            denyIpRanges: ["10.0.0.0/33", "example.com"],
            denyRegions: ["kp"],
        });
        expect(error.problems).toEqual([
            'wafMode: expected "enforce" in prod (preview OWASP rules outside prod), got "preview"',
            "sensitivity: expected an integer from 1 to 4, got 0",
            "banSeconds: expected an integer from 0 to 86400, got 90000",
            "requestsPerMinute: expected at most 10000 while banSeconds > 0 (Cloud Armor's rate-based ban limit; set banSeconds to 0 to throttle instead), got 10001",
            'denyIpRanges[0]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got "10.0.0.0/33"',
            'denyIpRanges[1]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got "example.com"',
            'denyRegions[0]: expected an ISO 3166-1 alpha-2 region code such as "KP", got "kp"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it("lets only an allowlist through: the rate limit matches the listed ranges and the default denies with 403", async () => {
        const inv = await waf({ allowIpRanges: ["203.0.113.0/24", "2001:db8::/32"], policyName: "acme-prod-waf-admin", denyRegions: ["KP"] });
        expect(inv.one(POLICY).inputs.name).toBe("acme-prod-waf-admin");
        const rules = rulesOf(inv);
        expect(rules.find((r) => r.rateLimitOptions).match).toEqual({ versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["203.0.113.0/24", "2001:db8::/32"] } });
        expect(rules.at(-1)).toEqual({
            priority: WAF_PRIORITIES.default,
            action: "deny(403)",
            description: "Default: deny clients outside the allowlist",
            match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
        });
        // Deny lists and OWASP rules still come first for allowed clients.
        expect(rules.map((r) => r.priority)).toEqual([200, 1000, 1010, 1020, 1030, 1040, 1050, 1060, 1070, 2001, 2147483647]);
        expect(summarize(Waf.TYPE, inv.resources.filter((r) => r.type === POLICY))).toBe(
            "allowlist of 2 ranges, others 403 · 8 OWASP rule sets enforced (sensitivity 1) · 600 req/min/IP → ban 300 s · 1 deny-list rule",
        );
    });

    it("denies other spellings of paths restricted on another backend, before the OWASP rules", async () => {
        const inv = await waf({ restrictedPaths: [{ host: "api.example.com", pathPrefix: "/Admin" }, { pathPrefix: "/staff" }] });
        const guards = rulesOf(inv).filter((r) => r.priority >= 300 && r.priority < 1000);
        expect(guards).toEqual([
            {
                priority: 300,
                action: "deny(403)",
                description: "Restricted elsewhere: api.example.com/Admin in another spelling",
                match: { expr: { expression: "request.headers['host'].lower().startsWith('api.example.com') && (request.path.lower().urlDecode() == '/admin' || request.path.lower().urlDecode().startsWith('/admin/'))" } },
            },
            {
                priority: 301,
                action: "deny(403)",
                description: "Restricted elsewhere: */staff in another spelling",
                match: { expr: { expression: "(request.path.lower().urlDecode() == '/staff' || request.path.lower().urlDecode().startsWith('/staff/'))" } },
            },
        ]);
        expect(summarize(Waf.TYPE, inv.resources.filter((r) => r.type === POLICY))).toBe(
            "8 OWASP rule sets enforced (sensitivity 1) · 600 req/min/IP → ban 300 s · 2 restricted paths denied in other spellings",
        );
        const bad = await rejected({ ...ARGS, restrictedPaths: [{ pathPrefix: "/" }, { host: "API.example.com", pathPrefix: "/x'y" }] });
        expect(bad.error.problems).toEqual([
            'restrictedPaths[0].pathPrefix: expected a path prefix other than "/" such as "/admin", got "/"',
            'restrictedPaths[1].host: expected a lowercase hostname such as "api.example.com", got "API.example.com"',
            'restrictedPaths[1].pathPrefix: expected a path prefix other than "/" such as "/admin", got "/x\'y"',
        ]);
    });

    it("accepts 10 allowlist ranges and refuses 11, host bits, everyone and bad names", async () => {
        const ten = Array.from({ length: 10 }, (_, i) => `10.${i}.0.0/16`);
        await expect(waf({ allowIpRanges: ten })).resolves.toBeDefined();
        const { error, inv } = await rejected({ ...ARGS, allowIpRanges: [...ten, "10.10.0.0/16"] });
        expect(inv.resources).toEqual([]);
        expect(error.problems).toEqual([expect.stringMatching(/^allowIpRanges: expected 1 to 10 ranges \(one rule's match\), got \[/)]);
        const bad = await rejected({ ...ARGS, allowIpRanges: ["10.0.0.1/16", "::/0", "office"], policyName: "Admin" });
        expect(bad.error.problems).toEqual([
            'policyName: expected 1-58 lowercase letters, digits or hyphens, starting with a letter, got "Admin"',
            'allowIpRanges[0]: expected a network address without host bits, such as "10.0.0.0/16", got "10.0.0.1/16"',
            'allowIpRanges[1]: expected a range narrower than the whole internet (an allowlist of everyone restricts nothing), got "::/0"',
            'allowIpRanges[2]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got "office"',
        ]);
    });

    it("rejects an unknown tier and mode", async () => {
        const { error } = await rejected({ namePrefix: "acme", tier: "staging" as never, wafMode: "log" as never, requestsPerMinute: 0 });
        expect(error.problems).toEqual([
            'tier: expected one of "prod", "non-prod", got "staging"',
            'wafMode: expected one of "enforce", "preview", got "log"',
            "requestsPerMinute: expected an integer from 1 to 1000000, got 0",
        ]);
    });
});
