import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly } from "../core/internal";

/** Record types {@link DnsRecords} manages. */
export type DnsRecordType = "A" | "AAAA" | "CNAME";

/** One record set of {@link DnsRecordsArgs.records}. */
export interface DnsRecord {
    /**
     * Stable key naming the Pulumi resource, e.g. `a-api-example-com`. Key records by what
     * they are for (never by position) so editing the list does not replace others.
     * @default none (required)
     */
    key: string;
    /**
     * Fully qualified name with the trailing dot, e.g. `api.example.com.`.
     * @default none (required)
     */
    name: pulumi.Input<string>;
    /**
     * Record type.
     * @default none (required)
     */
    type: pulumi.Input<DnsRecordType>;
    /**
     * Record data: addresses for A/AAAA, one FQDN (with trailing dot) for CNAME.
     * @default none (required)
     */
    rrdatas: pulumi.Input<pulumi.Input<string>[]>;
}

/** Arguments of {@link DnsRecords}. */
export interface DnsRecordsArgs {
    /**
     * Name of an existing Cloud DNS managed zone in the project (not its DNS name), e.g.
     * `example-com`. Every record must fall inside the zone's DNS name.
     * An output (from config or another resource) is checked by the cloud, not here.
     * @default none (required)
     */
    managedZone: pulumi.Input<string>;
    /**
     * The record sets to manage.
     * @default none (required)
     */
    records: DnsRecord[];
    /**
     * TTL of every record, in seconds. Short enough to move the edge quickly.
     * @default 300
     */
    ttl?: number;
}

/** Defaults of {@link DnsRecordsArgs}. */
export const DNS_RECORDS_DEFAULTS = { ttl: 300 };

const TYPES: readonly DnsRecordType[] = ["A", "AAAA", "CNAME"];

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateDnsRecordsArgs(name: string, args: DnsRecordsArgs): void {
    const check = new ArgsChecker(DnsRecords.TYPE, name);
    check.matchesIfKnown("managedZone", args.managedZone, /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, "the name of an existing Cloud DNS managed zone");
    check.intInRange("ttl", args.ttl, 30, 86400);
    const records = Array.isArray(args.records) ? args.records : [];
    check.check(records.length > 0, "records", "at least one record", args.records);
    const keys = new Set<string>();
    records.forEach((r, i) => {
        // An untyped caller's null or string entry: one problem, not a TypeError.
        if (!check.check(typeof r === "object" && r !== null, `records[${i}]`, "a record with key, name, type and rrdatas", r)) return;
        check.matches(`records[${i}].key`, r.key, /^[a-z0-9][a-z0-9-]{0,99}$/, "a key of lowercase letters, digits and hyphens");
        if (keys.has(r.key)) check.fail(`records[${i}].key`, "each key once", r.key);
        keys.add(r.key);
        // The name and type may be outputs (the cloud checks those); a missing one is reported.
        check.matchesIfKnown(`records[${i}].name`, r.name, /^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+$/, "a fully qualified name ending with \".\" such as \"api.example.com.\"");
        if (typeof r.type === "string" || r.type === undefined) check.oneOfRequired(`records[${i}].type`, r.type as DnsRecordType, TYPES);
    });
    check.throwIfAny();
}

/**
 * DNS record sets in an existing Cloud DNS managed zone: the edge's A/AAAA records and the
 * CNAMEs Certificate Manager checks before issuing certificates.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * export const dns = new gcp.DnsRecords("dns", {
 *     managedZone: "example-com",
 *     records: [{ key: "api-a", name: "api.example.com.", type: "A", rrdatas: ["203.0.113.10"] }],
 * });
 * ```
 */
export class DnsRecords extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:DnsRecords";

    /** The record sets, by key. */
    readonly recordSets: Record<string, gcp.dns.RecordSet>;

    constructor(name: string, args: DnsRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDnsRecordsArgs(name, args);
        super(DnsRecords.TYPE, name, {}, opts);
        const cfg = { ...DNS_RECORDS_DEFAULTS, ...definedOnly(args) };

        this.recordSets = {};
        for (const record of cfg.records) {
            this.recordSets[record.key] = new gcp.dns.RecordSet(`${name}-${record.key}`, {
                managedZone: cfg.managedZone,
                name: record.name,
                type: record.type,
                ttl: cfg.ttl,
                rrdatas: record.rrdatas,
            }, { parent: this });
        }
        this.registerOutputs({ records: Object.keys(this.recordSets) });
    }
}
