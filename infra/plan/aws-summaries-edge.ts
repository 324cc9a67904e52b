/**
 * One-line summaries of the AWS edge components (CloudFront distributions, site buckets),
 * computed from the inputs their children send to AWS.
 */
import type { PlannedResource } from "./engine";
import { arr, dig, first, obj, ofType } from "./inputs";
import { bucketBasics } from "./aws-summaries";
import { plural, type Summarize } from "./summary-helpers";

/** `app.example.com · TLSv1.2_2021 · HTTPS only · HTTP/2+3 · IPv6 · WAF · 2 API + 1 site paths · access logs 30 d (us-east-1) · A/AAAA alias`. */
function summarizeDistribution(c: PlannedResource[]): string {
    const d = first(c, "aws:cloudfront/distribution:Distribution");
    const behaviors = [obj(d.defaultCacheBehavior), ...arr(d.orderedCacheBehaviors).map(obj)];
    const plainHttp = behaviors.filter((b) => b.viewerProtocolPolicy !== "redirect-to-https" && b.viewerProtocolPolicy !== "https-only").length;
    const origins = arr(d.origins).map(obj);
    const kind = (id: unknown) => String(id ?? "").split("-")[0];
    // One path per prefix (`/api` and `/api/*` are one), not the 404 of unrouted paths.
    const paths = behaviors.filter((b) => !String(b.pathPattern ?? "").endsWith("/*") && !JSON.stringify(b.functionAssociations ?? []).includes("-not-found"));
    const byKind = (k: string) => paths.filter((b) => kind(b.targetOriginId) === k).length;
    const redirect = origins.some((o) => o.originId === "redirect");
    const logs = first(c, "aws:cloudwatch/logGroup:LogGroup");
    const records = ofType(c, "aws:route53/record:Record").map((r) => r.inputs.type);
    return [
        arr(d.aliases).join(", "),
        String(dig(d, "viewerCertificate", "minimumProtocolVersion") ?? "DEFAULT TLS"),
        plainHttp ? `${plainHttp} BEHAVIOUR(S) ALLOW HTTP` : "HTTPS only",
        d.httpVersion === "http2and3" ? "HTTP/2+3" : String(d.httpVersion ?? "http2"),
        d.isIpv6Enabled === true ? "IPv6" : "IPv4 only",
        d.webAclId ? "WAF" : "NO WAF",
        redirect ? `301 → ${String(origins.find((o) => o.originId === "redirect")!.domainName)}` : `${plural(byKind("api"), "API path")} + ${plural(byKind("site"), "site path")}`,
        logs.retentionInDays ? `access logs ${logs.retentionInDays} d (${logs.region})` : "NO ACCESS LOGS",
        records.length ? `${records.join("/")} alias` : "DNS by hand",
    ].join(" · ");
}

/** `s3://… · private · owner-enforced · AES256 · versioned · TLS only · read by CloudFront only (1 distribution) · logged`. */
function summarizeSiteBucket(c: PlannedResource[]): string {
    const { parts, statements } = bucketBasics(c);
    const grants = statements.filter((s) => s.Effect === "Allow");
    const cloudFront = grants.filter((s) => dig(s, "Principal", "Service") === "cloudfront.amazonaws.com");
    const readers = arr(dig(cloudFront[0], "Condition", "StringEquals", "AWS:SourceArn")).length;
    const others = grants.length - cloudFront.length;
    return [
        ...parts,
        others ? `${others} OTHER GRANT(S)` : `read by CloudFront only (${plural(readers, "distribution")})`,
        ofType(c, "aws:s3/bucketLogging:BucketLogging").length ? "access logged" : "not logged",
    ].join(" · ");
}

export const AWS_EDGE_SUMMARIES: Record<string, Summarize> = {
    "prodstack:aws:Distribution": summarizeDistribution,
    "prodstack:aws:SiteBucket": summarizeSiteBucket,
};
