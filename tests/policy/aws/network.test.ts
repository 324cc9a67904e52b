import { r, urn, validateResource, validateStack, type StackResource } from "../harness";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    flowLog: "aws:ec2/flowLog:FlowLog",
    service: "aws:ecs/service:Service",
    schedule: "aws:scheduler/schedule:Schedule",
};

describe("firewall-no-world-open-ingress on security groups", () => {
    it("passes rules from another group, the VPC and CloudFront's origin-facing prefix list, and egress anywhere", async () => {
        const cases: Array<[string, Record<string, unknown>]> = [
            [T.ingress, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: "sg-alb" }],
            [T.ingress, { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.20.0.0/16" }],
            [T.ingress, { securityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-a3a144ca" }],
            [T.sg, { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }] }],
        ];
        for (const [type, props] of cases) expect((await validateResource("firewall-no-world-open-ingress", type, props)).messages).toEqual([]);
        const egress = await validateResource("firewall-no-world-open-ingress", T.sgRule, { type: "egress", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] });
        expect(egress).toEqual({ messages: [], urns: [], notApplicable: "egress rule" });
    });

    it("fails ingress from anywhere in each of the provider's shapes", async () => {
        const rule = await validateResource("firewall-no-world-open-ingress", T.ingress, { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" }, { name: "ssh" });
        const tail = "admit only other security groups, the VPC's own ranges or CloudFront's origin-facing prefix list.";
        expect(rule.messages).toEqual([`Security group ingress rule "ssh" allows tcp 22 from anywhere (0.0.0.0/0); ${tail}`]);
        const legacy = await validateResource("firewall-no-world-open-ingress", T.sgRule, { type: "ingress", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }, { name: "all" });
        expect(legacy.messages).toEqual([`Security group rule "all" allows all traffic from anywhere (::/0); ${tail}`]);
        const inline = await validateResource("firewall-no-world-open-ingress", T.sg, { ingress: [{ protocol: "tcp", fromPort: 8000, toPort: 8100, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }] }, { name: "alb" });
        expect(inline.messages).toEqual([`Security group "alb" allows tcp 8000-8100 from most of the internet (0.0.0.0/1 and 128.0.0.0/1); ${tail}`]);
    });
});

describe("default-security-group-closed", () => {
    const vpc = r(T.vpc, "network-vpc", { cidrBlock: "10.20.0.0/16" });

    it("passes a VPC whose default group is adopted with no rules", async () => {
        const out = await validateStack("default-security-group-closed", [vpc, r(T.defaultSg, "network-default-sg", { vpcId: "network-vpc-id", ingress: [], egress: [] })]);
        expect(out.messages).toEqual([]);
    });

    it("fails a VPC without an adopted default group, and a default group that keeps rules", async () => {
        const bare = await validateStack("default-security-group-closed", [vpc]);
        expect(bare.messages).toEqual([
            'VPC "network-vpc" keeps AWS\'s default security group with its allow-all rules; adopt it with an aws.ec2.DefaultSecurityGroup ' +
                "with ingress: [] and egress: [].",
        ]);
        const open = r(T.defaultSg, "network-default-sg", { vpcId: "network-vpc-id", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] });
        const out = await validateStack("default-security-group-closed", [vpc, open]);
        expect(out.messages).toEqual(['Default security group "network-default-sg" keeps egress rules; set ingress: [] and egress: [] so nothing can rely on it.']);
        expect(out.urns).toEqual([urn(open)]);
    });

    it("does not apply without a VPC", async () => {
        expect((await validateStack("default-security-group-closed", [])).notApplicable).toBe("no AWS VPC in this stack");
    });
});

describe("workloads-private", () => {
    /** A network as Network builds it: a public subnet routed to the internet gateway, a private one through NAT. */
    function network(): StackResource[] {
        const igw = r(T.igw, "network-igw", { vpcId: "network-vpc-id" });
        const publicRt = r(T.routeTable, "network-public-rt", { vpcId: "network-vpc-id" });
        const privateRt = r(T.routeTable, "network-private-a-rt", { vpcId: "network-vpc-id" });
        return [
            igw,
            publicRt,
            privateRt,
            r(T.subnet, "network-public-a", { cidrBlock: "10.20.0.0/20", mapPublicIpOnLaunch: false }),
            r(T.subnet, "network-private-a", { cidrBlock: "10.20.64.0/19", mapPublicIpOnLaunch: false }),
            r(T.route, "network-public-default", { routeTableId: "network-public-rt-id", destinationCidrBlock: "0.0.0.0/0", gatewayId: "network-igw-id" }, [publicRt, igw]),
            r(T.route, "network-private-a-default", { routeTableId: "network-private-a-rt-id", destinationCidrBlock: "0.0.0.0/0", natGatewayId: "network-nat-a-id" }),
            r(T.association, "network-public-a", { subnetId: "network-public-a-id", routeTableId: "network-public-rt-id" }),
            r(T.association, "network-private-a", { subnetId: "network-private-a-id", routeTableId: "network-private-a-rt-id" }),
        ];
    }
    const service = (subnet: string, assignPublicIp = false) =>
        r(T.service, "api-service", { launchType: "FARGATE", networkConfiguration: { subnets: [`${subnet}-id`], securityGroups: ["sg-1"], assignPublicIp } });
    const schedule = (subnet: string) =>
        r(T.schedule, "nightly-schedule", { target: { arn: "arn:aws:ecs:eu-central-1:123456789012:cluster/c", ecsParameters: { networkConfiguration: { subnets: [`${subnet}-id`], assignPublicIp: false } } } });

    it("passes services and scheduled tasks in private subnets without public IPs", async () => {
        const out = await validateStack("workloads-private", [...network(), service("network-private-a"), schedule("network-private-a")]);
        expect(out.messages).toEqual([]);
    });

    it("fails a public IP, and tasks in a subnet routed to the internet gateway", async () => {
        const out = await validateStack("workloads-private", [...network(), service("network-public-a", true), schedule("network-public-a")]);
        expect(out.messages).toEqual([
            'ECS service "api-service" gives its tasks public IP addresses (networkConfiguration.assignPublicIp: true); set it to false.',
            'ECS service "api-service" runs its tasks in subnet "network-public-a", a public subnet (its route table sends 0.0.0.0/0 to an ' +
                "internet gateway); use the private subnets.",
            'Scheduler schedule "nightly-schedule" runs its tasks in subnet "network-public-a", a public subnet (its route table sends 0.0.0.0/0 ' +
                "to an internet gateway); use the private subnets.",
        ]);
    });

    it("fails a subnet that assigns public IPs on launch", async () => {
        const resources = [r(T.subnet, "legacy", { mapPublicIpOnLaunch: true }), service("legacy")];
        expect((await validateStack("workloads-private", resources)).messages).toEqual([
            'ECS service "api-service" runs its tasks in subnet "legacy", a public subnet (it assigns public IPs on launch); use the private subnets.',
        ]);
    });

    it("does not apply without ECS services or scheduled tasks", async () => {
        expect((await validateStack("workloads-private", network())).notApplicable).toBe("no ECS service or scheduled ECS task in this stack");
    });
});

describe("network-flow-logs", () => {
    const vpc = r(T.vpc, "network-vpc", { cidrBlock: "10.20.0.0/16" });

    it("passes a VPC whose flow log records all traffic", async () => {
        const log = r(T.flowLog, "network-flow-logs", { vpcId: "network-vpc-id", trafficType: "ALL", logDestinationType: "cloud-watch-logs" });
        expect((await validateStack("network-flow-logs", [vpc, log])).messages).toEqual([]);
    });

    it("fails a VPC without a flow log, and one that records rejected traffic only", async () => {
        expect((await validateStack("network-flow-logs", [vpc])).messages).toEqual([
            'VPC "network-vpc" has no flow log, so there is no record of who talked to what; add an aws.ec2.FlowLog with trafficType "ALL".',
        ]);
        const rejects = r(T.flowLog, "network-flow-logs", { vpcId: "network-vpc-id", trafficType: "REJECT" });
        expect((await validateStack("network-flow-logs", [vpc, rejects])).messages).toEqual([
            'VPC "network-vpc" logs only REJECT traffic; set trafficType: "ALL" on its flow log.',
        ]);
    });
});

describe("firewall-no-world-open-ingress: ports and shapes", () => {
    const tail = "admit only other security groups, the VPC's own ranges or CloudFront's origin-facing prefix list.";
    it.each([
        [{ ipProtocol: "tcp", fromPort: 443, cidrIpv4: "0.0.0.0/0" }, "tcp 443", "anywhere (0.0.0.0/0)"],
        [{ ipProtocol: "udp", fromPort: 53, toPort: 54, cidrIpv4: "0.0.0.0/0" }, "udp 53-54", "anywhere (0.0.0.0/0)"],
        [{ ipProtocol: "icmp", cidrIpv6: "::/0" }, "icmp", "anywhere (::/0)"],
        [{ cidrIpv4: "0.0.0.0/0" }, "tcp", "anywhere (0.0.0.0/0)"],
        [{ ipProtocol: "all", cidrIpv4: "0.0.0.0/0" }, "all traffic", "anywhere (0.0.0.0/0)"],
        [{ ipProtocol: "-1", cidrIpv4: "0.0.0.0/1" }, "all traffic", "most of the internet (0.0.0.0/1)"],
        [{ ipProtocol: "-1", cidrIpv4: "0.0.0.0/1", cidrIpv6: "::/0" }, "all traffic", "anywhere (0.0.0.0/1 and ::/0)"],
    ])("names the ports and range of %j", async (props, ports, from) => {
        const out = await validateResource("firewall-no-world-open-ingress", T.ingress, props, { name: "in" });
        expect(out.messages).toEqual([`Security group ingress rule "in" allows ${ports} from ${from}; ${tail}`]);
    });

    it("reads the ingress rule's ipProtocol, not protocol, and a legacy rule's protocol", async () => {
        const modern = await validateResource("firewall-no-world-open-ingress", T.ingress, { protocol: "udp", ipProtocol: "tcp", fromPort: 1, toPort: 1, cidrIpv4: "0.0.0.0/0" }, { name: "in" });
        expect(modern.messages).toEqual([`Security group ingress rule "in" allows tcp 1 from anywhere (0.0.0.0/0); ${tail}`]);
        const legacy = await validateResource("firewall-no-world-open-ingress", T.sgRule, { type: "ingress", protocol: "udp", ipProtocol: "tcp", fromPort: 1, toPort: 1, cidrBlocks: ["0.0.0.0/0"] }, { name: "in" });
        expect(legacy.messages).toEqual([`Security group rule "in" allows udp 1 from anywhere (0.0.0.0/0); ${tail}`]);
        const legacyPrivate = await validateResource("firewall-no-world-open-ingress", T.sgRule, { type: "ingress", protocol: "tcp", fromPort: 1, toPort: 1, cidrBlocks: ["10.0.0.0/8"] });
        expect(legacyPrivate.messages).toEqual([]);
    });

    it("judges each inline rule of a group, skipping private ones", async () => {
        const sg = { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/8"] }, { protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/0"] }] };
        expect((await validateResource("firewall-no-world-open-ingress", T.sg, sg, { name: "g" })).messages).toEqual([
            `Security group "g" allows tcp 22 from anywhere (::/0); ${tail}`,
        ]);
        expect((await validateResource("firewall-no-world-open-ingress", T.sg, {}, { name: "g" })).messages).toEqual([]);
    });
});

describe("default-security-group-closed: each list", () => {
    const vpc = r(T.vpc, "network-vpc", { cidrBlock: "10.20.0.0/16" });
    const rule = { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] };

    it("names ingress, or both lists, when a default group keeps them", async () => {
        const ingress = r(T.defaultSg, "d", { vpcId: "network-vpc-id", ingress: [rule], egress: [] });
        expect((await validateStack("default-security-group-closed", [vpc, ingress])).messages).toEqual([
            'Default security group "d" keeps ingress rules; set ingress: [] and egress: [] so nothing can rely on it.',
        ]);
        const both = r(T.defaultSg, "d", { vpcId: "network-vpc-id", ingress: [rule], egress: [rule] });
        expect((await validateStack("default-security-group-closed", [vpc, both])).messages).toEqual([
            'Default security group "d" keeps ingress rules and egress rules; set ingress: [] and egress: [] so nothing can rely on it.',
        ]);
    });

    it("judges a default group without its VPC in the stack, and a VPC whose default group is another VPC's", async () => {
        const lone = r(T.defaultSg, "d", { vpcId: "vpc-elsewhere", egress: [rule] });
        expect((await validateStack("default-security-group-closed", [lone])).messages).toEqual([
            'Default security group "d" keeps egress rules; set ingress: [] and egress: [] so nothing can rely on it.',
        ]);
        const other = r(T.defaultSg, "d", { vpcId: "vpc-elsewhere", ingress: [], egress: [] });
        const out = await validateStack("default-security-group-closed", [vpc, other]);
        expect(out.urns).toEqual([urn(vpc)]);
    });
});

describe("network-flow-logs: traffic types", () => {
    const vpc = r(T.vpc, "network-vpc", { cidrBlock: "10.20.0.0/16" });

    it("counts a flow log without trafficType as ALL, and ignores another VPC's log", async () => {
        expect((await validateStack("network-flow-logs", [vpc, r(T.flowLog, "l", { vpcId: "network-vpc-id" })])).messages).toEqual([]);
        const elsewhere = r(T.flowLog, "l", { vpcId: "vpc-other", trafficType: "ALL" });
        const out = await validateStack("network-flow-logs", [vpc, elsewhere]);
        expect(out.urns).toEqual([urn(vpc)]);
        expect(out.messages).toHaveLength(1);
    });

    it("lists each partial log, and passes when one of them records ALL", async () => {
        const accept = r(T.flowLog, "a", { vpcId: "network-vpc-id", trafficType: "ACCEPT" });
        const reject = r(T.flowLog, "b", { vpcId: "network-vpc-id", trafficType: "REJECT" });
        expect((await validateStack("network-flow-logs", [vpc, accept, reject])).messages).toEqual([
            'VPC "network-vpc" logs only ACCEPT and REJECT traffic; set trafficType: "ALL" on its flow log.',
        ]);
        const all = r(T.flowLog, "c", { vpcId: "network-vpc-id", trafficType: "ALL" });
        expect((await validateStack("network-flow-logs", [vpc, accept, all])).messages).toEqual([]);
    });

    it("does not apply without a VPC", async () => {
        expect((await validateStack("network-flow-logs", [])).notApplicable).toBe("no AWS VPC in this stack");
    });
});

describe("workloads-private: routes, launchers and subnets", () => {
    const igw = r(T.igw, "igw", { vpcId: "vpc-1" });
    const subnet = r(T.subnet, "app-a", { cidrBlock: "10.20.0.0/20" });
    const assoc = r(T.association, "app-a", { subnetId: "app-a-id", routeTableId: "rt-id" });
    const service = (networkConfiguration: unknown) => r(T.service, "api", { networkConfiguration });
    const inSubnet = { subnets: ["app-a-id"], assignPublicIp: false };
    const publicMessage = (why: string) => `ECS service "api" runs its tasks in subnet "app-a", a public subnet (${why}); use the private subnets.`;
    const routed = "its route table sends 0.0.0.0/0 to an internet gateway";

    it.each([
        [{ destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" }, true],
        [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" }, true],
        [{ destinationIpv6CidrBlock: "::/0", gatewayId: "igw-0abc" }, true],
        [{ ipv6CidrBlock: "::/0", gatewayId: "igw-id" }, true],
        [{ cidrBlock: "0.0.0.0/0", gatewayId: "vgw-0abc" }, false],
        [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-0abc" }, false],
        [{ cidrBlock: "10.0.0.0/8", gatewayId: "igw-0abc" }, false],
        [{ gatewayId: "igw-0abc" }, false],
    ])("an inline route %j makes the subnet public: %s", async (route, exposed) => {
        const table = r(T.routeTable, "rt", { routes: [route] });
        const out = await validateStack("workloads-private", [igw, table, subnet, assoc, service(inSubnet)]);
        expect(out.messages).toEqual(exposed ? [publicMessage(routed)] : []);
    });

    it("follows a Route resource to its table only when it leads to the internet gateway", async () => {
        const table = r(T.routeTable, "rt", {});
        const viaIgw = r(T.route, "default", { routeTableId: "rt-id", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-id" });
        expect((await validateStack("workloads-private", [igw, table, viaIgw, subnet, assoc, service(inSubnet)])).messages).toEqual([publicMessage(routed)]);
        const otherTable = r(T.route, "default", { routeTableId: "rt-other-id", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-id" });
        expect((await validateStack("workloads-private", [igw, table, otherTable, subnet, assoc, service(inSubnet)])).messages).toEqual([]);
        const unknownGateway = r(T.route, "default", { routeTableId: "rt-id", destinationCidrBlock: "0.0.0.0/0", gatewayId: "gw-elsewhere" });
        expect((await validateStack("workloads-private", [igw, table, unknownGateway, subnet, assoc, service(inSubnet)])).messages).toEqual([]);
    });

    it("names a public-IP subnet once, with its own reason, even when also routed", async () => {
        const table = r(T.routeTable, "rt", { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" }] });
        const launching = r(T.subnet, "app-a", { mapPublicIpOnLaunch: true });
        expect((await validateStack("workloads-private", [table, launching, assoc, service(inSubnet)])).messages).toEqual([
            publicMessage("it assigns public IPs on launch"),
        ]);
    });

    it("fails a service without network configuration, and finds subnets through property dependencies", async () => {
        expect((await validateStack("workloads-private", [service(undefined)])).messages).toEqual([
            'ECS service "api" sets no networkConfiguration; run its tasks in private subnets with assignPublicIp: false.',
        ]);
        const launching = r(T.subnet, "app-a", { mapPublicIpOnLaunch: true });
        const viaDeps: StackResource = { ...service({ subnets: ["unknown-at-preview"] }), propertyDeps: { networkConfiguration: [launching, igw] } };
        expect((await validateStack("workloads-private", [launching, igw, viaDeps])).messages).toEqual([publicMessage("it assigns public IPs on launch")]);
    });

    it("skips a schedule that starts no ECS task", async () => {
        const lambda = r(T.schedule, "nightly", { target: { arn: "arn:aws:lambda:eu-central-1:123456789012:function:f" } });
        expect((await validateStack("workloads-private", [subnet, lambda])).notApplicable).toBe("no ECS service or scheduled ECS task in this stack");
        const ecs = r(T.schedule, "nightly", { target: { arn: "c", ecsParameters: {} } });
        expect((await validateStack("workloads-private", [subnet, ecs])).messages).toEqual([
            'Scheduler schedule "nightly" sets no target.ecsParameters.networkConfiguration; run its tasks in private subnets with assignPublicIp: false.',
        ]);
    });
});
