import { AppBucket, type AppBucketArgs } from "../../../components/gcp/app-bucket";
import { summarize } from "../../../infra/plan/summaries";
import { plan, rejectedArgs } from "../../helpers/inventory";

const BUCKET = "gcp:storage/bucket:Bucket";
const MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember";
const API = "serviceAccount:acme-prod-api-run@acme-web-prod.iam.gserviceaccount.com";
const WORKER = "serviceAccount:acme-prod-worker-wrk@acme-web-prod.iam.gserviceaccount.com";
const ARGS: AppBucketArgs = { bucketName: "acme-web-prod-media", location: "europe-west1" };

const deploy = (args: Partial<AppBucketArgs> = {}) => plan(() => {
    new AppBucket("media", { ...ARGS, ...args });
});

describe("gcp AppBucket", () => {
    it("is private, uniform, public-access-prevented and versioned with a 30-day window by default", async () => {
        const inv = await deploy();
        expect(inv.counts()).toEqual({ "prodstack:gcp:AppBucket": 1, [BUCKET]: 1 });
        expect(inv.one(BUCKET).inputs).toEqual({
            name: "acme-web-prod-media",
            location: "europe-west1",
            storageClass: "STANDARD",
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            versioning: { enabled: true },
            lifecycleRules: [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 30, withState: "ARCHIVED" } }],
            forceDestroy: false,
            labels: {},
        });
    });

    it("grants each identity on the bucket only: object user to writers, object viewer to readers", async () => {
        const inv = await deploy({ access: { worker: { member: WORKER, level: "read" }, api: { member: API, level: "readWrite" } } });
        expect(inv.ofType(MEMBER).map((m) => [m.name, m.inputs])).toEqual([
            ["media-api-readwrite", { bucket: "acme-web-prod-media", role: "roles/storage.objectUser", member: API }],
            ["media-worker-read", { bucket: "acme-web-prod-media", role: "roles/storage.objectViewer", member: WORKER }],
        ]);
        expect(inv.resources.some((r) => r.type.startsWith("gcp:projects/"))).toBe(false);
    });

    it("adds CORS for browser uploads, expiry and a retention policy (without versioning) when asked", async () => {
        const inv = await deploy({
            versioning: false, retentionDays: 30, expireDays: 365, corsOrigins: ["https://app.example.com"], labels: { team: "web" },
        });
        expect(inv.one(BUCKET).inputs).toMatchObject({
            versioning: { enabled: false },
            lifecycleRules: [{ action: { type: "Delete" }, condition: { age: 365, withState: "LIVE" } }],
            cors: [{
                origins: ["https://app.example.com"],
                methods: ["GET", "HEAD", "PUT", "POST"],
                responseHeaders: ["Content-Type", "Content-MD5", "x-goog-resumable"],
                maxAgeSeconds: 3600,
            }],
            retentionPolicy: { retentionPeriod: "2592000", isLocked: false },
            labels: { team: "web" },
        });
        expect(summarize(AppBucket.TYPE, inv.resources.filter((r) => r.parent !== null))).toBe(
            "private (public access prevented) · uniform access · not versioned · objects expire after 365 d · retention 30 d · CORS for https://app.example.com · no grants",
        );
    });

    it("summarizes privacy, versioning and who may do what", async () => {
        const inv = await deploy({ access: { api: { member: API, level: "readWrite" } } });
        expect(summarize(AppBucket.TYPE, inv.resources.filter((r) => r.parent !== null))).toBe(
            "private (public access prevented) · uniform access · versioned (old versions 30 d) · acme-prod-api-run: objectUser",
        );
    });

    it("refuses public members, retention on a versioned bucket and bad values, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new AppBucket("media", {
            ...ARGS,
            bucketName: "Google-Media",
            access: { api: { member: "allUsers", level: "readWrite" }, web: { member: API, level: "write" as "read" } },
            retentionDays: 7,
            expireDays: 3,
            noncurrentVersionDays: 0,
            corsOrigins: ["http://app.example.com"],
        }));
        expect(error.problems).toEqual([
            'bucketName: expected a bucket name of 3-63 lowercase letters, digits or hyphens, not starting with "goog" nor containing "google", got "Google-Media"',
            'access.api.member: expected a named identity (application buckets are never public), got "allUsers"',
            'access.web.level: expected one of "read", "readWrite", got "write"',
            "noncurrentVersionDays: expected an integer from 1 to 3650, got 0",
            "versioning: expected false with retentionDays (Cloud Storage does not allow a retention policy on a versioned bucket), got true",
            "expireDays: expected at least retentionDays (7), got 3",
            'corsOrigins[0]: expected an https origin such as "https://app.example.com", got "http://app.example.com"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});
