import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, resourceName } from "../core/internal";

/** Arguments of {@link Network}. */
export interface NetworkArgs {
    /**
     * Region of the subnet, router and NAT, e.g. `europe-west1`. A plain string, not an
     * output: the subnet, router and NAT are named after it, so it must be known up front.
     * @default none (required)
     */
    region: string;
    /**
     * Prefix for every resource name, e.g. `acme-staging`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Primary IPv4 range of the regional subnet. Cloud Run Direct VPC egress takes
     * its instance addresses from here, so leave room for max instances × 2.
     * @default "10.10.0.0/20"
     */
    subnetCidr?: string;
    /**
     * Prefix length of the range reserved for private services access (Cloud SQL,
     * Memorystore). Google recommends /16; /24 is the smallest that works.
     * @default 16
     */
    privateServicesPrefixLength?: number;
    /**
     * Fraction of subnet flows sampled into VPC flow logs (0 to 1).
     * @default 0.5
     */
    flowLogSampling?: number;
    /**
     * Log the explicit deny-all ingress rule's hits. Useful when auditing, noisy otherwise.
     * @default false
     */
    logDeniedIngress?: boolean;
    /**
     * Reserve this many regional static external addresses and make Cloud NAT use only them,
     * so third parties can allowlist the environment's egress (payment and SMS providers).
     * Workloads whose egress goes through the VPC for all traffic (Cloud Run `all-traffic`)
     * leave from these addresses. 0 lets Cloud NAT allocate addresses automatically.
     * @default 0
     */
    staticEgressIps?: number;
    /**
     * Protect the static egress addresses (`protect`): losing one breaks every allowlist that
     * names it. Set in prod.
     * @default false
     */
    protectEgressIps?: boolean;
}

/** Defaults of {@link NetworkArgs}, in one place. */
export const NETWORK_DEFAULTS = {
    subnetCidr: "10.10.0.0/20",
    privateServicesPrefixLength: 16,
    flowLogSampling: 0.5,
    logDeniedIngress: false,
    staticEgressIps: 0,
    protectEgressIps: false,
} as const;

const CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(8|9|[12]\d)$/;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateNetworkArgs(name: string, args: NetworkArgs): void {
    const check = new ArgsChecker(Network.TYPE, name);
    check.matches("region", args.region, /^[a-z]+-[a-z]+\d+$/, "a GCP region such as \"europe-west1\"");
    check.matchesIfGiven("subnetCidr", args.subnetCidr, CIDR, "an IPv4 CIDR from /8 to /29 such as \"10.10.0.0/20\"");
    check.intInRange("privateServicesPrefixLength", args.privateServicesPrefixLength, 8, 24);
    check.numberInRange("flowLogSampling", args.flowLogSampling, 0, 1);
    check.intInRange("staticEgressIps", args.staticEgressIps, 0, 16);
    check.throwIfAny();
}

/**
 * A private VPC for one environment: custom-mode network, one regional subnet with
 * Private Google Access and flow logs, a private services access range peered with
 * Google's service producers (needed for private-IP Cloud SQL and Memorystore),
 * Cloud Router + Cloud NAT for egress (optionally from reserved static addresses), and an
 * explicit deny-all ingress rule so nothing is reachable from the internet except through
 * the load balancer.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const network = new gcp.Network("main", { region: "europe-west1", namePrefix: "acme-prod" });
 * export const subnetworkId = network.subnetworkId;
 * ```
 */
export class Network extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:Network";

    /** The VPC network. */
    readonly network: gcp.compute.Network;
    /** The regional subnet used for Direct VPC egress. */
    readonly subnetwork: gcp.compute.Subnetwork;
    /** The peering connection with service producers; depend on it before creating private-IP services. */
    readonly privateServicesConnection: gcp.servicenetworking.Connection;
    /** Name of the reserved private services range. */
    readonly privateServicesRangeName: pulumi.Output<string>;
    /** Network ID (`projects/…/global/networks/…`). */
    readonly networkId: pulumi.Output<string>;
    /** Subnetwork ID. */
    readonly subnetworkId: pulumi.Output<string>;
    /** The reserved static egress addresses (empty when Cloud NAT allocates automatically). */
    readonly egressIps: pulumi.Output<string>[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        validateNetworkArgs(name, args);
        super(Network.TYPE, name, {}, opts);
        const cfg = { ...NETWORK_DEFAULTS, ...definedOnly(args) };
        const n = (suffix: string) => resourceName([cfg.namePrefix, suffix]);
        const parent = { parent: this };

        this.network = new gcp.compute.Network(`${name}-vpc`, {
            name: n("vpc"),
            autoCreateSubnetworks: false,
            routingMode: "REGIONAL",
            description: `Private network of ${cfg.namePrefix} (managed by prodstack)`,
        }, parent);

        this.subnetwork = new gcp.compute.Subnetwork(`${name}-subnet`, {
            name: n(cfg.region),
            network: this.network.id,
            region: cfg.region,
            ipCidrRange: cfg.subnetCidr,
            privateIpGoogleAccess: true,
            stackType: "IPV4_ONLY",
            logConfig: {
                aggregationInterval: "INTERVAL_5_SEC",
                flowSampling: cfg.flowLogSampling,
                metadata: "INCLUDE_ALL_METADATA",
            },
        }, parent);

        const psaRange = new gcp.compute.GlobalAddress(`${name}-psa-range`, {
            name: n("psa"),
            network: this.network.id,
            purpose: "VPC_PEERING",
            addressType: "INTERNAL",
            prefixLength: cfg.privateServicesPrefixLength,
            description: "Private services access range (Cloud SQL, Memorystore)",
        }, parent);

        this.privateServicesConnection = new gcp.servicenetworking.Connection(`${name}-psa`, {
            network: this.network.id,
            service: "servicenetworking.googleapis.com",
            reservedPeeringRanges: [psaRange.name],
            // Google refuses to delete the peering while producers still use it; abandoning
            // lets the stack be destroyed without a manual step.
            deletionPolicy: "ABANDON",
        }, parent);

        const router = new gcp.compute.Router(`${name}-router`, {
            name: n("router"),
            network: this.network.id,
            region: cfg.region,
        }, parent);

        const egressAddresses = Array.from({ length: cfg.staticEgressIps }, (_, i) =>
            new gcp.compute.Address(`${name}-egress-${i + 1}`, {
                name: n(`egress-${i + 1}`),
                region: cfg.region,
                addressType: "EXTERNAL",
                networkTier: "PREMIUM",
                description: `Static egress address ${i + 1} of ${cfg.namePrefix} through Cloud NAT (managed by prodstack)`,
            }, { parent: this, protect: cfg.protectEgressIps }));

        new gcp.compute.RouterNat(`${name}-nat`, {
            name: n("nat"),
            router: router.name,
            region: cfg.region,
            ...(egressAddresses.length
                ? { natIpAllocateOption: "MANUAL_ONLY", natIps: egressAddresses.map((a) => a.selfLink) }
                : { natIpAllocateOption: "AUTO_ONLY" }),
            sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
            subnetworks: [{ name: this.subnetwork.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
            logConfig: { enable: true, filter: "ERRORS_ONLY" },
        }, parent);

        // A custom-mode VPC already denies ingress implicitly; the explicit rule makes the
        // intent auditable and can log what it blocks.
        new gcp.compute.Firewall(`${name}-deny-ingress`, {
            name: n("deny-all-ingress"),
            network: this.network.id,
            direction: "INGRESS",
            priority: 65534,
            denies: [{ protocol: "all" }],
            sourceRanges: ["0.0.0.0/0"],
            description: "Deny all ingress; traffic enters only through Google's load balancer",
            ...(cfg.logDeniedIngress ? { logConfig: { metadata: "INCLUDE_ALL_METADATA" } } : {}),
        }, parent);

        this.privateServicesRangeName = psaRange.name;
        this.networkId = this.network.id;
        this.subnetworkId = this.subnetwork.id;
        this.egressIps = egressAddresses.map((a) => a.address);
        this.registerOutputs({
            egressIps: this.egressIps,
            networkId: this.networkId,
            subnetworkId: this.subnetworkId,
            privateServicesRangeName: this.privateServicesRangeName,
        });
    }
}

