import { InvalidArgsError } from "../../../components/core";
import { Network, type NetworkArgs, validateNetworkArgs } from "../../../components/gcp/network";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, memo, plan } from "../../helpers/inventory";

const ARGS: NetworkArgs = { region: "europe-west1", namePrefix: "acme-stg" };
/** The network with every default, planned once for the tests that read it. */
const defaults = memo(() => plan(() => new Network("net", ARGS)));

describe("gcp Network", () => {
    it("creates a custom-mode VPC, one private subnet with flow logs, PSA, router, NAT and a deny-all rule", async () => {
        const inv = await defaults();
        expect(inv.counts()).toEqual({
            "prodstack:gcp:Network": 1,
            "gcp:compute/network:Network": 1,
            "gcp:compute/subnetwork:Subnetwork": 1,
            "gcp:compute/globalAddress:GlobalAddress": 1,
            "gcp:servicenetworking/connection:Connection": 1,
            "gcp:compute/router:Router": 1,
            "gcp:compute/routerNat:RouterNat": 1,
            "gcp:compute/firewall:Firewall": 1,
        });
        expect(inv.one("gcp:compute/network:Network").inputs).toEqual({
            name: "acme-stg-vpc",
            autoCreateSubnetworks: false,
            routingMode: "REGIONAL",
            description: "Private network of acme-stg (managed by prodstack)",
        });
        expect(inv.one("gcp:compute/subnetwork:Subnetwork").inputs).toEqual({
            name: "acme-stg-europe-west1",
            network: "net-vpc-id",
            region: "europe-west1",
            ipCidrRange: "10.10.0.0/20",
            privateIpGoogleAccess: true,
            stackType: "IPV4_ONLY",
            logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
        });
        expect(inv.one("gcp:compute/router:Router").inputs).toEqual({ name: "acme-stg-router", network: "net-vpc-id", region: "europe-west1" });
    });

    it("peers a /16 private services range with servicenetworking for Cloud SQL and Memorystore", async () => {
        const inv = await defaults();
        const range = inv.one("gcp:compute/globalAddress:GlobalAddress");
        expect(range.inputs).toEqual({
            name: "acme-stg-psa",
            network: "net-vpc-id",
            purpose: "VPC_PEERING",
            addressType: "INTERNAL",
            prefixLength: 16,
            description: "Private services access range (Cloud SQL, Memorystore)",
        });
        const psa = inv.one("gcp:servicenetworking/connection:Connection");
        expect(psa.inputs).toEqual({
            network: "net-vpc-id",
            service: "servicenetworking.googleapis.com",
            reservedPeeringRanges: ["acme-stg-psa"],
            deletionPolicy: "ABANDON",
        });
        expect(psa.dependsOn).toContain(range.urn);
    });

    it("NATs only its own subnet and logs NAT errors", async () => {
        const inv = await defaults();
        const nat = inv.one("gcp:compute/routerNat:RouterNat");
        const subnet = inv.one("gcp:compute/subnetwork:Subnetwork");
        expect(nat.inputs).toEqual({
            name: "acme-stg-nat",
            router: "acme-stg-router",
            region: "europe-west1",
            natIpAllocateOption: "AUTO_ONLY",
            sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
            subnetworks: [{ name: "net-subnet-id", sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
            logConfig: { enable: true, filter: "ERRORS_ONLY" },
        });
        expect(nat.dependsOn).toContain(subnet.urn);
    });

    it("opens nothing to the world: the only rule denies all ingress", async () => {
        const inv = await defaults();
        const rules = inv.ofType("gcp:compute/firewall:Firewall");
        expect(rules.map((r) => r.inputs)).toEqual([{
            name: "acme-stg-deny-all-ingress",
            network: "net-vpc-id",
            direction: "INGRESS",
            priority: 65534,
            denies: [{ protocol: "all" }],
            sourceRanges: ["0.0.0.0/0"],
            description: "Deny all ingress; traffic enters only through Google's load balancer",
        }]);
    });

    it("lets Cloud NAT allocate addresses unless static egress addresses are asked for", async () => {
        const auto = await defaults();
        expect(auto.ofType("gcp:compute/address:Address")).toEqual([]);
        expect(summarize(Network.TYPE, auto.resources)).toContain(" · Cloud NAT egress · ");
    });

    it("sends NAT egress from reserved static addresses, protected when asked, and outputs them", async () => {
        const inv = await plan(() => ({ ips: new Network("net", { ...ARGS, staticEgressIps: 2, protectEgressIps: true }).egressIps }));
        const addresses = inv.ofType("gcp:compute/address:Address");
        expect(addresses.map((a) => a.name)).toEqual(["net-egress-1", "net-egress-2"]);
        expect(addresses.map((a) => a.inputs)).toEqual([1, 2].map((i) => ({
            name: `acme-stg-egress-${i}`,
            region: "europe-west1",
            addressType: "EXTERNAL",
            networkTier: "PREMIUM",
            description: `Static egress address ${i} of acme-stg through Cloud NAT (managed by prodstack)`,
        })));
        expect(addresses.every((a) => a.protect)).toBe(true);
        const nat = inv.one("gcp:compute/routerNat:RouterNat").inputs;
        expect(nat).toMatchObject({ natIpAllocateOption: "MANUAL_ONLY", natIps: [1, 2].map((i) => `https://www.googleapis.com/compute/v1/projects/placeholder-project/regions/europe-west1/addresses/acme-stg-egress-${i}`) });
        expect(inv.outputs.ips).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/)]);
        expect(summarize(Network.TYPE, inv.resources)).toContain(" · Cloud NAT egress from 2 static IPs · ");
    });

    it("parents every child to the component", async () => {
        const inv = await defaults();
        const component = inv.one("prodstack:gcp:Network");
        expect(inv.childrenOf(component.urn)).toHaveLength(inv.resources.length - 1);
    });

    it("honours explicit args", async () => {
        const inv = await plan(
            () => new Network("net", { ...ARGS, subnetCidr: "10.30.0.0/22", privateServicesPrefixLength: 20, flowLogSampling: 1, logDeniedIngress: true }),
        );
        expect(inv.one("gcp:compute/subnetwork:Subnetwork").inputs).toMatchObject({ ipCidrRange: "10.30.0.0/22", logConfig: { flowSampling: 1 } });
        expect(inv.one("gcp:compute/globalAddress:GlobalAddress").inputs.prefixLength).toBe(20);
        expect(inv.one("gcp:compute/firewall:Firewall").inputs.logConfig).toEqual({ metadata: "INCLUDE_ALL_METADATA" });
    });

    it("accepts 0 and 16 static egress addresses and refuses 17", async () => {
        await expect(plan(() => new Network("net", { ...ARGS, staticEgressIps: 16 }))).resolves.toBeDefined();
        expect(() => new Network("net", { ...ARGS, staticEgressIps: 17 })).toThrow("staticEgressIps: expected an integer from 0 to 16, got 17");
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new Network("net", { region: "Europe", namePrefix: "x", subnetCidr: "10.0.0.0", privateServicesPrefixLength: 28, flowLogSampling: 2 });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'region: expected a GCP region such as "europe-west1", got "Europe"',
            'subnetCidr: expected an IPv4 CIDR from /8 to /29 such as "10.10.0.0/20", got "10.0.0.0"',
            "privateServicesPrefixLength: expected an integer from 8 to 24, got 28",
            "flowLogSampling: expected a number from 0 to 1, got 2",
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    const problemsOf = (args: Partial<NetworkArgs>) => argProblems(() => validateNetworkArgs("net", { ...ARGS, ...args }));
    const CIDR = 'subnetCidr: expected an IPv4 CIDR from /8 to /29 such as "10.10.0.0/20", got';

    it.each<[string, Partial<NetworkArgs>]>([
        ["a two-digit region", { region: "europe-west10" }],
        ["a /8 range with zero octets", { subnetCidr: "0.0.0.0/8" }],
        ["a /9 range with three-digit octets up to 255", { subnetCidr: "255.250.199.100/9" }],
        ["a /29 range with octets from 200 to 249", { subnetCidr: "249.200.240.209/29" }],
        ["one-, two- and three-digit octets", { subnetCidr: "172.1.99.0/10" }],
        ["a /8 private services range", { privateServicesPrefixLength: 8 }],
        ["a /24 private services range", { privateServicesPrefixLength: 24 }],
        ["no flow log sampling", { flowLogSampling: 0 }],
    ])("accepts %s", (_label, args) => {
        expect(problemsOf(args)).toEqual([]);
    });

    it.each<[string, Partial<NetworkArgs>, string]>([
        ["a zone for a region", { region: "europe-west1-b" }, 'region: expected a GCP region such as "europe-west1", got "europe-west1-b"'],
        ["a region with a capital", { region: "Europe-west1" }, 'region: expected a GCP region such as "europe-west1", got "Europe-west1"'],
        ["an octet of 256", { subnetCidr: "10.256.0.0/20" }, `${CIDR} "10.256.0.0/20"`],
        ["a first octet of 256", { subnetCidr: "256.0.0.0/20" }, `${CIDR} "256.0.0.0/20"`],
        ["a first octet of 260", { subnetCidr: "260.0.0.0/20" }, `${CIDR} "260.0.0.0/20"`],
        ["an octet of 260", { subnetCidr: "10.260.0.0/20" }, `${CIDR} "10.260.0.0/20"`],
        ["a first octet of 300", { subnetCidr: "300.0.0.0/20" }, `${CIDR} "300.0.0.0/20"`],
        ["a four-digit octet", { subnetCidr: "1000.0.0.0/20" }, `${CIDR} "1000.0.0.0/20"`],
        ["a /7 range", { subnetCidr: "10.0.0.0/7" }, `${CIDR} "10.0.0.0/7"`],
        ["a /30 range", { subnetCidr: "10.0.0.0/30" }, `${CIDR} "10.0.0.0/30"`],
        ["text before the range", { subnetCidr: "x10.0.0.0/20" }, `${CIDR} "x10.0.0.0/20"`],
        ["a one-digit prefix length below 8", { subnetCidr: "10.0.0.0/2" }, `${CIDR} "10.0.0.0/2"`],
        ["a three-digit prefix length", { subnetCidr: "10.0.0.0/200" }, `${CIDR} "10.0.0.0/200"`],
        ["a private services range wider than /8", { privateServicesPrefixLength: 7 }, "privateServicesPrefixLength: expected an integer from 8 to 24, got 7"],
        ["a private services range narrower than /24", { privateServicesPrefixLength: 25 }, "privateServicesPrefixLength: expected an integer from 8 to 24, got 25"],
        ["negative flow log sampling", { flowLogSampling: -0.1 }, "flowLogSampling: expected a number from 0 to 1, got -0.1"],
        ["negative static egress addresses", { staticEgressIps: -1 }, "staticEgressIps: expected an integer from 0 to 16, got -1"],
    ])("rejects %s", (_label, args, problem) => {
        expect(problemsOf(args)).toEqual([problem]);
    });
});
