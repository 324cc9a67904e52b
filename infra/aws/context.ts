/**
 * Contracts between the concerns of the AWS composition (foundation → compute), mirroring
 * `infra/gcp/context.ts`. Each concern takes the context plus the results of the concerns
 * before it, and returns its own result and stack outputs.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Database, KmsKey, Network, SecurityGroupRule, TaskPermission, TaskSecret } from "../../components/aws";
import type { EnvironmentSpec } from "../config";

/** What every concern receives. */
export interface AwsContext {
    spec: EnvironmentSpec;
    /** Stack name, e.g. `aws-staging`. */
    stack: string;
    /** The AWS account the environment lives in (the provider refuses any other). */
    accountId: string;
    /** Tags of the environment (also the provider's default tags). */
    labels: Record<string, string>;
    /** The one explicit provider every resource uses. */
    provider: aws.Provider;
    /** Options to pass to every top-level component (`providers: [provider]`). */
    opts: pulumi.ComponentResourceOptions;
    /** Days every log group keeps its logs (a CloudWatch Logs retention value). */
    logRetentionDays: number;
    /** The environment's customer-managed key: logs, secrets, registry. */
    key: KmsKey;
    /** The key of what lives in us-east-1, created on first call (see `infra/aws/foundation.ts`). */
    usEast1Key: () => KmsKey;
    network: Network;
}

/**
 * What a workload that uses a data store (`usesDatabase`, `usesCache`) gets, services,
 * workers and jobs alike, mirroring the GCP `Binding`: plain env, secret env (read by the
 * execution role when a task starts), task-role permissions, egress from the task's group to
 * the store's, and `admit`, which opens the store's group to the task's once it exists.
 */
export interface AwsBinding {
    /** Plain env: host, port, names, TLS mode, CA file path. */
    environment: Record<string, pulumi.Input<string>>;
    /** Secret env from Secrets Manager (the URL with the password, the password). */
    secrets: Record<string, TaskSecret>;
    /** What the application's code may call for the store (none when it connects with a password). */
    permissions: TaskPermission[];
    /** Outbound rules of the task's group to the store. */
    egress: SecurityGroupRule[];
    /** Adds the store's inbound rule from a workload's task security group. */
    admit(workload: string, securityGroupId: pulumi.Input<string>): void;
}

/** Result of the data concern (RDS; ElastiCache). */
export interface AwsDataResult {
    /** The primary RDS instance (its restore drill needs it), when there is a database. */
    primary?: Database;
    /** Binding for workloads with `usesDatabase: true`, when there is a database. */
    database?: AwsBinding;
    /** Binding for workloads with `usesCache: true`, when there is a cache. */
    cache?: AwsBinding;
    /** RDS instances to watch: spec-side name and DB instance identifier. */
    databases: Array<{ name: string; identifier: string }>;
    /** ElastiCache replication groups to watch: their member cluster IDs (CloudWatch's `CacheClusterId`). */
    caches: Array<{ name: string; memberClusterIds: string[] }>;
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** One deployed web service or worker, as later concerns (edge, observability) will see it. */
export interface DeployedTask {
    /** Spec name, e.g. `api`. */
    name: string;
    kind: "web" | "worker";
    /** ECS service name. */
    serviceName: pulumi.Output<string>;
    /** The tasks' security group, to admit them into a database's or cache's group. */
    securityGroupId: pulumi.Output<string>;
    /** ECS cluster name (alarms and dashboard dimensions). */
    clusterName: pulumi.Output<string>;
    /** `arnSuffix` of a web service's target group (its request alarms, once a load balancer serves it). */
    targetGroupArnSuffix?: pulumi.Output<string>;
    /** Fewest and most tasks (the task-count alarm). */
    minInstances: number;
    maxInstances: number;
}

/** Result of the compute concern (secrets, registry, images, services, workers, jobs, buckets). */
export interface ComputeResult {
    /** The environment's ECS cluster every service, worker and job runs in (`ClusterName` of ECS metrics). */
    clusterName: pulumi.Output<string>;
    /** Its ARN. */
    clusterArn: pulumi.Output<string>;
    services: DeployedTask[];
    /** Jobs: spec name, task definition ARN and family (the failed-run alarms). */
    jobs: Array<{ name: string; taskDefinitionArn: pulumi.Output<string>; family: string }>;
    outputs: Record<string, pulumi.Input<unknown>>;
}

/** What an uptime check probes: a path and the accepted status classes, or nothing (as on GCP). */
export interface UptimeProbe {
    enabled: boolean;
    /** Path as the client requests it (route prefix included). */
    path: string;
    acceptedStatus: Array<"2xx" | "3xx" | "4xx">;
}

/**
 * What the observability concern watches of the data tier: plain identifiers, so that wiring
 * RDS and ElastiCache in is one entry each.
 */
export interface DataWatch {
    databases: Array<{
        /** Short name, e.g. `main` or `main-replica-1`. */
        name: string;
        instanceIdentifier: pulumi.Output<string>;
        replica: boolean;
        allocatedStorageGb: number;
        maxConnections: number;
        /** Automated backups on (a primary with retention > 0). */
        backups: boolean;
    }>;
    caches: Array<{ name: string; memberClusterIds: pulumi.Input<string>[] }>;
    /** The database's restore drill, when the environment runs one. */
    restoreDrill?: RestoreDrillWatch;
}

/** What the observability concern watches of a restore drill. */
export interface RestoreDrillWatch {
    databaseIdentifier: string;
    scratchIdentifier: string;
    metricNamespace: string;
    stateMachineArn: pulumi.Output<string>;
    schedulePeriodSeconds: number;
}

/** What the observability concern watches of the edge (ALB, CloudFront, WAF, ACM), as plain identifiers. */
export interface EdgeWatch {
    /** Public endpoints and what their health checks probe (disabled ones included). */
    publicEndpoints: Array<{ host: string; probe: UptimeProbe; kind: "service" | "site" }>;
    /** Load balancer and target group `arnSuffix` per web service name. */
    loadBalancers: Record<string, { loadBalancerArnSuffix: pulumi.Output<string>; targetGroupArnSuffix: pulumi.Output<string> }>;
    /** The web ACL: its metric name (the `WebACL` dimension) and scope. */
    webAcl?: { metricName: pulumi.Input<string>; scope: "CLOUDFRONT" | "REGIONAL" };
    /** CloudFront distribution IDs by the host they serve. */
    distributions: Record<string, pulumi.Output<string>>;
    certificates: Array<{ arn: pulumi.Output<string>; region: string; domain: string }>;
}

/** Result of the observability concern. */
export interface ObservabilityResult {
    outputs: Record<string, pulumi.Input<unknown>>;
}
