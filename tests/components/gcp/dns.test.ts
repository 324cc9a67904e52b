import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { type DnsRecord, DnsRecords, type DnsRecordsArgs, validateDnsRecordsArgs } from "../../../components/gcp/dns";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan } from "../../helpers/inventory";

const RECORD = "gcp:dns/recordSet:RecordSet";

describe("gcp DnsRecords", () => {
    it("creates one record set per record in the existing zone, keyed for stable names", async () => {
        const inv = await plan(() => new DnsRecords("dns", {
            managedZone: "example-com",
            records: [
                { key: "a-api", name: "api.example.com.", type: "A", rrdatas: ["203.0.113.10"] },
                { key: "acme-api", name: pulumi.output("_acme-challenge.api.example.com."), type: "CNAME", rrdatas: [pulumi.output("x.9.authorize.certificatemanager.goog.")] },
            ],
        }));
        expect(inv.counts()).toEqual({ "prodstack:gcp:DnsRecords": 1, [RECORD]: 2 });
        const component = inv.one("prodstack:gcp:DnsRecords").urn;
        expect(inv.ofType(RECORD).map((r) => r.parent)).toEqual([component, component]);
        expect(inv.named("dns-a-api", RECORD).inputs).toEqual({
            managedZone: "example-com", name: "api.example.com.", type: "A", ttl: 300, rrdatas: ["203.0.113.10"],
        });
        expect(inv.named("dns-acme-api", RECORD).inputs).toEqual({
            managedZone: "example-com", name: "_acme-challenge.api.example.com.", type: "CNAME", ttl: 300, rrdatas: ["x.9.authorize.certificatemanager.goog."],
        });
        expect(summarize("prodstack:gcp:DnsRecords", inv.ofType(RECORD))).toBe("2 record sets in zone example-com");
    });

    it("honours the TTL", async () => {
        const inv = await plan(() => new DnsRecords("dns", {
            managedZone: "example-com", ttl: 60, records: [{ key: "a", name: "example.com.", type: "A", rrdatas: ["203.0.113.1"] }],
        }));
        expect(inv.one(RECORD).inputs.ttl).toBe(60);
    });

    it("rejects bad zones, names, types, duplicate keys and TTLs, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new DnsRecords("dns", {
                    managedZone: "Example.com",
                    ttl: 5,
                    records: [
                        { key: "a", name: "api.example.com", type: "A", rrdatas: ["203.0.113.1"] },
                        { key: "a", name: "www.example.com.", type: "MX" as never, rrdatas: ["x."] },
                    ],
                } as DnsRecordsArgs);
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'managedZone: expected the name of an existing Cloud DNS managed zone, got "Example.com"',
            "ttl: expected an integer from 30 to 86400, got 5",
            'records[0].name: expected a fully qualified name ending with "." such as "api.example.com.", got "api.example.com"',
            'records[1].key: expected each key once, got "a"',
            'records[1].type: expected one of "A", "AAAA", "CNAME", got "MX"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("gcp DnsRecords validation", () => {
    const RECORD_OK = { key: "a-api", name: "api.example.com.", type: "A" as const, rrdatas: ["203.0.113.10"] };
    const problemsOf = (args: Partial<DnsRecordsArgs>) =>
        argProblems(() => validateDnsRecordsArgs("dns", { managedZone: "example-com", records: [RECORD_OK], ...args }));
    const record = (r: Partial<DnsRecord>) => problemsOf({ records: [{ ...RECORD_OK, ...r }] });
    const ZONE = 'the name of an existing Cloud DNS managed zone';
    const KEY = "a key of lowercase letters, digits and hyphens";
    const NAME = 'a fully qualified name ending with "." such as "api.example.com."';

    it.each([
        ["a", []],
        [`a${"b".repeat(61)}c`, []],
        [`a${"b".repeat(62)}c`, [`managedZone: expected ${ZONE}, got "a${"b".repeat(62)}c"`]],
        ["example-", [`managedZone: expected ${ZONE}, got "example-"`]],
        ["1example", [`managedZone: expected ${ZONE}, got "1example"`]],
        // Left out by a JavaScript caller or untyped config: an error, not a zone named "undefined".
        [undefined, [`managedZone: expected ${ZONE}, got nothing`]],
        ["example-com.", [`managedZone: expected ${ZONE}, got "example-com."`]],
    ])("managed zone %j", (managedZone, problems) => {
        expect(problemsOf({ managedZone })).toEqual(problems);
    });

    it("leaves a managed zone that is an output to the cloud", () => {
        expect(problemsOf({ managedZone: pulumi.output("Not a zone") })).toEqual([]);
    });

    it.each([
        [29, ["ttl: expected an integer from 30 to 86400, got 29"]],
        [30, []],
        [86400, []],
        [86401, ["ttl: expected an integer from 30 to 86400, got 86401"]],
        [300.5, ["ttl: expected an integer from 30 to 86400, got 300.5"]],
    ])("ttl %j", (ttl, problems) => {
        expect(problemsOf({ ttl })).toEqual(problems);
    });

    it.each([
        [[], ["records: expected at least one record, got []"]],
        [undefined, ["records: expected at least one record, got nothing"]],
        [{}, ["records: expected at least one record, got {}"]],
    ])("records %j", (records, problems) => {
        expect(problemsOf({ records: records as never })).toEqual(problems);
    });

    it.each([
        ["0", []],
        ["a".repeat(100), []],
        ["a".repeat(101), [`records[0].key: expected ${KEY}, got "${"a".repeat(101)}"`]],
        ["-a", [`records[0].key: expected ${KEY}, got "-a"`]],
        ["a_", [`records[0].key: expected ${KEY}, got "a_"`]],
        ["A", [`records[0].key: expected ${KEY}, got "A"`]],
    ])("record key %j", (key, problems) => {
        expect(record({ key })).toEqual(problems);
    });

    it.each([
        ["a.", []],
        ["_acme-challenge.api.example.com.", []],
        [`${"a".repeat(63)}.example.com.`, []],
        [`${"a".repeat(64)}.example.com.`, [`records[0].name: expected ${NAME}, got "${"a".repeat(64)}.example.com."`]],
        ["-a.example.com.", [`records[0].name: expected ${NAME}, got "-a.example.com."`]],
        ["a-.example.com.", [`records[0].name: expected ${NAME}, got "a-.example.com."`]],
        ["api.example.com. ", [`records[0].name: expected ${NAME}, got "api.example.com. "`]],
    ])("record name %j", (name, problems) => {
        expect(record({ name })).toEqual(problems);
    });

    it("accepts AAAA and CNAME records and leaves names and types that are outputs to the cloud", () => {
        expect(record({ type: "AAAA", rrdatas: ["2001:db8::1"] })).toEqual([]);
        expect(record({ type: "CNAME", rrdatas: ["x.authorize.certificatemanager.goog."] })).toEqual([]);
        expect(record({ name: pulumi.output("Not a name"), type: pulumi.output("MX" as never) })).toEqual([]);
    });

    it("reports an entry that is no record, and a record without its name or type (untyped callers)", () => {
        expect(problemsOf({ records: [null as never, "a" as never] })).toEqual([
            "records[0]: expected a record with key, name, type and rrdatas, got null",
            'records[1]: expected a record with key, name, type and rrdatas, got "a"',
        ]);
        expect(record({ name: undefined, type: undefined })).toEqual([
            `records[0].name: expected ${NAME}, got nothing`,
            'records[0].type: expected one of "A", "AAAA", "CNAME", got nothing',
        ]);
        expect(record({ type: "MX" as never })).toEqual(['records[0].type: expected one of "A", "AAAA", "CNAME", got "MX"']);
    });
});
