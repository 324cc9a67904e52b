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
