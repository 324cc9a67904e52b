import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_NAME_MAX, AWS_REGION, definedOnly, isNetworkAddress, parseIpv4Cidr, resourceName } from "../core/internal";

/** One rule of a {@link SecurityGroup}: a protocol, a port range and exactly one peer. */
export interface SecurityGroupRule {
    /**
     * What the rule is for, shown in the console and in audits, e.g. `HTTPS from the load
     * balancer`. Up to 255 characters of `a-zA-Z0-9 ._-:/()#,@[]+=;{}!$*` (the EC2 API
     * rejects anything else, an em dash included). Unique within the group's direction.
     * @default none (required)
     */
    description: string;
    /**
     * IP protocol. "All protocols" (`-1`) is not offered: every rule names its ports.
     * @default "tcp"
     */
    protocol?: "tcp" | "udp";
    /**
     * First port of the range (1 to 65535).
     * @default none (required)
     */
    fromPort: number;
    /**
     * Last port of the range, at least `fromPort`.
     * @default fromPort (a single port)
     */
    toPort?: number;
    /**
     * The peer as an IPv4 CIDR (`10.20.0.0/16`). Exactly one of `cidrIpv4`,
     * `securityGroupId` and `prefixListId` is set.
     * @default none
     */
    cidrIpv4?: string;
    /**
     * The peer as another security group (its ID): traffic from (ingress) or to (egress)
     * anything that group is attached to.
     * @default none
     */
    securityGroupId?: pulumi.Input<string>;
    /**
     * The peer as a managed prefix list ID, e.g. CloudFront's origin-facing list.
     * @default none
     */
    prefixListId?: pulumi.Input<string>;
}

/** Arguments of {@link SecurityGroup}. */
export interface SecurityGroupArgs {
    /**
     * VPC of the group.
     * @default none (required)
     */
    vpcId: pulumi.Input<string>;
    /**
     * Prefix of the group's name, e.g. `acme-prod-api`; AWS appends a unique suffix, so a
     * replacement (a changed description replaces the group) never collides with the old one.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * What the group protects, e.g. `API tasks of acme-prod`. Same character rules as a
     * rule's description (`&` allowed here). Changing it replaces the group.
     * @default none (required)
     */
    description: string;
    /**
     * Region of the group and its rules (checked when given as a string).
     * @default the provider's region
     */
    region?: pulumi.Input<string>;
    /**
     * Inbound rules, one rule resource each.
     * @default [] (nothing may connect)
     */
    ingress?: SecurityGroupRule[];
    /**
     * Outbound rules, one rule resource each. AWS's default allow-all egress rule is removed
     * when the group is created.
     * @default [] (no outbound traffic)
     */
    egress?: SecurityGroupRule[];
}

/** Defaults of {@link SecurityGroupArgs}. */
export const SECURITY_GROUP_DEFAULTS = { ingress: [] as SecurityGroupRule[], egress: [] as SecurityGroupRule[] };

/** Characters the EC2 API accepts in a group description; rule descriptions exclude `&`. */
const GROUP_DESCRIPTION = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;
const RULE_DESCRIPTION = /^[A-Za-z0-9 ._\-:/()#,@[\]+=;{}!$*]{1,255}$/;

/** Records the problems of one rule list under `key` (`ingress` or `egress`). */
function checkRules(check: ArgsChecker, key: string, rules: SecurityGroupRule[]): void {
    const seen = new Set<string>();
    rules.forEach((rule, i) => {
        const at = `${key}[${i}]`;
        check.matches(`${at}.description`, rule.description, RULE_DESCRIPTION, "up to 255 characters of a-z A-Z 0-9 space ._-:/()#,@[]+=;{}!$*");
        // Rule resources are named after their description, so two must not read the same.
        const slug = ruleSlug(String(rule.description));
        check.check(!seen.has(slug), `${at}.description`, `a description unique within ${key} (ignoring case and punctuation)`, rule.description);
        seen.add(slug);
        check.oneOf(`${at}.protocol`, rule.protocol, ["tcp", "udp"]);
        check.intInRange(`${at}.fromPort`, rule.fromPort, 1, 65535);
        check.check(rule.fromPort !== undefined, `${at}.fromPort`, "a port from 1 to 65535", rule.fromPort);
        if (rule.toPort !== undefined) {
            check.check(Number.isInteger(rule.toPort) && rule.toPort >= rule.fromPort && rule.toPort <= 65535, `${at}.toPort`, `a port from fromPort (${rule.fromPort}) to 65535`, rule.toPort);
        }
        const peers = [rule.cidrIpv4, rule.securityGroupId, rule.prefixListId].filter((p) => p !== undefined).length;
        check.check(peers === 1, at, "exactly one of cidrIpv4, securityGroupId, prefixListId", { peers });
        if (rule.cidrIpv4 !== undefined) {
            const cidr = parseIpv4Cidr(rule.cidrIpv4);
            check.check(cidr !== undefined && isNetworkAddress(cidr), `${at}.cidrIpv4`, "an IPv4 network CIDR such as \"10.20.0.0/16\"", rule.cidrIpv4);
        }
    });
}

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateSecurityGroupArgs(name: string, args: SecurityGroupArgs): void {
    const check = new ArgsChecker(SecurityGroup.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^(?!sg-)[a-z0-9][a-z0-9-]{0,200}$/, "lowercase letters, digits and hyphens, not starting with \"sg-\"");
    check.matches("description", args.description, GROUP_DESCRIPTION, "up to 255 characters of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*");
    check.matchesIfGivenAndKnown("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    checkRules(check, "ingress", args.ingress ?? []);
    checkRules(check, "egress", args.egress ?? []);
    check.throwIfAny();
}

/** A stable logical-name part from a rule's description, so reordering rules replaces nothing. */
function ruleSlug(description: string): string {
    return resourceName([description], 48);
}

/**
 * An EC2 security group with no inline rules and one described rule resource per rule
 * (`aws:vpc/securityGroupIngressRule` / `…EgressRule`). Inline rules and rule resources
 * must never be mixed on one group (the provider would fight itself), and separate
 * resources let each rule change without touching the others. Ports are always explicit.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const endpoints = new aws.SecurityGroup("endpoints", {
 *     vpcId: "vpc-0123456789abcdef0",
 *     namePrefix: "acme-prod-endpoints",
 *     description: "Interface endpoints of acme-prod",
 *     ingress: [{ description: "HTTPS from the VPC", fromPort: 443, cidrIpv4: "10.20.0.0/16" }],
 * });
 * export const endpointsGroupId = endpoints.securityGroupId;
 * ```
 */
export class SecurityGroup extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:SecurityGroup";

    /** The group's ID (`sg-…`). */
    readonly securityGroupId: pulumi.Output<string>;

    private readonly ruleArgs: (rule: SecurityGroupRule) => aws.vpc.SecurityGroupIngressRuleArgs;
    private readonly ingress: SecurityGroupRule[];
    private readonly logicalName: string;

    constructor(name: string, args: SecurityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSecurityGroupArgs(name, args);
        super(SecurityGroup.TYPE, name, {}, opts);
        const cfg = { ...SECURITY_GROUP_DEFAULTS, ...definedOnly(args) };
        const region = args.region !== undefined ? { region: args.region } : {};
        const prefix = `${resourceName([cfg.namePrefix], AWS_NAME_MAX.securityGroup - 27)}-`;

        const group = new aws.ec2.SecurityGroup(`${name}-sg`, {
            ...region,
            vpcId: cfg.vpcId,
            namePrefix: prefix,
            description: cfg.description,
            tags: { Name: resourceName([cfg.namePrefix]) },
        }, { parent: this });

        this.ruleArgs = (rule: SecurityGroupRule) => ({
            ...region,
            securityGroupId: group.id,
            description: rule.description,
            ipProtocol: rule.protocol ?? "tcp",
            fromPort: rule.fromPort,
            toPort: rule.toPort ?? rule.fromPort,
            ...(rule.cidrIpv4 !== undefined ? { cidrIpv4: rule.cidrIpv4 } : {}),
            ...(rule.securityGroupId !== undefined ? { referencedSecurityGroupId: rule.securityGroupId } : {}),
            ...(rule.prefixListId !== undefined ? { prefixListId: rule.prefixListId } : {}),
        });
        for (const rule of cfg.ingress) {
            new aws.vpc.SecurityGroupIngressRule(`${name}-in-${ruleSlug(rule.description)}`, this.ruleArgs(rule), { parent: this });
        }
        for (const rule of cfg.egress) {
            new aws.vpc.SecurityGroupEgressRule(`${name}-out-${ruleSlug(rule.description)}`, this.ruleArgs(rule), { parent: this });
        }
        this.ingress = cfg.ingress.slice();
        this.logicalName = name;

        this.securityGroupId = group.id;
        this.registerOutputs({ securityGroupId: this.securityGroupId });
    }

    /**
     * Adds an inbound rule once the group exists, for a peer created after it (a data
     * store's group admitting the workloads that use it). Checked like the constructor's rules.
     */
    addIngress(rule: SecurityGroupRule): void {
        const check = new ArgsChecker(SecurityGroup.TYPE, this.logicalName);
        checkRules(check, "ingress", [...this.ingress, rule]);
        check.throwIfAny();
        this.ingress.push(rule);
        new aws.vpc.SecurityGroupIngressRule(`${this.logicalName}-in-${ruleSlug(rule.description)}`, this.ruleArgs(rule), { parent: this });
    }
}
