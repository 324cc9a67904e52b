/**
 * AWS rules of the API origin: the Application Load Balancer behind CloudFront and the
 * certificate its listener serves. HTTPS only, TLS 1.2+, no way around CloudFront (its
 * prefix list is the only source, and requests without the origin header get the default
 * 403), request-smuggling defences and access logs, deletion protection in prod, and a
 * certificate used only once ACM issued it.
 */
import type { PolicyResource, ResourceCheck, StackCheck } from "../../types";
import { arr, get, known, linked, listing, OFFLINE_SECRET, ofTypes, refersTo, skip, str, type Props } from "../common";
import { LISTENER_RULES, LISTENERS, LOAD_BALANCERS, T, what } from "./types";

/** Resources among `candidates` that `r` names in `prop` or depends on (the plan keeps no property dependencies). */
export function linkedOrDependedOn(r: PolicyResource, candidates: readonly PolicyResource[], prop: string): PolicyResource[] {
    const deps = new Set((r.dependencies ?? []).map((d) => d.urn));
    return [...new Set([...linked(r, candidates, [prop], false), ...candidates.filter((c) => deps.has(c.urn))])];
}

/** An application load balancer (the type's default); network and gateway ones do not speak HTTP. */
const isApplication = (lb: PolicyResource) => (str(lb.props.loadBalancerType) || "application") === "application";

/** A listener's protocol; without one ELB picks HTTP for an application load balancer. */
const protocolOf = (l: PolicyResource) => (str(l.props.protocol) || "HTTP").toUpperCase();

/** An action that only redirects to HTTPS. */
const redirectsToHttps = (action: unknown) => get(action, "type") === "redirect" && str(get(action, "redirect.protocol")).toUpperCase() === "HTTPS";

/** Policies with TLS 1.2 as the floor (ELB user guide, "Security policies"): TLS 1.3 + 1.2, 1.3 only, 1.2 only. */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;

// ---------------------------------------------------------------------------
// https-only
// ---------------------------------------------------------------------------

/** A plain-HTTP listener (or a rule on one) may only redirect to HTTPS. */
export const loadBalancerHttpsOnly: StackCheck = {
    types: [...LISTENERS, ...LISTENER_RULES],
    check(resources, report, ctx) {
        const listeners = ofTypes(resources, ...LISTENERS);
        if (!listeners.length) return skip("no AWS load balancer listener in this stack");
        ctx.examined(...listeners);
        const rules = ofTypes(resources, ...LISTENER_RULES);
        for (const l of listeners.filter((x) => protocolOf(x) === "HTTP")) {
            const actions = known(() => arr(l.props.defaultActions), []);
            if (!actions.every(redirectsToHttps)) {
                report(
                    `${what(l)} answers plain HTTP on port ${String(l.props.port ?? 80)} (${listing(actions.map((a) => str(get(a, "type")) || "no action"))}); ` +
                        'let it only redirect (redirect { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" }) or remove it.',
                    l.urn,
                );
            }
            for (const rule of rules.filter((x) => linkedOrDependedOn(x, [l], "listenerArn").length)) {
                if (!known(() => arr(rule.props.actions), []).every(redirectsToHttps)) {
                    report(`${what(rule)} on the plain-HTTP ${what(l)} serves requests instead of redirecting them to HTTPS.`, rule.urn);
                }
            }
        }
    },
};

// ---------------------------------------------------------------------------
// tls-min-version
// ---------------------------------------------------------------------------

/** Every HTTPS listener names a TLS 1.2+ policy: without one the API uses ELBSecurityPolicy-2016-08 (TLS 1.0). */
export const loadBalancerTlsMinVersion: StackCheck = {
    types: [...LISTENERS],
    check(resources, report, ctx) {
        const https = ofTypes(resources, ...LISTENERS).filter((l) => protocolOf(l) === "HTTPS");
        if (!https.length) return skip("no AWS HTTPS listener in this stack");
        ctx.examined(...https);
        for (const l of https) {
            const policy = known(() => str(l.props.sslPolicy), "known later");
            if (policy === "known later" || TLS12_POLICY.test(policy)) continue;
            report(
                policy === ""
                    ? `${what(l)} sets no sslPolicy, so ELB uses ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1; ` +
                        "set a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09."
                    : `${what(l)} uses ${policy}, which accepts TLS below 1.2; use a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09.`,
                l.urn,
            );
        }
    },
};

// ---------------------------------------------------------------------------
// load-balancer-only-through-cdn
// ---------------------------------------------------------------------------

/** The peers other than a prefix list that an ingress rule admits, in words. */
function nonPrefixListPeers(rule: Props): string[] {
    const peers = [
        ...[rule.cidrIpv4, rule.cidrIpv6].map(str).filter(Boolean),
        ...arr(rule.cidrBlocks).map(str), ...arr(rule.ipv6CidrBlocks).map(str),
        ...[rule.referencedSecurityGroupId, rule.sourceSecurityGroupId].map(str).filter(Boolean).map((g) => `security group ${g}`),
        ...arr(rule.securityGroups).map((g) => `security group ${str(g)}`),
    ];
    return known(() => peers, []);
}

/** Ingress rules of `group` in the stack: rule resources pointing at it and its inline rules. */
function ingressOf(group: PolicyResource, resources: PolicyResource[]): Array<{ rule: Props; at: PolicyResource }> {
    const separate = ofTypes(resources, T.ingressRule, T.securityGroupRule)
        .filter((x) => x.type === T.ingressRule || str(x.props.type) === "ingress")
        // By value only: a task group's rule depends on this group too, as its peer.
        .filter((x) => linked(x, [group], ["securityGroupId"]).length)
        .map((x) => ({ rule: x.props, at: x }));
    const inline = known(() => arr(group.props.ingress) as Props[], []).map((rule) => ({ rule, at: group }));
    return [...separate, ...inline];
}

/** A forward-type action (`forward`, or a weighted `forward` block). */
const forwards = (action: unknown) => get(action, "type") === "forward" || get(action, "forward") !== undefined;

/** A rule whose conditions include an HTTP header match; secret conditions hold the origin header's secret value. */
function hasHeaderCondition(rule: PolicyResource): boolean {
    const conditions = rule.props.conditions;
    if (conditions === OFFLINE_SECRET) return true;
    return known(() => arr(conditions).some((c) => str(get(c, "httpHeader.httpHeaderName")) !== ""), true);
}

/**
 * A public load balancer is reachable only through CloudFront: its security groups admit a
 * managed prefix list (CloudFront's origin-facing one) and nothing else, its listeners answer
 * a fixed response by default, and every forwarding rule requires the secret origin header
 * (the prefix list holds every distribution's servers, the header only ours). An internal
 * load balancer (behind a CloudFront VPC origin) is reachable from the VPC only.
 */
export const loadBalancerOnlyThroughCdn: StackCheck = {
    types: [...LOAD_BALANCERS, T.securityGroup, T.ingressRule, T.securityGroupRule, ...LISTENERS, ...LISTENER_RULES],
    check(resources, report, ctx) {
        const lbs = ofTypes(resources, ...LOAD_BALANCERS).filter(isApplication);
        if (!lbs.length) return skip("no AWS application load balancer in this stack");
        ctx.examined(...lbs);
        const groups = ofTypes(resources, T.securityGroup);
        const listeners = ofTypes(resources, ...LISTENERS);
        const rules = ofTypes(resources, ...LISTENER_RULES);
        for (const lb of lbs) {
            if (lb.props.internal === true) continue;
            const ids = known(() => arr(lb.props.securityGroups), []);
            if (!ids.length) {
                report(`${what(lb)} has no security group, so AWS gives it the VPC's default group; give it a group that admits only CloudFront's origin-facing prefix list.`, lb.urn);
            }
            for (const id of ids) {
                const group = groups.find((g) => refersTo(id, g));
                if (!group) {
                    if (typeof id === "string") report(`${what(lb)} uses security group ${id}, which is not in this stack, so what it admits cannot be checked; manage it here.`, lb.urn);
                    continue;
                }
                for (const { rule, at } of ingressOf(group, resources)) {
                    const peers = nonPrefixListPeers(rule);
                    if (peers.length) {
                        report(`${what(at)} lets ${listing(peers)} reach ${what(lb)} around CloudFront; admit only CloudFront's origin-facing prefix list.`, at.urn);
                    }
                }
            }
            const own = listeners.filter((l) => linkedOrDependedOn(l, [lb], "loadBalancerArn").length);
            for (const l of own) {
                const actions = known(() => arr(l.props.defaultActions), []);
                if (actions.some(forwards)) {
                    report(`${what(l)} forwards requests without the origin header by default; answer them with a fixed 403 and forward only in rules that require the header.`, l.urn);
                }
                for (const rule of rules.filter((x) => linkedOrDependedOn(x, [l], "listenerArn").length)) {
                    if (known(() => arr(rule.props.actions), []).some(forwards) && !hasHeaderCondition(rule)) {
                        report(`${what(rule)} forwards without requiring the secret origin header, so any CloudFront distribution can reach the service; add an httpHeader condition.`, rule.urn);
                    }
                }
            }
        }
    },
};

// ---------------------------------------------------------------------------
// load-balancer-hardened
// ---------------------------------------------------------------------------

/** Application load balancers drop invalid header fields, keep desync mitigation on and log access. */
export const loadBalancerHardened: ResourceCheck = {
    types: LOAD_BALANCERS,
    check(args, report) {
        const p = args.props;
        if (!isApplication({ props: p } as PolicyResource)) return skip("not an application load balancer");
        const problems: string[] = [];
        if (known(() => p.dropInvalidHeaderFields, true) !== true) problems.push("passes invalid header fields to targets (set dropInvalidHeaderFields: true)");
        const desync = known(() => str(p.desyncMitigationMode) || "defensive", "defensive");
        if (!["defensive", "strictest"].includes(desync)) problems.push(`runs desync mitigation in ${desync} mode, which lets request smuggling through (use strictest)`);
        if (known(() => get(p, "accessLogs.enabled"), true) !== true) problems.push("writes no access logs (set accessLogs { bucket, enabled: true })");
        if (problems.length) report(`${what(args)} ${listing(problems)}.`);
    },
};

/** In prod a load balancer cannot be deleted by one API call or `pulumi destroy`. */
export const loadBalancerDeletionProtection: ResourceCheck = {
    types: LOAD_BALANCERS,
    check(args, report, ctx) {
        if (ctx.tier !== "prod") return skip("deletion protection is required in prod only");
        if (known(() => args.props.enableDeletionProtection, true) !== true) {
            report(`${what(args)} has no deletion protection in prod; set enableDeletionProtection: true (and protect it in Pulumi).`);
        }
    },
};

// ---------------------------------------------------------------------------
// certificate-validated-before-use
// ---------------------------------------------------------------------------

/**
 * A listener takes its ACM certificate from the certificate's validation, so it is created
 * only once ACM issued the certificate; one wired to the certificate itself fails (or waits
 * outside Pulumi's view) while the certificate is pending.
 */
export const certificateValidatedBeforeUse: StackCheck = {
    types: [...LISTENERS, T.certificate, T.certificateValidation],
    check(resources, report, ctx) {
        const validations = ofTypes(resources, T.certificateValidation);
        const acm = [...ofTypes(resources, T.certificate), ...validations];
        const users = ofTypes(resources, ...LISTENERS).filter((l) => linkedOrDependedOn(l, acm, "certificateArn").length);
        if (!users.length) return skip("no listener of this stack serves an ACM certificate of this stack");
        ctx.examined(...users);
        for (const l of users) {
            if (!linkedOrDependedOn(l, validations, "certificateArn").length) {
                report(`${what(l)} takes its certificate straight from ACM, before it is issued; use the CertificateValidation's certificateArn.`, l.urn);
            }
        }
    },
};
