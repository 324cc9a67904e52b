import { r, urn, validateResource, validateStack, type StackResource } from "../harness";

const T = {
    lb: "aws:lb/loadBalancer:LoadBalancer",
    albLb: "aws:alb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    rule: "aws:lb/listenerRule:ListenerRule",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    cert: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
};

const FORBIDDEN = [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Forbidden", statusCode: "403" } }];
const FORWARD = [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/api-tg/0123456789abcdef" }];
const REDIRECT = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];

/** The ALB as LoadBalancer builds it: its group admits CloudFront's prefix list, 403 by default, rules need the header. */
function origin(edit: { lb?: object; ingress?: object; listener?: object; rule?: object } = {}): StackResource[] {
    const sg = r(T.sg, "alb-sg-sg", { vpcId: "vpc-1", description: "Load balancer of acme-prod: HTTPS from CloudFront only" });
    const ingress = r(T.ingress, "alb-sg-in-https", { securityGroupId: "alb-sg-sg-id", ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-a3a144ca", ...edit.ingress }, [sg]);
    const lb = r(T.lb, "alb-alb", {
        name: "acme-prod-alb", loadBalancerType: "application", internal: false, securityGroups: ["alb-sg-sg-id"],
        dropInvalidHeaderFields: true, desyncMitigationMode: "strictest", accessLogs: { bucket: "logs", enabled: true }, ...edit.lb,
    }, [sg]);
    const listener = r(T.listener, "alb-https", {
        loadBalancerArn: "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/acme-prod-alb/0123456789abcdef",
        port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", defaultActions: FORBIDDEN, ...edit.listener,
    }, [lb]);
    const rule = r(T.rule, "alb-rule-api", {
        listenerArn: "arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/app/acme-prod-alb/0123456789abcdef/fedcba9876543210",
        priority: 10, conditions: "[secret]", actions: FORWARD, ...edit.rule,
    }, [listener]);
    return [sg, ingress, lb, listener, rule];
}

describe("load-balancer-only-through-cdn", () => {
    it("passes the ALB as LoadBalancer builds it: CloudFront's prefix list only, 403 by default, rules gated by the origin header", async () => {
        expect((await validateStack("load-balancer-only-through-cdn", origin())).messages).toEqual([]);
        // Header conditions written out (not secret) pass too.
        const visible = origin({ rule: { conditions: [{ hostHeader: { values: ["api.example.com"] } }, { httpHeader: { httpHeaderName: "X-Origin-Verify", values: ["x"] } }] } });
        expect((await validateStack("load-balancer-only-through-cdn", visible)).messages).toEqual([]);
        // A task group's rule admitting the ALB's group depends on that group, but is not its ingress.
        const stack = origin();
        const taskSg = r(T.sg, "api-tasks-sg", { vpcId: "vpc-1" });
        const fromAlb = r(T.ingress, "api-tasks-in-from-alb", { securityGroupId: "api-tasks-sg-id", ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: "alb-sg-sg-id" }, [taskSg, stack[0]]);
        expect((await validateStack("load-balancer-only-through-cdn", [...stack, taskSg, fromAlb])).messages).toEqual([]);
    });

    it("passes an internal ALB (behind a CloudFront VPC origin) and does not apply without an application load balancer", async () => {
        const internal = origin({ lb: { internal: true }, ingress: { prefixListId: undefined, referencedSecurityGroupId: "sg-cloudfront-vpc-origins" }, rule: { conditions: [] } });
        expect((await validateStack("load-balancer-only-through-cdn", internal)).messages).toEqual([]);
        expect((await validateStack("load-balancer-only-through-cdn", [])).notApplicable).toBe("no AWS application load balancer in this stack");
        const nlb = r(T.lb, "nlb", { loadBalancerType: "network", internal: false });
        expect((await validateStack("load-balancer-only-through-cdn", [nlb])).notApplicable).toBe("no AWS application load balancer in this stack");
    });

    // Each way the ALB could be reached bypassing CloudFront, and the sentence naming it.
    const bypasses: Array<[string, StackResource[], string, string]> = [
        ["ingress from anywhere", origin({ ingress: { prefixListId: undefined, cidrIpv4: "0.0.0.0/0" } }), "alb-sg-in-https",
            'Security group ingress rule "alb-sg-in-https" lets 0.0.0.0/0 reach Load balancer "alb-alb" around CloudFront; admit only CloudFront\'s origin-facing prefix list.'],
        ["ingress from an office range", origin({ ingress: { prefixListId: undefined, cidrIpv4: "203.0.113.0/24" } }), "alb-sg-in-https",
            'Security group ingress rule "alb-sg-in-https" lets 203.0.113.0/24 reach Load balancer "alb-alb" around CloudFront; admit only CloudFront\'s origin-facing prefix list.'],
        ["ingress over IPv6", origin({ ingress: { prefixListId: undefined, cidrIpv6: "::/0" } }), "alb-sg-in-https",
            'Security group ingress rule "alb-sg-in-https" lets ::/0 reach Load balancer "alb-alb" around CloudFront; admit only CloudFront\'s origin-facing prefix list.'],
        ["ingress from another security group", origin({ ingress: { prefixListId: undefined, referencedSecurityGroupId: "sg-bastion" } }), "alb-sg-in-https",
            'Security group ingress rule "alb-sg-in-https" lets security group sg-bastion reach Load balancer "alb-alb" around CloudFront; admit only CloudFront\'s origin-facing prefix list.'],
        ["a listener forwarding by default", origin({ listener: { defaultActions: FORWARD } }), "alb-https",
            'Listener "alb-https" forwards requests without the origin header by default; answer them with a fixed 403 and forward only in rules that require the header.'],
        ["a rule forwarding without the origin header", origin({ rule: { conditions: [{ hostHeader: { values: ["api.example.com"] } }] } }), "alb-rule-api",
            'Listener rule "alb-rule-api" forwards without requiring the secret origin header, so any CloudFront distribution can reach the service; add an httpHeader condition.'],
        ["no security group (the VPC's default group)", origin({ lb: { securityGroups: [] } }), "alb-alb",
            'Load balancer "alb-alb" has no security group, so AWS gives it the VPC\'s default group; give it a group that admits only CloudFront\'s origin-facing prefix list.'],
        ["a security group from outside the stack", origin({ lb: { securityGroups: ["sg-0123456789abcdef0"] } }), "alb-alb",
            'Load balancer "alb-alb" uses security group sg-0123456789abcdef0, which is not in this stack, so what it admits cannot be checked; manage it here.'],
    ];
    it.each(bypasses)("fails %s", async (_, stack, at, message) => {
        const out = await validateStack("load-balancer-only-through-cdn", stack);
        expect(out.messages).toEqual([message]);
        expect(out.urns).toEqual([urn(stack.find((x) => x.name === at)!)]);
    });

    it("fails an inline or legacy rule resource that opens the group, on the aws:alb alias too", async () => {
        const sg = r(T.sg, "alb-sg", { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] });
        const legacy = r(T.sgRule, "alb-open", { type: "ingress", securityGroupId: "alb-sg-id", protocol: "tcp", fromPort: 443, toPort: 443, sourceSecurityGroupId: "sg-vpn" }, [sg]);
        const lb = r(T.albLb, "alb", { securityGroups: ["alb-sg-id"] }, [sg]);
        const out = await validateStack("load-balancer-only-through-cdn", [sg, legacy, lb]);
        expect(out.messages.sort()).toEqual([
            'Security group "alb-sg" lets 0.0.0.0/0 reach Load balancer "alb" around CloudFront; admit only CloudFront\'s origin-facing prefix list.',
            'Security group rule "alb-open" lets security group sg-vpn reach Load balancer "alb" around CloudFront; admit only CloudFront\'s origin-facing prefix list.',
        ]);
    });
});

describe("load-balancer-only-through-cdn: rule shapes and unknown values", () => {
    it("fails legacy IPv6 blocks and inline source groups, and passes a group with no ingress at all", async () => {
        const sg = r(T.sg, "alb-sg", { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"], securityGroups: ["sg-vpn"] }] });
        const lb = r(T.lb, "alb", { securityGroups: ["alb-sg-id"] }, [sg]);
        expect((await validateStack("load-balancer-only-through-cdn", [sg, lb])).messages).toEqual([
            'Security group "alb-sg" lets ::/0 and security group sg-vpn reach Load balancer "alb" around CloudFront; admit only CloudFront\'s origin-facing prefix list.',
        ]);
        const closed = r(T.sg, "alb-sg", {});
        expect((await validateStack("load-balancer-only-through-cdn", [closed, r(T.lb, "alb", { securityGroups: ["alb-sg-id"] }, [closed])])).messages).toEqual([]);
    });

    it("ignores egress rule resources and listeners of other load balancers", async () => {
        const stack = origin();
        const egress = r(T.sgRule, "alb-out", { type: "egress", securityGroupId: "alb-sg-sg-id", protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.0.0.0/8"] }, [stack[0]]);
        const otherLb = r(T.lb, "other", { internal: true });
        const otherListener = r(T.listener, "other-http", { protocol: "HTTP", defaultActions: FORWARD }, [otherLb]);
        expect((await validateStack("load-balancer-only-through-cdn", [...stack, egress, otherLb, otherListener])).messages).toEqual([]);
    });

    it("passes a redirecting or fixed default action and rules that only redirect or answer fixed responses", async () => {
        const fixed = origin({ listener: { defaultActions: REDIRECT }, rule: { conditions: [{ pathPattern: { values: ["/old"] } }], actions: REDIRECT } });
        expect((await validateStack("load-balancer-only-through-cdn", fixed)).messages).toEqual([]);
    });
});

describe("https-only on AWS listeners", () => {
    it("passes an HTTPS listener and a port-80 listener that only redirects", async () => {
        const http = r(T.listener, "alb-http", { port: 80, protocol: "HTTP", defaultActions: REDIRECT });
        expect((await validateStack("https-only", [...origin(), http])).messages).toEqual([]);
    });

    it("names port 80 when a plain listener sets none, and refuses a redirect to plain HTTP", async () => {
        const bare = r(T.listener, "alb-http", { protocol: "http", defaultActions: FORWARD });
        expect((await validateStack("https-only", [bare])).messages).toEqual([
            'Listener "alb-http" answers plain HTTP on port 80 (forward); let it only redirect (redirect { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" }) or remove it.',
        ]);
        const toHttp = r(T.listener, "alb-http", { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }] });
        expect((await validateStack("https-only", [toHttp])).messages).toHaveLength(1);
        expect((await validateStack("https-only", [r(T.listener, "alb-https", { protocol: "HTTPS", defaultActions: FORWARD })])).messages).toEqual([]);
    });

    it("fails a plain-HTTP listener that serves, one without a protocol, and a serving rule on a redirecting one", async () => {
        const serving = r(T.listener, "alb-http", { port: 80, protocol: "HTTP", defaultActions: FORWARD });
        expect((await validateStack("https-only", [serving])).messages).toEqual([
            'Listener "alb-http" answers plain HTTP on port 80 (forward); let it only redirect (redirect { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" }) or remove it.',
        ]);
        const bare = r(T.listener, "alb-8080", { port: 8080, defaultActions: FORBIDDEN });
        expect((await validateStack("https-only", [bare])).messages).toEqual([
            'Listener "alb-8080" answers plain HTTP on port 8080 (fixed-response); let it only redirect (redirect { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" }) or remove it.',
        ]);
        const redirecting = r(T.listener, "alb-http", { port: 80, protocol: "HTTP", defaultActions: REDIRECT });
        const rule = r(T.rule, "alb-http-api", { listenerArn: "l", actions: FORWARD }, [redirecting]);
        const out = await validateStack("https-only", [redirecting, rule]);
        expect(out.messages).toEqual(['Listener rule "alb-http-api" on the plain-HTTP Listener "alb-http" serves requests instead of redirecting them to HTTPS.']);
        expect(out.urns).toEqual([urn(rule)]);
    });
});

describe("tls-min-version on AWS listeners", () => {
    it.each(["ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-FS-1-2-Res-2020-10"])(
        "passes %s", async (policy) => {
            expect((await validateStack("tls-min-version", origin({ listener: { sslPolicy: policy } }))).messages).toEqual([]);
        },
    );

    it("fails no policy (the API's TLS 1.0 default) and policies that accept TLS 1.0 or 1.1", async () => {
        expect((await validateStack("tls-min-version", origin({ listener: { sslPolicy: undefined } }))).messages).toEqual([
            'Listener "alb-https" sets no sslPolicy, so ELB uses ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1; set a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09.',
        ]);
        for (const policy of ["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-FS-1-1-2019-08"]) {
            expect((await validateStack("tls-min-version", origin({ listener: { sslPolicy: policy } }))).messages).toEqual([
                `Listener "alb-https" uses ${policy}, which accepts TLS below 1.2; use a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09.`,
            ]);
        }
    });
});

describe("load-balancer-hardened", () => {
    const ok = { loadBalancerType: "application", dropInvalidHeaderFields: true, desyncMitigationMode: "strictest", accessLogs: { bucket: "logs", enabled: true } };
    it("passes strictest and defensive (the default) desync mitigation with invalid headers dropped and access logs", async () => {
        expect((await validateResource("load-balancer-hardened", T.lb, ok)).messages).toEqual([]);
        expect((await validateResource("load-balancer-hardened", T.lb, { ...ok, desyncMitigationMode: undefined })).messages).toEqual([]);
        expect((await validateResource("load-balancer-hardened", T.lb, { loadBalancerType: "network" })).notApplicable).toBe("not an application load balancer");
    });

    it("fails invalid headers passed on, monitor-only desync mitigation and missing access logs, in one sentence", async () => {
        const out = await validateResource("load-balancer-hardened", T.lb, { desyncMitigationMode: "monitor", accessLogs: { bucket: "logs", enabled: false } }, { name: "alb" });
        expect(out.messages).toEqual([
            'Load balancer "alb" passes invalid header fields to targets (set dropInvalidHeaderFields: true), runs desync mitigation in monitor mode, ' +
                "which lets request smuggling through (use strictest) and writes no access logs (set accessLogs { bucket, enabled: true }).",
        ]);
        const noLogs = await validateResource("load-balancer-hardened", T.albLb, { ...ok, accessLogs: undefined }, { name: "alb" });
        expect(noLogs.messages).toEqual(['Load balancer "alb" writes no access logs (set accessLogs { bucket, enabled: true }).']);
    });
});

describe("load-balancer-deletion-protection", () => {
    it("requires deletion protection in prod only", async () => {
        expect((await validateResource("load-balancer-deletion-protection", T.lb, { enableDeletionProtection: true }, { tier: "prod" })).messages).toEqual([]);
        expect((await validateResource("load-balancer-deletion-protection", T.lb, { enableDeletionProtection: false }, { tier: "prod", name: "alb" })).messages).toEqual([
            'Load balancer "alb" has no deletion protection in prod; set enableDeletionProtection: true (and protect it in Pulumi).',
        ]);
        expect((await validateResource("load-balancer-deletion-protection", T.lb, {}, { tier: "non-prod" })).notApplicable).toBe("deletion protection is required in prod only");
    });
});

describe("certificate-validated-before-use", () => {
    const cert = r(T.cert, "origin-cert-cert", { domainName: "api.example.com", validationMethod: "DNS" });
    const validation = r(T.validation, "origin-cert-validation", { certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/1" }, [cert]);
    const ARN = "arn:aws:acm:eu-central-1:123456789012:certificate/1";

    it("passes a listener that takes the ARN from the validation", async () => {
        const listener = r(T.listener, "alb-https", { protocol: "HTTPS", certificateArn: ARN }, [validation]);
        expect((await validateStack("certificate-validated-before-use", [cert, validation, listener])).messages).toEqual([]);
    });

    it("fails a listener that takes the ARN from the certificate itself", async () => {
        const listener = r(T.listener, "alb-https", { protocol: "HTTPS", certificateArn: ARN }, [cert]);
        const out = await validateStack("certificate-validated-before-use", [cert, validation, listener]);
        expect(out.messages).toEqual(['Listener "alb-https" takes its certificate straight from ACM, before it is issued; use the CertificateValidation\'s certificateArn.']);
        expect(out.urns).toEqual([urn(listener)]);
    });

    it("does not apply to a certificate from outside the stack", async () => {
        const listener = r(T.listener, "alb-https", { protocol: "HTTPS", certificateArn: ARN });
        expect((await validateStack("certificate-validated-before-use", [listener])).notApplicable).toBe("no listener of this stack serves an ACM certificate of this stack; no CloudFront distribution of this stack serves an ACM certificate of this stack");
    });
});
