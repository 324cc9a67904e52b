import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, ipRangeProblem, IP_RANGE_EXPECTED, isIpRange, isProd, resourceName, TIERS, type Tier } from "../core/internal";

/** `enforce` denies matching requests; `preview` only logs what would have been denied. */
export type WafMode = "enforce" | "preview";

/** All WAF modes, for validation messages. */
export const WAF_MODES: readonly WafMode[] = ["enforce", "preview"];

/** The Cloud Armor protections of an edge, as a parent component passes them on. */
export interface ArmorSettings {
    /**
     * Whether the preconfigured OWASP rules deny (`enforce`) or only log (`preview`).
     * Prod must enforce; preview is for tuning false positives outside prod.
     * @default "enforce"
     */
    wafMode?: WafMode;
    /**
     * OWASP CRS sensitivity (paranoia level) of the preconfigured rules, 1 (fewest false
     * positives) to 4 (strictest).
     * @default 1
     */
    sensitivity?: number;
    /**
     * Requests per minute one client IP may send before it is throttled (or banned).
     * Rate-based bans allow at most 10,000; throttling up to 1,000,000.
     * @default 600
     */
    requestsPerMinute?: number;
    /**
     * How long a client over the limit is banned, in seconds; 0 throttles instead (only
     * the requests over the limit get 429).
     * @default 300
     */
    banSeconds?: number;
    /**
     * Source IPs or CIDR ranges to deny outright, e.g. `["198.51.100.0/24"]`.
     * @default []
     */
    denyIpRanges?: string[];
    /**
     * ISO 3166-1 alpha-2 region codes to deny outright, e.g. `["KP"]`.
     * @default []
     */
    denyRegions?: string[];
    /**
     * Cloud Armor Adaptive Protection (layer-7 DDoS detection with suggested rules).
     * @default false
     */
    adaptiveProtection?: boolean;
}

/** Arguments of {@link Waf}. */
export interface WafArgs extends ArmorSettings {
    /**
     * Prefix for every resource name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Environment tier; prod refuses `wafMode: "preview"`.
     * @default none (required)
     */
    tier: Tier;
    /**
     * Name of the backend policy (the edge policy gets `-edge` appended). Give each policy
     * of a project its own, e.g. `acme-prod-waf-api-admin` for a route's policy.
     * @default "<namePrefix>-waf"
     */
    policyName?: string;
    /**
     * Only these client ranges (IPv4 or IPv6 addresses or CIDRs, at most 10) get through:
     * the rate-limit rule matches them alone and the default rule denies everyone else with
     * 403. The deny lists and OWASP rules still apply to allowed clients.
     * @default none (every client may pass)
     */
    allowIpRanges?: string[];
    /**
     * Paths another backend serves with restrictions (an allowlisted or IAP route). A request
     * for one that reaches this policy came in another spelling the URL map does not match
     * (`/Admin`, `/%61dmin`) but the application may (Django decodes and routes it), so it is
     * denied with 403: path compared lowercased and URL-decoded, host when given.
     * @default []
     */
    restrictedPaths?: RestrictedPath[];
    /**
     * Also create an edge security policy (for backend buckets, which backend policies
     * cannot protect) carrying the IP and region deny lists. Created only when a deny
     * list is non-empty.
     * @default false
     */
    edgePolicy?: boolean;
}

/** A host + path prefix served with restrictions by another backend (see `WafArgs.restrictedPaths`). */
export interface RestrictedPath {
    /**
     * Host of the restricted route; omitted: every host.
     * @default none (every host)
     */
    host?: string;
    /**
     * Path prefix of the restricted route, e.g. `/admin`.
     * @default none (required)
     */
    pathPrefix: string;
}

/** Defaults of {@link WafArgs}. */
export const WAF_DEFAULTS = {
    wafMode: "enforce" as WafMode,
    sensitivity: 1,
    requestsPerMinute: 600,
    banSeconds: 300,
    denyIpRanges: [] as string[],
    denyRegions: [] as string[],
    adaptiveProtection: false,
    edgePolicy: false,
    restrictedPaths: [] as RestrictedPath[],
};

/**
 * Preconfigured WAF rule sets (OWASP CRS 3.3, Cloud Armor names), one rule each so a false
 * positive can be previewed or tuned per set and logs name the set that matched.
 * `methodenforcement` is left out on purpose: it denies PUT/PATCH/DELETE, which REST APIs use.
 */
export const OWASP_RULE_SETS: ReadonlyArray<{ ruleSet: string; description: string }> = [
    { ruleSet: "sqli-v33-stable", description: "OWASP: SQL injection" },
    { ruleSet: "xss-v33-stable", description: "OWASP: cross-site scripting" },
    { ruleSet: "lfi-v33-stable", description: "OWASP: local file inclusion" },
    { ruleSet: "rfi-v33-stable", description: "OWASP: remote file inclusion" },
    { ruleSet: "rce-v33-stable", description: "OWASP: remote code execution" },
    { ruleSet: "protocolattack-v33-stable", description: "OWASP: protocol attacks" },
    { ruleSet: "scannerdetection-v33-stable", description: "OWASP: security scanners" },
    { ruleSet: "cve-canary", description: "Known CVEs (Log4Shell and others)" },
];

/** Rule priorities: deny lists first, then OWASP, then the rate limit, then the default. */
export const WAF_PRIORITIES = {
    denyIp: 100,
    denyRegion: 200,
    /** Other spellings of paths restricted on another backend (one rule per path). */
    restrictedPath: 300,
    owasp: 1000,
    /**
     * A rate-limit rule *allows* conforming requests, which ends evaluation: it must come
     * after every deny rule or conforming attacks would skip the OWASP rules. Throttle and
     * ban use different priorities because Cloud Armor cannot turn a ban rule into a
     * throttle rule in place; a different priority makes the switch a remove + add.
     */
    throttle: 2000,
    ban: 2001,
    default: 2147483647,
} as const;

/** Cloud Armor limits: 10 ranges per basic rule, 5 subexpressions per advanced rule. */
const IPS_PER_RULE = 10;
const REGIONS_PER_RULE = 5;
/** Rate-based bans count at most 10,000 requests per interval (throttles 1,000,000). */
export const MAX_BAN_REQUESTS = 10_000;

const NAME_PREFIX = /^[a-z][a-z0-9-]{0,29}$/;

/**
 * Records into `check` every problem with the Cloud Armor settings; `prefix` names the
 * parent's key for them (e.g. `armor.`).
 */
export function checkArmorSettings(check: ArgsChecker, args: ArmorSettings & { tier?: Tier }, prefix = ""): void {
    check.oneOf(`${prefix}wafMode`, args.wafMode, WAF_MODES);
    if (args.tier && isProd(args.tier) && args.wafMode === "preview") {
        check.fail(`${prefix}wafMode`, "\"enforce\" in prod (preview OWASP rules outside prod)", args.wafMode);
    }
    check.intInRange(`${prefix}sensitivity`, args.sensitivity, 1, 4);
    check.intInRange(`${prefix}requestsPerMinute`, args.requestsPerMinute, 1, 1_000_000);
    check.intInRange(`${prefix}banSeconds`, args.banSeconds, 0, 86400);
    const banning = (args.banSeconds ?? WAF_DEFAULTS.banSeconds) > 0;
    if (banning && args.requestsPerMinute !== undefined && Number.isInteger(args.requestsPerMinute)) {
        check.check(
            args.requestsPerMinute <= MAX_BAN_REQUESTS,
            `${prefix}requestsPerMinute`,
            `at most ${MAX_BAN_REQUESTS} while banSeconds > 0 (Cloud Armor's rate-based ban limit; set banSeconds to 0 to throttle instead)`,
            args.requestsPerMinute,
        );
    }
    (args.denyIpRanges ?? []).forEach((r, i) => {
        check.check(
            isIpRange(r),
            `${prefix}denyIpRanges[${i}]`,
            IP_RANGE_EXPECTED,
            r,
        );
    });
    check.check((args.denyIpRanges ?? []).length <= 1000, `${prefix}denyIpRanges`, "at most 1000 ranges", (args.denyIpRanges ?? []).length);
    (args.denyRegions ?? []).forEach((r, i) => {
        check.matches(`${prefix}denyRegions[${i}]`, r, /^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 region code such as \"KP\"");
    });
}

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateWafArgs(name: string, args: WafArgs): void {
    const check = new ArgsChecker(Waf.TYPE, name);
    check.matches("namePrefix", args.namePrefix, NAME_PREFIX, "a lowercase name prefix such as \"acme-prod\"");
    check.oneOf("tier", args.tier, TIERS);
    checkArmorSettings(check, args);
    (args.restrictedPaths ?? []).forEach((r, i) => {
        check.matchesIfGiven(`restrictedPaths[${i}].host`, r.host, /^[a-z0-9.-]+$/, "a lowercase hostname such as \"api.example.com\"");
        check.matches(`restrictedPaths[${i}].pathPrefix`, r.pathPrefix, /^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/, "a path prefix other than \"/\" such as \"/admin\"");
    });
    check.check((args.restrictedPaths ?? []).length <= 100, "restrictedPaths", "at most 100 paths", (args.restrictedPaths ?? []).length);
    check.matchesIfGiven("policyName", args.policyName, /^[a-z]([a-z0-9-]{0,56}[a-z0-9])?$/, "1-58 lowercase letters, digits or hyphens, starting with a letter");
    if (args.allowIpRanges !== undefined) {
        const ranges = args.allowIpRanges;
        if (check.check(Array.isArray(ranges) && ranges.length >= 1 && ranges.length <= IPS_PER_RULE, "allowIpRanges", `1 to ${IPS_PER_RULE} ranges (one rule's match)`, ranges)) {
            ranges.forEach((r, i) => {
                const problem = ipRangeProblem(r, false);
                if (problem) check.fail(`allowIpRanges[${i}]`, problem, r);
            });
        }
    }
    check.throwIfAny();
}

function chunk<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

type Rule = gcp.types.input.compute.SecurityPolicyRule;

const ALLOW_ALL: Rule["match"] = { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } };

/** Deny rules for the IP and region deny lists, shared by the backend and edge policies. */
function denyRules(ipRanges: readonly string[], regions: readonly string[]): Rule[] {
    const ipRules = chunk(ipRanges, IPS_PER_RULE).map((ranges, i): Rule => ({
        priority: WAF_PRIORITIES.denyIp + i,
        action: "deny(403)",
        description: "Denied IP ranges",
        match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ranges } },
    }));
    const regionRules = chunk(regions, REGIONS_PER_RULE).map((codes, i): Rule => ({
        priority: WAF_PRIORITIES.denyRegion + i,
        action: "deny(403)",
        description: "Denied regions",
        match: { expr: { expression: codes.map((c) => `origin.region_code == '${c}'`).join(" || ") } },
    }));
    return [...ipRules, ...regionRules];
}

/**
 * Denies requests for a restricted path in any spelling: lowercased and URL-decoded, the
 * prefix itself or below it (three subexpressions with the host; Cloud Armor allows five).
 */
function restrictedPathRule(r: RestrictedPath, i: number): Rule {
    const prefix = r.pathPrefix.toLowerCase();
    const path = "request.path.lower().urlDecode()";
    const paths = `(${path} == '${prefix}' || ${path}.startsWith('${prefix}/'))`;
    return {
        priority: WAF_PRIORITIES.restrictedPath + i,
        action: "deny(403)",
        description: `Restricted elsewhere: ${r.host ?? "*"}${r.pathPrefix} in another spelling`,
        match: { expr: { expression: r.host ? `request.headers['host'].lower().startsWith('${r.host}') && ${paths}` : paths } },
    };
}

const DEFAULT_RULE: Rule = {
    priority: WAF_PRIORITIES.default,
    action: "allow",
    description: "Default: allow what no rule above denied",
    match: ALLOW_ALL,
};

/** Default rule of an allowlisted policy: whoever the rate-limit rule did not match is denied. */
const DENY_OTHERS_RULE: Rule = {
    priority: WAF_PRIORITIES.default,
    action: "deny(403)",
    description: "Default: deny clients outside the allowlist",
    match: ALLOW_ALL,
};

/**
 * A Cloud Armor backend security policy for the services behind the edge: optional IP and
 * region deny lists, the preconfigured OWASP rule sets (SQLi, XSS, LFI, RFI, RCE, protocol
 * attacks, scanners, known CVEs) denying with 403, a per-client-IP rate limit answering 429
 * (throttle, or ban for a while), optional Adaptive Protection, JSON-aware body parsing and
 * an explicit default rule. Optionally an edge policy applies the deny lists to backend
 * buckets too. With `allowIpRanges`, only the listed clients pass (through the same OWASP
 * rules and rate limit); everyone else gets 403.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const waf = new gcp.Waf("waf", { namePrefix: "acme-prod", tier: "prod" });
 * export const policyNames = waf.policyNames;
 * ```
 */
export class Waf extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:Waf";

    /** The backend security policy; attach it to every backend service. */
    readonly policy: gcp.compute.SecurityPolicy;
    /** The edge security policy for backend buckets, when requested and a deny list is set. */
    readonly edgePolicy?: gcp.compute.SecurityPolicy;
    /** Names of the policies (backend first), for the WAF-denials alert. */
    readonly policyNames: pulumi.Output<string>[];

    constructor(name: string, args: WafArgs, opts?: pulumi.ComponentResourceOptions) {
        validateWafArgs(name, args);
        super(Waf.TYPE, name, {}, opts);
        const cfg = { ...WAF_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const preview = cfg.wafMode === "preview";
        const ban = cfg.banSeconds > 0;
        const policyName = cfg.policyName ?? resourceName([cfg.namePrefix, "waf"]);

        const owaspRules = OWASP_RULE_SETS.map(({ ruleSet, description }, i): Rule => ({
            priority: WAF_PRIORITIES.owasp + i * 10,
            action: "deny(403)",
            preview,
            description,
            match: { expr: { expression: `evaluatePreconfiguredWaf('${ruleSet}', {'sensitivity': ${cfg.sensitivity}})` } },
        }));

        const allowlist = cfg.allowIpRanges;
        const rateLimit: Rule = {
            priority: ban ? WAF_PRIORITIES.ban : WAF_PRIORITIES.throttle,
            action: ban ? "rate_based_ban" : "throttle",
            description: `${allowlist ? "Allowlisted clients only: p" : "P"}er-IP rate limit${ban ? ", then ban" : ""}`,
            // With an allowlist, only listed clients reach this rule's allow; the rest fall
            // through to the default rule, which then denies.
            match: allowlist ? { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: allowlist } } : ALLOW_ALL,
            rateLimitOptions: {
                conformAction: "allow",
                exceedAction: "deny(429)",
                enforceOnKey: "IP",
                rateLimitThreshold: { count: cfg.requestsPerMinute, intervalSec: 60 },
                ...(ban ? { banDurationSec: cfg.banSeconds } : {}),
            },
        };

        this.policy = new gcp.compute.SecurityPolicy(`${name}-policy`, {
            name: policyName,
            type: "CLOUD_ARMOR",
            description: `Cloud Armor policy of ${cfg.namePrefix} services (managed by prodstack)`,
            // Parse JSON bodies so the OWASP rules inspect values, not raw JSON syntax.
            advancedOptionsConfig: { jsonParsing: "STANDARD" },
            ...(cfg.adaptiveProtection
                ? { adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: true, ruleVisibility: "STANDARD" } } }
                : {}),
            rules: [
                ...denyRules(cfg.denyIpRanges, cfg.denyRegions),
                ...cfg.restrictedPaths.map(restrictedPathRule),
                ...owaspRules,
                rateLimit,
                allowlist ? DENY_OTHERS_RULE : DEFAULT_RULE,
            ],
        }, parent);
        this.policyNames = [this.policy.name];

        if (cfg.edgePolicy && (cfg.denyIpRanges.length > 0 || cfg.denyRegions.length > 0)) {
            this.edgePolicy = new gcp.compute.SecurityPolicy(`${name}-edge-policy`, {
                name: `${policyName}-edge`,
                type: "CLOUD_ARMOR_EDGE",
                description: `Cloud Armor edge policy of ${cfg.namePrefix} static sites (managed by prodstack)`,
                rules: [...denyRules(cfg.denyIpRanges, cfg.denyRegions), DEFAULT_RULE],
            }, parent);
            this.policyNames.push(this.edgePolicy.name);
        }

        this.registerOutputs({ policyNames: this.policyNames });
    }
}
