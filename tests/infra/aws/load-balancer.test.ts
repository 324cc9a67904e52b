/**
 * The AWS load-balancer concern, one concern at a time: specs with routes (which the shipped
 * AWS stacks cannot have until CloudFront lands) are parsed without routes and given them
 * afterwards; the network and key are stand-ins with the IDs the concern passes on.
 */
import * as pulumi from "@pulumi/pulumi";
import type { KmsKey, Network } from "../../../components/aws";
import type { AwsContext } from "../../../infra/aws/context";
import { deployCompute } from "../../../infra/aws/compute";
import { awsRequestSecondsOf, deployLoadBalancer, originHostsOf, requestsPerTargetOf } from "../../../infra/aws/load-balancer";
import { parseSpec, type EnvironmentSpec } from "../../../infra/config";
import { evaluatePlan } from "../../../policy/run";
import { plan } from "../../helpers/inventory";
import { rawAwsSpec } from "../../helpers/spec";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const IMAGE = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme/api:1.0.0";

/** A parsed AWS spec with an API (two routes), an admin service (one) and a worker; `edit` changes the parsed spec. */
function routedSpec(tier: "prod" | "non-prod", edit?: (s: EnvironmentSpec) => void): EnvironmentSpec {
    const raw = rawAwsSpec(tier) as Record<string, any>;
    raw.services.push({ name: "admin", image: IMAGE, cpu: 0.5, memoryMiB: 1024, port: 9000, concurrency: 10, timeoutSeconds: 30 });
    raw.services.push({ name: "worker", kind: "worker", image: IMAGE, cpu: 0.25, memoryMiB: 512 });
    const s = parseSpec(raw, "test");
    s.domains = ["api.example.com", "app.example.com"];
    s.services[0].routes = [{ host: "api.example.com" }, { host: "app.example.com", pathPrefix: "/api" }];
    s.services[1].routes = [{ pathPrefix: "/admin" }];
    edit?.(s);
    return s;
}

function contextOf(spec: EnvironmentSpec): AwsContext {
    const network = {
        vpcId: pulumi.output("vpc-0123456789abcdef0"),
        publicSubnetIds: [pulumi.output("subnet-0public0000000001"), pulumi.output("subnet-0public0000000002")],
        privateSubnetIds: [pulumi.output("subnet-0private000000001"), pulumi.output("subnet-0private000000002")],
    } as unknown as Network;
    const key = { arn: pulumi.output(KEY) } as unknown as KmsKey;
    return {
        spec, stack: "staging", accountId: "123456789012", labels: {}, provider: undefined as never, opts: {},
        logRetentionDays: spec.tier === "prod" ? 365 : 30, key, usEast1Key: () => key, network,
    };
}

describe("AWS load-balancer concern", () => {
    it("creates nothing when no web service has routes", async () => {
        let result: unknown = "not run";
        const inv = await plan(() => {
            result = deployLoadBalancer(contextOf(parseSpec(rawAwsSpec(), "test")));
        });
        expect(result).toBeUndefined();
        expect(inv.resources).toEqual([]);
    });

    it("builds the logs bucket, the origin certificate for the routed hosts and the ALB from the spec's routes", async () => {
        const inv = await plan(() => deployLoadBalancer(contextOf(routedSpec("non-prod")))!.outputs);
        expect(inv.named("logs-bucket").inputs).toMatchObject({ bucket: "acme-stg-logs-123456789012", region: "eu-central-1", forceDestroy: true });
        expect(inv.named("logs-lifecycle").inputs.rules).toMatchObject([{ expiration: { days: 30 } }]);
        // A host-less route (/admin) answers on every domain: the certificate covers them all.
        expect(inv.one("aws:acm/certificate:Certificate").inputs).toMatchObject({
            region: "eu-central-1", domainName: "api.example.com", subjectAlternativeNames: ["app.example.com"],
        });
        const alb = inv.one("aws:lb/loadBalancer:LoadBalancer");
        expect(alb.inputs).toMatchObject({
            name: "acme-stg-alb",
            subnets: ["subnet-0public0000000001", "subnet-0public0000000002"],
            // The longest routed request timeout: admin's 30 s, the API's default taken as 60 s.
            idleTimeout: 60,
            enableDeletionProtection: false,
            accessLogs: { bucket: "acme-stg-logs-123456789012", enabled: true, prefix: "alb/access" },
            connectionLogs: { bucket: "acme-stg-logs-123456789012", enabled: true, prefix: "alb/connection" },
        });
        expect(alb.protect).toBe(false);
        expect(inv.one("aws:lb/listener:Listener").inputs.certificateArn).toBe(inv.one("aws:acm/certificateValidation:CertificateValidation").inputs.certificateArn);
        expect(inv.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]).sort()).toEqual([
            [8080, "10.10.0.0/20"], [9000, "10.10.0.0/20"],
        ]);
        // No zone: the edge concern lists the validation records with its own (dnsRecordsToCreate).
        expect(Object.keys(inv.outputs).sort()).toEqual(["loadBalancerDnsName", "logsBucket"]);
        expect(inv.ofType("aws:route53/record:Record")).toEqual([]);
    });

    it("protects the ALB and the logs bucket in prod and writes validation records into the Route 53 zone", async () => {
        const inv = await plan(() => deployLoadBalancer(contextOf(routedSpec("prod", (s) => (s.edge.dnsZone = "Z0123456789ABCDEFGHIJ"))))!.outputs);
        const alb = inv.one("aws:lb/loadBalancer:LoadBalancer");
        expect(alb.inputs.enableDeletionProtection).toBe(true);
        expect(alb.protect).toBe(true);
        expect(inv.named("logs-bucket").protect).toBe(true);
        expect(inv.named("logs-bucket").inputs.forceDestroy).toBe(false);
        expect(inv.named("logs-lifecycle").inputs.rules).toMatchObject([{ expiration: { days: 365 } }]);
        expect(inv.ofType("aws:route53/record:Record").map((r) => r.inputs.zoneId)).toEqual(["Z0123456789ABCDEFGHIJ", "Z0123456789ABCDEFGHIJ"]);
        expect(Object.keys(inv.outputs).sort()).toEqual(["loadBalancerDnsName", "logsBucket"]);
    });

    it("leaves the validation records to the edge's certificate when it writes them (ACM shares one CNAME per name)", async () => {
        const inv = await plan(() => deployLoadBalancer(contextOf(routedSpec("prod", (s) => (s.edge.dnsZone = "Z0123456789ABCDEFGHIJ"))), { validationRecordsByEdge: true })!.outputs);
        expect(inv.ofType("aws:route53/record:Record")).toEqual([]);
        expect(inv.one("aws:acm/certificateValidation:CertificateValidation").inputs.validationRecordFqdns).toBeUndefined();
        expect(Object.keys(inv.outputs).sort()).toEqual(["loadBalancerDnsName", "logsBucket"]);
    });

    it("attaches each routed service through its listener rules: admitted from the ALB, waiting for its rules, scaling on requests", async () => {
        const inv = await plan(() => {
            const ctx = contextOf(routedSpec("non-prod"));
            deployCompute(ctx, deployLoadBalancer(ctx));
        });
        const rules = inv.ofType("aws:lb/listenerRule:ListenerRule");
        expect(rules.map((r) => [r.name, r.inputs.priority]).sort()).toEqual([
            ["alb-rule-admin-any-host-admin", 10],
            ["alb-rule-api-api-example-com-all-paths", 30],
            ["alb-rule-api-app-example-com-api", 20],
        ]);
        const forwardOf = (name: string) => (inv.named(name).inputs.actions as Array<{ targetGroupArn: string }>)[0].targetGroupArn;
        expect(forwardOf("alb-rule-api-app-example-com-api")).toMatch(/:targetgroup\/api-tg\//);
        expect(forwardOf("alb-rule-api-api-example-com-all-paths")).toMatch(/:targetgroup\/api-tg\//);
        expect(forwardOf("alb-rule-admin-any-host-admin")).toMatch(/:targetgroup\/admin-tg\//);

        const api = inv.named("api-service", "aws:ecs/service:Service");
        const ruleDeps = (deps: string[]) => deps.filter((urn) => urn.includes("aws:lb/listenerRule:ListenerRule")).sort();
        expect(ruleDeps(api.dependsOn)).toEqual([inv.named("alb-rule-api-api-example-com-all-paths").urn, inv.named("alb-rule-api-app-example-com-api").urn].sort());
        expect(api.inputs.loadBalancers).toEqual([{ targetGroupArn: expect.stringMatching(/:targetgroup\/api-tg\//), containerName: "api", containerPort: 8080 }]);
        expect(ruleDeps(inv.named("admin-service", "aws:ecs/service:Service").dependsOn)).toEqual([inv.named("alb-rule-admin-any-host-admin").urn]);
        // The task group admits the ALB's group on the container port.
        const ingress = inv.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("api-"));
        expect(ingress.map((r) => [r.inputs.fromPort, r.inputs.referencedSecurityGroupId])).toEqual([[8080, "alb-sg-sg-id"]]);
        // concurrency × 60 requests per task per minute, on the ALB/target-group label.
        const requests = inv.named("admin-requests", "aws:appautoscaling/policy:Policy").inputs.targetTrackingScalingPolicyConfiguration as Record<string, any>;
        expect(requests.targetValue).toBe(600);
        expect(requests.predefinedMetricSpecification).toEqual({
            predefinedMetricType: "ALBRequestCountPerTarget",
            resourceLabel: expect.stringMatching(/^app\/acme-stg-alb\/[0-9a-f]{16}\/targetgroup\/admin-tg\/[0-9a-f]{16}$/),
        });
        expect((inv.named("api-requests").inputs.targetTrackingScalingPolicyConfiguration as Record<string, any>).targetValue).toBe(4800);
        // The worker has no load balancer.
        expect(ruleDeps(inv.named("worker-service", "aws:ecs/service:Service").dependsOn)).toEqual([]);
    });

    it("passes the pack's load balancer policies as built (prod), each examining the ALB", async () => {
        const inv = await plan(() => {
            const ctx = contextOf(routedSpec("prod"));
            deployCompute(ctx, deployLoadBalancer(ctx));
        });
        const run = await evaluatePlan({ resources: inv.resources }, { tier: "prod" });
        const names = ["https-only", "tls-min-version", "certificate-validated-before-use", "load-balancer-only-through-cdn", "load-balancer-hardened", "load-balancer-deletion-protection"];
        expect(run.violations.filter((v) => names.includes(v.policy))).toEqual([]);
        const verdicts = Object.fromEntries(run.report.flatMap((i) => i.policies).filter((p) => names.includes(p.name)).map((p) => [p.name, p.verdict]));
        expect(verdicts).toEqual(Object.fromEntries(names.map((n) => [n, "pass"])));
    });

    it("maps the spec: request timeouts capped at 60 s, requests per target, certificate hosts", () => {
        expect([awsRequestSecondsOf({ timeoutSeconds: 300 }), awsRequestSecondsOf({ timeoutSeconds: 60 }), awsRequestSecondsOf({ timeoutSeconds: 59 })]).toEqual([60, 60, 59]);
        expect([requestsPerTargetOf({ concurrency: 1 }), requestsPerTargetOf({ concurrency: 80 })]).toEqual([60, 4800]);
        expect(originHostsOf([{ routes: [{ host: "b.example.com" }, { host: "a.example.com", pathPrefix: "/x" }] }], ["a.example.com", "b.example.com", "c.example.com"]))
            .toEqual(["b.example.com", "a.example.com"]);
        expect(originHostsOf([{ routes: [{ host: "b.example.com" }] }, { routes: [{ pathPrefix: "/x" }] }], ["a.example.com", "b.example.com"]))
            .toEqual(["b.example.com", "a.example.com"]);
    });
});
