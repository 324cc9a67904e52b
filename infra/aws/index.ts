/**
 * The AWS composition: turns the validated environment spec into explicit component args,
 * concern by concern (foundation → data → load balancer → compute → the data's restore drill → edge → observability), as `infra/gcp/` does for GCP. Staging and prod
 * run this same code; only their spec differs. Loads `@pulumi/aws`, never `@pulumi/gcp`.
 *
 * Every resource uses one explicit provider: `allowedAccountIds` refuses credentials of any
 * other account (a prod deploy with staging credentials fails before touching anything), and
 * its default tags carry the environment labels (the policy pack reads `tier` from them).
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentSpec } from "../config";
import { environmentLabels } from "../labels";
import { checkCompute, deployCompute } from "./compute";
import type { AwsContext } from "./context";
import { deployData } from "./data";
import { deployEdge } from "./edge";
import { deployFoundation, logRetentionOf } from "./foundation";
import { deployLoadBalancer } from "./load-balancer";
import { deployRestoreDrill } from "./restore-drill";
import { dataWatchOf, deployObservability, edgeWatchOf, loadBalancersOf } from "./observability";

/** Deploys the environment on AWS and returns the stack outputs. */
export function deployAws(spec: EnvironmentSpec, stack: string): Record<string, pulumi.Input<unknown>> {
    // Everything that can be wrong is checked before anything is registered.
    checkCompute(spec, stack);
    const accountId = spec.aws!.accountId;
    const labels = environmentLabels(spec, stack);
    const provider = new aws.Provider("aws", {
        region: spec.region,
        allowedAccountIds: [accountId],
        defaultTags: { tags: labels },
    });
    const opts = { providers: [provider] };
    const { key, network, usEast1Key } = deployFoundation(spec, opts);
    const ctx: AwsContext = { spec, stack, accountId, labels, provider, opts, logRetentionDays: logRetentionOf(spec), key, usEast1Key, network };
    const data = deployData(ctx);
    // The load balancer comes first: routed services attach to it as they are created. The
    // CloudFront certificate writes every domain's validation records (ACM shares them across regions).
    const lb = deployLoadBalancer(ctx, { validationRecordsByEdge: true });
    const compute = deployCompute(ctx, lb, data);
    const restoreDrill = deployRestoreDrill(ctx, data, compute);
    const edge = deployEdge(ctx, lb && { dnsName: lb.loadBalancer.dnsName, originHeader: lb.loadBalancer.originHeader, certificateRecords: lb.certificate.dnsRecords },
        lb && { bucketName: lb.logsBucket.bucketName, serverAccessLogsPrefix: lb.logsBucket.serverAccessLogsPrefix });
    const observability = deployObservability(ctx, {
        compute,
        data: { ...dataWatchOf(spec, data), ...(restoreDrill ? { restoreDrill } : {}) },
        edge: edgeWatchOf(edge, loadBalancersOf(compute, lb?.loadBalancer.arnSuffix)),
    });

    return {
        accountId,
        region: spec.region,
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        // Every task leaves through the NAT gateways: these are the addresses partners allowlist.
        egressIps: network.egressIps,
        kmsKeyArn: key.arn,
        ...data.outputs,
        ...compute.outputs,
        ...lb?.outputs,
        ...edge.outputs,
        ...observability.outputs,
    };
}
