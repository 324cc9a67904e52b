import { InvalidArgsError } from "../../../components/core";
import { ArgsChecker } from "../../../components/core/internal";
import { checkArmorSettings, Waf, validateWafArgs, type WafArgs } from "../../../components/gcp/waf";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, type Inventory, plan, rejectedArgs } from "../../helpers/inventory";

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
        expect(owasp.map((r) => r.priority)).toEqual([1000, 1010, 1020, 1030, 1040, 1050, 1060, 1070]);
        expect(owasp.map((r) => r.description)).toEqual([
            "OWASP: SQL injection",
            "OWASP: cross-site scripting",
            "OWASP: local file inclusion",
            "OWASP: remote file inclusion",
            "OWASP: remote code execution",
            "OWASP: protocol attacks",
            "OWASP: security scanners",
            "Known CVEs (Log4Shell and others)",
        ]);
        expect(policy.inputs.description).toBe("Cloud Armor policy of acme-prod services (managed by prodstack)");
        expect(inv.outputs.names).toEqual(["acme-prod-waf"]);
    });

    it("rate-limits each client IP after every deny rule, then falls through to an explicit default rule", async () => {
        const inv = await waf({ denyIpRanges: ["198.51.100.0/24"], denyRegions: ["KP"] });
        const rules = rulesOf(inv);
        const limit = rules.find((r) => r.rateLimitOptions);
        expect(limit).toEqual({
            priority: 2001,
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
            priority: 2000,
            action: "throttle",
            rateLimitOptions: { rateLimitThreshold: { count: 50000, intervalSec: 60 }, exceedAction: "deny(429)", enforceOnKey: "IP" },
        });
        expect(limit.description).toBe("Per-IP rate limit");
        expect(limit.rateLimitOptions.banDurationSec).toBeUndefined();
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
            priority: 2147483647,
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

    it("sends the rules in the order of their priorities: deny lists, OWASP, rate limit, default", async () => {
        const rules = rulesOf(await waf({ denyIpRanges: ["198.51.100.7"], denyRegions: ["KP"] }));
        expect(rules.map((r) => r.priority)).toEqual([100, 200, 1000, 1010, 1020, 1030, 1040, 1050, 1060, 1070, 2001, 2147483647]);
        expect(rules.slice(0, 2).map((r) => r.description)).toEqual(["Denied IP ranges", "Denied regions"]);
    });

    it.each<[string, Partial<WafArgs>, number[]]>([
        ["exactly 10 IP ranges in one rule", { denyIpRanges: Array.from({ length: 10 }, (_, i) => `192.0.2.${i}`) }, [100]],
        ["11 IP ranges in two rules", { denyIpRanges: Array.from({ length: 11 }, (_, i) => `192.0.2.${i}`) }, [100, 101]],
        ["exactly 5 regions in one rule", { denyRegions: ["KP", "IR", "SY", "CU", "RU"] }, [200]],
    ])("puts %s", async (_label, args, priorities) => {
        const rules = rulesOf(await waf(args)).filter((r) => r.description?.startsWith("Denied"));
        expect(rules.map((r) => r.priority)).toEqual(priorities);
    });

    it("creates the edge policy for an IP deny list alone, as a child of the component", async () => {
        const inv = await waf({ edgePolicy: true, denyIpRanges: ["203.0.113.0/24"] });
        const edge = inv.named("waf-edge-policy", POLICY);
        expect(edge.inputs).toEqual({
            name: "acme-prod-waf-edge",
            type: "CLOUD_ARMOR_EDGE",
            description: "Cloud Armor edge policy of acme-prod static sites (managed by prodstack)",
            rules: [
                { priority: 100, action: "deny(403)", description: "Denied IP ranges", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["203.0.113.0/24"] } } },
                { priority: 2147483647, action: "allow", description: "Default: allow what no rule above denied", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } } },
            ],
        });
        const component = inv.one(Waf.TYPE);
        expect(inv.childrenOf(component.urn).map((r) => r.name).sort()).toEqual(["waf-edge-policy", "waf-policy"]);
    });

    const problemsOf = (args: Partial<WafArgs>) => argProblems(() => validateWafArgs("waf", { ...ARGS, ...args }));

    it.each<[string, Partial<WafArgs>]>([
        ["the documented defaults", {}],
        ["sensitivity 1 to 4", { sensitivity: 4 }],
        ["one request per minute", { requestsPerMinute: 1 }],
        ["the largest ban threshold", { requestsPerMinute: 10000 }],
        ["a throttle above the ban limit", { requestsPerMinute: 10001, banSeconds: 0 }],
        ["the largest throttle threshold", { requestsPerMinute: 1000000, banSeconds: 0 }],
        ["a one-day ban", { banSeconds: 86400 }],
        ["preview outside prod", { tier: "non-prod", wafMode: "preview" }],
        ["enforce in prod", { wafMode: "enforce" }],
        ["a 30-character prefix", { namePrefix: "a".repeat(30) }],
        ["IPv4 addresses and ranges at the limits", { denyIpRanges: ["0.0.0.0/0", "255.255.255.255", "10.0.0.0/32", "192.168.1.1/8", "172.16.0.0/12"] }],
        ["IPv6 addresses and ranges at the limits", { denyIpRanges: ["::1", "2001:db8::/32", "2001:DB8::/128", "fe80::/10", "2001:db8::/99", "2001:db8::/110", "2001:db8::/119"] }],
        ["1000 ranges", { denyIpRanges: Array.from({ length: 1000 }, (_, i) => `10.${Math.floor(i / 250)}.${i % 250}.0/24`) }],
        ["region codes", { denyRegions: ["KP", "IR"] }],
    ])("accepts %s", (_label, args) => {
        expect(problemsOf(args)).toEqual([]);
    });

    it.each<[string, Partial<WafArgs>, string]>([
        ["sensitivity 5", { sensitivity: 5 }, "sensitivity: expected an integer from 1 to 4, got 5"],
        ["a throttle threshold above a million", { requestsPerMinute: 1000001, banSeconds: 0 }, "requestsPerMinute: expected an integer from 1 to 1000000, got 1000001"],
        ["a negative ban", { banSeconds: -1 }, "banSeconds: expected an integer from 0 to 86400, got -1"],
        ["a 31-character prefix", { namePrefix: "a".repeat(31) }, `namePrefix: expected a lowercase name prefix such as "acme-prod", got "${"a".repeat(31)}"`],
        ["a prefix starting with a digit", { namePrefix: "1acme" }, 'namePrefix: expected a lowercase name prefix such as "acme-prod", got "1acme"'],
        ["a prefix with an uppercase letter after it", { namePrefix: "acmE" }, 'namePrefix: expected a lowercase name prefix such as "acme-prod", got "acmE"'],
        ["an IPv4 octet above 255", { denyIpRanges: ["256.1.1.1"] }, 'denyIpRanges[0]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got "256.1.1.1"'],
        ["three IPv4 octets", { denyIpRanges: ["10.0.0"] }, 'denyIpRanges[0]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got "10.0.0"'],
        ["text around an address", { denyIpRanges: ["x10.0.0.1"] }, 'denyIpRanges[0]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got "x10.0.0.1"'],
        ["an IPv6 prefix above 128", { denyIpRanges: ["2001:db8::/129"] }, 'denyIpRanges[0]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got "2001:db8::/129"'],
        ["an address inside a list", { denyIpRanges: [["10.0.0.1"] as never] }, 'denyIpRanges[0]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got ["10.0.0.1"]'],
        ["hex digits without a colon", { denyIpRanges: ["deadbeef"] }, 'denyIpRanges[0]: expected an IPv4 or IPv6 address or CIDR range such as "198.51.100.0/24", got "deadbeef"'],
        ["1001 ranges", { denyIpRanges: Array.from({ length: 1001 }, () => "10.0.0.1") }, "denyIpRanges: expected at most 1000 ranges, got 1001"],
        ["a three-letter region", { denyRegions: ["PRK"] }, 'denyRegions[0]: expected an ISO 3166-1 alpha-2 region code such as "KP", got "PRK"'],
        ["a region with a prefix", { denyRegions: ["xKP"] }, 'denyRegions[0]: expected an ISO 3166-1 alpha-2 region code such as "KP", got "xKP"'],
    ])("rejects %s", (_label, args, problem) => {
        expect(problemsOf(args)).toEqual([problem]);
    });

    it("names the parent's key when another component checks the settings, without a tier", () => {
        const check = new ArgsChecker("prodstack:gcp:Cdn", "cdn");
        checkArmorSettings(check, { wafMode: "preview", sensitivity: 9, denyRegions: ["k"] }, "armor.");
        expect(() => check.throwIfAny()).toThrow(InvalidArgsError);
        try {
            check.throwIfAny();
        } catch (e) {
            expect((e as InvalidArgsError).problems).toEqual([
                "armor.sensitivity: expected an integer from 1 to 4, got 9",
                'armor.denyRegions[0]: expected an ISO 3166-1 alpha-2 region code such as "KP", got "k"',
            ]);
        }
    });
});
