import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_NAME_MAX, AWS_REGION, cloudWatchRetentionProblem, definedOnly, formatIpv4Cidr, type Ipv4Cidr, isAvailabilityZoneOf, isNetworkAddress, isRfc1918, parseIpv4Cidr, resourceName, subdivide } from "../core/internal";
import { lookupAccount, policyDocument, serviceTrustPolicy } from "./iam";
import { SecurityGroup } from "./security-group";

/** Arguments of {@link Network}. */
export interface NetworkArgs {
    /**
     * Prefix for every resource name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the VPC, e.g. `eu-central-1`. Plain string: the availability zones and the
     * endpoint service names (`com.amazonaws.<region>.s3`) are derived from it at construction.
     * @default none (required)
     */
    region: string;
    /**
     * Availability zones to spread the subnets over, by name (`eu-central-1a`), 2 to 4 of
     * `region`. Given explicitly (not looked up) so plans stay deterministic and a zone added
     * by AWS later never moves a subnet; use 3 in prod where the region has them.
     * @default none (required)
     */
    availabilityZones: string[];
    /**
     * The VPC's IPv4 range: an RFC 1918 network from /16 to /22. It is carved into eight
     * equal blocks: blocks 0–3 are the private subnets of AZ slots 0–3 (/19 in a /16), block 4
     * holds the public (/22 in a /16) and isolated subnets of the four slots, blocks 5–7 are
     * left for later. A zone's subnets never move when zones are added.
     * @default "10.20.0.0/16"
     */
    cidrBlock?: string;
    /**
     * One NAT gateway per availability zone, each private route table using its own zone's
     * (prod). Otherwise one NAT gateway serves every zone: cheaper, but an outage of its zone
     * cuts the other zones' egress.
     * @default false
     */
    natGatewayPerAz?: boolean;
    /**
     * Interface endpoints for `ecr.api`, `ecr.dkr`, `logs`, `secretsmanager` and `sts` in the
     * private subnets (private DNS on), so image pulls, logs and secret reads stay off the NAT
     * (prod). About 7.3 USD per endpoint per zone per month. The S3 gateway endpoint (free;
     * ECR image layers come from S3) is always created.
     * @default false
     */
    interfaceEndpoints?: boolean;
    /**
     * ARN of the KMS key that encrypts the flow-log group. Its key policy must let
     * `logs.<region>.amazonaws.com` use it (`KmsKey` with service `logs`).
     * @default none (required)
     */
    flowLogsKmsKeyArn: pulumi.Input<string>;
    /**
     * Days the flow logs are kept; a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60,
     * 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653).
     * @default 90
     */
    flowLogRetentionDays?: number;
    /**
     * Deletion protection on the flow-log group, and `protect` on the VPC (prod).
     * @default false
     */
    deletionProtection?: boolean;
}

/** Defaults of {@link NetworkArgs}, in one place. */
export const NETWORK_DEFAULTS = {
    cidrBlock: "10.20.0.0/16",
    natGatewayPerAz: false,
    interfaceEndpoints: false,
    flowLogRetentionDays: 90,
    deletionProtection: false,
} as const;

/** The interface endpoints created when `interfaceEndpoints` is on: what a Fargate task calls. */
const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"] as const;

const AZ_SLOTS = 4;

/** What the flow logs need from the merged args. */
interface FlowLogSettings {
    namePrefix: string;
    region: string;
    flowLogsKmsKeyArn: pulumi.Input<string>;
    flowLogRetentionDays: number;
    deletionProtection: boolean;
}

/** The three subnets of one AZ slot, carved from the VPC range (see {@link NetworkArgs.cidrBlock}). */
function subnetPlan(vpc: Ipv4Cidr, slot: number): { private: string; public: string; isolated: string } {
    const shared = subdivide(vpc, vpc.prefix + 3, AZ_SLOTS);
    return {
        private: formatIpv4Cidr(subdivide(vpc, vpc.prefix + 3, slot)),
        public: formatIpv4Cidr(subdivide(shared, vpc.prefix + 6, slot)),
        isolated: formatIpv4Cidr(subdivide(shared, vpc.prefix + 6, AZ_SLOTS + slot)),
    };
}

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateNetworkArgs(name: string, args: NetworkArgs): void {
    const check = new ArgsChecker(Network.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,31}$/, "up to 32 lowercase letters, digits or hyphens, starting with a letter");
    const regionOk = typeof args.region === "string" && AWS_REGION.test(args.region);
    check.check(regionOk, "region", "an AWS region such as \"eu-central-1\"", args.region);
    const zones = args.availabilityZones ?? [];
    check.check(
        Array.isArray(zones) && zones.length >= 2 && zones.length <= AZ_SLOTS && new Set(zones).size === zones.length,
        "availabilityZones",
        `2 to ${AZ_SLOTS} distinct availability zones`,
        args.availabilityZones,
    );
    if (regionOk) {
        zones.forEach((zone, i) => check.check(isAvailabilityZoneOf(zone, args.region), `availabilityZones[${i}]`, `a zone of ${args.region} such as "${args.region}a"`, zone));
    }
    if (args.cidrBlock !== undefined) {
        const cidr = parseIpv4Cidr(args.cidrBlock);
        const ok = cidr !== undefined && cidr.prefix >= 16 && cidr.prefix <= 22 && isRfc1918(cidr);
        if (check.check(ok, "cidrBlock", "a private (RFC 1918) IPv4 range from /16 to /22 such as \"10.20.0.0/16\"", args.cidrBlock) && cidr) {
            check.check(isNetworkAddress(cidr), "cidrBlock", "a network address with no host bits set", args.cidrBlock);
        }
    }
    if (args.flowLogRetentionDays !== undefined) {
        const problem = cloudWatchRetentionProblem(args.flowLogRetentionDays);
        if (problem) check.fail("flowLogRetentionDays", problem, args.flowLogRetentionDays);
    }
    check.throwIfAny();
}

/**
 * A VPC for one environment over 2 to 4 availability zones, each with three subnets:
 * public (load balancer, NAT gateways), private (tasks, endpoints; egress through NAT) and
 * isolated (databases, caches; no route out). No subnet assigns public IPs on launch.
 *
 * - NAT: one gateway per zone when `natGatewayPerAz` (prod), else one for all zones.
 * - Endpoints: S3 gateway endpoint on the private and isolated route tables; with
 *   `interfaceEndpoints`, ECR, CloudWatch Logs, Secrets Manager and STS interface endpoints
 *   behind a security group that admits HTTPS from the VPC only.
 * - Flow logs: every flow (`ALL`, 1-minute aggregation) to a KMS-encrypted log group with
 *   retention, written by a role only the VPC Flow Logs service of this account can assume,
 *   allowed to write to that one group.
 * - The default security group is adopted and stripped of every rule, so nothing that
 *   falls back to it gets any access.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const network = new aws.Network("network", {
 *     namePrefix: "acme-prod",
 *     region: "eu-central-1",
 *     availabilityZones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
 *     flowLogsKmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 *     natGatewayPerAz: true,
 *     interfaceEndpoints: true,
 * });
 * export const privateSubnetIds = network.privateSubnetIds;
 * ```
 */
export class Network extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:Network";

    /** VPC ID (`vpc-…`). */
    readonly vpcId: pulumi.Output<string>;
    /** The VPC's IPv4 range. */
    readonly cidrBlock: string;
    /** Zones used, in order; subnet lists follow this order. */
    readonly availabilityZones: string[];
    /** Public subnets (load balancers), one per zone. */
    readonly publicSubnetIds: pulumi.Output<string>[];
    /** Private subnets (tasks), one per zone; egress through NAT. */
    readonly privateSubnetIds: pulumi.Output<string>[];
    /** Isolated subnets (databases, caches), one per zone; no route out of the VPC. */
    readonly isolatedSubnetIds: pulumi.Output<string>[];
    /** Security group of the interface endpoints, when created. */
    readonly endpointSecurityGroupId?: pulumi.Output<string>;
    /** ARN of the flow-log group. */
    readonly flowLogGroupArn: pulumi.Output<string>;
    /**
     * Public addresses the private subnets' traffic leaves from: the NAT gateways' Elastic IPs
     * (one per zone with `natGatewayPerAz`, else one), for partners that allowlist callers.
     */
    readonly egressIps: pulumi.Output<string>[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        validateNetworkArgs(name, args);
        super(Network.TYPE, name, {}, opts);
        const cfg = { ...NETWORK_DEFAULTS, ...definedOnly(args) };
        const region = cfg.region;
        const n = (...parts: string[]) => resourceName([cfg.namePrefix, ...parts]);
        const parent = { parent: this };
        const tags = (...parts: string[]) => ({ Name: n(...parts) });
        const vpcRange = parseIpv4Cidr(cfg.cidrBlock)!;
        this.cidrBlock = cfg.cidrBlock;
        this.availabilityZones = [...cfg.availabilityZones];

        const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
            region,
            cidrBlock: cfg.cidrBlock,
            // Interface endpoints' private DNS needs both.
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: tags("vpc"),
        }, { ...parent, ...(cfg.deletionProtection ? { protect: true } : {}) });
        const vpcId = vpc.id;

        // Adopted, not created: every VPC has one. Empty rule lists strip AWS's defaults.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, {
            region,
            vpcId,
            ingress: [],
            egress: [],
            tags: tags("default-unused"),
        }, parent);

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { region, vpcId, tags: tags("igw") }, parent);

        const zones = cfg.availabilityZones.map((zone, slot) => ({ zone, slot, letter: zone.slice(-1), cidrs: subnetPlan(vpcRange, slot) }));
        const subnet = (tier: "public" | "private" | "isolated", z: (typeof zones)[number]) =>
            new aws.ec2.Subnet(`${name}-${tier}-${z.letter}`, {
                region,
                vpcId,
                availabilityZone: z.zone,
                cidrBlock: z.cidrs[tier],
                mapPublicIpOnLaunch: false,
                tags: tags(tier, z.letter),
            }, parent);
        const publicSubnets = zones.map((z) => subnet("public", z));
        const privateSubnets = zones.map((z) => subnet("private", z));
        const isolatedSubnets = zones.map((z) => subnet("isolated", z));

        const publicRoutes = new aws.ec2.RouteTable(`${name}-public-rt`, { region, vpcId, tags: tags("public") }, parent);
        new aws.ec2.Route(`${name}-public-default`, {
            region,
            routeTableId: publicRoutes.id,
            destinationCidrBlock: "0.0.0.0/0",
            gatewayId: igw.id,
        }, parent);
        publicSubnets.forEach((s, i) => {
            new aws.ec2.RouteTableAssociation(`${name}-public-${zones[i].letter}`, { region, subnetId: s.id, routeTableId: publicRoutes.id }, parent);
        });

        const natZones = cfg.natGatewayPerAz ? zones : zones.slice(0, 1);
        const eips: aws.ec2.Eip[] = [];
        const nats = natZones.map((z) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${z.letter}`, { region, domain: "vpc", tags: tags("nat", z.letter) }, parent);
            eips.push(eip);
            return new aws.ec2.NatGateway(`${name}-nat-${z.letter}`, {
                region,
                allocationId: eip.allocationId,
                subnetId: publicSubnets[z.slot].id,
                connectivityType: "public",
                tags: tags("nat", z.letter),
            }, { ...parent, dependsOn: [igw] });
        });

        this.egressIps = eips.map((e) => e.publicIp);

        const privateRouteTables = zones.map((z) => {
            const table = new aws.ec2.RouteTable(`${name}-private-${z.letter}-rt`, { region, vpcId, tags: tags("private", z.letter) }, parent);
            new aws.ec2.Route(`${name}-private-${z.letter}-default`, {
                region,
                routeTableId: table.id,
                destinationCidrBlock: "0.0.0.0/0",
                natGatewayId: (nats[z.slot] ?? nats[0]).id,
            }, parent);
            new aws.ec2.RouteTableAssociation(`${name}-private-${z.letter}`, { region, subnetId: privateSubnets[z.slot].id, routeTableId: table.id }, parent);
            return table;
        });

        // No default route: isolated subnets reach only the VPC (and S3 through the gateway endpoint).
        const isolatedRoutes = new aws.ec2.RouteTable(`${name}-isolated-rt`, { region, vpcId, tags: tags("isolated") }, parent);
        isolatedSubnets.forEach((s, i) => {
            new aws.ec2.RouteTableAssociation(`${name}-isolated-${zones[i].letter}`, { region, subnetId: s.id, routeTableId: isolatedRoutes.id }, parent);
        });

        new aws.ec2.VpcEndpoint(`${name}-s3`, {
            region,
            vpcId,
            serviceName: `com.amazonaws.${region}.s3`,
            vpcEndpointType: "Gateway",
            routeTableIds: [...privateRouteTables.map((t) => t.id), isolatedRoutes.id],
            tags: tags("s3"),
        }, parent);

        if (cfg.interfaceEndpoints) {
            const endpointSg = new SecurityGroup(`${name}-endpoints`, {
                vpcId,
                region,
                namePrefix: n("endpoints"),
                description: `Interface endpoints of ${cfg.namePrefix}: HTTPS from the VPC only`,
                ingress: [{ description: "HTTPS from the VPC to AWS APIs", fromPort: 443, cidrIpv4: cfg.cidrBlock }],
            }, parent);
            for (const service of INTERFACE_ENDPOINT_SERVICES) {
                new aws.ec2.VpcEndpoint(`${name}-${service.replace(".", "-")}`, {
                    region,
                    vpcId,
                    serviceName: `com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: privateSubnets.map((s) => s.id),
                    securityGroupIds: [endpointSg.securityGroupId],
                    tags: tags(service.replace(".", "-")),
                }, parent);
            }
            this.endpointSecurityGroupId = endpointSg.securityGroupId;
        }

        this.flowLogGroupArn = this.flowLogs(name, cfg, vpcId).arn;

        this.vpcId = vpcId;
        this.publicSubnetIds = publicSubnets.map((s) => s.id);
        this.privateSubnetIds = privateSubnets.map((s) => s.id);
        this.isolatedSubnetIds = isolatedSubnets.map((s) => s.id);
        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            isolatedSubnetIds: this.isolatedSubnetIds,
            egressIps: this.egressIps,
        });
    }

    /** Flow logs of every flow to an encrypted group, through a role scoped to that group. */
    private flowLogs(name: string, cfg: FlowLogSettings, vpcId: pulumi.Output<string>): aws.cloudwatch.LogGroup {
        const region = cfg.region;
        const account = lookupAccount(this);
        const group = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
            region,
            name: `/prodstack/${cfg.namePrefix}/vpc-flow-logs`,
            retentionInDays: cfg.flowLogRetentionDays,
            kmsKeyId: cfg.flowLogsKmsKeyArn,
            deletionProtectionEnabled: cfg.deletionProtection,
        }, { parent: this });
        const role = new aws.iam.Role(`${name}-flow-logs`, {
            name: resourceName([cfg.namePrefix, "vpc-flow-logs"], AWS_NAME_MAX.iamRole),
            description: `Writes the VPC flow logs of ${cfg.namePrefix} to their log group`,
            assumeRolePolicy: serviceTrustPolicy(
                "vpc-flow-logs.amazonaws.com",
                account,
                pulumi.interpolate`arn:${account.partition}:ec2:${region}:${account.accountId}:vpc-flow-log/*`,
            ),
        }, { parent: this });
        const writeLogs = new aws.iam.RolePolicy(`${name}-flow-logs`, {
            role: role.name,
            name: "write-flow-logs",
            policy: policyDocument([
                {
                    Sid: "WriteToTheFlowLogGroup",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    Resource: [group.arn, pulumi.interpolate`${group.arn}:*`],
                },
                {
                    // A list call: its resource is the account's log groups, never one group.
                    Sid: "FindTheFlowLogGroup",
                    Effect: "Allow",
                    Action: "logs:DescribeLogGroups",
                    Resource: pulumi.interpolate`arn:${account.partition}:logs:${region}:${account.accountId}:log-group:*`,
                },
            ]),
        }, { parent: this });
        new aws.ec2.FlowLog(`${name}-flow-logs`, {
            region,
            vpcId,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: group.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval: 60,
            tags: { Name: resourceName([cfg.namePrefix, "vpc-flow-logs"]) },
        }, { parent: this, dependsOn: [writeLogs] });
        return group;
    }
}
