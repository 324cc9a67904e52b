/**
 * Contracts between the concerns of the AWS composition (foundation → compute), mirroring
 * `infra/gcp/context.ts`. Each concern takes the context plus the results of the concerns
 * before it, and returns its own result and stack outputs.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { KmsKey, Network } from "../../components/aws";
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

/** One deployed web service or worker, as later concerns (edge, observability) will see it. */
export interface DeployedTask {
    /** Spec name, e.g. `api`. */
    name: string;
    kind: "web" | "worker";
    /** ECS service name. */
    serviceName: pulumi.Output<string>;
    /** The tasks' security group, to admit them into a database's or cache's group. */
    securityGroupId: pulumi.Output<string>;
}

/** Result of the compute concern (secrets, registry, images, services, workers, jobs, buckets). */
export interface ComputeResult {
    /** The environment's ECS cluster every service, worker and job runs in (`ClusterName` of ECS metrics). */
    clusterName: pulumi.Output<string>;
    /** Its ARN. */
    clusterArn: pulumi.Output<string>;
    services: DeployedTask[];
    /** Jobs: spec name and task definition ARN. */
    jobs: Array<{ name: string; taskDefinitionArn: pulumi.Output<string> }>;
    outputs: Record<string, pulumi.Input<unknown>>;
}
