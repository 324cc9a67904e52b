import { InvalidArgsError } from "../../../components/core";
import { LogRetention } from "../../../components/gcp/log-retention";
import { plan } from "../../helpers/inventory";

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
        });
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
});
