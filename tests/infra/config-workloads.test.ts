import { parseSpec } from "../../infra/config";
import { bucketEnvName } from "../../infra/config-workloads";
import { problemsOf, rawSpec } from "../helpers/spec";

const IMAGE = "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0";

/** The fixture plus a migrate job, a worker and a media bucket, changed by `edit`. */
function withWorkloads(edit?: (raw: Record<string, any>) => void): Record<string, any> {
    const raw = JSON.parse(JSON.stringify(rawSpec())) as Record<string, any>;
    raw.services[0].after = ["migrate"];
    raw.services.push({ name: "worker", kind: "worker", image: IMAGE, command: ["celery"], args: ["-A", "app", "worker"], usesDatabase: true });
    raw.jobs = [{ name: "migrate", image: IMAGE, args: ["manage.py", "migrate"], usesDatabase: true, runOnDeploy: true }];
    raw.buckets = [{ name: "media", access: { api: "readWrite", worker: "read" } }];
    edit?.(raw);
    return raw;
}


describe("spec: jobs, workers and application buckets", () => {
    it("fills the documented defaults of jobs, workers and buckets", () => {
        const spec = parseSpec(withWorkloads(), "test");
        expect(spec.jobs[0]).toEqual({
            name: "migrate",
            image: IMAGE,
            args: ["manage.py", "migrate"],
            env: {},
            secretEnv: {},
            usesDatabase: true,
            usesCache: false,
            cpu: 1,
            memoryMiB: 512,
            timeoutSeconds: 600,
            retries: 0,
            parallelism: 1,
            runOnDeploy: true,
        });
        expect(spec.services[1]).toMatchObject({ kind: "worker", command: ["celery"], args: ["-A", "app", "worker"], after: [] });
        expect(spec.services[1].minInstances).toBeUndefined();
        expect(spec.services[0]).toMatchObject({ kind: "web", after: ["migrate"], port: 8080, maxInstances: 10, directIngress: false });
        expect(spec.buckets[0]).toEqual({
            name: "media",
            access: { api: "readWrite", worker: "read" },
            versioning: true,
            lifecycle: { noncurrentVersionDays: 30 },
            corsOrigins: [],
            signedUrls: false,
        });
    });

    it("accepts a schedule in a time zone, the boundary values and a bucket with CORS, expiry and retention", () => {
        const spec = parseSpec(withWorkloads((r) => {
            r.jobs.push({
                name: "report", build: { context: "./api" }, schedule: { cron: "*/15 0-6 * * MON-FRI", timeZone: "Europe/Berlin" },
                cpu: 8, memoryMiB: 32768, timeoutSeconds: 86400, retries: 10, parallelism: 10,
            });
            r.jobs.push({ name: "nightly", image: IMAGE, schedule: { cron: "0 3 * * *" }, timeoutSeconds: 1, parallelism: 1 });
            r.jobs.push({ name: "monthly", image: IMAGE, schedule: { cron: "0 4 1 * *", timeZone: "UTC" }, retries: 0 });
            r.services[1].minInstances = 1;
            r.buckets.push({
                name: "exports", access: { report: "readWrite" }, versioning: false, retentionDays: 30, signedUrls: true,
                lifecycle: { noncurrentVersionDays: 1, expireDays: 30 }, corsOrigins: ["https://app.example.com", "https://admin.example.com:8443"],
            });
        }), "test");
        expect(spec.jobs[1].schedule).toEqual({ cron: "*/15 0-6 * * MON-FRI", timeZone: "Europe/Berlin" });
        expect(spec.jobs[2].schedule).toEqual({ cron: "0 3 * * *", timeZone: "Etc/UTC" });
        expect(spec.jobs[3].schedule).toEqual({ cron: "0 4 1 * *", timeZone: "UTC" });
        expect(spec.buckets[1]).toMatchObject({ retentionDays: 30, lifecycle: { noncurrentVersionDays: 1, expireDays: 30 } });
    });

    const cases: Array<[string, (raw: Record<string, any>) => void, string[]]> = [
        ["a job without image or build", (r) => delete r.jobs[0].image, ["prodstack:jobs[0]: expected exactly one of `image` (a pinned reference) or `build` (a build context), got nothing (the key is missing)"]],
        ["an unpinned job image", (r) => (r.jobs[0].image = "python:latest"), ['prodstack:jobs[0].image: expected a pinned image reference: "repo/name:tag" (not "latest") or "repo/name@sha256:<digest>", got "python:latest"']],
        ["an empty command", (r) => (r.jobs[0].command = []), ["prodstack:jobs[0].command: expected at least one string (leave the key out to keep the image's own), got []"]],
        ["a command as one string", (r) => (r.services[1].command = "celery -A app worker"), ['prodstack:services[1].command: expected a list of strings such as ["python", "manage.py"], got "celery -A app worker"']],
        ["a job timeout over a day", (r) => (r.jobs[0].timeoutSeconds = 86401), ["prodstack:jobs[0].timeoutSeconds: expected an integer from 1 to 86400, got 86401"]],
        ["negative retries", (r) => (r.jobs[0].retries = -1), ["prodstack:jobs[0].retries: expected an integer from 0 to 10, got -1"]],
        ["too many retries", (r) => (r.jobs[0].retries = 11), ["prodstack:jobs[0].retries: expected an integer from 0 to 10, got 11"]],
        ["parallelism 0", (r) => (r.jobs[0].parallelism = 0), ["prodstack:jobs[0].parallelism: expected an integer from 1 to 10, got 0"]],
        ["parallelism 11", (r) => (r.jobs[0].parallelism = 11), ["prodstack:jobs[0].parallelism: expected an integer from 1 to 10, got 11"]],
        ["a four-field cron", (r) => (r.jobs[0].schedule = { cron: "0 3 * *" }), ['prodstack:jobs[0].schedule.cron: expected a five-field cron expression such as "0 3 * * *", got "0 3 * *"']],
        ["a cron hour out of range", (r) => (r.jobs[0].schedule = { cron: "0 24 * * *" }), ['prodstack:jobs[0].schedule.cron: expected a five-field cron expression such as "0 3 * * *", got "0 24 * * *"']],
        ["an unknown cron day name", (r) => (r.jobs[0].schedule = { cron: "0 3 * * FUN" }), ['prodstack:jobs[0].schedule.cron: expected a five-field cron expression such as "0 3 * * *", got "0 3 * * FUN"']],
        ["a cron restricting both days", (r) => (r.jobs[0].schedule = { cron: "0 3 1 * MON" }), ['prodstack:jobs[0].schedule.cron: expected * in the day-of-month or the day-of-week field (restricting both means "either" in unix cron, which not every cloud\'s scheduler supports), got "0 3 1 * MON"']],
        ["an unknown time zone", (r) => (r.jobs[0].schedule = { cron: "0 3 * * *", timeZone: "Europe/Atlantis" }), ['prodstack:jobs[0].schedule.timeZone: expected an IANA time zone such as "Europe/Berlin", got "Europe/Atlantis"']],
        ["an env name the platform sets", (r) => (r.jobs[0].env = { CLOUD_RUN_TASK_INDEX: "0" }), ['prodstack:jobs[0].env.CLOUD_RUN_TASK_INDEX: expected a name the platform does not set itself, got "CLOUD_RUN_TASK_INDEX"']],
        ["a job using the database without one", (r) => delete r.database, [
            "prodstack:services[0].usesDatabase: expected a database section when a service uses the database, got true",
            "prodstack:services[1].usesDatabase: expected a database section when a service uses the database, got true",
            "prodstack:jobs[0].usesDatabase: expected a database section when a job uses the database, got true",
        ]],
        ["a job named like a service", (r) => Object.assign(r, { jobs: [{ ...r.jobs[0], name: "api" }], services: [{ ...r.services[0], after: [] }, r.services[1]] }), ['prodstack:jobs[0].name: expected a name unique among services, jobs, sites and buckets (services[0] uses it), got "api"']],
        ["after an unknown job", (r) => (r.services[0].after = ["migrations"]), ['prodstack:services[0].after[0]: expected the name of a job (migrate), got "migrations"']],
        ["after a job that does not run on deploy", (r) => (r.jobs[0].runOnDeploy = false), ['prodstack:services[0].after[0]: expected a job with runOnDeploy: true (migrate does not run on deploy), got "migrate"']],
        ["after the same job twice", (r) => (r.services[0].after = ["migrate", "migrate"]), ['prodstack:services[0].after[1]: expected each job once, got "migrate"']],
        ["an unknown kind", (r) => (r.services[1].kind = "cron"), ['prodstack:services[1].kind: expected one of "web", "worker", got "cron"']],
        ["a worker with web-only keys", (r) => Object.assign(r.services[1], { port: 8080, routes: [{ pathPrefix: "/jobs" }], healthPath: "/healthz", maxInstances: 3, uptime: { enabled: false } }), [
            "prodstack:services[1].port: expected no port on a worker (a worker serves no HTTP), got 8080",
            "prodstack:services[1].maxInstances: expected no maxInstances on a worker (a worker runs a fixed number of instances: set minInstances), got 3",
            'prodstack:services[1].healthPath: expected no healthPath on a worker (a worker serves no HTTP), got "/healthz"',
            'prodstack:services[1].routes: expected no routes on a worker (a worker serves no HTTP), got [{"pathPrefix":"/jobs"}]',
            'prodstack:services[1].uptime: expected no uptime on a worker (a worker serves no HTTP), got {"enabled":false}',
        ]],
        ["a worker scaling to zero", (r) => (r.services[1].minInstances = 0), ["prodstack:services[1].minInstances: expected at least 1 for a worker (workers never scale to zero), got 0"]],
        ["bucket access by an unknown workload", (r) => (r.buckets[0].access = { web: "read" }), ['prodstack:buckets[0].access.web: expected the name of a service or job (api, worker, migrate), got "web"']],
        ["a write-only access level", (r) => (r.buckets[0].access = { api: "write" }), ['prodstack:buckets[0].access.api: expected "read" or "readWrite", got "write"']],
        ["a bucket named like a site", (r) => (r.buckets[0].name = "web"), ['prodstack:buckets[0].name: expected a name unique among services, jobs, sites and buckets (sites[0] uses it), got "web"']],
        ["an http CORS origin", (r) => Object.assign(r.buckets[0], { signedUrls: true, corsOrigins: ["http://app.example.com"] }), ['prodstack:buckets[0].corsOrigins[0]: expected an https origin such as "https://app.example.com", got "http://app.example.com"']],
        ["CORS without signed URLs", (r) => (r.buckets[0].corsOrigins = ["https://app.example.com"]), ['prodstack:buckets[0].corsOrigins: expected signedUrls: true as well (browsers reach a private bucket only through signed URLs), got ["https://app.example.com"]']],
        ["signed URLs nobody signs", (r) => Object.assign(r.buckets[0], { access: {}, signedUrls: true }), ["prodstack:buckets[0].signedUrls: expected an access entry for the service or job that signs the URLs, got true"]],
        ["retention on a versioned bucket (gcp)", (r) => (r.buckets[0].retentionDays = 7), ["prodstack:buckets[0].versioning: expected versioning: false with retentionDays on gcp (Cloud Storage does not allow a retention policy on a versioned bucket), got true"]],
        ["expiry before retention ends", (r) => Object.assign(r.buckets[0], { versioning: false, retentionDays: 30, lifecycle: { expireDays: 7 } }), ["prodstack:buckets[0].lifecycle.expireDays: expected at least retentionDays (30): retained objects cannot expire earlier, got 7"]],
        ["noncurrent versions kept 0 days", (r) => (r.buckets[0].lifecycle = { noncurrentVersionDays: 0 }), ["prodstack:buckets[0].lifecycle.noncurrentVersionDays: expected an integer from 1 to 3650, got 0"]],
        ["a bucket env var the service sets itself", (r) => (r.services[0].env = { MEDIA_BUCKET: "other" }), ['prodstack:buckets[0].name: expected a bucket whose MEDIA_BUCKET variable api does not set itself, got "media"']],
        ["a typo in a job key", (r) => (r.jobs[0].runOnDeplyo = true), ['prodstack:jobs[0].runOnDeplyo: unknown key "runOnDeplyo" (did you mean "runOnDeploy"?); expected one of: name, image, build, command, args, env, secretEnv, usesDatabase, usesCache, cpu, memoryMiB, timeoutSeconds, retries, parallelism, runOnDeploy, schedule']],
    ];

    it.each(cases)("rejects %s", (_label, edit, expected) => {
        expect(problemsOf(withWorkloads(edit))).toEqual(expected);
    });

    it("names the bucket variable after the bucket", () => {
        expect(bucketEnvName("media")).toBe("MEDIA_BUCKET");
        expect(bucketEnvName("user-uploads")).toBe("USER_UPLOADS_BUCKET");
    });
});
