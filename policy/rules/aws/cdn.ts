/**
 * AWS CloudFront rules: HTTPS on every behaviour and origin, TLS 1.2+ to viewers and
 * origins, site buckets read only through Origin Access Control, static assets cached, and
 * no public host that reaches an origin around CloudFront (and its WAF).
 */
import type { PolicyResource, StackCheck } from "../../types";
import { arr, describer, get, known, OFFLINE_SECRET, ofTypes, parseJson, skip, str, type Props } from "../common";
import { linkedOrDependedOn } from "./load-balancer";
import { T } from "./types";

export const CDN_T = {
    distribution: T.distribution,
    originAccessControl: "aws:cloudfront/originAccessControl:OriginAccessControl",
    cachePolicy: "aws:cloudfront/cachePolicy:CachePolicy",
    record: "aws:route53/record:Record",
    websiteConfiguration: "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration",
    websiteConfigurationV2: "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2",
    bucketPolicy: T.bucketPolicy,
    certificate: T.certificate,
    certificateValidation: T.certificateValidation,
} as const;

const { what } = describer({
    [CDN_T.distribution]: "CloudFront distribution",
    [CDN_T.originAccessControl]: "Origin access control",
    [CDN_T.record]: "Route 53 record",
    [CDN_T.websiteConfiguration]: "S3 website configuration",
    [CDN_T.websiteConfigurationV2]: "S3 website configuration",
    [CDN_T.bucketPolicy]: "Bucket policy",
});

/** CloudFront's alias hosted zone (AWS General Reference, CloudFront endpoints). */
const CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";
/** The managed cache policy `CachingDisabled` (CloudFront developer guide, managed cache policies). */
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** Viewer security policies with TLS 1.2 or newer as the minimum (CloudFront supported protocols and ciphers). */
const TLS12_VIEWER_POLICY = /^TLSv1\.[23]_\d{4}$/;

/** The distributions of the stack, all marked examined; not applicable without one. */
function distributions(resources: PolicyResource[], ctx: { examined(...r: PolicyResource[]): void }): PolicyResource[] {
    const found = ofTypes(resources, CDN_T.distribution);
    if (!found.length) skip("no CloudFront distribution in this stack");
    ctx.examined(...found);
    return found;
}

/** The cache behaviours of a distribution with the path each answers (`default` for the default one). */
function behaviorsOf(d: PolicyResource): Array<{ path: string; b: Props }> {
    const def = known(() => d.props.defaultCacheBehavior as Props | undefined, undefined);
    const ordered = known(() => arr(d.props.orderedCacheBehaviors) as Props[], []);
    return [...(def ? [{ path: "the default behaviour", b: def }] : []), ...ordered.map((b) => ({ path: `behaviour ${str(b.pathPattern)}`, b }))];
}

const originsOf = (d: PolicyResource) => known(() => arr(d.props.origins) as Props[], []);
/** Whether `id` names `r`: the offline plan's placeholder ID (`<name>-id`) or the engine's. */
const isIdOf = (id: string, r: PolicyResource) => id === `${r.name}-id` || id === known(() => r.props.id, undefined);
const isS3Domain = (domain: string) => /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(domain) && !/s3-website/.test(domain);

/** Every behaviour sends viewers to HTTPS and every custom origin is reached over HTTPS only. */
export const distributionHttpsOnly: StackCheck = {
    types: [CDN_T.distribution],
    check(resources, report, ctx) {
        for (const d of distributions(resources, ctx)) {
            for (const { path, b } of behaviorsOf(d)) {
                const policy = str(b.viewerProtocolPolicy);
                if (policy !== "redirect-to-https" && policy !== "https-only") {
                    report(`${what(d)} serves ${path} over plain HTTP (viewerProtocolPolicy "${policy}"); use "redirect-to-https".`, d.urn);
                }
            }
            for (const o of originsOf(d)) {
                const custom = o.customOriginConfig as Props | undefined;
                if (custom && str(custom.originProtocolPolicy) !== "https-only") {
                    report(`${what(d)} reaches origin "${str(o.originId)}" with originProtocolPolicy "${str(custom.originProtocolPolicy)}": requests and the origin's secret header travel in clear text; use "https-only".`, d.urn);
                }
            }
        }
    },
};

/** Viewers get TLS 1.2+ under the distribution's own certificate; origins are reached with TLS 1.2 only. */
export const distributionTlsMinVersion: StackCheck = {
    types: [CDN_T.distribution],
    check(resources, report, ctx) {
        for (const d of distributions(resources, ctx)) {
            const cert = known(() => d.props.viewerCertificate as Props | undefined, undefined) ?? {};
            // Its own certificate: from ACM, or one uploaded to IAM (a distribution takes either).
            if (cert.cloudfrontDefaultCertificate === true || !(str(cert.acmCertificateArn) || str(cert.iamCertificateId))) {
                report(`${what(d)} serves the default *.cloudfront.net certificate, which accepts TLS 1.0; give it an ACM certificate with minimumProtocolVersion "TLSv1.2_2021".`, d.urn);
            } else if (!TLS12_VIEWER_POLICY.test(str(cert.minimumProtocolVersion))) {
                report(`${what(d)} accepts viewers below TLS 1.2 (minimumProtocolVersion "${str(cert.minimumProtocolVersion) || "TLSv1 (the default)"}"); use "TLSv1.2_2021" or newer.`, d.urn);
            }
            for (const o of originsOf(d)) {
                const protocols = arr(get(o, "customOriginConfig.originSslProtocols")).map(str);
                const weak = protocols.filter((p) => p !== "TLSv1.2");
                if (weak.length) report(`${what(d)} lets origin "${str(o.originId)}" negotiate ${weak.join(", ")}; allow "TLSv1.2" only.`, d.urn);
            }
        }
    },
};

/** Allow statements of a bucket policy for CloudFront without a source condition (any distribution of any account could read). */
function unscopedCloudFrontGrants(policy: PolicyResource): Props[] {
    const doc = parseJson(known(() => policy.props.policy, undefined)) as Props | undefined;
    const statements = arr(doc?.Statement) as Props[];
    return statements.filter((s) => {
        if (str(s.Effect) !== "Allow") return false;
        if (!([] as unknown[]).concat(get(s, "Principal.Service")).includes("cloudfront.amazonaws.com")) return false;
        const conditions = JSON.stringify(s.Condition ?? {});
        return !/"(AWS|aws):SourceArn"/.test(conditions);
    });
}

/**
 * Every S3 origin is a private bucket read through an Origin Access Control that signs every
 * request (SigV4, `always`); no S3 website endpoint or legacy origin access identity; a bucket
 * policy granting CloudFront names the distribution (`AWS:SourceArn`).
 */
export const siteOriginsPrivate: StackCheck = {
    types: [CDN_T.distribution, CDN_T.originAccessControl, CDN_T.bucketPolicy],
    check(resources, report, ctx) {
        const controls = ofTypes(resources, CDN_T.originAccessControl);
        const policies = ofTypes(resources, CDN_T.bucketPolicy);
        const dists = ofTypes(resources, CDN_T.distribution);
        const withS3 = dists.filter((d) => originsOf(d).some((o) => isS3Domain(str(o.domainName)) || /s3-website/.test(str(o.domainName))));
        // Secret origins (an API origin's header; offline plans hide the whole list): the
        // access controls the distribution uses are judged, the origins cannot be.
        const hiddenControls = dists.filter((d) => known(() => d.props.origins, undefined) === OFFLINE_SECRET)
            .flatMap((d) => controls.filter((c) => (d.dependencies ?? []).some((dep) => dep.urn === c.urn)));
        if (!withS3.length && !hiddenControls.length) return skip("no CloudFront distribution with an S3 origin in this stack");
        ctx.examined(...withS3, ...controls, ...policies);
        const signing = (oac: PolicyResource) => {
            const p = oac.props;
            if (str(p.signingBehavior) !== "always" || str(p.signingProtocol) !== "sigv4" || str(p.originAccessControlOriginType) !== "s3") {
                report(`${what(oac)} must sign every request to S3 (originAccessControlOriginType "s3", signingBehavior "always", signingProtocol "sigv4"), got ${str(p.originAccessControlOriginType)}/${str(p.signingBehavior)}/${str(p.signingProtocol)}.`, oac.urn);
            }
        };
        new Set(hiddenControls).forEach(signing);
        for (const d of withS3) {
            for (const o of originsOf(d)) {
                const domain = str(o.domainName);
                const id = str(o.originId);
                if (/s3-website/.test(domain)) {
                    report(`${what(d)} reads origin "${id}" from an S3 website endpoint, which only serves public buckets over HTTP; use the bucket's regional domain name with an origin access control.`, d.urn);
                    continue;
                }
                if (!isS3Domain(domain)) continue;
                if (str(get(o, "s3OriginConfig.originAccessIdentity"))) {
                    report(`${what(d)} reads origin "${id}" through a legacy origin access identity; use an origin access control (SigV4, every request signed).`, d.urn);
                }
                const oacId = str(o.originAccessControlId);
                if (!oacId) {
                    report(`${what(d)} reads S3 origin "${id}" without an origin access control: the bucket would have to be public; set originAccessControlId.`, d.urn);
                    continue;
                }
                const oac = controls.find((c) => isIdOf(oacId, c));
                if (oac) signing(oac);
            }
        }
        for (const p of policies) {
            if (unscopedCloudFrontGrants(p).length) {
                report(`${what(p)} lets CloudFront read without an AWS:SourceArn condition: any distribution, of any account, could read the bucket; name the distribution.`, p.urn);
            }
        }
    },
};

/** The cache policy of the stack a behaviour uses, if any. */
function cachePolicyOf(b: Props, policies: PolicyResource[]): PolicyResource | undefined {
    const id = str(b.cachePolicyId);
    return policies.find((c) => isIdOf(id, c));
}

/** A cache policy's TTL; an omitted one is CloudFront's default (CachePolicyConfig), an unknown one (preview) too. */
function ttlOf(policy: PolicyResource, key: "defaultTtl" | "maxTtl", omitted: number): number {
    return Number(known(() => policy.props[key], undefined) ?? omitted);
}

/**
 * Site behaviours cache at the edge: not the managed CachingDisabled policy, nor a policy whose
 * TTLs are all 0. When the origins are secret (an API origin's header; offline plans then hide
 * the whole list), the behaviours that use a cache policy of the stack are the ones judged.
 */
export const siteAssetsCached: StackCheck = {
    types: [CDN_T.distribution, CDN_T.cachePolicy],
    check(resources, report, ctx) {
        const cachePolicies = ofTypes(resources, CDN_T.cachePolicy);
        const siteBehaviors = (d: PolicyResource) => {
            if (known(() => d.props.origins, undefined) === OFFLINE_SECRET) return behaviorsOf(d).filter(({ b }) => cachePolicyOf(b, cachePolicies));
            const s3 = new Set(originsOf(d).filter((o) => isS3Domain(str(o.domainName))).map((o) => str(o.originId)));
            return behaviorsOf(d).filter(({ b }) => s3.has(str(b.targetOriginId)));
        };
        const withSites = ofTypes(resources, CDN_T.distribution).filter((d) => siteBehaviors(d).length);
        if (!withSites.length) return skip("no CloudFront distribution with an S3 origin in this stack");
        ctx.examined(...withSites);
        for (const d of withSites) {
            for (const { path, b } of siteBehaviors(d)) {
                const policy = cachePolicyOf(b, cachePolicies);
                // Omitted TTLs cache (DefaultTTL one day, MaxTTL one year); only both at 0 do not.
                const zeroTtl = policy && ttlOf(policy, "defaultTtl", 86400) === 0 && ttlOf(policy, "maxTtl", 31536000) === 0;
                if (str(b.cachePolicyId) === CACHING_DISABLED || zeroTtl) {
                    report(`${what(d)} serves static files of ${path} without caching them at the edge; use a cache policy with a TTL.`, d.urn);
                }
            }
        }
    },
};

/** What a DNS record of the stack points a public name at, when that is not CloudFront. */
function bypassTarget(r: PolicyResource): string | undefined {
    const name = str(known(() => r.props.name, undefined));
    const type = str(known(() => r.props.type, undefined));
    if (name.startsWith("_")) return undefined; // ACM validation and other verification records
    const aliases = known(() => arr(r.props.aliases) as Props[], []);
    if ((type === "A" || type === "AAAA") && aliases.length) {
        const off = aliases.find((a) => str(a.zoneId) !== CLOUDFRONT_ZONE && !str(a.name).endsWith(".cloudfront.net"));
        return off ? `${str(off.name) || "an alias target"} (zone ${str(off.zoneId)})` : undefined;
    }
    const values = known(() => arr(r.props.records).map(str), []);
    if (type === "A" || type === "AAAA") return values.length ? `addresses ${values.join(", ")}` : undefined;
    if (type === "CNAME") {
        const origin = values.find((v) => /(\.elb\.amazonaws\.com|s3-website|\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com|\.on\.aws)\.?$/.test(v));
        return origin;
    }
    return undefined;
}

/**
 * No way around the edge: every DNS name the stack publishes points at CloudFront (whose
 * distributions carry the WAF, checked by waf-on-public-backends), never at the load
 * balancer, a bucket, or addresses; and no bucket is published as an S3 website.
 */
export const publicHostsThroughCdn: StackCheck = {
    types: [CDN_T.record, CDN_T.websiteConfiguration, CDN_T.websiteConfigurationV2, CDN_T.distribution],
    check(resources, report, ctx) {
        const records = ofTypes(resources, CDN_T.record);
        const websites = ofTypes(resources, CDN_T.websiteConfiguration, CDN_T.websiteConfigurationV2);
        const dists = ofTypes(resources, CDN_T.distribution);
        if (!records.length && !websites.length && !dists.length) return skip("no DNS record, website or CloudFront distribution in this stack");
        ctx.examined(...records, ...websites);
        for (const r of records) {
            const target = bypassTarget(r);
            if (target) {
                report(`${what(r)} points ${str(known(() => r.props.name, undefined)) || "a public name"} at ${target}, around CloudFront and its WAF; alias it to the distribution.`, r.urn);
            }
        }
        for (const w of websites) {
            report(`${what(w)} publishes a bucket as an S3 website (HTTP only, no WAF); serve it through CloudFront with an origin access control.`, w.urn);
        }
    },
};

/**
 * A distribution takes its ACM certificate from the certificate's validation, so CloudFront
 * is updated only once ACM issued it (as listeners do, load-balancer.ts).
 */
export const distributionCertificateValidated: StackCheck = {
    types: [CDN_T.distribution, CDN_T.certificate, CDN_T.certificateValidation],
    check(resources, report, ctx) {
        const validations = ofTypes(resources, CDN_T.certificateValidation);
        const acm = [...ofTypes(resources, CDN_T.certificate), ...validations];
        const users = ofTypes(resources, CDN_T.distribution).filter((d) => linkedOrDependedOn(d, acm, "viewerCertificate").length);
        if (!users.length) return skip("no CloudFront distribution of this stack serves an ACM certificate of this stack");
        ctx.examined(...users);
        for (const d of users) {
            if (!linkedOrDependedOn(d, validations, "viewerCertificate").length) {
                report(`${what(d)} takes its certificate straight from ACM, before it is issued; use the CertificateValidation's certificateArn.`, d.urn);
            }
        }
    },
};
