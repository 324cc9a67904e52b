import { Network, type NetworkArgs } from "../../../components/aws/network";
import { summarize } from "../../../infra/plan/summaries";
import { byName, memo, plan, rejectedArgs, type Inventory } from "../../helpers/inventory";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const STAGING: NetworkArgs = {
    namePrefix: "acme-stg",
    region: "eu-central-1",
    availabilityZones: ["eu-central-1a", "eu-central-1b"],
    flowLogsKmsKeyArn: KEY,
};
const PROD: NetworkArgs = {
    ...STAGING,
    namePrefix: "acme-prod",
    availabilityZones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
    natGatewayPerAz: true,
    interfaceEndpoints: true,
    flowLogRetentionDays: 365,
    deletionProtection: true,
};
const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const NAT = "aws:ec2/natGateway:NatGateway";
const sorted = (inv: Inventory, type: string) => byName(inv.ofType(type));

describe("aws Network", () => {
    // Read-only inventories shared by the tests that only inspect them.
    const prodPlan = memo(() => plan(() => new Network("net", PROD)));
    const stagingPlan = memo(() => plan(() => new Network("net", STAGING)));

    it("non-prod: a VPC over two zones, three subnet tiers, one NAT, the S3 gateway endpoint and flow logs", async () => {
        const inv = await stagingPlan();
        expect(inv.counts()).toEqual({
            "prodstack:aws:Network": 1,
            "aws:ec2/vpc:Vpc": 1,
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
            "aws:ec2/internetGateway:InternetGateway": 1,
            [SUBNET]: 6,
            "aws:ec2/routeTable:RouteTable": 4,
            [ROUTE]: 3,
            "aws:ec2/routeTableAssociation:RouteTableAssociation": 6,
            "aws:ec2/eip:Eip": 1,
            [NAT]: 1,
            [ENDPOINT]: 1,
            "aws:cloudwatch/logGroup:LogGroup": 1,
            "aws:iam/role:Role": 1,
            "aws:iam/rolePolicy:RolePolicy": 1,
            "aws:ec2/flowLog:FlowLog": 1,
        });
        expect(inv.one("aws:ec2/vpc:Vpc").inputs).toEqual({
            region: "eu-central-1",
            cidrBlock: "10.20.0.0/16",
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: { Name: "acme-stg-vpc" },
        });
        expect(inv.one("aws:ec2/vpc:Vpc").protect).toBe(false);
    });

    it("carves private /19, public and isolated /22 subnets per zone, none assigning public IPs", async () => {
        const inv = await prodPlan();
        const subnets = sorted(inv, SUBNET).map((s) => [s.name, s.inputs.availabilityZone, s.inputs.cidrBlock, s.inputs.mapPublicIpOnLaunch]);
        expect(subnets).toEqual([
            ["net-isolated-a", "eu-central-1a", "10.20.144.0/22", false],
            ["net-isolated-b", "eu-central-1b", "10.20.148.0/22", false],
            ["net-isolated-c", "eu-central-1c", "10.20.152.0/22", false],
            ["net-private-a", "eu-central-1a", "10.20.0.0/19", false],
            ["net-private-b", "eu-central-1b", "10.20.32.0/19", false],
            ["net-private-c", "eu-central-1c", "10.20.64.0/19", false],
            ["net-public-a", "eu-central-1a", "10.20.128.0/22", false],
            ["net-public-b", "eu-central-1b", "10.20.132.0/22", false],
            ["net-public-c", "eu-central-1c", "10.20.136.0/22", false],
        ]);
    });

    it("keeps a zone's subnets where they are when a zone is added, and scales the plan to a /22 VPC", async () => {
        const two = await stagingPlan();
        const three = await plan(() => new Network("net", { ...STAGING, availabilityZones: [...STAGING.availabilityZones, "eu-central-1c"] }));
        const cidrs = (inv: Inventory) => sorted(inv, SUBNET).filter((s) => !s.name.endsWith("-c")).map((s) => s.inputs.cidrBlock);
        expect(cidrs(three)).toEqual(cidrs(two));

        const small = await plan(() => new Network("net", { ...STAGING, cidrBlock: "192.168.4.0/22" }));
        expect(sorted(small, SUBNET).map((s) => `${s.name} ${s.inputs.cidrBlock}`)).toEqual([
            "net-isolated-a 192.168.6.64/28",
            "net-isolated-b 192.168.6.80/28",
            "net-private-a 192.168.4.0/25",
            "net-private-b 192.168.4.128/25",
            "net-public-a 192.168.6.0/28",
            "net-public-b 192.168.6.16/28",
        ]);
    });

    it("routes public subnets to the internet gateway, private ones to NAT, isolated ones nowhere", async () => {
        const inv = await stagingPlan();
        const routes = sorted(inv, ROUTE).map((r) => [r.name, r.inputs.routeTableId, r.inputs.destinationCidrBlock, r.inputs.gatewayId ?? r.inputs.natGatewayId]);
        // Non-prod: both private route tables use the single NAT in the first zone.
        expect(routes).toEqual([
            ["net-private-a-default", "net-private-a-rt-id", "0.0.0.0/0", "net-nat-a-id"],
            ["net-private-b-default", "net-private-b-rt-id", "0.0.0.0/0", "net-nat-a-id"],
            ["net-public-default", "net-public-rt-id", "0.0.0.0/0", "net-igw-id"],
        ]);
        const associations = sorted(inv, "aws:ec2/routeTableAssociation:RouteTableAssociation").map((a) => `${a.inputs.subnetId} → ${a.inputs.routeTableId}`);
        expect(associations).toEqual([
            "net-isolated-a-id → net-isolated-rt-id",
            "net-isolated-b-id → net-isolated-rt-id",
            "net-private-a-id → net-private-a-rt-id",
            "net-private-b-id → net-private-b-rt-id",
            "net-public-a-id → net-public-rt-id",
            "net-public-b-id → net-public-rt-id",
        ]);
        expect(inv.one(NAT).inputs).toEqual({
            region: "eu-central-1",
            allocationId: expect.stringMatching(/^eipalloc-[0-9a-f]{17}$/),
            subnetId: "net-public-a-id",
            connectivityType: "public",
            tags: { Name: "acme-stg-nat-a" },
        });
        expect(inv.one(NAT).dependsOn).toContain(inv.one("aws:ec2/internetGateway:InternetGateway").urn);
        expect(inv.one("aws:ec2/eip:Eip").inputs).toMatchObject({ domain: "vpc" });
        expect(inv.one(NAT).dependsOn).toContain(inv.one("aws:ec2/eip:Eip").urn);
    });

    it("prod: one NAT per zone, each private route table using its own zone's", async () => {
        const inv = await prodPlan();
        expect(sorted(inv, NAT).map((n) => n.inputs.subnetId)).toEqual(["net-public-a-id", "net-public-b-id", "net-public-c-id"]);
        expect(sorted(inv, ROUTE).filter((r) => r.inputs.natGatewayId).map((r) => [r.inputs.routeTableId, r.inputs.natGatewayId])).toEqual([
            ["net-private-a-rt-id", "net-nat-a-id"],
            ["net-private-b-rt-id", "net-nat-b-id"],
            ["net-private-c-rt-id", "net-nat-c-id"],
        ]);
        expect(inv.one("aws:ec2/vpc:Vpc").protect).toBe(true);
    });

    it("tells the addresses egress leaves from: each NAT gateway's Elastic IP", async () => {
        const prod = await prodPlan();
        const ips = async (args: NetworkArgs) => (await plan(() => ({ ips: new Network("net", args).egressIps }))).outputs.ips as string[];
        const [prodIps, stagingIps] = [await ips(PROD), await ips(STAGING)];
        expect(prodIps).toHaveLength(3);
        expect(new Set(prodIps).size).toBe(3);
        expect(stagingIps).toHaveLength(1);
        for (const ip of [...prodIps, ...stagingIps]) expect(ip).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
        expect(prod.ofType("aws:ec2/eip:Eip").map((e) => e.inputs.domain)).toEqual(["vpc", "vpc", "vpc"]);
    });

    it("always adds the S3 gateway endpoint to the private and isolated route tables", async () => {
        const inv = await stagingPlan();
        expect(inv.one(ENDPOINT).inputs).toEqual({
            region: "eu-central-1",
            vpcId: "net-vpc-id",
            serviceName: "com.amazonaws.eu-central-1.s3",
            vpcEndpointType: "Gateway",
            routeTableIds: ["net-private-a-rt-id", "net-private-b-rt-id", "net-isolated-rt-id"],
            tags: { Name: "acme-stg-s3" },
        });
    });

    it("prod: interface endpoints in the private subnets behind a group admitting HTTPS from the VPC only", async () => {
        const inv = await prodPlan();
        const interfaces = sorted(inv, ENDPOINT).filter((e) => e.inputs.vpcEndpointType === "Interface");
        expect(interfaces.map((e) => e.inputs.serviceName)).toEqual([
            "com.amazonaws.eu-central-1.ecr.api",
            "com.amazonaws.eu-central-1.ecr.dkr",
            "com.amazonaws.eu-central-1.logs",
            "com.amazonaws.eu-central-1.secretsmanager",
            "com.amazonaws.eu-central-1.sts",
        ]);
        for (const e of interfaces) {
            expect(e.inputs).toMatchObject({
                privateDnsEnabled: true,
                subnetIds: ["net-private-a-id", "net-private-b-id", "net-private-c-id"],
                securityGroupIds: ["net-endpoints-sg-id"],
            });
        }
        expect(inv.one("aws:ec2/securityGroup:SecurityGroup").inputs).toMatchObject({
            vpcId: "net-vpc-id",
            description: "Interface endpoints of acme-prod: HTTPS from the VPC only",
        });
        expect(inv.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs).toEqual({
            region: "eu-central-1",
            securityGroupId: "net-endpoints-sg-id",
            description: "HTTPS from the VPC to AWS APIs",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "10.20.0.0/16",
        });
        expect(inv.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).toHaveLength(0);
    });

    it("non-prod has no interface endpoints", async () => {
        const inv = await stagingPlan();
        expect(inv.ofType(ENDPOINT).filter((e) => e.inputs.vpcEndpointType === "Interface")).toHaveLength(0);
        expect(inv.ofType("aws:ec2/securityGroup:SecurityGroup")).toHaveLength(0);
    });

    it("strips every rule from the default security group", async () => {
        const inv = await stagingPlan();
        expect(inv.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup").inputs).toMatchObject({ vpcId: "net-vpc-id", ingress: [], egress: [] });
    });

    it("logs every flow to a KMS-encrypted group with retention, through a role only VPC Flow Logs of this account can assume", async () => {
        const inv = await prodPlan();
        const group = inv.one("aws:cloudwatch/logGroup:LogGroup");
        expect(group.inputs).toEqual({
            region: "eu-central-1",
            name: "/prodstack/acme-prod/vpc-flow-logs",
            retentionInDays: 365,
            kmsKeyId: KEY,
            deletionProtectionEnabled: true,
        });
        const groupArn = "arn:aws:logs:eu-central-1:123456789012:log-group:/prodstack/acme-prod/vpc-flow-logs";
        const role = inv.one("aws:iam/role:Role");
        expect(role.inputs.name).toBe("acme-prod-vpc-flow-logs");
        expect(JSON.parse(String(role.inputs.assumeRolePolicy))).toEqual({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-central-1:123456789012:vpc-flow-log/*" },
                },
            }],
        });
        const policy = inv.one("aws:iam/rolePolicy:RolePolicy");
        expect(policy.inputs.role).toBe("acme-prod-vpc-flow-logs");
        expect(JSON.parse(String(policy.inputs.policy)).Statement).toEqual([
            {
                Sid: "WriteToTheFlowLogGroup",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [groupArn, `${groupArn}:*`],
            },
            {
                Sid: "FindTheFlowLogGroup",
                Effect: "Allow",
                Action: "logs:DescribeLogGroups",
                Resource: "arn:aws:logs:eu-central-1:123456789012:log-group:*",
            },
        ]);
        const flowLog = inv.one("aws:ec2/flowLog:FlowLog");
        expect(flowLog.inputs).toMatchObject({
            vpcId: "net-vpc-id",
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: groupArn,
            iamRoleArn: "arn:aws:iam::123456789012:role/acme-prod-vpc-flow-logs",
            maxAggregationInterval: 60,
        });
        // The role can write before the first delivery is attempted.
        expect(flowLog.dependsOn).toContain(policy.urn);
    });

    it("defaults flow-log retention to 90 days without deletion protection", async () => {
        const inv = await stagingPlan();
        expect(inv.one("aws:cloudwatch/logGroup:LogGroup").inputs).toMatchObject({ retentionInDays: 90, deletionProtectionEnabled: false });
    });

    it("sets the region on every regional resource and parents every resource to the component", async () => {
        const inv = await prodPlan();
        const component = inv.one("prodstack:aws:Network");
        const regional = inv.resources.filter((r) => r.custom && !r.type.startsWith("aws:iam/"));
        expect(regional.filter((r) => r.inputs.region !== "eu-central-1").map((r) => r.name)).toEqual([]);
        const endpointsSg = inv.one("prodstack:aws:SecurityGroup");
        const direct = inv.childrenOf(component.urn).length;
        expect(direct + inv.childrenOf(endpointsSg.urn).length).toBe(inv.resources.length - 1);
    });

    it("summarises in one line what AWS receives", async () => {
        const prod = await prodPlan();
        const staging = await stagingPlan();
        const descendants = (inv: Inventory) => inv.resources.filter((r) => r.urn.includes("prodstack:aws:Network$"));
        expect(summarize(Network.TYPE, descendants(prod))).toBe(
            "VPC 10.20.0.0/16 (eu-central-1) over 3 AZs · 9 subnets · NAT per AZ (3) · s3 gateway + 5 interface endpoints · flow logs ALL, 365 d, KMS · default SG stripped",
        );
        expect(summarize(Network.TYPE, descendants(staging))).toBe(
            "VPC 10.20.0.0/16 (eu-central-1) over 2 AZs · 6 subnets · 1 NAT gateway for 2 AZs · s3 gateway + 0 interface endpoints · flow logs ALL, 90 d, KMS · default SG stripped",
        );
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new Network("net", {
            namePrefix: "Acme Prod",
            region: "eu-central-1",
            availabilityZones: ["eu-central-1a", "eu-west-1b"],
            cidrBlock: "10.20.1.0/16",
            flowLogsKmsKeyArn: KEY,
            flowLogRetentionDays: 3650,
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected up to 32 lowercase letters, digits or hyphens, starting with a letter, got "Acme Prod"',
            'availabilityZones[1]: expected a zone of eu-central-1 such as "eu-central-1a", got "eu-west-1b"',
            'cidrBlock: expected a network address with no host bits set, got "10.20.1.0/16"',
            "flowLogRetentionDays: expected a CloudWatch Logs retention in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); nearest: 3288 or 3653, got 3650",
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it.each([
        [{ availabilityZones: ["eu-central-1a"] }, 'availabilityZones: expected 2 to 4 distinct availability zones, got ["eu-central-1a"]'],
        [{ availabilityZones: ["eu-central-1a", "eu-central-1a"] }, 'availabilityZones: expected 2 to 4 distinct availability zones, got ["eu-central-1a","eu-central-1a"]'],
        [{ availabilityZones: ["eu-central-1a", "eu-central-1b", "eu-central-1c", "eu-central-1d", "eu-central-1e"] }, "availabilityZones: expected 2 to 4 distinct availability zones, got [\"eu-central-1a\",\"eu-central-1b\",\"eu-central-1c\",\"eu-central-1d\",\"eu-central-..."],
        [{ region: "europe-west1" }, 'region: expected an AWS region such as "eu-central-1", got "europe-west1"'],
        [{ cidrBlock: "10.20.0.0/15" }, 'cidrBlock: expected a private (RFC 1918) IPv4 range from /16 to /22 such as "10.20.0.0/16", got "10.20.0.0/15"'],
        [{ cidrBlock: "10.20.0.0/23" }, 'cidrBlock: expected a private (RFC 1918) IPv4 range from /16 to /22 such as "10.20.0.0/16", got "10.20.0.0/23"'],
        [{ cidrBlock: "100.64.0.0/16" }, 'cidrBlock: expected a private (RFC 1918) IPv4 range from /16 to /22 such as "10.20.0.0/16", got "100.64.0.0/16"'],
        [{ flowLogRetentionDays: 0 }, "flowLogRetentionDays: expected a CloudWatch Logs retention in days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); nearest: 1, got 0"],
    ])("rejects %j", async (bad, problem) => {
        const { error } = await rejectedArgs(() => new Network("net", { ...STAGING, ...bad }));
        expect(error.problems).toEqual([problem]);
    });

    it.each([["172.31.0.0/16"], ["192.168.4.0/22"]])("accepts %s", async (cidrBlock) => {
        const inv = await plan(() => new Network("net", { ...STAGING, cidrBlock }));
        expect(inv.one("aws:ec2/vpc:Vpc").inputs.cidrBlock).toBe(cidrBlock);
    });
});

describe("aws Network: names, bounds and defaults", () => {
    it("names every tagged resource after the prefix, its tier and zone", async () => {
        const inv = await plan(() => new Network("net", { ...PROD, availabilityZones: ["eu-central-1a", "eu-central-1b"] }));
        const tagged = byName(inv.resources.filter((r) => r.custom && r.inputs.tags)).map((r) => `${r.name} ${(r.inputs.tags as { Name: string }).Name}`);
        expect(tagged).toEqual([
            "net-default-sg acme-prod-default-unused",
            "net-ecr-api acme-prod-ecr-api",
            "net-ecr-dkr acme-prod-ecr-dkr",
            "net-endpoints-sg acme-prod-endpoints",
            "net-flow-logs acme-prod-vpc-flow-logs",
            "net-igw acme-prod-igw",
            "net-isolated-a acme-prod-isolated-a",
            "net-isolated-b acme-prod-isolated-b",
            "net-isolated-rt acme-prod-isolated",
            "net-logs acme-prod-logs",
            "net-nat-a acme-prod-nat-a",
            "net-nat-a acme-prod-nat-a",
            "net-nat-b acme-prod-nat-b",
            "net-nat-b acme-prod-nat-b",
            "net-private-a acme-prod-private-a",
            "net-private-a-rt acme-prod-private-a",
            "net-private-b acme-prod-private-b",
            "net-private-b-rt acme-prod-private-b",
            "net-public-a acme-prod-public-a",
            "net-public-b acme-prod-public-b",
            "net-public-rt acme-prod-public",
            "net-s3 acme-prod-s3",
            "net-secretsmanager acme-prod-secretsmanager",
            "net-sts acme-prod-sts",
            "net-vpc acme-prod-vpc",
        ]);
        expect(inv.one("aws:iam/role:Role").inputs.description).toBe("Writes the VPC flow logs of acme-prod to their log group");
        expect(inv.one("aws:iam/rolePolicy:RolePolicy").inputs.name).toBe("write-flow-logs");
        expect(inv.one("aws:ec2/flowLog:FlowLog").inputs).toMatchObject({ region: "eu-central-1", tags: { Name: "acme-prod-vpc-flow-logs" } });
        expect(inv.one("aws:ec2/internetGateway:InternetGateway").inputs).toEqual({ region: "eu-central-1", vpcId: "net-vpc-id", tags: { Name: "acme-prod-igw" } });
    });

    it("accepts four zones (the slot limit) and carves the fourth zone's subnets", async () => {
        const inv = await plan(() => new Network("net", { ...STAGING, availabilityZones: ["eu-central-1a", "eu-central-1b", "eu-central-1c", "eu-central-1d"] }));
        expect(sorted(inv, SUBNET).filter((s) => s.name.endsWith("-d")).map((s) => `${s.name} ${s.inputs.cidrBlock}`)).toEqual([
            "net-isolated-d 10.20.156.0/22",
            "net-private-d 10.20.96.0/19",
            "net-public-d 10.20.140.0/22",
        ]);
    });

    it.each([["a"], [`a${"b".repeat(31)}`]])("accepts the name prefix %s", async (namePrefix) => {
        const inv = await plan(() => new Network("net", { ...STAGING, namePrefix }));
        expect(inv.one("aws:ec2/vpc:Vpc").inputs.tags).toEqual({ Name: `${namePrefix}-vpc` });
    });

    it.each([
        [{ namePrefix: "1acme" }, 'namePrefix: expected up to 32 lowercase letters, digits or hyphens, starting with a letter, got "1acme"'],
        [{ namePrefix: "acme_stg" }, 'namePrefix: expected up to 32 lowercase letters, digits or hyphens, starting with a letter, got "acme_stg"'],
        [{ namePrefix: `a${"b".repeat(32)}` }, `namePrefix: expected up to 32 lowercase letters, digits or hyphens, starting with a letter, got "a${"b".repeat(32)}"`],
        [{ region: 5 as never }, 'region: expected an AWS region such as "eu-central-1", got 5'],
        [{ availabilityZones: undefined as never }, "availabilityZones: expected 2 to 4 distinct availability zones, got nothing"],
        [{ cidrBlock: "10.20.0.0" }, 'cidrBlock: expected a private (RFC 1918) IPv4 range from /16 to /22 such as "10.20.0.0/16", got "10.20.0.0"'],
        [{ cidrBlock: "192.168.4.4/22" }, 'cidrBlock: expected a network address with no host bits set, got "192.168.4.4/22"'],
    ])("rejects %j", async (bad, problem) => {
        const { error } = await rejectedArgs(() => new Network("net", { ...STAGING, ...bad }));
        expect(error.problems).toEqual([problem]);
    });

    it("keeps a given flow-log retention of 1 day", async () => {
        const inv = await plan(() => new Network("net", { ...STAGING, flowLogRetentionDays: 1 }));
        expect(inv.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(1);
    });
});
