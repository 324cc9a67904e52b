import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ArgsChecker, AWS_NAME_MAX, AWS_REGION, definedOnly, parseIpv4Cidr, resourceName } from "../core/internal";
import type { TargetGroupRef } from "./fargate-service";
import { LOAD_BALANCER_DEFAULTS, checkLoadBalancerArgs, listenerRulesOf, ruleConditions, type ListenerRulePlan } from "./load-balancer-rules";
import { SecurityGroup } from "./security-group";

export { LOAD_BALANCER_DEFAULTS } from "./load-balancer-rules";

/** One route of a {@link LoadBalancerTarget}: a host, a path prefix, or both. */
export interface LoadBalancerRoute {
    /**
     * Host the route answers on, e.g. `api.example.com` (CloudFront forwards the viewer's
     * `Host`). Without it the route answers on every host.
     * @default none (every host)
     */
    host?: string;
    /**
     * Path prefix, e.g. `/api`: matches `/api` and everything under `/api/`. `/` or none
     * matches every path.
     * @default "/"
     */
    pathPrefix?: string;
}

/** A web service the load balancer forwards to (its target group is attached by {@link LoadBalancer.attach}). */
export interface LoadBalancerTarget {
    /**
     * Short name of the service, e.g. `api` (names its listener rules).
     * @default none (required)
     */
    name: string;
    /**
     * Container port the tasks listen on (the load balancer's group may reach it in the VPC).
     * @default none (required)
     */
    port: number;
    /**
     * Routes forwarded to the service: one listener rule each.
     * @default none (required, at least one)
     */
    routes: LoadBalancerRoute[];
}

/** The header CloudFront adds to every origin request, without which the listener answers 403. */
export interface OriginHeader {
    /**
     * Header name, e.g. `X-Origin-Verify`.
     * @default always set
     */
    name: string;
    /**
     * Header value: a random secret (48 letters and digits), a Pulumi secret.
     * @default always set (generated once)
     */
    value: pulumi.Output<string>;
}

/** Arguments of {@link LoadBalancer}. */
export interface LoadBalancerArgs {
    /**
     * Prefix of the names, e.g. `acme-prod`: the load balancer is `<namePrefix>-alb` (cut to
     * 32 characters with a hash). Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the load balancer (checked when given as a string).
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * VPC of the load balancer and its targets.
     * @default none (required)
     */
    vpcId: pulumi.Input<string>;
    /**
     * IPv4 range of the VPC, e.g. `10.20.0.0/16`: the load balancer may connect to the
     * targets' ports in it (each task's own group admits only this load balancer's group).
     * @default none (required)
     */
    vpcCidr: string;
    /**
     * Public subnets, in at least two availability zones.
     * @default none (required)
     */
    subnetIds: pulumi.Input<string>[];
    /**
     * ARN of a validated ACM certificate in the load balancer's region covering every routed
     * host (`Certificate.arn`, which resolves once issued).
     * @default none (required)
     */
    certificateArn: pulumi.Input<string>;
    /**
     * Bucket for access and connection logs (`LogsBucket.ready`, so the load balancer waits
     * for the bucket policy). SSE-S3 only: ELB does not write to SSE-KMS buckets.
     * @default none (required)
     */
    logsBucket: pulumi.Input<string>;
    /**
     * Prefix of the access logs in `logsBucket` (one of the bucket's `loadBalancerPrefixes`).
     * @default "alb/access"
     */
    accessLogsPrefix?: string;
    /**
     * Prefix of the connection logs (TLS version, cipher, client certificate of every connection).
     * @default "alb/connection"
     */
    connectionLogsPrefix?: string;
    /**
     * The services and their routes. Listener rule priorities follow from these alone:
     * longer path prefixes first, a host's route before a host-less one of the same path.
     * At most 100 routes (ALB's rule quota).
     * @default none (required)
     */
    targets: LoadBalancerTarget[];
    /**
     * Seconds a connection may stay idle (1 to 60: CloudFront's origin read timeout ends at
     * 60 s without a quota raise, so a longer one buys nothing).
     * @default 60
     */
    idleTimeoutSeconds?: number;
    /**
     * TLS policy of the HTTPS listener: a TLS 1.3 + 1.2 policy (`ELBSecurityPolicy-TLS13-1-2-*`;
     * TLS 1.2 stays available for Route 53 HTTPS health checks and CloudFront). The API's
     * default, `ELBSecurityPolicy-2016-08`, would accept TLS 1.0.
     * @default "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
     */
    sslPolicy?: string;
    /**
     * Name of the secret origin header (40 characters at most; letters, digits, hyphens).
     * @default "X-Origin-Verify"
     */
    originHeaderName?: string;
    /**
     * ID of CloudFront's origin-facing managed prefix list (`pl-…`), the only source the
     * load balancer's group admits.
     * @default looked up by name (`com.amazonaws.global.cloudfront.origin-facing`) in `region`
     */
    cloudFrontPrefixListId?: pulumi.Input<string>;
    /**
     * Deletion protection at the API and `protect` (prod).
     * @default false
     */
    deletionProtection?: boolean;
}

/** Name of CloudFront's origin-facing managed prefix list (its ID differs per region). */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

/** Throws if `args` would be rejected by ELB; called before anything is registered. */
export function validateLoadBalancerArgs(name: string, args: LoadBalancerArgs): void {
    const check = new ArgsChecker(LoadBalancer.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,61}$/, "a lowercase name prefix such as \"acme-prod\"");
    check.check(!/^internal-/.test(String(args.namePrefix)), "namePrefix", "a prefix not starting with \"internal-\" (ELB reserves it)", args.namePrefix);
    check.matchesIfKnown("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    const cidr = typeof args.vpcCidr === "string" ? parseIpv4Cidr(args.vpcCidr) : undefined;
    check.check(cidr !== undefined, "vpcCidr", "an IPv4 CIDR such as \"10.20.0.0/16\"", args.vpcCidr);
    check.check(Array.isArray(args.subnetIds) && args.subnetIds.length >= 2, "subnetIds", "at least two public subnets (an ALB spans two or more zones)", args.subnetIds);
    checkLoadBalancerArgs(check, args);
    check.throwIfAny();
}

/**
 * The API origin: a public Application Load Balancer that only CloudFront can use. Its
 * security group admits HTTPS from CloudFront's origin-facing prefix list and nothing else,
 * and its HTTPS listener answers 403 unless a request carries the secret origin header that
 * the CloudFront distribution adds (`originHeader`): the prefix list holds every CloudFront
 * distribution's servers, the header only this one's.
 *
 * Why a public ALB and not an internal one behind a CloudFront VPC origin: (1) origin TLS
 * names. CloudFront forwards the viewer's `Host` to this origin and checks the certificate
 * against it, so one regional ACM certificate for the routed hosts serves, and the listener
 * rules route on the same hosts as the GCP edge does; (2) wiring. A VPC origin reaches the
 * ALB through a security group AWS creates only once the VPC origin exists, so the ALB's group
 * would be written after the distribution (a cycle across two components); (3) cost. Both are
 * the same ALB; the public one adds one public IPv4 address per zone (about 3.6 USD a month
 * each). The price of the public design is the prefix list's weight: it counts as 55 rules
 * against the 60-rule quota of a group, so the group holds that one ingress rule only.
 *
 * The listener uses a TLS 1.3 + 1.2 policy set explicitly (the API default accepts TLS 1.0),
 * its default action is a fixed 403, and each route is one listener rule (host, path prefix,
 * origin header → the service's target group). The load balancer drops invalid header fields,
 * runs the strictest desync mitigation, writes access and connection logs to an SSE-S3
 * bucket, and has deletion protection in prod. There is no port-80 listener: CloudFront
 * talks HTTPS only.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const cert = new aws.Certificate("origin-cert", { domains: ["api.example.com", "app.example.com"], region: "eu-central-1" });
 * const alb = new aws.LoadBalancer("alb", {
 *     namePrefix: "acme-prod",
 *     region: "eu-central-1",
 *     vpcId: "vpc-0123456789abcdef0",
 *     vpcCidr: "10.20.0.0/16",
 *     subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
 *     certificateArn: cert.arn,
 *     logsBucket: "acme-prod-logs-123456789012",
 *     targets: [{ name: "api", port: 8080, routes: [{ host: "api.example.com" }, { host: "app.example.com", pathPrefix: "/api" }] }],
 *     deletionProtection: true,
 * });
 * new aws.FargateService("api", {
 *     namePrefix: "acme-prod",
 *     serviceName: "api",
 *     region: "eu-central-1",
 *     image: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api@sha256:" + "0".repeat(64),
 *     cpu: 1,
 *     memoryMiB: 2048,
 *     vpcId: "vpc-0123456789abcdef0",
 *     subnetIds: ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"],
 *     logsKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 *     port: 8080,
 *     ingressSecurityGroupIds: [alb.securityGroupId],
 *     loadBalancerArnSuffix: alb.arnSuffix,
 *     attachTargetGroup: alb.attach("api"),
 * });
 * export const originDomain = alb.dnsName;
 * ```
 */
export class LoadBalancer extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:LoadBalancer";

    /** ARN of the load balancer. */
    readonly arn: pulumi.Output<string>;
    /** `app/<name>/<id>`: CloudWatch dimension and request-count scaling label. */
    readonly arnSuffix: pulumi.Output<string>;
    /** Public DNS name (the CloudFront origin's domain name). */
    readonly dnsName: pulumi.Output<string>;
    /** Route 53 zone of `dnsName`, for alias records. */
    readonly zoneId: pulumi.Output<string>;
    /** ARN of the HTTPS listener. */
    readonly listenerArn: pulumi.Output<string>;
    /** The load balancer's security group: the group targets admit (`ingressSecurityGroupIds`). */
    readonly securityGroupId: pulumi.Output<string>;
    /** The header CloudFront must send (its value is a secret). */
    readonly originHeader: OriginHeader;
    /** Every routed host (deduplicated, in order): what the certificate must cover. */
    readonly hosts: string[];

    private readonly name: string;
    private readonly rules: ListenerRulePlan[];
    private readonly region: pulumi.Input<string>;
    private readonly listener: aws.lb.Listener;
    private readonly attached = new Set<string>();

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        validateLoadBalancerArgs(name, args);
        super(LoadBalancer.TYPE, name, {}, opts);
        const cfg = { ...LOAD_BALANCER_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const prod = cfg.deletionProtection;
        this.name = name;
        this.region = cfg.region;
        this.rules = listenerRulesOf(cfg.targets);
        this.hosts = [...new Set(cfg.targets.flatMap((t) => t.routes.map((r) => r.host)).filter((h): h is string => h !== undefined))];

        const prefixListId = cfg.cloudFrontPrefixListId
            ?? aws.ec2.getManagedPrefixListOutput({ name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST, region: cfg.region }, parent).id;
        // One egress rule per distinct port (rules are named by their description, not their position).
        const ports = [...new Set(cfg.targets.map((t) => t.port))];
        const group = new SecurityGroup(`${name}-sg`, {
            vpcId: cfg.vpcId,
            region: cfg.region,
            namePrefix: resourceName([cfg.namePrefix, "alb"]),
            description: `Load balancer of ${cfg.namePrefix}: HTTPS from CloudFront only`,
            // The prefix list weighs 55 of the group's 60 rules: it stays the only ingress rule.
            ingress: [{ description: "HTTPS from CloudFront origin-facing servers", fromPort: 443, prefixListId }],
            egress: ports.map((port) => ({ description: `Target port ${port} in the VPC`, fromPort: port, cidrIpv4: cfg.vpcCidr })),
        }, parent);

        const lb = new aws.lb.LoadBalancer(`${name}-alb`, {
            region: cfg.region,
            name: resourceName([cfg.namePrefix, "alb"], AWS_NAME_MAX.loadBalancer),
            loadBalancerType: "application",
            internal: false,
            ipAddressType: "ipv4",
            securityGroups: [group.securityGroupId],
            subnets: cfg.subnetIds,
            dropInvalidHeaderFields: true,
            desyncMitigationMode: "strictest",
            enableHttp2: true,
            idleTimeout: cfg.idleTimeoutSeconds,
            enableDeletionProtection: prod,
            accessLogs: { bucket: cfg.logsBucket, enabled: true, prefix: cfg.accessLogsPrefix },
            connectionLogs: { bucket: cfg.logsBucket, enabled: true, prefix: cfg.connectionLogsPrefix },
        }, { ...parent, ...(prod ? { protect: true } : {}) });

        this.listener = new aws.lb.Listener(`${name}-https`, {
            region: cfg.region,
            loadBalancerArn: lb.arn,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: cfg.sslPolicy,
            certificateArn: cfg.certificateArn,
            defaultActions: [{
                type: "fixed-response",
                fixedResponse: { contentType: "text/plain", messageBody: "Forbidden", statusCode: "403" },
            }],
        }, parent);

        const secret = new random.RandomPassword(`${name}-origin-secret`, { length: 48, special: false }, parent);
        this.originHeader = { name: cfg.originHeaderName, value: pulumi.secret(secret.result) };

        this.arn = lb.arn;
        this.arnSuffix = lb.arnSuffix;
        this.dnsName = lb.dnsName;
        this.zoneId = lb.zoneId;
        this.listenerArn = this.listener.arn;
        this.securityGroupId = group.securityGroupId;
        this.registerOutputs({
            arn: this.arn,
            arnSuffix: this.arnSuffix,
            dnsName: this.dnsName,
            zoneId: this.zoneId,
            listenerArn: this.listenerArn,
            securityGroupId: this.securityGroupId,
        });
    }

    /**
     * The `attachTargetGroup` hook of the `FargateService` named `target`: creates one
     * listener rule per route of that target, forwarding to its target group when the origin
     * header matches, and returns them (the ECS service waits for them). Call it once per target.
     */
    attach(target: string): (targetGroup: TargetGroupRef) => pulumi.Resource[] {
        const rules = this.rules.filter((r) => r.target === target);
        if (rules.length === 0) throw new Error(`${LoadBalancer.TYPE} "${this.name}": no target named "${target}" (targets: ${[...new Set(this.rules.map((r) => r.target))].join(", ")})`);
        return (targetGroup) => {
            if (this.attached.has(target)) throw new Error(`${LoadBalancer.TYPE} "${this.name}": target "${target}" is attached already`);
            this.attached.add(target);
            return rules.map((rule) => new aws.lb.ListenerRule(`${this.name}-rule-${rule.key}`, {
                region: this.region,
                listenerArn: this.listener.arn,
                priority: rule.priority,
                conditions: ruleConditions(rule, this.originHeader),
                actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
            }, { parent: this }));
        };
    }
}
