/**
 * Front end of the edge: the SSL policy, the HTTPS and HTTP target proxies, the reserved
 * global addresses and their forwarding rules. Used by {@link Edge} (cdn.ts).
 */
import * as gcp from "@pulumi/gcp";
import { resourceName } from "../core/internal";
import type { Edge } from "./cdn";
import type { ManagedCertificates } from "./certificate";
import type { EdgeConfig } from "./edge-backends";

/** Proxies, addresses (protected in prod) and forwarding rules in front of the URL maps. */
export function edgeFrontend(
    edge: Edge,
    name: string,
    cfg: EdgeConfig,
    urlMap: gcp.compute.URLMap,
    redirect: gcp.compute.URLMap,
    certificates: ManagedCertificates,
    prod: boolean,
): { httpsProxy: gcp.compute.TargetHttpsProxy; v4: gcp.compute.GlobalAddress; v6?: gcp.compute.GlobalAddress } {
    const n = (...parts: string[]) => resourceName([cfg.namePrefix, ...parts]);
    const parent = { parent: edge };
    const sslPolicy = new gcp.compute.SSLPolicy(`${name}-tls`, {
        name: n("edge-tls"),
        description: `TLS 1.2+ ${cfg.sslProfile} (managed by prodstack)`,
        profile: cfg.sslProfile,
        minTlsVersion: "TLS_1_2",
    }, parent);
    const httpsProxy = new gcp.compute.TargetHttpsProxy(`${name}-https`, {
        name: n("edge-https"),
        urlMap: urlMap.id,
        sslPolicy: sslPolicy.id,
        ...(certificates.certificateMapUri
            ? { certificateMap: certificates.certificateMapUri }
            : { sslCertificates: certificates.sslCertificateIds }),
    }, parent);
    const httpProxy = new gcp.compute.TargetHttpProxy(`${name}-http`, {
        name: n("edge-http"),
        urlMap: redirect.id,
    }, parent);

    // Clients and DNS point at these addresses: protect them in prod.
    const addressOpts = { parent: edge, protect: prod };
    const v4 = new gcp.compute.GlobalAddress(`${name}-ipv4`, {
        name: n("edge-ipv4"),
        description: `Public IPv4 address of ${cfg.namePrefix} (managed by prodstack)`,
        addressType: "EXTERNAL",
        ipVersion: "IPV4",
    }, addressOpts);
    const v6 = cfg.ipv6
        ? new gcp.compute.GlobalAddress(`${name}-ipv6`, {
            name: n("edge-ipv6"),
            description: `Public IPv6 address of ${cfg.namePrefix} (managed by prodstack)`,
            addressType: "EXTERNAL",
            ipVersion: "IPV6",
        }, addressOpts)
        : undefined;
    for (const [suffix, address] of [["", v4], ["-v6", v6]] as const) {
        if (!address) continue;
        new gcp.compute.GlobalForwardingRule(`${name}-https${suffix}`, {
            name: n(`edge-https${suffix}`),
            loadBalancingScheme: "EXTERNAL_MANAGED",
            ipProtocol: "TCP",
            ipAddress: address.address,
            portRange: "443",
            target: httpsProxy.id,
        }, parent);
        new gcp.compute.GlobalForwardingRule(`${name}-http${suffix}`, {
            name: n(`edge-http${suffix}`),
            loadBalancingScheme: "EXTERNAL_MANAGED",
            ipProtocol: "TCP",
            ipAddress: address.address,
            portRange: "80",
            target: httpProxy.id,
        }, parent);
    }
    return { httpsProxy, v4, v6 };
}
