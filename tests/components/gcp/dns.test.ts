import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { DnsRecords, type DnsRecordsArgs } from "../../../components/gcp/dns";
import { summarize } from "../../../infra/plan/summaries";
import { plan } from "../../helpers/inventory";

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
