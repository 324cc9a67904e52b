import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, HOSTNAME, HOSTNAME_EXPECTED, resourceName } from "../core/internal";

/** How certificates are issued: Certificate Manager with DNS authorization, or classic managed SSL certificates. */
export type CertificateMode = "certificate-manager" | "classic";

/** All certificate modes, for validation messages. */
export const CERTIFICATE_MODES: readonly CertificateMode[] = ["certificate-manager", "classic"];

export { HOSTNAME, HOSTNAME_EXPECTED };

/**
 * A target HTTPS proxy accepts at most 15 SSL certificates; classic mode issues one
 * certificate per domain, so it is limited to 15 domains.
 */
export const CLASSIC_MAX_DOMAINS = 15;

/** Arguments of {@link ManagedCertificates}. */
export interface ManagedCertificatesArgs {
    /**
     * Prefix for every resource name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Domains to issue certificates for, e.g. `["api.example.com", "app.example.com"]`.
     * The first one is served to clients that send no (or an unknown) SNI name.
     * @default none (required)
     */
    domains: string[];
    /**
     * `certificate-manager`: one Certificate Manager certificate per domain, authorized by a
     * DNS CNAME (issuance does not wait for traffic to reach the load balancer), published
     * through a certificate map. `classic`: one Compute managed SSL certificate per domain,
     * issued once the domain's A record points at the load balancer (at most 15 domains).
     * @default "certificate-manager"
     */
    mode?: CertificateMode;
}

/** Defaults of {@link ManagedCertificatesArgs}. */
export const MANAGED_CERTIFICATES_DEFAULTS = { mode: "certificate-manager" as CertificateMode };

/** A DNS record Certificate Manager needs to see before it issues a domain's certificate. */
export interface DnsAuthorizationRecord {
    /**
     * The domain the record authorizes.
     * @default always set (computed by the component)
     */
    domain: string;
    /**
     * Record name (FQDN with trailing dot), e.g. `_acme-challenge.api.example.com.`.
     * @default always set (computed by the component)
     */
    name: pulumi.Output<string>;
    /**
     * Record type (`CNAME`).
     * @default always set (computed by the component)
     */
    type: pulumi.Output<string>;
    /**
     * Record data (FQDN with trailing dot).
     * @default always set (computed by the component)
     */
    data: pulumi.Output<string>;
}

const NAME_PREFIX = /^[a-z][a-z0-9-]{0,29}$/;

/**
 * Records into `check` every problem with the domains and mode; a parent component that
 * names the mode differently passes its own `modeKey`.
 */
export function checkManagedCertificatesArgs(
    check: ArgsChecker,
    args: Pick<ManagedCertificatesArgs, "domains" | "mode">,
    modeKey = "mode",
): void {
    check.oneOf(modeKey, args.mode, CERTIFICATE_MODES);
    if (!Array.isArray(args.domains) || args.domains.length === 0) {
        check.fail("domains", "at least one domain to issue a certificate for", args.domains);
        return;
    }
    const seen = new Set<string>();
    const slugs = new Map<string, string>();
    args.domains.forEach((d, i) => {
        if (!check.check(typeof d === "string" && HOSTNAME.test(d), `domains[${i}]`, HOSTNAME_EXPECTED, d)) return;
        if (seen.has(d)) check.fail(`domains[${i}]`, "each domain once", d);
        seen.add(d);
        // Resource names replace dots by hyphens: two domains must not become the same name.
        const other = slugs.get(domainSlug(d));
        if (other !== undefined && other !== d) {
            check.fail(`domains[${i}]`, `a domain that differs from "${other}" by more than "." vs "-" (both would name resources "${domainSlug(d)}")`, d);
        }
        slugs.set(domainSlug(d), d);
    });
    if ((args.mode ?? MANAGED_CERTIFICATES_DEFAULTS.mode) === "classic") {
        check.check(
            args.domains.length <= CLASSIC_MAX_DOMAINS,
            "domains",
            `at most ${CLASSIC_MAX_DOMAINS} domains with classic certificates (use "certificate-manager" for more)`,
            args.domains.length,
        );
    }
}

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateManagedCertificatesArgs(name: string, args: ManagedCertificatesArgs): void {
    const check = new ArgsChecker(ManagedCertificates.TYPE, name);
    check.matches("namePrefix", args.namePrefix, NAME_PREFIX, "a lowercase name prefix such as \"acme-prod\"");
    checkManagedCertificatesArgs(check, args);
    check.throwIfAny();
}

/** `api.example.com` → `api-example-com`, for logical and cloud resource names. */
export function domainSlug(domain: string): string {
    return domain.replace(/\./g, "-");
}

/**
 * Google-managed, auto-renewing TLS certificates for an environment's domains.
 *
 * Changing the domain list never wedges the HTTPS proxy: every domain gets its own
 * certificate (and DNS authorization), named and keyed by the domain, so adding a domain
 * only creates resources and removing one only deletes that domain's resources.
 * - `certificate-manager` (preferred): the proxy references only the certificate map,
 *   which never changes; entries come and go per hostname. Issuance starts as soon as the
 *   `_acme-challenge` CNAME of the domain exists, before traffic reaches the load balancer.
 * - `classic`: the proxy lists one managed SSL certificate per domain. A new domain's
 *   certificate is created before the proxy is updated to list it (Pulumi's default
 *   create-before-delete), and a removed domain's certificate is deleted only after the
 *   proxy stopped listing it, so existing hosts keep serving throughout.
 *
 * @example
 * ```ts
 * import * as gcp from "prodstack/gcp";
 *
 * const certificates = new gcp.ManagedCertificates("certs", {
 *     namePrefix: "acme-prod",
 *     domains: ["api.example.com", "app.example.com"],
 * });
 * // CNAMEs to create in DNS before the certificates can be issued.
 * export const records = certificates.dnsAuthorizationRecords.map((r) => ({ name: r.name, data: r.data }));
 * ```
 */
export class ManagedCertificates extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:ManagedCertificates";

    /** The mode certificates are issued in. */
    readonly mode: CertificateMode;
    /** The certificate map to attach to the HTTPS proxy (certificate-manager mode). */
    readonly certificateMap?: gcp.certificatemanager.CertificateMap;
    /** `//certificatemanager.googleapis.com/…` URI for `TargetHttpsProxy.certificateMap` (certificate-manager mode). */
    readonly certificateMapUri?: pulumi.Output<string>;
    /** Managed SSL certificate IDs for `TargetHttpsProxy.sslCertificates` (classic mode). */
    readonly sslCertificateIds: pulumi.Output<string>[];
    /** Certificate names, one per domain, for the expiry alert. */
    readonly certificateNames: pulumi.Output<string>[];
    /** DNS records to publish so Certificate Manager can issue (empty in classic mode). */
    readonly dnsAuthorizationRecords: DnsAuthorizationRecord[];

    constructor(name: string, args: ManagedCertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
        validateManagedCertificatesArgs(name, args);
        super(ManagedCertificates.TYPE, name, {}, opts);
        const cfg = { ...MANAGED_CERTIFICATES_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        this.mode = cfg.mode;
        this.sslCertificateIds = [];
        this.certificateNames = [];
        this.dnsAuthorizationRecords = [];

        if (cfg.mode === "classic") {
            for (const domain of cfg.domains) {
                const cert = new gcp.compute.ManagedSslCertificate(`${name}-${domainSlug(domain)}`, {
                    name: resourceName([cfg.namePrefix, domain]),
                    type: "MANAGED",
                    managed: { domains: [domain] },
                    description: `Google-managed certificate for ${domain} (managed by prodstack)`,
                }, parent);
                this.sslCertificateIds.push(cert.id);
                this.certificateNames.push(cert.name);
            }
        } else {
            const map = new gcp.certificatemanager.CertificateMap(`${name}-map`, {
                name: resourceName([cfg.namePrefix, "certs"]),
                description: `Certificates of ${cfg.namePrefix} (managed by prodstack)`,
            }, parent);
            const certs = cfg.domains.map((domain) => {
                const slug = domainSlug(domain);
                const auth = new gcp.certificatemanager.DnsAuthorization(`${name}-${slug}-auth`, {
                    name: resourceName([cfg.namePrefix, "dnsauth", domain]),
                    domain,
                    type: "FIXED_RECORD",
                    description: `DNS authorization for ${domain}`,
                }, parent);
                const record = auth.dnsResourceRecords.apply((records) => records[0]);
                this.dnsAuthorizationRecords.push({
                    domain,
                    name: record.apply((r) => r.name),
                    type: record.apply((r) => r.type),
                    data: record.apply((r) => r.data),
                });
                const cert = new gcp.certificatemanager.Certificate(`${name}-${slug}`, {
                    name: resourceName([cfg.namePrefix, domain]),
                    description: `Google-managed certificate for ${domain} (managed by prodstack)`,
                    managed: { domains: [domain], dnsAuthorizations: [auth.id] },
                }, parent);
                new gcp.certificatemanager.CertificateMapEntry(`${name}-${slug}-entry`, {
                    name: resourceName([cfg.namePrefix, domain]),
                    map: map.name,
                    hostname: domain,
                    certificates: [cert.id],
                }, parent);
                this.certificateNames.push(cert.name);
                return cert;
            });
            // Served when a client sends no SNI name or one that matches no entry.
            new gcp.certificatemanager.CertificateMapEntry(`${name}-primary`, {
                name: resourceName([cfg.namePrefix, "primary"]),
                map: map.name,
                matcher: "PRIMARY",
                certificates: [certs[0].id],
            }, parent);
            this.certificateMap = map;
            this.certificateMapUri = pulumi.interpolate`//certificatemanager.googleapis.com/${map.id}`;
        }

        this.registerOutputs({
            mode: this.mode,
            certificateNames: this.certificateNames,
            ...(this.certificateMapUri ? { certificateMapUri: this.certificateMapUri } : {}),
        });
    }
}
