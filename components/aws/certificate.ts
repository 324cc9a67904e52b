import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, definedOnly, resourceName } from "../core/internal";

/** Key algorithms of an ACM certificate that both CloudFront and an Application Load Balancer serve. */
export type CertificateKeyAlgorithm = "EC_prime256v1" | "RSA_2048";

/** A DNS record to create by hand (no Route 53 zone given), shaped as GCP's `dnsRecordsToCreate`. */
export interface CertificateDnsRecord {
    /**
     * Record name (FQDN with the trailing dot ACM gives), e.g. `_3f2a….api.example.com.`.
     * @default always set (computed by ACM)
     */
    name: string;
    /**
     * Record type: `CNAME`.
     * @default always set (computed by ACM)
     */
    type: string;
    /**
     * Record value (FQDN with trailing dot), e.g. `_9b1c….acm-validations.aws.`.
     * @default always set (computed by ACM)
     */
    value: string;
}

/** Arguments of {@link Certificate}. */
export interface CertificateArgs {
    /**
     * Hostnames the certificate covers, e.g. `["api.example.com", "app.example.com"]`; the
     * first is its subject, the others alternative names. Lowercase, at most 10 (ACM's
     * default quota); `*.example.com` wildcards are allowed. Plain strings: one validation
     * record per name is created up front.
     * @default none (required)
     */
    domains: string[];
    /**
     * Region of the certificate and its validation: `us-east-1` for CloudFront (it takes
     * certificates from there only), the load balancer's region for an ALB.
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * Route 53 hosted zone ID the validation CNAMEs are written to (`Z…`). Without it, the
     * records to create by hand are in `dnsRecords`, and the first deploy waits at the
     * validation until they resolve. ACM gives every certificate of an account the same CNAME
     * for a name, in any region: when two certificates cover a name (CloudFront's in
     * us-east-1, the load balancer's in its region), give the zone to one of them only (the
     * one covering every name); the other validates through the same records.
     * @default none (records are listed, not created)
     */
    zoneId?: pulumi.Input<string>;
    /**
     * Key algorithm. `EC_prime256v1` (ECDSA P-256) is served by CloudFront and by ALB
     * listeners alike and makes smaller handshakes; `RSA_2048` for clients without ECDSA.
     * (`EC_secp384r1` is left out: CloudFront does not take it.)
     * @default "EC_prime256v1"
     */
    keyAlgorithm?: CertificateKeyAlgorithm;
    /**
     * How long the deploy waits for issuance before failing (a Pulumi custom timeout, e.g.
     * `"2h"`): issuance needs the validation records to resolve.
     * @default "75m"
     */
    validationTimeout?: string;
}

/** Defaults of {@link CertificateArgs}. */
export const CERTIFICATE_DEFAULTS = { keyAlgorithm: "EC_prime256v1" as CertificateKeyAlgorithm, validationTimeout: "75m" };

/** ACM's default quota of names per certificate. */
export const ACM_MAX_DOMAINS = 10;

/** A lowercase hostname, optionally a `*.` wildcard (ACM takes one leading wildcard label). */
const DOMAIN = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `*.example.com` and `example.com` share one validation record: key both by the base name. */
export function validationKey(domain: string): string {
    return domain.replace(/^\*\./, "");
}

/** Throws if `args` would be rejected by ACM; called before anything is registered. */
export function validateCertificateArgs(name: string, args: CertificateArgs): void {
    const check = new ArgsChecker(Certificate.TYPE, name);
    if (!Array.isArray(args.domains) || args.domains.length === 0) {
        check.fail("domains", "at least one hostname", args.domains);
    } else {
        check.check(args.domains.length <= ACM_MAX_DOMAINS, "domains", `at most ${ACM_MAX_DOMAINS} hostnames (ACM's default quota per certificate)`, args.domains.length);
        const seen = new Set<string>();
        args.domains.forEach((d, i) => {
            check.check(typeof d === "string" && DOMAIN.test(d), `domains[${i}]`, "a lowercase hostname such as \"api.example.com\" or \"*.example.com\"", d);
            check.check(!seen.has(d), `domains[${i}]`, "each hostname once", d);
            seen.add(d);
        });
    }
    check.matchesIfKnown("region", args.region, AWS_REGION, "an AWS region such as \"us-east-1\" (CloudFront) or \"eu-central-1\"");
    check.matchesIfGivenAndKnown("zoneId", args.zoneId, /^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone ID such as \"Z0123456789ABCDEFGHIJ\"");
    check.oneOf("keyAlgorithm", args.keyAlgorithm, ["EC_prime256v1", "RSA_2048"]);
    check.matchesIfGiven("validationTimeout", args.validationTimeout, /^([1-9]\d*h([1-9]\d*m)?|[1-9]\d*m)$/, "a duration such as \"75m\" or \"2h\"");
    check.throwIfAny();
}

/**
 * An ACM certificate validated through DNS, usable only once issued: `arn` comes from the
 * `CertificateValidation`, so a distribution or listener given it waits for issuance instead
 * of failing on (or serving) a pending certificate. The certificate and its validation live in
 * `region`: `us-east-1` for CloudFront, the environment's region for a load balancer.
 *
 * With `zoneId`, one validation CNAME per distinct name is written to that Route 53 zone
 * (`*.example.com` and `example.com` share one; `allowOverwrite`, so a record left by an
 * earlier certificate for the same name is taken over). Without it, `dnsRecords` lists the
 * CNAMEs to create wherever the domain's DNS is hosted, in the shape of GCP's
 * `dnsRecordsToCreate`; the records are also shown by `aws acm describe-certificate` while
 * the first deploy waits. A replacement creates the new certificate first (ACM certificates
 * are not named), so serving never stops.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const cert = new aws.Certificate("edge-cert", {
 *     domains: ["app.example.com", "api.example.com"],
 *     region: "us-east-1",
 *     zoneId: "Z0123456789ABCDEFGHIJ",
 * });
 * export const certificateArn = cert.arn;
 * ```
 */
export class Certificate extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:Certificate";

    /** ARN of the issued certificate (resolves once validation completed). */
    readonly arn: pulumi.Output<string>;
    /** The hostnames covered. */
    readonly domains: string[];
    /** The validation CNAMEs (created in `zoneId` when given, else to create by hand). */
    readonly dnsRecords: pulumi.Output<CertificateDnsRecord[]>;

    constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        validateCertificateArgs(name, args);
        super(Certificate.TYPE, name, {}, opts);
        const cfg = { ...CERTIFICATE_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const [subject, ...alternatives] = cfg.domains;

        const certificate = new aws.acm.Certificate(`${name}-cert`, {
            region: cfg.region,
            domainName: subject,
            ...(alternatives.length ? { subjectAlternativeNames: alternatives } : {}),
            validationMethod: "DNS",
            keyAlgorithm: cfg.keyAlgorithm,
            options: { certificateTransparencyLoggingPreference: "ENABLED" },
        }, parent);

        // One record per distinct validation name, in the order of the domains.
        const keys = [...new Set(cfg.domains.map(validationKey))];
        const records = certificate.domainValidationOptions.apply((options) => keys.map((key) => {
            const option = options.find((o) => validationKey(o.domainName) === key);
            if (!option) throw new Error(`ACM returned no validation record for ${key}`);
            return { name: option.resourceRecordName, type: option.resourceRecordType, value: option.resourceRecordValue };
        }));
        this.dnsRecords = records;

        const fqdns = cfg.zoneId === undefined ? undefined : keys.map((key, i) => new aws.route53.Record(`${name}-validation-${resourceName([key], 60)}`, {
            zoneId: cfg.zoneId!,
            name: records.apply((r) => r[i].name),
            type: records.apply((r) => r[i].type),
            records: [records.apply((r) => r[i].value)],
            ttl: 300,
            allowOverwrite: true,
        }, parent).fqdn);

        const validation = new aws.acm.CertificateValidation(`${name}-validation`, {
            region: cfg.region,
            certificateArn: certificate.arn,
            ...(fqdns ? { validationRecordFqdns: fqdns } : {}),
        }, { ...parent, customTimeouts: { create: cfg.validationTimeout } });

        this.arn = validation.certificateArn;
        this.domains = [...cfg.domains];
        this.registerOutputs({ arn: this.arn, dnsRecords: this.dnsRecords });
    }
}
