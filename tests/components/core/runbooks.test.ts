/**
 * The shared runbooks, rendered with tagged parameters: what fired is written out, each
 * parameter lands in its slot, and every fixed cause and step is a whole sentence (a blanked
 * or dropped one fails). One plan resolves every runbook at once.
 */
import * as pulumi from "@pulumi/pulumi";
import * as rb from "../../../components/core/runbooks";
import type { Runbook } from "../../../components/core/runbooks";
import { plan } from "../../helpers/inventory";

/** A fixed cause or step: a sentence of some length, capitalised, ending with a full stop. */
const S = expect.stringMatching(/^[A-Z].{24,}\.$/);

/** Built in the test, not on import: a runbook built on import makes every mutant of it static (re-run by every test file). */
const runbooks = (): Record<string, Runbook> => ({
    errors: rb.serviceErrorsRunbook({ subject: pulumi.output("SUBJ"), percent: 5, minutes: "5 min", platformCause: "PLATFORM", metricsStep: "METRICS", rollbackStep: "ROLLBACK", logsStep: "LOGS" }),
    latency: rb.serviceLatencyRunbook({ subject: "SUBJ", latencyMs: 800, minutes: "10 min", scope: "SCOPE", scaleOutCause: "SCALE", saturationCause: "SATURATION", metricsStep: "METRICS", rollbackStep: "ROLLBACK", saturationStep: "RAISE" }),
    instances: rb.serviceInstancesRunbook({ subject: "SUBJ", atLeast: 8, percentOfMax: 80, maxInstances: 10, minutes: "15 min", atMaximum: "AT-MAX", waf: "WAF", metricsStep: "METRICS", abuseStep: "ABUSE" }),
    cpu: rb.serviceResourceRunbook({ subject: "SUBJ", resource: "CPU", percent: 90, minutes: "5 min", metricsStep: "METRICS", logsStep: "LOGS" }),
    memory: rb.serviceResourceRunbook({ subject: "SUBJ", resource: "memory", percent: 85, minutes: "5 min", metricsStep: "METRICS", logsStep: "LOGS" }),
    tasks: rb.serviceTasksRunbook({ subject: "SUBJ", minutes: "5 min", eventsStep: "EVENTS", logsStep: "LOGS" }),
    job: rb.jobFailedRunbook({ failure: "FAILED.", executionsStep: "EXECUTIONS", logsStep: "LOGS", rerunStep: "RERUN" }),
    worker: rb.workerCrashingRunbook({ subject: "SUBJ", restarter: "ECS", logsStep: "LOGS" }),
    dbCpu: rb.databaseCpuRunbook({ subject: "SUBJ", percent: 80, minutes: "15 min", insightsStep: "INSIGHTS" }),
    dbMemory: rb.databaseMemoryRunbook({ whatFired: "FIRED", connectionsStep: "CONNECTIONS" }),
    dbDisk: rb.databaseDiskRunbook({ whatFired: "FIRED", growthCause: "GROWTH", usageStep: "USAGE", growStep: "GROW" }),
    dbConnections: rb.databaseConnectionsRunbook({ whatFired: "FIRED", connectionsStep: "CONNECTIONS" }),
    dbBackup: rb.databaseBackupRunbook({ whatFired: "FIRED", likelyCauses: ["CAUSE"], eventStep: "EVENT", backupNowStep: "BACKUP" }),
    replicaLag: rb.databaseReplicaLagRunbook({ subject: "SUBJ", seconds: 30, minutes: "5 min", pageStep: "PAGE" }),
    cacheMemory: rb.cacheMemoryRunbook({ subject: "SUBJ", percent: 90, minutes: "5 min", pageStep: "PAGE", resizeStep: "RESIZE" }),
    evictions: rb.cacheEvictionsRunbook({ subject: "SUBJ", minutes: "5 min", pageStep: "PAGE", resizeStep: "RESIZE" }),
    waf: rb.wafBlockedRunbook({ subject: "SUBJ", perMinute: 100, minutes: "5 min", rulesStep: "RULES", logsStep: "LOGS", exemptStep: "EXEMPT" }),
    cdn: rb.cdn5xxRunbook({ subject: "SUBJ", percent: 5, minutes: "5 min", pageStep: "PAGE" }),
    uptime: rb.uptimeDownRunbook({ whatFired: "FIRED", wafCause: "WAF", probesStep: "PROBES", url: "https://api.example.com/healthz", edgeStep: "EDGE" }),
    certificate: rb.certificateExpiryRunbook({ whatFired: "FIRED", likelyCauses: ["CAUSE"], statusStep: "STATUS", dnsStep: "DNS", fixStep: "FIX" }),
});

interface Rendered { whatFired: string; likelyCauses: string[]; firstSteps: string[] }

async function renderAll(): Promise<Record<string, Rendered>> {
    const inv = await plan(() => Object.fromEntries(Object.entries(runbooks()).map(([k, r]) => [k, pulumi.output(r)])));
    return inv.outputs as Record<string, Rendered>;
}

describe("shared runbooks", () => {
    it("say what fired with every threshold and subject, put each parameter in its slot and keep every fixed line a sentence", async () => {
        const out = await renderAll();
        const expected: Record<string, Rendered> = {
            errors: {
                whatFired: "More than 5% of the requests to SUBJ were answered with a 5xx for 5 min. Users are seeing errors.",
                likelyCauses: [S, S, "PLATFORM", S],
                firstSteps: ["METRICS", "ROLLBACK", "LOGS", "Check the database and cache alerts and dashboard charts for a concurrent incident."],
            },
            latency: {
                whatFired: "The 95th-percentile request latency of SUBJ stayed above 800 ms for 10 min (SCOPE).",
                likelyCauses: [S, "SCALE", "SATURATION", S],
                firstSteps: ["METRICS", "ROLLBACK", S, "RAISE"],
            },
            instances: {
                whatFired: "SUBJ ran 8 or more instances (80% of its maximum of 10) for 15 min. AT-MAX",
                likelyCauses: [S, S, "A crawler, a retry storm or an attack not caught by WAF's rate limit."],
                firstSteps: ["METRICS", S, "ABUSE"],
            },
            cpu: {
                whatFired: "The tasks of SUBJ used more than 90% of their CPU on average for 5 min. Requests slow down and autoscaling is at its limit or too slow.",
                likelyCauses: [expect.stringContaining("beyond maxInstances"), expect.stringContaining("busy loop"), expect.stringContaining("(cpu in the spec)")],
                firstSteps: ["METRICS", S, "LOGS", "If the load is organic, raise maxInstances or cpu in the spec."],
            },
            memory: {
                whatFired: "The tasks of SUBJ used more than 85% of their memory on average for 5 min. Near the limit a container is killed (exit code 137) and restarted.",
                likelyCauses: [expect.stringContaining("memory leak"), expect.stringContaining("held in memory"), expect.stringContaining("(memoryMiB in the spec)")],
                firstSteps: ["METRICS", S, "LOGS", "If usage is organic, raise memoryMiB in the spec (a valid Fargate pair)."],
            },
            tasks: {
                whatFired: "SUBJ ran fewer tasks than desired for 5 min: tasks fail to start, fail their health checks or keep stopping, and the remaining ones carry the load.",
                likelyCauses: [S, S, S, S],
                firstSteps: ["EVENTS", "LOGS", S, "Check the database and cache alerts and dashboard charts for a concurrent incident."],
            },
            job: {
                whatFired: "FAILED. If it ran on deploy, that deploy failed and the services waiting for it kept their previous revision.",
                likelyCauses: [S, S, S, S],
                firstSteps: ["EXECUTIONS", "LOGS", "RERUN", S],
            },
            worker: {
                whatFired: "Containers of SUBJ exited or were killed. ECS restarts them, so repeated exits are a crash loop: the queue they consume is not being worked off.",
                likelyCauses: [S, S, S, S],
                firstSteps: ["LOGS", S, S],
            },
            dbCpu: { whatFired: "SUBJ used more than 80% of its vCPUs for 15 min.", likelyCauses: [S, S, S], firstSteps: ["INSIGHTS", S, S] },
            dbMemory: { whatFired: "FIRED", likelyCauses: [S, S, S], firstSteps: ["CONNECTIONS", S, S] },
            dbDisk: { whatFired: "FIRED", likelyCauses: ["GROWTH", S, S], firstSteps: ["USAGE", "GROW", S] },
            dbConnections: { whatFired: "FIRED", likelyCauses: [S, S, S], firstSteps: ["CONNECTIONS", S, S, S] },
            dbBackup: { whatFired: "FIRED", likelyCauses: ["CAUSE"], firstSteps: ["EVENT", "BACKUP", S] },
            replicaLag: {
                whatFired: "Read replica SUBJ was more than 30 s behind its primary for 5 min. Reads from it return stale data, and a failover to it would lose those seconds.",
                likelyCauses: [S, S, S],
                firstSteps: ["PAGE", S, S],
            },
            cacheMemory: {
                whatFired: "SUBJ used more than 90% of its maxmemory for 5 min. Close to the limit Redis evicts keys (cache misses hit the database) or rejects writes.",
                likelyCauses: [S, S, S],
                firstSteps: ["PAGE", S, S, "RESIZE"],
            },
            evictions: {
                whatFired: "SUBJ evicted keys during 5 min: it is full, so every eviction is a cache miss that hits the database.",
                likelyCauses: [S, S, S],
                firstSteps: ["PAGE", S, S, "RESIZE"],
            },
            waf: { whatFired: "SUBJ blocked more than 100 requests per minute for 5 min.", likelyCauses: [S, S, S], firstSteps: ["RULES", "LOGS", "EXEMPT"] },
            cdn: {
                whatFired: "More than 5% of the responses of SUBJ were 5xx for 5 min: users are seeing errors, from an origin or from the CDN itself.",
                likelyCauses: [S, S, S],
                firstSteps: ["PAGE", S, S],
            },
            uptime: {
                whatFired: "FIRED",
                likelyCauses: [S, S, "WAF"],
                firstSteps: ["Request it yourself: `curl -sv https://api.example.com/healthz` — note status, certificate and body.", "PROBES", S, "EDGE"],
            },
            certificate: { whatFired: "FIRED", likelyCauses: ["CAUSE"], firstSteps: ["STATUS", "DNS", "FIX"] },
        };
        expect(out).toEqual(expected);
        // An eviction has the causes and steps of a full cache.
        expect(out.evictions.likelyCauses).toEqual(out.cacheMemory.likelyCauses);
        expect(out.evictions.firstSteps).toEqual(out.cacheMemory.firstSteps);
        // No runbook repeats a line (a step pasted twice, or a cause given for another alert's).
        for (const r of Object.values(out)) expect(new Set([...r.likelyCauses, ...r.firstSteps]).size).toBe(r.likelyCauses.length + r.firstSteps.length);
    });

    it("renders a runbook as markdown: what fired, causes as a list, steps numbered", async () => {
        const inv = await plan(() => ({
            md: rb.runbookMarkdown({ whatFired: pulumi.output("It broke."), likelyCauses: ["A release.", pulumi.output("A dependency.")], firstSteps: ["Look.", "Roll back."] }),
        }));
        expect(inv.outputs.md).toBe("### What fired\nIt broke.\n\n### Likely causes\n- A release.\n- A dependency.\n\n### First steps\n1. Look.\n2. Roll back.");
    });

    it("says a duration in minutes", () => {
        expect([rb.minutesOf(60), rb.minutesOf(300), rb.minutesOf(90)]).toEqual(["1 min", "5 min", "1.5 min"]);
    });
});
