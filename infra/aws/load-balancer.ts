/**
 * Load-balancer concern on AWS: the API origin behind CloudFront. When any web service has
 * `routes`, the environment gets one logs bucket (SSE-S3, the log retention), one ACM
 * certificate in its region for the hosts the load balancer answers, and one public ALB that
 * admits CloudFront only (its origin-facing prefix list plus a secret origin header); each
 * routed service attaches its target group through the ALB's listener rules (compute passes
 * the hook). Runs before compute, so services attach as they are created; the CloudFront
 * distribution (the edge concern) then takes `dnsName`, `originHeader` and
 * `originReadTimeoutSeconds` from the result.
 *
 * Spec mapping: a route's `host` / `pathPrefix` become one listener rule; a host-less route
 * answers on every domain, so the certificate then covers them all. `timeoutSeconds` is the
 * ALB's idle timeout (the longest of the routed services) and CloudFront's origin read
 * timeout: at most 60 s on AWS (the config check refuses more; a value left to the schema's
 * default is taken as 60). `concurrency` becomes request-count target tracking:
 * `concurrency × 60` requests per task per minute (`concurrency` requests in flight at about
 * a second each); CPU tracking still covers heavier requests.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Certificate, LoadBalancer, LogsBucket, type TargetGroupRef } from "../../components/aws";
import { isProd, resourceName } from "../../components/core/internal";
import { AWS_MAX_REQUEST_SECONDS } from "../aws-limits";
import type { ServiceSpec } from "../config";
import type { AwsContext } from "./context";


/** What compute passes to the `FargateService` of a routed web service. */
export interface ServiceAttachment {
    ingressSecurityGroupIds: pulumi.Output<string>[];
    loadBalancerArnSuffix: pulumi.Output<string>;
    attachTargetGroup: (targetGroup: TargetGroupRef) => pulumi.Resource[];
    requestsPerTarget: number;
}

/** Result of the load-balancer concern (absent when no service has routes). */
export interface LoadBalancerResult {
    loadBalancer: LoadBalancer;
    certificate: Certificate;
    logsBucket: LogsBucket;
    /** Per routed service name, what its FargateService needs. */
    attachments: Map<string, ServiceAttachment>;
    /** CloudFront's origin read timeout for this origin (the longest routed service's request timeout). */
    originReadTimeoutSeconds: number;
    outputs: Record<string, unknown>;
}

/** A routed service's request timeout on AWS: its `timeoutSeconds`, at most 60. */
export function awsRequestSecondsOf(svc: Pick<ServiceSpec, "timeoutSeconds">): number {
    return Math.min(svc.timeoutSeconds, AWS_MAX_REQUEST_SECONDS);
}

/** Requests per task per minute that request-count scaling keeps a service at. */
export function requestsPerTargetOf(svc: Pick<ServiceSpec, "concurrency">): number {
    return svc.concurrency * 60;
}

/** The hosts the origin certificate covers: every routed host, and every domain when a route has none. */
export function originHostsOf(services: Array<Pick<ServiceSpec, "routes">>, domains: string[]): string[] {
    const routes = services.flatMap((s) => s.routes);
    const hosts = routes.map((r) => r.host).filter((h): h is string => h !== undefined);
    return [...new Set([...hosts, ...(routes.some((r) => r.host === undefined) ? domains : [])])];
}

/** S3 name of the environment's logs bucket: `<namePrefix>-logs-<account>` (S3 names are global). */
export function logsBucketName(namePrefix: string, accountId: string): string {
    return resourceName([namePrefix, "logs", accountId], 63);
}

/** How the edge concern calls {@link deployLoadBalancer}. */
export interface LoadBalancerOptions {
    /**
     * The CloudFront certificate (us-east-1) writes the validation records of every domain into
     * `edge.dnsZone`. ACM gives every certificate of an account the same CNAME for a name, in
     * any region, so the origin certificate then validates through those records and writes
     * none itself: two Route 53 resources for one record would delete it with either.
     */
    validationRecordsByEdge?: boolean;
}

/** Deploys the logs bucket, origin certificate and load balancer when a web service has routes. */
export function deployLoadBalancer(ctx: AwsContext, options: LoadBalancerOptions = {}): LoadBalancerResult | undefined {
    const { spec } = ctx;
    const routed = spec.services.filter((s) => s.kind === "web" && s.routes.length > 0);
    if (routed.length === 0) return undefined;
    const prod = isProd(spec.tier);

    const logsBucket = new LogsBucket("logs", {
        bucketName: logsBucketName(spec.namePrefix, ctx.accountId),
        region: spec.region,
        accountId: ctx.accountId,
        retentionDays: ctx.logRetentionDays,
        forceDestroy: !prod,
        deletionProtection: prod,
    }, ctx.opts);
    const certificate = new Certificate("origin-cert", {
        domains: originHostsOf(routed, spec.domains),
        region: spec.region,
        ...(spec.edge.dnsZone && !options.validationRecordsByEdge ? { zoneId: spec.edge.dnsZone } : {}),
    }, ctx.opts);
    const timeout = Math.max(...routed.map(awsRequestSecondsOf));
    const loadBalancer = new LoadBalancer("alb", {
        namePrefix: spec.namePrefix,
        region: spec.region,
        vpcId: ctx.network.vpcId,
        vpcCidr: spec.network.cidr,
        subnetIds: ctx.network.publicSubnetIds,
        certificateArn: certificate.arn,
        logsBucket: logsBucket.ready,
        accessLogsPrefix: logsBucket.loadBalancerPrefixes[0],
        connectionLogsPrefix: logsBucket.loadBalancerPrefixes[1],
        targets: routed.map((s) => ({
            name: s.name,
            port: s.port,
            routes: s.routes.map((r) => ({ ...(r.host ? { host: r.host } : {}), ...(r.pathPrefix ? { pathPrefix: r.pathPrefix } : {}) })),
        })),
        idleTimeoutSeconds: timeout,
        deletionProtection: prod,
    }, ctx.opts);

    const attachments = new Map(routed.map((s) => [s.name, {
        ingressSecurityGroupIds: [loadBalancer.securityGroupId],
        loadBalancerArnSuffix: loadBalancer.arnSuffix,
        attachTargetGroup: loadBalancer.attach(s.name),
        requestsPerTarget: requestsPerTargetOf(s),
    }]));
    return {
        loadBalancer,
        certificate,
        logsBucket,
        attachments,
        originReadTimeoutSeconds: timeout,
        outputs: {
            loadBalancerDnsName: loadBalancer.dnsName,
            logsBucket: logsBucket.bucketName,
            // The origin certificate's validation records (when there is no zone) are among the
            // edge's dnsRecordsToCreate, deduplicated with the CloudFront certificate's.
        },
    };
}
