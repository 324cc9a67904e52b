/**
 * The GCP composition: turns the validated environment spec into explicit component
 * args, concern by concern (network → data → compute → edge → observability). Staging
 * and prod run this same code; only their spec differs.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { isProd } from "../../components/core/internal";
import { Network, ProjectServices } from "../../components/gcp";
import type { EnvironmentSpec } from "../config";
import { environmentLabels } from "../labels";
import { COMPUTE_APIS, deployCompute, workloadApis } from "./compute";
import { DATA_APIS, deployData } from "./data";
import { EDGE_APIS, deployEdge } from "./edge";
import { OBSERVABILITY_APIS, deployObservability } from "./observability";
import { restoreDrillApis } from "./restore-drill";
import type { GcpContext } from "./context";

/** APIs every GCP environment uses; each concern adds its own. */
export const BASE_APIS = [
    "compute.googleapis.com",
    "servicenetworking.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
];

/** Identity-Aware Proxy's API, when a route uses it. */
export function iapApis(spec: EnvironmentSpec): string[] {
    return spec.services.some((s) => s.routes.some((r) => r.iap)) ? ["iap.googleapis.com"] : [];
}

/** Deploys the environment on GCP and returns the stack outputs. */
export function deployGcp(spec: EnvironmentSpec, stack: string): Record<string, pulumi.Input<unknown>> {
    const project = spec.gcp!.project;
    const labels = environmentLabels(spec, stack);

    // APIs are enabled through a provider of their own; the provider every other resource
    // uses depends on them, so no resource races its API being switched on.
    const bootstrap = new gcp.Provider("gcp-bootstrap", { project, region: spec.region });
    const apis = new ProjectServices("apis", {
        project,
        services: [
            ...BASE_APIS, ...DATA_APIS, ...COMPUTE_APIS, ...EDGE_APIS, ...OBSERVABILITY_APIS,
            ...workloadApis(spec), ...iapApis(spec), ...restoreDrillApis(spec),
        ],
    }, { provider: bootstrap });
    // With user credentials (ADC from `gcloud auth application-default login`) some APIs, the
    // Billing Budget API among them, refuse calls without a quota project: bill the calls to
    // the environment's own project, so a first `pulumi up` from a laptop works.
    const provider = new gcp.Provider("gcp", {
        project,
        region: spec.region,
        defaultLabels: labels,
        userProjectOverride: true,
        billingProject: project,
    }, { dependsOn: [apis] });

    const network = new Network("network", {
        region: spec.region,
        namePrefix: spec.namePrefix,
        subnetCidr: spec.network.cidr,
        privateServicesPrefixLength: spec.network.privateServicesPrefixLength,
        // One address unless the spec says how many, as soon as a service needs a fixed egress IP.
        staticEgressIps: spec.network.staticEgressIps ?? (spec.services.some((s) => s.staticEgressIp) ? 1 : 0),
        protectEgressIps: isProd(spec.tier),
    }, { providers: [provider] });

    const ctx: GcpContext = { spec, stack, project, labels, provider, opts: { providers: [provider] }, network };
    const data = deployData(ctx);
    const compute = deployCompute(ctx, data);
    const edge = deployEdge(ctx, compute);
    const observability = deployObservability(ctx, { data, compute, edge });

    return {
        project,
        region: spec.region,
        networkId: network.networkId,
        subnetworkId: network.subnetworkId,
        ...(network.egressIps.length ? { egressIps: network.egressIps } : {}),
        ...data.outputs,
        ...compute.outputs,
        ...edge.outputs,
        ...observability.outputs,
    };
}
