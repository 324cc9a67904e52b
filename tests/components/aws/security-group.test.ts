import { SecurityGroup, type SecurityGroupArgs } from "../../../components/aws/security-group";
import { summarize } from "../../../infra/plan/summaries";
import { byName, plan, rejectedArgs } from "../../helpers/inventory";

const ARGS: SecurityGroupArgs = { vpcId: "vpc-0123456789abcdef0", namePrefix: "acme-prod-api", description: "API tasks of acme-prod" };
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

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
    });

    it("accepts every character the EC2 API allows in descriptions, and & in the group's own", async () => {
        const inv = await plan(() => new SecurityGroup("api", {
            ...ARGS,
            description: "a-z A-Z 0-9 ._-:/()#,@[]+=&;{}!$*",
            ingress: [{ description: "a-z A-Z 0-9 ._-:/()#,@[]+=;{}!$*", fromPort: 1, toPort: 65535, cidrIpv4: "10.0.0.0/8" }],
        }));
        expect(inv.one(INGRESS).inputs).toMatchObject({ fromPort: 1, toPort: 65535 });
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
