import { InvalidArgsError } from "../../../components/core";
import { SiteBucket, type SiteBucketArgs, validateSiteBucketArgs } from "../../../components/gcp/site-bucket";
import { argProblems, plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

const BUCKET = "gcp:storage/bucket:Bucket";
const MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember";
const BACKEND = "gcp:compute/backendBucket:BackendBucket";

const ARGS: SiteBucketArgs = { namePrefix: "acme-prod", siteName: "web", bucketName: "acme-web-prod-web", location: "europe-west1" };
const site = (args: Partial<SiteBucketArgs> = {}) =>
    plan(() => {
        const s = new SiteBucket("web", { ...ARGS, ...args });
        return { bucketName: s.bucketName, backendBucketId: s.backendBucketId };
    });

async function rejected(args: SiteBucketArgs): Promise<{ error: InvalidArgsError; inv: Inventory }> {
    return rejectedArgs(() => new SiteBucket("web", args));
}

describe("gcp SiteBucket", () => {
    it("creates a versioned bucket with uniform access and a bounded rollback window", async () => {
        const inv = await site();
        expect(inv.counts()).toEqual({ "prodstack:gcp:SiteBucket": 1, [BUCKET]: 1, [MEMBER]: 1, [BACKEND]: 1 });
        expect(inv.one(BUCKET).inputs).toMatchObject({
            name: "acme-web-prod-web",
            location: "europe-west1",
            storageClass: "STANDARD",
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "inherited",
            versioning: { enabled: true },
            lifecycleRules: [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 30, withState: "ARCHIVED" } }],
            website: { mainPageSuffix: "index.html", notFoundPage: "404.html" },
            forceDestroy: false,
        });
        expect(inv.outputs).toEqual({ bucketName: "acme-web-prod-web", backendBucketId: "web-backend-id" });
    });

    it("lets the load balancer read the objects anonymously, and nothing more", async () => {
        const inv = await site();
        const member = inv.one(MEMBER);
        expect(member.inputs).toEqual({ bucket: "acme-web-prod-web", role: "roles/storage.objectViewer", member: "allUsers" });
        expect(member.dependsOn).toContain(inv.one(BUCKET).urn);
    });

    it("keeps the bucket private when the load balancer reads it through a service agent", async () => {
        const reader = "serviceAccount:service-123456789012@example-agent.iam.gserviceaccount.com";
        const inv = await site({ privateReader: reader });
        expect(inv.one(BUCKET).inputs.publicAccessPrevention).toBe("enforced");
        expect(inv.ofType(MEMBER).map((m) => m.inputs)).toEqual([
            { bucket: "acme-web-prod-web", role: "roles/storage.objectViewer", member: reader },
        ]);
        expect(inv.ofType(MEMBER).some((m) => m.inputs.member === "allUsers")).toBe(false);
    });

    it("serves the bucket through Cloud CDN, caching static content with compression and negative caching", async () => {
        const inv = await site({ cacheTtlSeconds: 86400, responseHeaders: ["X-Content-Type-Options: nosniff"] });
        const backend = inv.one(BACKEND);
        expect(backend.inputs).toEqual({
            name: "acme-prod-web-site",
            description: "Static site web (managed by prodstack)",
            bucketName: "acme-web-prod-web",
            enableCdn: true,
            compressionMode: "AUTOMATIC",
            cdnPolicy: {
                cacheMode: "CACHE_ALL_STATIC",
                defaultTtl: 86400,
                maxTtl: 86400,
                clientTtl: 3600,
                negativeCaching: true,
                serveWhileStale: 86400,
                requestCoalescing: true,
            },
            customResponseHeaders: ["X-Content-Type-Options: nosniff"],
        });
        expect(backend.dependsOn).toContain(inv.one(BUCKET).urn);
        expect(inv.childrenOf(inv.one(SiteBucket.TYPE).urn).map((r) => r.type).sort()).toEqual([BACKEND, BUCKET, MEMBER]);
    });

    it("keeps the CDN TTLs consistent at both ends of the range", async () => {
        expect((await site({ cacheTtlSeconds: 0 })).one(BACKEND).inputs.cdnPolicy).toMatchObject({ defaultTtl: 0, maxTtl: 86400, clientTtl: 0 });
        expect((await site({ cacheTtlSeconds: 31536000 })).one(BACKEND).inputs.cdnPolicy).toMatchObject({
            defaultTtl: 31536000, maxTtl: 31536000, clientTtl: 3600,
        });
    });

    it("leaves 404s to the edge's SPA fallback and takes the given edge policy and retention", async () => {
        const inv = await site({ spaFallback: true, edgeSecurityPolicy: "projects/p/global/securityPolicies/edge", noncurrentVersionRetentionDays: 7, forceDestroy: true });
        expect(inv.one(BUCKET).inputs.website).toEqual({ mainPageSuffix: "index.html" });
        expect(inv.one(BUCKET).inputs).toMatchObject({ forceDestroy: true, lifecycleRules: [{ condition: { daysSinceNoncurrentTime: 7 } }] });
        expect(inv.one(BACKEND).inputs.edgeSecurityPolicy).toBe("projects/p/global/securityPolicies/edge");
    });

    it("rejects names Cloud Storage refuses, bad TTLs and malformed headers, before registering anything", async () => {
        const { error, inv } = await rejected({
            namePrefix: "acme-prod",
            siteName: "Web",
            bucketName: "goog-site",
            location: "europe",
            cacheTtlSeconds: -1,
            responseHeaders: ["X-Frame-Options DENY", "Content-Security-Policy: a\nb"],
        });
        expect(error.problems).toEqual([
            'siteName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got "Web"',
            'bucketName: expected a bucket name of 3-63 lowercase letters, digits or hyphens, not starting with "goog" nor containing "google", got "goog-site"',
            'location: expected a region such as "europe-west1" or a multi-region such as "EU", got "europe"',
            "cacheTtlSeconds: expected an integer from 0 to 31536000, got -1",
            'responseHeaders[0]: expected a header as "Name: value" in printable ASCII, got "X-Frame-Options DENY"',
            'responseHeaders[1]: expected a header as "Name: value" in printable ASCII, got "Content-Security-Policy: a\\nb"',
        ]);
        expect(inv.resources).toHaveLength(0);
        expect((await rejected({ ...ARGS, bucketName: "my-google-site" })).error.problems).toHaveLength(1);
    });

    const problemsOf = (args: Partial<SiteBucketArgs>) => argProblems(() => validateSiteBucketArgs("web", { ...ARGS, ...args }));
    const PREFIX = 'namePrefix: expected a lowercase name prefix such as "acme-prod", got';
    const SITE = "siteName: expected a name of 1-20 lowercase letters, digits or hyphens, starting with a letter, got";
    const LOCATION = 'location: expected a region such as "europe-west1" or a multi-region such as "EU", got';
    const HEADER = 'expected a header as "Name: value" in printable ASCII, got';

    it.each<[string, Partial<SiteBucketArgs>]>([
        ["a one-letter prefix", { namePrefix: "a" }],
        ["a 30-character prefix", { namePrefix: "a".repeat(29) + "1" }],
        ["a one-letter site name", { siteName: "w" }],
        ["a two-letter site name", { siteName: "ab" }],
        ["a 20-character site name", { siteName: "w" + "-".repeat(18) + "1" }],
        ["a two-digit region", { location: "europe-west10" }],
        ["a multi-region", { location: "EU" }],
        ["a four-letter multi-region", { location: "ASIA" }],
        ["a dual-region", { location: "NAM4" }],
        ["a one-day rollback window", { noncurrentVersionRetentionDays: 1 }],
        ["a rollback window of 3650 days", { noncurrentVersionRetentionDays: 3650 }],
        ["a header with every printable character", { responseHeaders: ["X-Test-1: ~ !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}"] }],
    ])("accepts %s", (_label, args) => {
        expect(problemsOf(args)).toEqual([]);
    });

    it.each<[string, Partial<SiteBucketArgs>, string]>([
        ["a prefix starting with a digit", { namePrefix: "1acme" }, `${PREFIX} "1acme"`],
        ["a prefix with an underscore after it", { namePrefix: "acme_" }, `${PREFIX} "acme_"`],
        ["a 31-character prefix", { namePrefix: "a".repeat(31) }, `${PREFIX} "${"a".repeat(31)}"`],
        ["a site name ending in a hyphen", { siteName: "web-" }, `${SITE} "web-"`],
        ["a 21-character site name", { siteName: "w".repeat(21) }, `${SITE} "${"w".repeat(21)}"`],
        ["a bucket name ending in a hyphen", { bucketName: "acme-web-" }, 'bucketName: expected a bucket name of 3-63 lowercase letters, digits or hyphens, not starting with "goog" nor containing "google", got "acme-web-"'],
        ["a region with text after it", { location: "europe-west1x" }, `${LOCATION} "europe-west1x"`],
        ["a five-letter multi-region", { location: "EUROP" }, `${LOCATION} "EUROP"`],
        ["a TTL above a year", { cacheTtlSeconds: 31536001 }, "cacheTtlSeconds: expected an integer from 0 to 31536000, got 31536001"],
        ["no rollback window", { noncurrentVersionRetentionDays: 0 }, "noncurrentVersionRetentionDays: expected an integer from 1 to 3650, got 0"],
        ["a rollback window above ten years", { noncurrentVersionRetentionDays: 3651 }, "noncurrentVersionRetentionDays: expected an integer from 1 to 3650, got 3651"],
        ["a header name with a space", { responseHeaders: ["X Frame: DENY"] }, `responseHeaders[0]: ${HEADER} "X Frame: DENY"`],
        ["a header without a value", { responseHeaders: ["X-Frame-Options: "] }, `responseHeaders[0]: ${HEADER} "X-Frame-Options: "`],
        ["a header with a non-ASCII value", { responseHeaders: ["X-Frame-Options: DENY\u00e9"] }, `responseHeaders[0]: ${HEADER} "X-Frame-Options: DENY\u00e9"`],
    ])("rejects %s", (_label, args, problem) => {
        expect(problemsOf(args)).toEqual([problem]);
    });
});
