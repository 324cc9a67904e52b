import * as pulumi from "@pulumi/pulumi";
import { LoadBalancer, validateLoadBalancerArgs, type LoadBalancerArgs } from "../../../components/aws/load-balancer";
import { listenerRulesOf, normalizedPrefix, pathPatternsOf, ruleConditions, ruleKey } from "../../../components/aws/load-balancer-rules";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const CERT = "arn:aws:acm:eu-central-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
const ARGS: LoadBalancerArgs = {
    namePrefix: "acme-prod",
    region: "eu-central-1",
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.20.0.0/16",
    subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
    certificateArn: CERT,
    logsBucket: "acme-prod-logs-123456789012",
    targets: [
        { name: "api", port: 8080, routes: [{ host: "api.example.com" }, { host: "app.example.com", pathPrefix: "/api" }] },
        { name: "admin", port: 9000, routes: [{ pathPrefix: "/admin/" }] },
    ],
};
const tg = (name: string) => ({
    arn: pulumi.output(`arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/${name}-tg/0123456789abcdef`),
    arnSuffix: pulumi.output(`targetgroup/${name}-tg/0123456789abcdef`),
});
/** Rules as the cloud receives them: priority, conditions, where they forward. */
const rulesOf = (inv: Inventory) => inv.ofType(RULE)
    .map((r) => ({ priority: r.inputs.priority, conditions: r.inputs.conditions, forward: (r.inputs.actions as Array<{ targetGroupArn: string }>)[0].targetGroupArn }))
    .sort((a, b) => Number(a.priority) - Number(b.priority));

describe("aws LoadBalancer", () => {
    it("creates a hardened public ALB: TLS 1.3/1.2 policy, 403 by default, logs, strictest desync, invalid headers dropped", async () => {
        const inv = await plan(() => new LoadBalancer("alb", ARGS));
        expect(inv.counts()).toEqual({
            "prodstack:aws:LoadBalancer": 1,
            "prodstack:aws:SecurityGroup": 1,
            "aws:ec2/securityGroup:SecurityGroup": 1,
            [INGRESS]: 1,
            [EGRESS]: 2,
            [LB]: 1,
            [LISTENER]: 1,
            "random:index/randomPassword:RandomPassword": 1,
        });
        expect(inv.one(LB).inputs).toEqual({
            region: "eu-central-1",
            name: "acme-prod-alb",
            loadBalancerType: "application",
            internal: false,
            ipAddressType: "ipv4",
            securityGroups: ["alb-sg-sg-id"],
            subnets: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
            dropInvalidHeaderFields: true,
            desyncMitigationMode: "strictest",
            enableHttp2: true,
            idleTimeout: 60,
            enableDeletionProtection: false,
            accessLogs: { bucket: "acme-prod-logs-123456789012", enabled: true, prefix: "alb/access" },
            connectionLogs: { bucket: "acme-prod-logs-123456789012", enabled: true, prefix: "alb/connection" },
        });
        expect(inv.one(LB).protect).toBe(false);
        const component = inv.one("prodstack:aws:LoadBalancer").urn;
        for (const type of ["prodstack:aws:SecurityGroup", LB, LISTENER, "random:index/randomPassword:RandomPassword"]) expect(inv.one(type).parent).toBe(component);
        expect(inv.one(LISTENER).inputs).toEqual({
            region: "eu-central-1",
            loadBalancerArn: expect.stringMatching(/^arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer\/app\/acme-prod-alb\/[0-9a-f]{16}$/),
            port: 443,
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            certificateArn: CERT,
            defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Forbidden", statusCode: "403" } }],
        });
        // No port-80 listener: CloudFront talks HTTPS only.
        expect(inv.ofType(LISTENER).map((l) => l.inputs.port)).toEqual([443]);
        expect(inv.one("random:index/randomPassword:RandomPassword").inputs).toEqual({ length: 48, special: false });
    });

    it("admits HTTPS from CloudFront's origin-facing prefix list only, looked up in the region, and reaches targets' ports in the VPC", async () => {
        const inv = await plan(() => new LoadBalancer("alb", ARGS));
        const ingress = inv.one(INGRESS).inputs;
        expect(ingress).toEqual({
            region: "eu-central-1",
            securityGroupId: "alb-sg-sg-id",
            description: "HTTPS from CloudFront origin-facing servers",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            prefixListId: expect.stringMatching(/^pl-[0-9a-f]{8}$/),
        });
        expect(inv.ofType(EGRESS).map((e) => [e.inputs.fromPort, e.inputs.cidrIpv4, e.inputs.description]).sort()).toEqual([
            [8080, "10.20.0.0/16", "Target port 8080 in the VPC"],
            [9000, "10.20.0.0/16", "Target port 9000 in the VPC"],
        ]);
        expect(inv.one("aws:ec2/securityGroup:SecurityGroup").inputs).toMatchObject({
            description: "Load balancer of acme-prod: HTTPS from CloudFront only",
            namePrefix: "acme-prod-alb-",
        });
        expect(inv.invokes).toEqual([{
            token: "aws:ec2/getManagedPrefixList:getManagedPrefixList",
            args: { name: "com.amazonaws.global.cloudfront.origin-facing", region: "eu-central-1" },
        }]);
    });

    it("takes a given prefix list ID instead of looking it up; one egress rule per port, each host once", async () => {
        let hosts: string[] = [];
        const inv = await plan(() => {
            hosts = new LoadBalancer("alb", {
                ...ARGS,
                cloudFrontPrefixListId: "pl-a3a144ca",
                targets: [
                    { name: "api", port: 8080, routes: [{ host: "api.example.com" }, { pathPrefix: "/api" }, { host: "api.example.com", pathPrefix: "/v1" }] },
                    { name: "admin", port: 8080, routes: [{ host: "admin.example.com" }] },
                ],
            }).hosts;
        });
        expect(inv.one(INGRESS).inputs.prefixListId).toBe("pl-a3a144ca");
        expect(inv.invokes).toEqual([]);
        expect(inv.one(EGRESS).inputs).toMatchObject({ fromPort: 8080, cidrIpv4: "10.20.0.0/16" });
        expect(hosts).toEqual(["api.example.com", "admin.example.com"]);
    });

    it("has deletion protection and protect in prod, and takes another TLS 1.2+ policy and idle timeout", async () => {
        const inv = await plan(() => new LoadBalancer("alb", { ...ARGS, deletionProtection: true, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", idleTimeoutSeconds: 30 }));
        expect(inv.one(LB).inputs).toMatchObject({ enableDeletionProtection: true, idleTimeout: 30 });
        expect(inv.one(LB).protect).toBe(true);
        expect(inv.one(LISTENER).inputs.sslPolicy).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    });

    it("orders routes most specific first: longer path prefixes, then a host's route before a host-less one", () => {
        expect(listenerRulesOf([
            { name: "api", port: 8080, routes: [{ host: "api.example.com" }, { host: "app.example.com", pathPrefix: "/api" }, { pathPrefix: "/api" }] },
            { name: "admin", port: 9000, routes: [{ pathPrefix: "/admin/" }, { host: "app.example.com", pathPrefix: "/" }] },
        ])).toStrictEqual([
            { target: "admin", key: "admin-any-host-admin", priority: 10, pathPatterns: ["/admin", "/admin/*"] },
            { target: "api", key: "api-app-example-com-api", priority: 20, host: "app.example.com", pathPatterns: ["/api", "/api/*"] },
            { target: "api", key: "api-any-host-api", priority: 30, pathPatterns: ["/api", "/api/*"] },
            { target: "api", key: "api-api-example-com-all-paths", priority: 40, host: "api.example.com", pathPatterns: [] },
            { target: "admin", key: "admin-app-example-com-all-paths", priority: 50, host: "app.example.com", pathPatterns: [] },
        ]);
    });

    it("creates one listener rule per route, forwarding to the service's target group, its conditions secret (they hold the origin header)", async () => {
        const inv = await plan(() => {
            const alb = new LoadBalancer("alb", ARGS);
            alb.attach("api")(tg("api"));
            alb.attach("admin")(tg("admin"));
        });
        const api = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/api-tg/0123456789abcdef";
        const admin = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/admin-tg/0123456789abcdef";
        // The header's value is a secret, so Pulumi keeps the whole condition list secret.
        expect(rulesOf(inv)).toEqual([
            { priority: 10, conditions: "[secret]", forward: admin },
            { priority: 20, conditions: "[secret]", forward: api },
            { priority: 30, conditions: "[secret]", forward: api },
        ]);
        for (const rule of inv.ofType(RULE)) {
            expect(rule.inputs.listenerArn).toMatch(/:listener\/app\/acme-prod-alb\//);
            expect(rule.inputs.region).toBe("eu-central-1");
            expect((rule.inputs.actions as Array<{ type: string }>).map((a) => a.type)).toEqual(["forward"]);
            expect(rule.parent).toBe(inv.one("prodstack:aws:LoadBalancer").urn);
        }
        // Rules are named by what they route, never by position.
        expect(inv.ofType(RULE).map((r) => r.name).sort()).toEqual([
            "alb-rule-admin-any-host-admin", "alb-rule-api-api-example-com-all-paths", "alb-rule-api-app-example-com-api",
        ]);
    });

    it("returns the listener rules so the ECS service can wait for them, and exposes what CloudFront needs", async () => {
        let out: { rules: number; header: string; hosts: string[] } | undefined;
        const inv = await plan(() => {
            const alb = new LoadBalancer("alb", ARGS);
            const rules = alb.attach("api")(tg("api"));
            out = { rules: rules.length, header: alb.originHeader.name, hosts: alb.hosts };
            return { dnsName: alb.dnsName, zoneId: alb.zoneId, arnSuffix: alb.arnSuffix, listenerArn: alb.listenerArn, secret: alb.originHeader.value };
        });
        expect(out).toEqual({ rules: 2, header: "X-Origin-Verify", hosts: ["api.example.com", "app.example.com"] });
        const outputs = inv.outputs as Record<string, string>;
        expect(outputs.dnsName).toMatch(/^acme-prod-alb-\d+\.eu-central-1\.elb\.amazonaws\.com$/);
        expect(outputs.arnSuffix).toMatch(/^app\/acme-prod-alb\/[0-9a-f]{16}$/);
        expect(outputs.zoneId).toMatch(/^Z[0-9A-F]{13}$/);
        expect(outputs.listenerArn).toMatch(/^arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener\/app\/acme-prod-alb\//);
        expect(outputs.secret).toBe("[secret]");
    });

    it("refuses to attach an unknown target or the same target twice", async () => {
        await plan(() => {
            const alb = new LoadBalancer("alb", ARGS);
            expect(() => alb.attach("web")).toThrow('prodstack:aws:LoadBalancer "alb": no target named "web" (targets: admin, api)');
            const hook = alb.attach("api");
            hook(tg("api"));
            expect(() => hook(tg("api"))).toThrow('prodstack:aws:LoadBalancer "alb": target "api" is attached already');
        });
    });

    const route = (r: object) => ({ targets: [{ name: "api", port: 8080, routes: [r] }] });
    it.each([
        [{ namePrefix: "Acme" }, 'namePrefix: expected a lowercase name prefix such as "acme-prod", got "Acme"'],
        [{ namePrefix: "internal-acme" }, 'namePrefix: expected a prefix not starting with "internal-" (ELB reserves it), got "internal-acme"'],
        [{ region: "eu-central" }, 'region: expected an AWS region such as "eu-central-1", got "eu-central"'],
        [{ vpcCidr: "10.20.0.0" }, 'vpcCidr: expected an IPv4 CIDR such as "10.20.0.0/16", got "10.20.0.0"'],
        [{ subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"] }, 'subnetIds: expected at least two public subnets (an ALB spans two or more zones), got ["subnet-0aaaaaaaaaaaaaaaa"]'],
        [{ targets: [] }, "targets: expected at least one target with routes, got []"],
        [{ targets: [{ name: "Api", port: 8080, routes: [{ host: "a.example.com" }] }] }, 'targets[0].name: expected a short lowercase name such as "api", got "Api"'],
        [{ targets: [{ name: "api", port: 0, routes: [{ host: "a.example.com" }] }] }, "targets[0].port: expected an integer from 1 to 65535, got 0"],
        [{ targets: [{ name: "api", port: 65536, routes: [{ host: "a.example.com" }] }] }, "targets[0].port: expected an integer from 1 to 65535, got 65536"],
        [{ targets: [{ name: "api", port: 8080, routes: [] }] }, "targets[0].routes: expected at least one route, got []"],
        [route({}), "targets[0].routes[0]: expected a host, a pathPrefix or both, got {}"],
        [route({ host: "API.example.com" }), 'targets[0].routes[0].host: expected a lowercase hostname of at most 128 characters such as "api.example.com", got "API.example.com"'],
        [route({ host: `${"a".repeat(60)}.${"b".repeat(60)}.example.com` }), `targets[0].routes[0].host: expected a lowercase hostname of at most 128 characters such as "api.example.com", got "${"a".repeat(60)}.${"b".repeat(60)}.example.com"`],
        [route({ pathPrefix: "api" }), 'targets[0].routes[0].pathPrefix: expected a URL path prefix such as "/api", got "api"'],
        [route({ pathPrefix: "/api*" }), 'targets[0].routes[0].pathPrefix: expected a URL path prefix such as "/api", got "/api*"'],
        [route({ pathPrefix: `/${"a".repeat(126)}` }), `targets[0].routes[0].pathPrefix: expected a prefix of at most 126 characters (ELB path patterns stop at 128, "/*" included), got "/${"a".repeat(126)}"`],
        [{ targets: [{ name: "api", port: 8080, routes: [{ pathPrefix: "/api" }] }, { name: "web", port: 80, routes: [{ pathPrefix: "/api/" }] }] },
            "targets[1].routes[0]: expected a route no other route has (*/api is routed by targets[0].routes[0] already), got \"*/api\""],
        [{ targets: [{ name: "api", port: 8080, routes: [{ host: "a.example.com", pathPrefix: "/x-y" }, { host: "a.example.com", pathPrefix: "/x.y" }] }] },
            'targets[0].routes[1]: expected a route whose host and path differ from another\'s by more than punctuation (both would name the rule the same), got "a.example.com/x.y"'],
        [{ targets: [{ name: "api", port: 8080, routes: [{ host: "a.example.com" }] }, { name: "api", port: 8081, routes: [{ host: "b.example.com" }] }] }, 'targets[1].name: expected each target once, got "api"'],
        [{ targets: [{ name: "api", port: 8080, routes: Array.from({ length: 101 }, (_, i) => ({ pathPrefix: `/p${i}` })) }] }, "targets: expected at most 100 routes in all (ALB's rule quota per load balancer), got 101"],
        [{ idleTimeoutSeconds: 0 }, "idleTimeoutSeconds: expected an integer from 1 to 60, got 0"],
        [{ idleTimeoutSeconds: 61 }, "idleTimeoutSeconds: expected an integer from 1 to 60, got 61"],
        [{ sslPolicy: "ELBSecurityPolicy-2016-08" }, expect.stringMatching(/^sslPolicy: expected one of "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", .*, got "ELBSecurityPolicy-2016-08"$/)],
        [{ sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" }, expect.stringMatching(/^sslPolicy: expected one of .*, got "ELBSecurityPolicy-TLS13-1-3-2021-06"$/)],
        [{ originHeaderName: "Host" }, 'originHeaderName: expected a header name of 1-40 letters, digits or hyphens (not Host), got "Host"'],
        [{ originHeaderName: "x".repeat(41) }, `originHeaderName: expected a header name of 1-40 letters, digits or hyphens (not Host), got "${"x".repeat(41)}"`],
        [{ accessLogsPrefix: "alb/" }, 'accessLogsPrefix: expected a prefix such as "alb/access" (no leading or trailing slash), got "alb/"'],
        [{ connectionLogsPrefix: "/c" }, 'connectionLogsPrefix: expected a prefix such as "alb/connection" (no leading or trailing slash), got "/c"'],
    ])("refuses %j before registering anything", async (bad, problem) => {
        const { error, inv } = await rejectedArgs(() => new LoadBalancer("alb", { ...ARGS, ...(bad as Partial<LoadBalancerArgs>) }));
        expect(error.problems).toEqual([problem]);
        expect(inv.resources).toEqual([]);
    });

    it.each([
        [{ idleTimeoutSeconds: 1 }],
        [{ idleTimeoutSeconds: 60 }],
        [{ originHeaderName: "x".repeat(40) }],
        [route({ pathPrefix: `/${"a".repeat(125)}` })],
        [{ targets: [{ name: "api", port: 65535, routes: Array.from({ length: 100 }, (_, i) => ({ pathPrefix: `/p${i}` })) }] }],
    ])("accepts boundary args %#", async (good) => {
        const inv = await plan(() => new LoadBalancer("alb", { ...ARGS, ...(good as Partial<LoadBalancerArgs>) }));
        expect(inv.ofType(LB)).toHaveLength(1);
    });
});

describe("aws LoadBalancer summary", () => {
    it("shows TLS policy, rules, default 403, CloudFront-only ingress and logs; deletion protection in prod", async () => {
        const inv = await plan(() => {
            const alb = new LoadBalancer("alb", { ...ARGS, deletionProtection: true });
            alb.attach("api")(tg("api"));
        });
        expect(summarize(LoadBalancer.TYPE, inv.resources)).toBe(
            "acme-prod-alb · HTTPS :443 TLS13-1-2-Res-PQ-2025-09 · 2 route rules, default 403 · CloudFront prefix list only · invalid headers dropped · " +
                "desync strictest · logs to s3://acme-prod-logs-123456789012 · deletion protection + protected",
        );
    });
});

describe("aws LoadBalancer args, checked without planning", () => {
    const problems = (args: Partial<LoadBalancerArgs>) => argProblems(() => validateLoadBalancerArgs("alb", { ...ARGS, ...args }));
    const routed = (...routes: object[]) => ({ targets: [{ name: "api", port: 8080, routes }] }) as Partial<LoadBalancerArgs>;
    const NAME_PREFIX = 'namePrefix: expected a lowercase name prefix such as "acme-prod"';
    const TARGET_NAME = 'targets[0].name: expected a short lowercase name such as "api"';
    const HOST = 'targets[0].routes[0].host: expected a lowercase hostname of at most 128 characters such as "api.example.com"';
    const HEADER = "originHeaderName: expected a header name of 1-40 letters, digits or hyphens (not Host)";
    const ACCESS = 'accessLogsPrefix: expected a prefix such as "alb/access" (no leading or trailing slash)';
    const label61 = "a".repeat(61);

    it.each([
        ["namePrefix", { namePrefix: "acme_prod" }, `${NAME_PREFIX}, got "acme_prod"`],
        ["namePrefix", { namePrefix: "1acme" }, `${NAME_PREFIX}, got "1acme"`],
        ["namePrefix", { namePrefix: "a".repeat(63) }, `${NAME_PREFIX}, got "${"a".repeat(63)}"`],
        ["subnetIds", { subnetIds: "subnet-0aaaaaaaaaaaaaaaa" as unknown as string[] }, 'subnetIds: expected at least two public subnets (an ALB spans two or more zones), got "subnet-0aaaaaaaaaaaaaaaa"'],
        ["target name", { targets: [{ name: "api_v2", port: 8080, routes: [{ host: "a.example.com" }] }] }, `${TARGET_NAME}, got "api_v2"`],
        ["target name", { targets: [{ name: "2api", port: 8080, routes: [{ host: "a.example.com" }] }] }, `${TARGET_NAME}, got "2api"`],
        ["target name", { targets: [{ name: "a".repeat(21), port: 8080, routes: [{ host: "a.example.com" }] }] }, `${TARGET_NAME}, got "${"a".repeat(21)}"`],
        ["port", { targets: [{ name: "api", port: 8080.5, routes: [{ host: "a.example.com" }] }] }, "targets[0].port: expected an integer from 1 to 65535, got 8080.5"],
        ["host", routed({ host: "-api.example.com" }), `${HOST}, got "-api.example.com"`],
        ["host", routed({ host: "api-.example.com" }), `${HOST}, got "api-.example.com"`],
        ["host", routed({ host: "api.example.com/x" }), `${HOST}, got "api.example.com/x"`],
        ["host", routed({ host: "localhost" }), `${HOST}, got "localhost"`],
        ["host", routed({ host: "api.example.c" }), `${HOST}, got "api.example.c"`],
        ["host", routed({ host: "api.example.c0m" }), `${HOST}, got "api.example.c0m"`],
        ["host", routed({ host: `${"a".repeat(64)}.com` }), `${HOST}, got "${"a".repeat(64)}.com"`],
        ["host", routed({ host: `${label61}a.${"b".repeat(62)}.com` }), `${HOST}, got "${label61}a.${"b".repeat(62)}.com"`],
        ["originHeaderName", { originHeaderName: "HOST" }, `${HEADER}, got "HOST"`],
        ["originHeaderName", { originHeaderName: "" }, `${HEADER}, got ""`],
        ["originHeaderName", { originHeaderName: "X-Origin_Verify" }, `${HEADER}, got "X-Origin_Verify"`],
        ["originHeaderName", { originHeaderName: "X:Origin" }, `${HEADER}, got "X:Origin"`],
        ["accessLogsPrefix", { accessLogsPrefix: "alb//access" }, `${ACCESS}, got "alb//access"`],
        ["accessLogsPrefix", { accessLogsPrefix: "alb/Access" }, `${ACCESS}, got "alb/Access"`],
        ["accessLogsPrefix", { accessLogsPrefix: "alb-/access" }, `${ACCESS}, got "alb-/access"`],
        ["accessLogsPrefix", { accessLogsPrefix: "-alb" }, `${ACCESS}, got "-alb"`],
        ["accessLogsPrefix", { accessLogsPrefix: "alb/access-" }, `${ACCESS}, got "alb/access-"`],
        ["vpcCidr", { vpcCidr: ["10.20.0.0/16"] as unknown as string }, 'vpcCidr: expected an IPv4 CIDR such as "10.20.0.0/16", got ["10.20.0.0/16"]'],
        ["target name", { targets: [{ name: null as unknown as string, port: 8080, routes: [{ host: "a.example.com" }] }] }, `${TARGET_NAME}, got null`],
        ["route", routed({ pathPrefix: 5 }), 'targets[0].routes[0].pathPrefix: expected a URL path prefix such as "/api", got 5'],
        ["route", routed({ host: 5 }), `${HOST}, got 5`],
        ["route", routed({ pathPrefix: "/api" }, { pathPrefix: "/api/" }), 'targets[0].routes[1]: expected a route no other route has (*/api is routed by targets[0].routes[0] already), got "*/api"'],
    ])("refuses a bad %s: %j", (_, bad, problem) => {
        expect(problems(bad as Partial<LoadBalancerArgs>)).toEqual([problem]);
    });

    it.each([
        ["a 62-character name prefix", { namePrefix: "a".repeat(62) }],
        ["a name prefix with internal- inside", { namePrefix: "acme-internal-x" }],
        ["a 20-character target name", { targets: [{ name: "a".repeat(20), port: 1, routes: [{ host: "a.example.com" }] }] }],
        ["a 63-character host label and a 128-character host", routed({ host: `${"a".repeat(63)}.com` }, { host: `${label61}.${"b".repeat(62)}.com` })],
        ["a two-letter top-level domain and hyphens inside labels", routed({ host: "my-api.example.io" })],
        ["a header name containing host", { originHeaderName: "X-Host-Verify" }],
        ["a header name starting with host", { originHeaderName: "Hostile" }],
        ["one-letter log prefixes and segments, inner hyphens", { accessLogsPrefix: "a", connectionLogsPrefix: "edge-alb/conn-logs/v/1" }],
    ])("accepts %s", (_, good) => {
        expect(problems(good as Partial<LoadBalancerArgs>)).toEqual([]);
    });

    // ELB user guide, "Security policies for your Application Load Balancer": the TLS 1.3 + 1.2 policies.
    it.each([
        "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    ])("accepts the TLS 1.3 + 1.2 policy %s", (sslPolicy) => {
        expect(problems({ sslPolicy })).toEqual([]);
    });

    it.each([
        ["ELBSecurityPolicy-TLS-1-2-2017-01"],
        ["ELBSecurityPolicy-TLS13-1-2-2021-06 "],
    ])("refuses the policy %j", (sslPolicy) => {
        expect(problems({ sslPolicy })[0]).toMatch(/^sslPolicy: expected one of "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", /);
    });
});

describe("aws LoadBalancer listener rules, as pure functions", () => {
    it.each([
        [undefined, "/", []],
        ["/", "/", []],
        ["/api", "/api", ["/api", "/api/*"]],
        ["/api/", "/api", ["/api", "/api/*"]],
        ["/api//", "/api", ["/api", "/api/*"]],
        ["/a/b/", "/a/b", ["/a/b", "/a/b/*"]],
    ])("prefix %j is %j with the patterns %j", (prefix, normalized, patterns) => {
        expect(normalizedPrefix(prefix)).toBe(normalized);
        expect(pathPatternsOf(prefix)).toEqual(patterns);
    });

    it("names a rule by target, host and path, up to 80 characters", () => {
        expect(ruleKey("api", { host: "api.example.com", pathPrefix: "/v1/" })).toBe("api-api-example-com-v1");
        expect(ruleKey("api", { pathPrefix: "/" })).toBe("api-any-host-all-paths");
        const host = `${"h".repeat(56)}.com`;
        // 74 characters: under the 80-character cap, so kept whole.
        expect(ruleKey("api", { host })).toBe(`api-${"h".repeat(56)}-com-all-paths`);
        const long = ruleKey("api", { host: `${"h".repeat(70)}.com` });
        expect(long).toHaveLength(80);
        expect(long.startsWith(`api-${"h".repeat(60)}`)).toBe(true);
    });

    it("orders routes of equal specificity by target, then by route, as given", () => {
        const rules = listenerRulesOf([
            { name: "web", port: 80, routes: [{ pathPrefix: "/b" }, { pathPrefix: "/a" }] },
            { name: "api", port: 8080, routes: [{ pathPrefix: "/c" }, { host: "x.example.com", pathPrefix: "/d" }] },
        ]);
        expect(rules.map((r) => [r.priority, r.target, r.key])).toEqual([
            [10, "api", "api-x-example-com-d"],
            [20, "web", "web-any-host-b"],
            [30, "web", "web-any-host-a"],
            [40, "api", "api-any-host-c"],
        ]);
    });

    const header = { name: "X-Origin-Verify", value: "s3cr3t" };
    it.each([
        [{ host: "api.example.com", pathPatterns: [] }, [
            { hostHeader: { values: ["api.example.com"] } },
            { httpHeader: { httpHeaderName: "X-Origin-Verify", values: ["s3cr3t"] } },
        ]],
        [{ pathPatterns: ["/api", "/api/*"] }, [
            { pathPattern: { values: ["/api", "/api/*"] } },
            { httpHeader: { httpHeaderName: "X-Origin-Verify", values: ["s3cr3t"] } },
        ]],
        [{ host: "app.example.com", pathPatterns: ["/api", "/api/*"] }, [
            { hostHeader: { values: ["app.example.com"] } },
            { pathPattern: { values: ["/api", "/api/*"] } },
            { httpHeader: { httpHeaderName: "X-Origin-Verify", values: ["s3cr3t"] } },
        ]],
    ])("a rule matching %j has the conditions %j, the origin header always last", (rule, conditions) => {
        expect(ruleConditions({ target: "api", key: "k", priority: 10, ...rule }, header)).toEqual(conditions);
    });
});
