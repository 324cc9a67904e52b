import { InvalidArgsError } from "../../../components/core";
import { LogRetention, validateLogRetentionArgs, type LogRetentionArgs } from "../../../components/gcp/log-retention";
import { argProblems, plan } from "../../helpers/inventory";

const BUCKET_CONFIG = "gcp:logging/projectBucketConfig:ProjectBucketConfig";
const BUCKET = "gcp:storage/bucket:Bucket";
const SINK = "gcp:logging/projectSink:ProjectSink";
const IAM = "gcp:storage/bucketIAMMember:BucketIAMMember";

describe("gcp LogRetention", () => {
    it("sets the retention of the project's _Default log bucket and archives nothing by default", async () => {
        const inv = await plan(() => void new LogRetention("logs", { project: "acme-web-prod", namePrefix: "acme-prod", retentionDays: 365 }));
        expect(inv.one(BUCKET_CONFIG).inputs).toEqual({
            project: "acme-web-prod", location: "global", bucketId: "_Default", retentionDays: 365,
        });
        expect(inv.one(BUCKET_CONFIG).parent).toBe(inv.one(LogRetention.TYPE).urn);
        expect(inv.ofType(BUCKET)).toHaveLength(0);
        expect(inv.ofType(SINK)).toHaveLength(0);
    });

    it("keeps Cloud Logging's free 30 days when no retention is given", async () => {
        const inv = await plan(() => void new LogRetention("logs", { project: "acme-web-staging", namePrefix: "acme-stg" }));
        expect(inv.one(BUCKET_CONFIG).inputs.retentionDays).toBe(30);
    });

    it("archives to a private bucket with retention, written only by the sink's own identity", async () => {
        const inv = await plan(() => void new LogRetention("logs", {
            project: "acme-web-prod", namePrefix: "acme-prod", archive: { location: "europe-west1", retentionDays: 400 }, protectArchive: true,
        }));
        const bucket = inv.one(BUCKET);
        expect(bucket.inputs).toMatchObject({
            name: "acme-web-prod-log-archive",
            location: "europe-west1",
            storageClass: "COLDLINE",
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            retentionPolicy: { retentionPeriod: String(400 * 86400) },
            lifecycleRules: [{ action: { type: "Delete" }, condition: { age: 400 } }],
            forceDestroy: false,
        });
        expect(bucket.protect).toBe(true);
        const sink = inv.one(SINK);
        expect(sink.inputs).toMatchObject({
            name: "acme-prod-log-archive", destination: "storage.googleapis.com/acme-web-prod-log-archive", filter: "", uniqueWriterIdentity: true,
            description: "Archive of acme-prod logs (managed by prodstack)",
        });
        const component = inv.one(LogRetention.TYPE).urn;
        expect([bucket, sink, inv.one(IAM)].map((r) => r.parent)).toEqual([component, component, component]);
        expect(inv.one(IAM).inputs).toEqual({
            bucket: "acme-web-prod-log-archive",
            role: "roles/storage.objectCreator",
            member: "serviceAccount:service-123456789012@gcp-sa-logging.iam.gserviceaccount.com",
        });
        expect(inv.one(IAM).dependsOn).toEqual(expect.arrayContaining([bucket.urn, sink.urn]));
    });

    it("does not protect the archive outside prod", async () => {
        const inv = await plan(() => void new LogRetention("logs", { project: "acme-web-staging", namePrefix: "acme-stg", archive: { location: "EU" } }));
        expect(inv.one(BUCKET).protect).toBe(false);
        expect(inv.one(BUCKET).inputs.retentionPolicy).toEqual({ retentionPeriod: String(365 * 86400) });
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new LogRetention("logs", {
                    project: "Acme", namePrefix: "acme-prod", retentionDays: 0, archive: { location: "europe west", retentionDays: 0, storageClass: "COLD" as never },
                });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'project: expected a GCP project ID such as "acme-prod-123", got "Acme"',
            "retentionDays: expected an integer from 1 to 3650, got 0",
            'archive.location: expected a region such as "europe-west1" or a multi-region such as "EU", got "europe west"',
            "archive.retentionDays: expected an integer from 1 to 36500, got 0",
            'archive.storageClass: expected one of "STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE", got "COLD"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    // Pure validation, table-driven: both sides of every bound, and text around a valid value.
    const OK: LogRetentionArgs = { project: "acme-web-prod", namePrefix: "acme-prod" };
    const archive = (extra: Partial<NonNullable<LogRetentionArgs["archive"]>>) => ({ archive: { location: "EU", ...extra } });
    it.each<[string, Partial<LogRetentionArgs>]>([
        ["the shortest project ID and a one-letter prefix", { project: "a1234b", namePrefix: "a" }],
        ["the longest project ID and a 30-character prefix", { project: `a${"-".repeat(28)}9`, namePrefix: `a${"9-".repeat(14)}z` }],
        ["1 day", { retentionDays: 1 }],
        ["3650 days", { retentionDays: 3650 }],
        ["a region with a two-digit number", archive({ location: "europe-west10" })],
        ["a dual-region as Google writes it", archive({ location: "EUR4" })],
        ["a multi-region in lower case", archive({ location: "asia" })],
        ["an archive kept 1 day, in STANDARD", archive({ retentionDays: 1, storageClass: "STANDARD" })],
        ["an archive kept 100 years, in NEARLINE", archive({ retentionDays: 36500, storageClass: "NEARLINE" })],
        ["an ARCHIVE-class archive", archive({ storageClass: "ARCHIVE" })],
    ])("accepts %s", (_, extra) => {
        expect(argProblems(() => validateLogRetentionArgs("logs", { ...OK, ...extra }))).toEqual([]);
    });

    const PROJECT = 'project: expected a GCP project ID such as "acme-prod-123", got';
    const PREFIX = 'namePrefix: expected 1-30 lowercase letters, digits or hyphens such as "acme-prod", got';
    const LOCATION = 'archive.location: expected a region such as "europe-west1" or a multi-region such as "EU", got';
    it.each<[string, Partial<LogRetentionArgs>, string]>([
        ["a 5-character project ID", { project: "a123b" }, `${PROJECT} "a123b"`],
        ["a 31-character project ID", { project: `a${"b".repeat(29)}9` }, `${PROJECT} "a${"b".repeat(29)}9"`],
        ["a project ID with text before it", { project: "Xacme-web-prod" }, `${PROJECT} "Xacme-web-prod"`],
        ["a project ID ending in a hyphen", { project: "acme-web-prod-" }, `${PROJECT} "acme-web-prod-"`],
        ["a prefix with text before it", { namePrefix: "-acme" }, `${PREFIX} "-acme"`],
        ["a prefix with text after it", { namePrefix: "acme_prod" }, `${PREFIX} "acme_prod"`],
        ["a 31-character prefix", { namePrefix: "a".repeat(31) }, `${PREFIX} "${"a".repeat(31)}"`],
        ["3651 days", { retentionDays: 3651 }, "retentionDays: expected an integer from 1 to 3650, got 3651"],
        ["a location with text before it", archive({ location: "europe west1" }), `${LOCATION} "europe west1"`],
        ["a location with text after it", archive({ location: "EU-" }), `${LOCATION} "EU-"`],
        ["a region without its number", archive({ location: "europe-west" }), `${LOCATION} "europe-west"`],
        ["a continent that is no multi-region", archive({ location: "europe" }), `${LOCATION} "europe"`],
        ["a one-letter location", archive({ location: "E" }), `${LOCATION} "E"`],
        ["an archive kept 36501 days", archive({ retentionDays: 36501 }), "archive.retentionDays: expected an integer from 1 to 36500, got 36501"],
    ])("rejects %s", (_, extra, problem) => {
        expect(argProblems(() => validateLogRetentionArgs("logs", { ...OK, ...extra }))).toEqual([problem]);
    });
});
