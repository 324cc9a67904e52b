import * as pulumi from "@pulumi/pulumi";
import { CERTIFICATE_DEFAULTS, Certificate, validateCertificateArgs, validationKey, type CertificateArgs } from "../../../components/aws/certificate";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const CERT = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RECORD = "aws:route53/record:Record";
const ARGS: CertificateArgs = { domains: ["api.example.com", "app.example.com"], region: "eu-central-1" };

describe("aws Certificate", () => {
    it("requests one DNS-validated ECDSA certificate in the given region and waits for it in that region", async () => {
        const inv = await plan(() => new Certificate("origin", ARGS));
        expect(inv.counts()).toEqual({ "prodstack:aws:Certificate": 1, [CERT]: 1, [VALIDATION]: 1 });
        expect(inv.one(CERT).inputs).toEqual({
            region: "eu-central-1",
            domainName: "api.example.com",
            subjectAlternativeNames: ["app.example.com"],
            validationMethod: "DNS",
            keyAlgorithm: "EC_prime256v1",
            options: { certificateTransparencyLoggingPreference: "ENABLED" },
        });
        const validation = inv.one(VALIDATION).inputs;
        expect(validation.region).toBe("eu-central-1");
        expect(validation.certificateArn).toMatch(/^arn:aws:acm:eu-central-1:123456789012:certificate\/[0-9a-f-]{36}$/);
        // No zone: nothing to wait on but issuance itself, and no records are created.
        expect(validation.validationRecordFqdns).toBeUndefined();
    });

    it("takes us-east-1 for CloudFront and RSA_2048 when asked, with a single name", async () => {
        const inv = await plan(() => new Certificate("edge", { domains: ["example.com"], region: "us-east-1", keyAlgorithm: "RSA_2048" }));
        expect(inv.one(CERT).inputs).toMatchObject({ region: "us-east-1", domainName: "example.com", keyAlgorithm: "RSA_2048" });
        expect(inv.one(CERT).inputs.subjectAlternativeNames).toBeUndefined();
        expect(inv.one(VALIDATION).inputs.region).toBe("us-east-1");
    });

    it("writes one validation CNAME per distinct name into the zone and waits for exactly those records", async () => {
        const inv = await plan(() => new Certificate("edge", {
            domains: ["example.com", "*.example.com", "api.example.com"],
            region: "us-east-1",
            zoneId: "Z0123456789ABCDEFGHIJ",
        }));
        const records = [...inv.ofType(RECORD)].sort((a, b) => a.name.localeCompare(b.name));
        const component = inv.one("prodstack:aws:Certificate").urn;
        for (const child of [inv.one(CERT), inv.one(VALIDATION), ...records]) expect(child.parent).toBe(component);
        // example.com and *.example.com share ACM's record: two records, not three.
        expect(records.map((r) => r.name)).toEqual(["edge-validation-api-example-com", "edge-validation-example-com"]);
        for (const r of records) {
            expect(r.inputs).toMatchObject({ zoneId: "Z0123456789ABCDEFGHIJ", type: "CNAME", ttl: 300, allowOverwrite: true });
            expect((r.inputs.records as string[])[0]).toMatch(/^_[0-9a-f]{32}\.[0-9a-f]{10}\.acm-validations\.aws\.$/);
        }
        expect(records.map((r) => String(r.inputs.name).replace(/^_[0-9a-f]{32}\./, ""))).toEqual(["api.example.com.", "example.com."]);
        const fqdns = inv.one(VALIDATION).inputs.validationRecordFqdns as string[];
        expect(fqdns).toHaveLength(2);
        expect(fqdns.map((f) => f.replace(/^_[0-9a-f]{32}\./, "")).sort()).toEqual(["api.example.com", "example.com"]);
    });

    it("lists the records to create by hand, shaped as GCP's dnsRecordsToCreate, and takes its arn from the validation", async () => {
        let cert: Certificate | undefined;
        const inv = await plan(() => {
            cert = new Certificate("origin", ARGS);
            return { records: cert.dnsRecords, arn: cert.arn, domains: cert.domains };
        });
        const out = inv.outputs as { records: Array<{ name: string; type: string; value: string }>; arn: string; domains: string[] };
        expect(out.records.map((r) => [r.name.replace(/^_[0-9a-f]{32}\./, ""), r.type])).toEqual([["api.example.com.", "CNAME"], ["app.example.com.", "CNAME"]]);
        expect(out.records.every((r) => /\.acm-validations\.aws\.$/.test(r.value))).toBe(true);
        expect(out.arn).toBe(inv.one(VALIDATION).inputs.certificateArn);
        expect(out.domains).toEqual(["api.example.com", "app.example.com"]);
        expect(pulumi.Output.isInstance(cert!.arn)).toBe(true);
    });

    it.each([
        [{ domains: [] }, "domains: expected at least one hostname, got []"],
        [{ domains: ["API.example.com"] }, 'domains[0]: expected a lowercase hostname such as "api.example.com" or "*.example.com", got "API.example.com"'],
        [{ domains: ["a.example.com", "a.example.com"] }, 'domains[1]: expected each hostname once, got "a.example.com"'],
        [{ domains: Array.from({ length: 11 }, (_, i) => `h${i}.example.com`) }, "domains: expected at most 10 hostnames (ACM's default quota per certificate), got 11"],
        [{ region: "europe-west1" }, 'region: expected an AWS region such as "us-east-1" (CloudFront) or "eu-central-1", got "europe-west1"'],
        [{ zoneId: "example-com" }, 'zoneId: expected a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ", got "example-com"'],
        [{ keyAlgorithm: "EC_secp384r1" }, 'keyAlgorithm: expected one of "EC_prime256v1", "RSA_2048", got "EC_secp384r1"'],
        [{ validationTimeout: "0m" }, 'validationTimeout: expected a duration such as "75m" or "2h", got "0m"'],
        [{ validationTimeout: "" }, 'validationTimeout: expected a duration such as "75m" or "2h", got ""'],
    ])("refuses %j before registering anything", async (bad, problem) => {
        const { error, inv } = await rejectedArgs(() => new Certificate("c", { ...ARGS, ...(bad as Partial<CertificateArgs>) }));
        expect(error.problems).toEqual([problem]);
        expect(inv.resources).toEqual([]);
    });

    it.each([
        [{ domains: Array.from({ length: 10 }, (_, i) => `h${i}.example.com`) }],
        [{ domains: ["*.example.com"] }],
        [{ validationTimeout: "2h" }],
        [{ validationTimeout: "1h30m" }],
        [{ zoneId: pulumi.output("not-checked-here") }],
    ])("accepts %p", async (good) => {
        const inv = await plan(() => new Certificate("c", { ...ARGS, ...(good as Partial<CertificateArgs>) }));
        expect(inv.ofType(CERT)).toHaveLength(1);
    });
});

describe("aws Certificate summary", () => {
    it("names the region, hosts, key and how validation happens", async () => {
        const listed = await plan(() => new Certificate("origin", ARGS));
        expect(summarize(Certificate.TYPE, listed.resources)).toBe(
            "ACM eu-central-1 · api.example.com, app.example.com · EC_prime256v1 · DNS validation records to create by hand · used once issued",
        );
        const zoned = await plan(() => new Certificate("origin", { ...ARGS, zoneId: "Z0123456789ABCDEFGHIJ" }));
        expect(summarize(Certificate.TYPE, zoned.resources)).toBe(
            "ACM eu-central-1 · api.example.com, app.example.com · EC_prime256v1 · DNS-validated through 2 Route 53 records · used once issued",
        );
    });
});

describe("aws Certificate args, checked without planning", () => {
    const problems = (args: Partial<CertificateArgs>) => argProblems(() => validateCertificateArgs("c", { ...ARGS, ...args }));
    const DOMAIN = 'domains[0]: expected a lowercase hostname such as "api.example.com" or "*.example.com"';
    const ZONE = 'zoneId: expected a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ"';
    const TIMEOUT = 'validationTimeout: expected a duration such as "75m" or "2h"';
    const label = (n: number) => "a".repeat(n);
    // 253 characters: three 63-character labels, one of 57, and "com".
    const longest = `${label(63)}.${label(63)}.${label(63)}.${label(57)}.com`;

    it.each([
        "api.example.com.", "_x.example.com", "api-.example.com", "-api.example.com", "localhost", "api.example.c", "api.example.c0m",
        "*.*.example.com", "a.*.example.com", "*aexample.com", `${label(64)}.com`, `${label(63)}.${label(63)}.${label(63)}.${label(58)}.com`,
    ])("refuses the domain %j", (domain) => {
        expect(problems({ domains: [domain] })).toEqual([`${DOMAIN}, got "${domain}"`]);
    });

    it.each([["*.example.com"], [`${label(63)}.com`], [longest], ["my-api.example.io"], ["a.b.example.com"]])("accepts the domain %j", (domain) => {
        expect(problems({ domains: [domain] })).toEqual([]);
    });

    it("refuses a domain that is no string, even one that reads as a hostname", () => {
        expect(problems({ domains: [["a.example.com"]] as unknown as string[] })).toEqual([`${DOMAIN}, got ["a.example.com"]`]);
    });

    it.each(["Zabc", "XZ0123", "Z0123 ", "Z", `Z${"A".repeat(32)}`])("refuses the zone ID %j", (zoneId) => {
        expect(problems({ zoneId })).toEqual([`${ZONE}, got "${zoneId}"`]);
    });

    it.each(["Z0123456789ABCDEFGHIJ", "Z1", `Z${"A".repeat(31)}`])("accepts the zone ID %j", (zoneId) => {
        expect(problems({ zoneId })).toEqual([]);
    });

    it.each(["0h", "1h0m", "1h30", "x75m", "75mx", "75", "h", "1.5h", "01h", "2h 30m"])("refuses the timeout %j", (validationTimeout) => {
        expect(problems({ validationTimeout })).toEqual([`${TIMEOUT}, got "${validationTimeout}"`]);
    });

    it.each(["75m", "120m", "10h", "2h", "1h30m", "1h5m", "12h45m"])("accepts the timeout %j", (validationTimeout) => {
        expect(problems({ validationTimeout })).toEqual([]);
    });

    it("accepts both key algorithms; documents ECDSA P-256 and 75 minutes as defaults", () => {
        expect(problems({ keyAlgorithm: "EC_prime256v1" })).toEqual([]);
        expect(problems({ keyAlgorithm: "RSA_2048" })).toEqual([]);
        expect(CERTIFICATE_DEFAULTS).toEqual({ keyAlgorithm: "EC_prime256v1", validationTimeout: "75m" });
    });

    it("keys a wildcard and its base name by the base name only", () => {
        expect(validationKey("*.example.com")).toBe("example.com");
        expect(validationKey("example.com")).toBe("example.com");
        expect(validationKey("www.example.com")).toBe("www.example.com");
    });
});
