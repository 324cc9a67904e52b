import { InvalidArgsError } from "../../../components/core";
import { SiteBucket, type SiteBucketArgs } from "../../../components/gcp/site-bucket";
import { plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

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
            description: expect.any(String),
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
});
