import * as pulumi from "@pulumi/pulumi";
import { SecurityGroup, validateSecurityGroupArgs, type SecurityGroupArgs, type SecurityGroupRule } from "../../../components/aws/security-group";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, byName, plan, rejectedArgs } from "../../helpers/inventory";

const ARGS: SecurityGroupArgs = { vpcId: "vpc-0123456789abcdef0", namePrefix: "acme-prod-api", description: "API tasks of acme-prod" };
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const RULE: SecurityGroupRule = { description: "HTTPS", fromPort: 443, cidrIpv4: "10.0.0.0/8" };
const problems = (args: Partial<SecurityGroupArgs>) => argProblems(() => validateSecurityGroupArgs("api", { ...ARGS, ...args }));
const GROUP_CHARS = "up to 255 characters of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*";
const RULE_CHARS = "up to 255 characters of a-z A-Z 0-9 space ._-:/()#,@[]+=;{}!$*";
const NAME_PREFIX = 'lowercase letters, digits and hyphens, not starting with "sg-"';

describe("aws SecurityGroup", () => {
    it("creates a described group with no inline rules and nothing allowed by default", async () => {
        const inv = await plan(() => new SecurityGroup("api", ARGS));
        expect(inv.counts()).toEqual({ "prodstack:aws:SecurityGroup": 1, "aws:ec2/securityGroup:SecurityGroup": 1 });
        expect(inv.one("aws:ec2/securityGroup:SecurityGroup").inputs).toEqual({
            vpcId: "vpc-0123456789abcdef0",
            namePrefix: "acme-prod-api-",
            description: "API tasks of acme-prod",
            tags: { Name: "acme-prod-api" },
        });
    });

    it("creates one described rule resource per rule, each with exactly one peer", async () => {
        const inv = await plan(() => new SecurityGroup("api", {
            ...ARGS,
            region: "eu-central-1",
            ingress: [{ description: "HTTP from the load balancer", fromPort: 8080, securityGroupId: "sg-0aaaaaaaaaaaaaaaa" }],
            egress: [
                { description: "HTTPS to AWS APIs and the internet (via NAT)", fromPort: 443, cidrIpv4: "0.0.0.0/0" },
                { description: "Postgres", fromPort: 5432, securityGroupId: "sg-0bbbbbbbbbbbbbbbb" },
                { description: "DNS over UDP", protocol: "udp", fromPort: 53, cidrIpv4: "10.20.0.0/16" },
                { description: "Ephemeral range to the S3 prefix list", fromPort: 1024, toPort: 65535, prefixListId: "pl-6ea54007" },
            ],
        }));
        expect(inv.ofType(INGRESS).map((r) => [r.name, r.inputs])).toEqual([
            ["api-in-http-from-the-load-balancer", {
                region: "eu-central-1", securityGroupId: "api-sg-id", description: "HTTP from the load balancer",
                ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: "sg-0aaaaaaaaaaaaaaaa",
            }],
        ]);
        const egress = byName(inv.ofType(EGRESS)).map((r) => [r.name, r.inputs]);
        expect(egress).toEqual([
            ["api-out-dns-over-udp", {
                region: "eu-central-1", securityGroupId: "api-sg-id", description: "DNS over UDP", ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "10.20.0.0/16",
            }],
            ["api-out-ephemeral-range-to-the-s3-prefix-list", {
                region: "eu-central-1", securityGroupId: "api-sg-id", description: "Ephemeral range to the S3 prefix list",
                ipProtocol: "tcp", fromPort: 1024, toPort: 65535, prefixListId: "pl-6ea54007",
            }],
            ["api-out-https-to-aws-apis-and-the-internet-via-nat", {
                region: "eu-central-1", securityGroupId: "api-sg-id", description: "HTTPS to AWS APIs and the internet (via NAT)",
                ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0",
            }],
            ["api-out-postgres", {
                region: "eu-central-1", securityGroupId: "api-sg-id", description: "Postgres", ipProtocol: "tcp", fromPort: 5432, toPort: 5432,
                referencedSecurityGroupId: "sg-0bbbbbbbbbbbbbbbb",
            }],
        ]);
        for (const rule of [...inv.ofType(INGRESS), ...inv.ofType(EGRESS)]) expect(rule.dependsOn).toContain(inv.one("aws:ec2/securityGroup:SecurityGroup").urn);
        // The group and every rule are the component's children.
        const component = inv.one(SecurityGroup.TYPE).urn;
        expect(inv.childrenOf(component).map((r) => r.type).sort()).toEqual(["aws:ec2/securityGroup:SecurityGroup", INGRESS, EGRESS, EGRESS, EGRESS, EGRESS].sort());
    });

    it("accepts every character the EC2 API allows in descriptions, and & in the group's own", async () => {
        const inv = await plan(() => new SecurityGroup("api", {
            ...ARGS,
            description: "a-z A-Z 0-9 ._-:/()#,@[]+=&;{}!$*",
            ingress: [{ description: "a-z A-Z 0-9 ._-:/()#,@[]+=;{}!$*", fromPort: 1, toPort: 65535, cidrIpv4: "10.0.0.0/8" }],
        }));
        expect(inv.one(INGRESS).inputs).toMatchObject({ fromPort: 1, toPort: 65535 });
    });

    it.each<[string, Partial<SecurityGroupArgs>]>([
        ["a name prefix of 201 characters", { namePrefix: "a".repeat(201) }],
        ["a name prefix starting with a digit", { namePrefix: "0api" }],
        ["a name prefix starting with sg but no hyphen", { namePrefix: "sgapi" }],
        ["a group description of 255 characters", { description: "d".repeat(255) }],
        ["a rule description of 255 characters", { ingress: [{ ...RULE, description: "r".repeat(255) }] }],
        ["a single port written as a range", { ingress: [{ ...RULE, fromPort: 80, toPort: 80 }] }],
        ["the port bounds 1 and 65535", { egress: [{ ...RULE, fromPort: 65535 }, { ...RULE, description: "low", fromPort: 1 }] }],
        ["the same description once in ingress and once in egress", { ingress: [RULE], egress: [RULE] }],
        ["a region only known at deploy time", { region: pulumi.output("not checked") }],
        ["a /32 and a /0", { ingress: [{ ...RULE, cidrIpv4: "10.1.2.3/32" }, { ...RULE, description: "all", cidrIpv4: "0.0.0.0/0" }] }],
    ])("accepts %s", (_, args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[string, Partial<SecurityGroupArgs>, string]>([
        ["a name prefix of 202 characters", { namePrefix: "a".repeat(202) }, `namePrefix: expected ${NAME_PREFIX}, got "${"a".repeat(202)}"`],
        ["a name prefix starting with a hyphen", { namePrefix: "-api" }, `namePrefix: expected ${NAME_PREFIX}, got "-api"`],
        ["an upper-case name prefix", { namePrefix: "Api" }, `namePrefix: expected ${NAME_PREFIX}, got "Api"`],
        ["a name prefix with text after it", { namePrefix: "api_x" }, `namePrefix: expected ${NAME_PREFIX}, got "api_x"`],
        ["an empty name prefix", { namePrefix: "" }, `namePrefix: expected ${NAME_PREFIX}, got ""`],
        ["an empty group description", { description: "" }, `description: expected ${GROUP_CHARS}, got ""`],
        ["a group description of 256 characters", { description: "d".repeat(256) }, `description: expected ${GROUP_CHARS}, got "${"d".repeat(256)}"`],
        ["a group description with a character after the allowed ones", { description: "API tasks\n" }, `description: expected ${GROUP_CHARS}, got "API tasks\\n"`],
        ["an empty rule description", { ingress: [{ ...RULE, description: "" }] }, `ingress[0].description: expected ${RULE_CHARS}, got ""`],
        ["a rule description with a newline after it", { egress: [{ ...RULE, description: "HTTPS\n" }] }, `egress[0].description: expected ${RULE_CHARS}, got "HTTPS\\n"`],
        ["a missing fromPort", { ingress: [{ ...RULE, fromPort: undefined as never }] }, "ingress[0].fromPort: expected a port from 1 to 65535, got nothing"],
        ["a fractional fromPort", { ingress: [{ ...RULE, fromPort: 80.5 }] }, "ingress[0].fromPort: expected an integer from 1 to 65535, got 80.5"],
        ["a toPort of 65536", { egress: [{ ...RULE, toPort: 65536 }] }, "egress[0].toPort: expected a port from fromPort (443) to 65535, got 65536"],
        ["a fractional toPort", { egress: [{ ...RULE, toPort: 443.5 }] }, "egress[0].toPort: expected a port from fromPort (443) to 65535, got 443.5"],
        ["a CIDR prefix of 33", { ingress: [{ ...RULE, cidrIpv4: "10.0.0.0/33" }] }, 'ingress[0].cidrIpv4: expected an IPv4 network CIDR such as "10.20.0.0/16", got "10.0.0.0/33"'],
        ["an address without a prefix", { ingress: [{ ...RULE, cidrIpv4: "10.0.0.0" }] }, 'ingress[0].cidrIpv4: expected an IPv4 network CIDR such as "10.20.0.0/16", got "10.0.0.0"'],
        ["two egress rules that read the same", { egress: [RULE, { ...RULE, description: "https" }] }, 'egress[1].description: expected a description unique within egress (ignoring case and punctuation), got "https"'],
        ["a security group and a prefix list as peers", { egress: [{ description: "x", fromPort: 443, securityGroupId: "sg-1", prefixListId: "pl-1" }] }, 'egress[0]: expected exactly one of cidrIpv4, securityGroupId, prefixListId, got {"peers":2}'],
    ])("rejects %s", (_, args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });

    it("keeps long names within AWS limits: the rule name from a long description, the Name tag", async () => {
        const long = "a".repeat(70);
        const inv = await plan(() => new SecurityGroup("api", { ...ARGS, namePrefix: long, egress: [{ ...RULE, description: "b".repeat(70) }] }));
        const group = inv.one("aws:ec2/securityGroup:SecurityGroup").inputs;
        expect(group.namePrefix).toBe(`${long}-`);
        expect(String(group.tags && (group.tags as Record<string, string>).Name)).toMatch(/^a{56}-[0-9a-f]{6}$/);
        expect(inv.one(EGRESS).name).toMatch(/^api-out-b{41}-[0-9a-f]{6}$/);
    });

    it("summarises rules in one line and flags world-open ingress", async () => {
        const open = await plan(() => new SecurityGroup("lb", {
            ...ARGS,
            ingress: [{ description: "HTTPS from anywhere", fromPort: 443, cidrIpv4: "0.0.0.0/0" }],
            egress: [{ description: "HTTP to tasks", fromPort: 8080, securityGroupId: "sg-1" }],
        }));
        expect(summarize(SecurityGroup.TYPE, open.resources)).toBe("acme-prod-api-* · 1 in / 1 out rules, all described, WORLD-OPEN INGRESS on 443");
        const closed = await plan(() => new SecurityGroup("db", { ...ARGS, ingress: [{ description: "Postgres from tasks", fromPort: 5432, securityGroupId: "sg-1" }] }));
        expect(summarize(SecurityGroup.TYPE, closed.resources)).toBe("acme-prod-api-* · 1 in / 0 out rule, all described");
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new SecurityGroup("api", {
            vpcId: "vpc-1",
            namePrefix: "sg-api",
            description: "API tasks — prod",
            region: "Frankfurt",
            ingress: [
                { description: "HTTP & HTTPS", fromPort: 0, cidrIpv4: "10.0.0.1/16" },
                { description: "two peers", fromPort: 80, toPort: 79, cidrIpv4: "10.0.0.0/8", securityGroupId: "sg-1" },
                { description: "Two peers!", fromPort: 80 },
            ],
            egress: [{ description: "x".repeat(256), protocol: "-1" as never, fromPort: 65536, securityGroupId: "sg-1" }],
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected lowercase letters, digits and hyphens, not starting with "sg-", got "sg-api"',
            'description: expected up to 255 characters of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*, got "API tasks — prod"',
            'region: expected an AWS region such as "eu-central-1", got "Frankfurt"',
            'ingress[0].description: expected up to 255 characters of a-z A-Z 0-9 space ._-:/()#,@[]+=;{}!$*, got "HTTP & HTTPS"',
            "ingress[0].fromPort: expected an integer from 1 to 65535, got 0",
            'ingress[0].cidrIpv4: expected an IPv4 network CIDR such as "10.20.0.0/16", got "10.0.0.1/16"',
            "ingress[1].toPort: expected a port from fromPort (80) to 65535, got 79",
            'ingress[1]: expected exactly one of cidrIpv4, securityGroupId, prefixListId, got {"peers":2}',
            'ingress[2].description: expected a description unique within ingress (ignoring case and punctuation), got "Two peers!"',
            'ingress[2]: expected exactly one of cidrIpv4, securityGroupId, prefixListId, got {"peers":0}',
            `egress[0].description: expected up to 255 characters of a-z A-Z 0-9 space ._-:/()#,@[]+=;{}!$*, got "${"x".repeat(256)}"`,
            'egress[0].protocol: expected one of "tcp", "udp", got "-1"',
            "egress[0].fromPort: expected an integer from 1 to 65535, got 65536",
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it("adds an inbound rule after construction, for a peer created later, checked like the constructor's", async () => {
        const inv = await plan(() => {
            const group = new SecurityGroup("db", { ...ARGS, region: "eu-central-1", ingress: [{ description: "Postgres from api", fromPort: 5432, securityGroupId: "sg-api" }] });
            group.addIngress({ description: "Postgres from migrate", fromPort: 5432, securityGroupId: "sg-migrate" });
            expect(() => group.addIngress({ description: "postgres FROM migrate!", fromPort: 5432, securityGroupId: "sg-other" })).toThrow(
                'ingress[2].description: expected a description unique within ingress (ignoring case and punctuation), got "postgres FROM migrate!"',
            );
            expect(() => group.addIngress({ description: "Nothing", fromPort: 0, cidrIpv4: "10.0.0.0/8" })).toThrow("ingress[2].fromPort: expected an integer from 1 to 65535, got 0");
        });
        const rules = inv.ofType(INGRESS);
        expect(rules.map((r) => [r.name, r.inputs.referencedSecurityGroupId, r.inputs.region, r.parent])).toEqual([
            ["db-in-postgres-from-api", "sg-api", "eu-central-1", inv.one("prodstack:aws:SecurityGroup").urn],
            ["db-in-postgres-from-migrate", "sg-migrate", "eu-central-1", inv.one("prodstack:aws:SecurityGroup").urn],
        ]);
        expect(rules[1].inputs.securityGroupId).toBe(rules[0].inputs.securityGroupId);
    });
});
