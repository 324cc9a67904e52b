import { InvalidArgsError } from "../../../components/core";
import { Network, type NetworkArgs } from "../../../components/gcp/network";
import { summarize } from "../../../infra/plan/summaries";
import { plan } from "../../helpers/inventory";

const ARGS: NetworkArgs = { region: "europe-west1", namePrefix: "acme-stg" };

describe("gcp Network", () => {
    it("creates a custom-mode VPC, one private subnet with flow logs, PSA, router, NAT and a deny-all rule", async () => {
        const inv = await plan(() => new Network("net", ARGS));
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
        expect(inv.one("gcp:compute/network:Network").inputs).toMatchObject({
            name: "acme-stg-vpc",
            autoCreateSubnetworks: false,
            routingMode: "REGIONAL",
        });
        expect(inv.one("gcp:compute/subnetwork:Subnetwork").inputs).toMatchObject({
            region: "europe-west1",
            ipCidrRange: "10.10.0.0/20",
            privateIpGoogleAccess: true,
            logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
        });
    });

    it("peers a /16 private services range with servicenetworking for Cloud SQL and Memorystore", async () => {
        const inv = await plan(() => new Network("net", ARGS));
        const range = inv.one("gcp:compute/globalAddress:GlobalAddress");
        expect(range.inputs).toMatchObject({ purpose: "VPC_PEERING", addressType: "INTERNAL", prefixLength: 16 });
        const psa = inv.one("gcp:servicenetworking/connection:Connection");
        expect(psa.inputs).toMatchObject({
            service: "servicenetworking.googleapis.com",
            reservedPeeringRanges: ["acme-stg-psa"],
        });
        expect(psa.dependsOn).toContain(range.urn);
    });

    it("NATs only its own subnet and logs NAT errors", async () => {
        const inv = await plan(() => new Network("net", ARGS));
        const nat = inv.one("gcp:compute/routerNat:RouterNat");
        const subnet = inv.one("gcp:compute/subnetwork:Subnetwork");
        expect(nat.inputs).toMatchObject({
            sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
            logConfig: { enable: true, filter: "ERRORS_ONLY" },
        });
        expect(nat.dependsOn).toContain(subnet.urn);
    });

    it("opens nothing to the world: the only rule denies all ingress", async () => {
        const inv = await plan(() => new Network("net", ARGS));
        const rules = inv.ofType("gcp:compute/firewall:Firewall");
        expect(rules).toHaveLength(1);
        expect(rules[0].inputs).toMatchObject({ direction: "INGRESS", denies: [{ protocol: "all" }] });
        expect(rules[0].inputs.allows).toBeUndefined();
        expect(rules[0].inputs.logConfig).toBeUndefined();
    });

    it("lets Cloud NAT allocate addresses unless static egress addresses are asked for", async () => {
        const auto = await plan(() => new Network("net", ARGS));
        expect(auto.one("gcp:compute/routerNat:RouterNat").inputs.natIpAllocateOption).toBe("AUTO_ONLY");
        expect(auto.ofType("gcp:compute/address:Address")).toEqual([]);
        expect(summarize(Network.TYPE, auto.resources)).toContain(" · Cloud NAT egress · ");
    });

    it("sends NAT egress from reserved static addresses, protected when asked, and outputs them", async () => {
        const inv = await plan(() => ({ ips: new Network("net", { ...ARGS, staticEgressIps: 2, protectEgressIps: true }).egressIps }));
        const addresses = inv.ofType("gcp:compute/address:Address");
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
        expect(inv.outputs.ips).toHaveLength(2);
        expect(summarize(Network.TYPE, inv.resources)).toContain(" · Cloud NAT egress from 2 static IPs · ");
    });

    it("parents every child to the component", async () => {
        const inv = await plan(() => new Network("net", ARGS));
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
});
