/** Summaries of jobs, worker pools and application buckets, from what the cloud receives. */
import { restoreDrillSummary } from "../../components/core/restore-drill";
import type { PlannedResource } from "./engine";
import { arr, dig, first, obj, ofType } from "./inputs";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const pad = (n: string) => n.padStart(2, "0");

/** `0 3 * * *` → `daily 03:00`, `30 * * * *` → `hourly at :30`, `0 4 * * 1` → `Mondays 04:00`; else the expression. */
export function describeCron(cron: string): string {
    const [minute, hour, dom, month, dow] = cron.split(" ");
    const fixed = (v: string | undefined) => v !== undefined && /^\d+$/.test(v);
    if (fixed(minute) && fixed(hour) && dom === "*" && month === "*") {
        const time = `${pad(hour)}:${pad(minute)}`;
        if (dow === "*") return `daily ${time}`;
        if (fixed(dow) && Number(dow) <= 7) return `${WEEKDAYS[Number(dow)]}s ${time}`;
    }
    if (fixed(minute) && hour === "*" && dom === "*" && month === "*" && dow === "*") return `hourly at :${pad(minute)}`;
    return `cron "${cron}"`;
}

/** `1 vCPU / 512 MiB` from a container's limits. */
function size(container: unknown): string {
    const limits = obj(dig(container, "resources", "limits"));
    const mib = parseInt(String(limits.memory ?? ""), 10);
    return `${limits.cpu} vCPU / ${mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`}`;
}

/** `own identity (3 project roles, 1 secret)` plus URL signing when granted. */
function identity(c: PlannedResource[]): string {
    const roles = ofType(c, "gcp:projects/iAMMember:IAMMember").length;
    const secrets = ofType(c, "gcp:secretmanager/secretIamMember:SecretIamMember").length;
    const signs = ofType(c, "gcp:serviceaccount/iAMMember:IAMMember").some((m) => m.inputs.role === "roles/iam.serviceAccountTokenCreator");
    return `own identity (${roles} project roles, ${secrets} secrets${signs ? ", signs URLs as itself" : ""})`;
}

/** Workload types whose rollout can wait for a job. */
const ROLLOUTS = ["gcp:cloudrunv2/service:Service", "gcp:cloudrunv2/workerPool:WorkerPool"];

/** Names of the services and workers whose rollout waits for `urn` (a run-on-deploy job). */
export function dependents(urn: string, all: PlannedResource[], rollouts: readonly string[] = ROLLOUTS): string[] {
    const byUrn = new Map(all.map((r) => [r.urn, r]));
    const names = all.filter((r) => rollouts.includes(r.type) && r.dependsOn.includes(urn)).map((r) => {
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        return parent && !parent.custom ? parent.name : r.name;
    });
    return [...new Set(names)].sort();
}

/** e.g. `acme-prod-migrate · 1 vCPU / 512 MiB · runs on deploy before api · daily 03:00 Europe/Berlin · …`. */
export function summarizeJob(c: PlannedResource[], all: PlannedResource[]): string {
    const jobResource = ofType(c, "gcp:cloudrunv2/job:Job")[0];
    const job = jobResource?.inputs ?? {};
    const template = obj(dig(job, "template", "template"));
    const scheduler = first(c, "gcp:cloudscheduler/job:Job");
    const waiting = jobResource ? dependents(jobResource.urn, all) : [];
    const tasks = Number(dig(job, "template", "taskCount") ?? 1);
    const retries = Number(template.maxRetries ?? 0);
    return [
        String(job.name),
        size(arr(template.containers)[0]),
        job.runExecutionToken ? `runs on deploy${waiting.length ? ` before ${waiting.join(", ")}` : ""}` : "",
        scheduler.schedule ? `${describeCron(String(scheduler.schedule))} ${scheduler.timeZone}` : "",
        !job.runExecutionToken && !scheduler.schedule ? "runs when executed by hand" : "",
        `${tasks} task${tasks === 1 ? "" : "s"}, ${retries} ${retries === 1 ? "retry" : "retries"}, ${parseInt(String(template.timeout), 10)} s timeout`,
        template.vpcAccess ? "VPC egress" : "no VPC egress",
        identity(c),
        ofType(c, "docker:index/image:Image").length > 0 ? "built image by digest" : "pinned image",
    ].filter(Boolean).join(" · ");
}

/** e.g. `acme-prod-worker · worker pool, 2 instances always on · 1 vCPU / 512 MiB · no ingress · …`. */
export function summarizeWorkerPool(c: PlannedResource[]): string {
    const pool = first(c, "gcp:cloudrunv2/workerPool:WorkerPool");
    const template = obj(pool.template);
    const count = Number(dig(pool, "scaling", "manualInstanceCount") ?? 0);
    return [
        String(pool.name),
        `worker pool, ${count} instance${count === 1 ? "" : "s"} always on`,
        size(arr(template.containers)[0]),
        "no ingress",
        template.vpcAccess ? "VPC egress" : "no VPC egress",
        identity(c),
        ofType(c, "docker:index/image:Image").length > 0 ? "built image by digest" : "pinned image",
        pool.deletionProtection ? "deletion protected" : "",
    ].filter(Boolean).join(" · ");
}

/** e.g. `private (public access prevented) · uniform access · versioned (old versions 30 d) · api: objectUser`. */
export function summarizeAppBucket(c: PlannedResource[]): string {
    const bucket = first(c, "gcp:storage/bucket:Bucket");
    const rules = arr(bucket.lifecycleRules).map(obj);
    const kept = rules.map((r) => dig(r, "condition", "daysSinceNoncurrentTime")).find((d) => d !== undefined);
    const expiry = rules.find((r) => dig(r, "condition", "withState") === "LIVE");
    const grants = ofType(c, "gcp:storage/bucketIAMMember:BucketIAMMember");
    const publicGrant = grants.some((g) => ["allUsers", "allAuthenticatedUsers"].includes(String(g.inputs.member)));
    const retention = dig(bucket, "retentionPolicy", "retentionPeriod");
    const origins = arr(dig(arr(bucket.cors)[0], "origins"));
    return [
        publicGrant ? "PUBLIC OBJECTS" : `private (${bucket.publicAccessPrevention === "enforced" ? "public access prevented" : "PUBLIC ACCESS ALLOWED"})`,
        bucket.uniformBucketLevelAccess === true ? "uniform access" : "ACLS",
        dig(bucket, "versioning", "enabled") === true ? `versioned${kept ? ` (old versions ${kept} d)` : ""}` : "not versioned",
        expiry ? `objects expire after ${dig(expiry, "condition", "age")} d` : "",
        retention ? `retention ${Number(retention) / 86400} d` : "",
        origins.length ? `CORS for ${origins.join(", ")}` : "",
        grants.length
            ? grants.map((g) => `${String(g.inputs.member).replace(/^serviceAccount:/, "").split("@")[0]}: ${String(g.inputs.role).replace("roles/storage.", "")}`).join(", ")
            : "no grants",
    ].filter(Boolean).join(" · ");
}

/**
 * `restore drill weekly · PITR −1 h · verify "SELECT 1 FROM users LIMIT 1"` from the drill's
 * schedule, the point in time its workflow source restores to and its verification job's query.
 */
export function summarizeRestoreDrill(c: PlannedResource[]): string {
    const schedule = ofType(c, "gcp:cloudscheduler/job:Job").find((j) => String(j.inputs.name ?? "").endsWith("-restore-drill-run"));
    const workflow = ofType(c, "gcp:workflows/workflow:Workflow").find((w) => String(w.inputs.sourceContents ?? "").includes("pointInTime"));
    const offsetSeconds = /sys\.now\(\) - (\d+)\)/.exec(String(workflow?.inputs.sourceContents ?? ""))?.[1];
    if (!schedule || offsetSeconds === undefined) return "";
    const job = ofType(c, "gcp:cloudrunv2/job:Job")[0];
    const envs = arr(dig(arr(dig(job?.inputs, "template", "template", "containers"))[0], "envs")).map(obj);
    const query = envs.find((e) => e.name === "VERIFY_QUERY")?.value;
    return restoreDrillSummary({
        schedule: String(schedule.inputs.schedule),
        pointInTimeOffsetMinutes: Number(offsetSeconds) / 60,
        ...(typeof query === "string" ? { verifyQuery: query } : {}),
    });
}
