import { AppBucket, type AppBucketArgs, validateAppBucketArgs } from "../../../components/gcp/app-bucket";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

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

    const problemsOf = (args: Partial<AppBucketArgs>) => argProblems(() => validateAppBucketArgs("media", { ...ARGS, ...args }));
    const NAME = 'a bucket name of 3-63 lowercase letters, digits or hyphens, not starting with "goog" nor containing "google"';
    const LOCATION = 'location: expected a region such as "europe-west1" or a multi-region such as "EU", got';
    const CORS = 'expected an https origin such as "https://app.example.com", got';

    it.each<[string, Partial<AppBucketArgs>]>([
        ["a three-character bucket name", { bucketName: "a-1" }],
        ["a 63-character bucket name", { bucketName: "a".repeat(63) }],
        ["a two-digit region", { location: "europe-west10" }],
        ["a multi-region", { location: "EU" }],
        ["a four-letter multi-region", { location: "ASIA" }],
        ["a dual-region", { location: "NAM4" }],
        ["a 63-character access key with a digit and a hyphen", { access: { ["a".repeat(61) + "-1"]: { member: API, level: "read" } } }],
        ["the longest expiry and retention", { versioning: false, expireDays: 36500, retentionDays: 3650 }],
        ["expiry on the last day of retention", { versioning: false, expireDays: 7, retentionDays: 7 }],
        ["expiry without retention", { expireDays: 1 }],
        ["the shortest noncurrent window and retention", { noncurrentVersionDays: 1, versioning: false, retentionDays: 1 }],
        ["the longest noncurrent window", { noncurrentVersionDays: 3650 }],
        ["an origin with a port", { corsOrigins: ["https://app.example.com:8443", "https://localhost:3"] }],
    ])("accepts %s", (_label, args) => {
        expect(problemsOf(args)).toEqual([]);
    });

    it.each<[string, Partial<AppBucketArgs>, string]>([
        ["a bucket name ending in a hyphen", { bucketName: "acme-media-" }, `bucketName: expected ${NAME}, got "acme-media-"`],
        ["a 64-character bucket name", { bucketName: "a".repeat(64) }, `bucketName: expected ${NAME}, got "${"a".repeat(64)}"`],
        ["a bucket name containing google", { bucketName: "acme-google-media" }, `bucketName: expected ${NAME}, got "acme-google-media"`],
        ["a bucket name starting with goog", { bucketName: "goog-media" }, `bucketName: expected ${NAME}, got "goog-media"`],
        ["a region with a space", { location: "europe west1" }, `${LOCATION} "europe west1"`],
        ["a region with text after it", { location: "europe-west1x" }, `${LOCATION} "europe-west1x"`],
        ["a region without its number", { location: "europe-west" }, `${LOCATION} "europe-west"`],
        ["a five-letter multi-region", { location: "EUROP" }, `${LOCATION} "EUROP"`],
        ["an access key starting with a capital", { access: { Api: { member: API, level: "read" } } }, 'access.Api: expected a short lowercase name such as "api", got "Api"'],
        ["an access key with an underscore after it", { access: { api_: { member: API, level: "read" } } }, 'access.api_: expected a short lowercase name such as "api", got "api_"'],
        ["a 64-character access key", { access: { ["a".repeat(64)]: { member: API, level: "read" } } }, `access.${"a".repeat(64)}: expected a short lowercase name such as "api", got "${"a".repeat(64)}"`],
        ["every signed-in Google account", { access: { api: { member: "allAuthenticatedUsers", level: "read" } } }, 'access.api.member: expected a named identity (application buckets are never public), got "allAuthenticatedUsers"'],
        ["a noncurrent window above ten years", { noncurrentVersionDays: 3651 }, "noncurrentVersionDays: expected an integer from 1 to 3650, got 3651"],
        ["no expiry day", { expireDays: 0 }, "expireDays: expected an integer from 1 to 36500, got 0"],
        // One problem, not a second about a retention that is not set.
        ["a negative expiry without retention", { expireDays: -1 }, "expireDays: expected an integer from 1 to 36500, got -1"],
        ["an expiry above a hundred years", { expireDays: 36501 }, "expireDays: expected an integer from 1 to 36500, got 36501"],
        ["no retention day", { versioning: false, retentionDays: 0 }, "retentionDays: expected an integer from 1 to 3650, got 0"],
        ["a retention above ten years", { versioning: false, retentionDays: 3651 }, "retentionDays: expected an integer from 1 to 3650, got 3651"],
        ["expiry the day before retention ends", { versioning: false, expireDays: 6, retentionDays: 7 }, "expireDays: expected at least retentionDays (7), got 6"],
        ["an origin with a path", { corsOrigins: ["https://app.example.com/"] }, `corsOrigins[0]: ${CORS} "https://app.example.com/"`],
        ["an origin with text before it", { corsOrigins: ["xhttps://app.example.com"] }, `corsOrigins[0]: ${CORS} "xhttps://app.example.com"`],
        ["a six-digit port", { corsOrigins: ["https://app.example.com:844300"] }, `corsOrigins[0]: ${CORS} "https://app.example.com:844300"`],
    ])("rejects %s", (_label, args, problem) => {
        expect(problemsOf(args)).toEqual([problem]);
    });
});
