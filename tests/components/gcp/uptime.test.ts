import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { UptimeCheck, uptimeLocations, validateUptimeCheckArgs, type UptimeCheckArgs } from "../../../components/gcp/uptime";
import { argProblems, plan } from "../../helpers/inventory";

const CHECK = "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig";
const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNELS = ["projects/acme-prod/notificationChannels/1"];
const ARGS: UptimeCheckArgs = {
    namePrefix: "acme-prod",
    project: "acme-web-prod",
    host: "api.example.com",
    path: "/healthz",
    notificationChannels: CHANNELS,
};

/** Plans a check and returns the inventory plus the check ID the alerts must reference. */
async function planCheck(args: UptimeCheckArgs) {
    const inv = await plan(() => ({ id: new UptimeCheck("up", args).uptimeCheckId }));
    return { inv, id: inv.outputs.id as string };
}

/** The filter of an uptime metric of the check `id`. */
const uptimeMetric = (metric: string, id: string) =>
    `metric.type = "monitoring.googleapis.com/uptime_check/${metric}" AND resource.type = "uptime_url" AND metric.labels.check_id = "${id}"`;
const docOf = (policy: Record<string, unknown>) => (policy.documentation as Record<string, string>).content;
/**
 * An alert policy of the check as the cloud receives it: the runbook as Markdown, and one
 * threshold condition on the latest value each location saw within 1 200 s (longer than the
 * longest period), reduced over the locations.
 */
const alertPolicy = (p: {
    name: string; severity: string; concern: string; runbook: string[]; condition: string;
    filter: string; reducer: string; comparison: string; thresholdValue: number; duration: string; autoClose: string;
}) => ({
    displayName: p.name,
    combiner: "OR",
    severity: p.severity,
    notificationChannels: CHANNELS,
    userLabels: { concern: p.concern, managed_by: "prodstack" },
    documentation: { mimeType: "text/markdown", subject: `[${p.severity}] ${p.name}`, content: p.runbook.join("\n") },
    conditions: [{
        displayName: p.condition,
        conditionThreshold: {
            filter: p.filter,
            aggregations: [{ alignmentPeriod: "1200s", perSeriesAligner: "ALIGN_NEXT_OLDER", crossSeriesReducer: p.reducer, groupByFields: ["resource.label.*"] }],
            comparison: p.comparison,
            thresholdValue: p.thresholdValue,
            duration: p.duration,
            trigger: { count: 1 },
        },
    }],
    alertStrategy: { autoClose: p.autoClose },
});

describe("gcp UptimeCheck", () => {
    it("probes the host's health path over HTTPS with certificate validation from four continents", async () => {
        const { inv } = await planCheck(ARGS);
        expect(inv.one(CHECK).inputs).toEqual({
            displayName: "acme-prod https://api.example.com/healthz",
            period: "60s",
            timeout: "10s",
            checkerType: "STATIC_IP_CHECKERS",
            selectedRegions: ["ASIA_PACIFIC", "EUROPE", "SOUTH_AMERICA", "USA_VIRGINIA"],
            monitoredResource: { type: "uptime_url", labels: { project_id: "acme-web-prod", host: "api.example.com" } },
            httpCheck: {
                path: "/healthz", port: 443, useSsl: true, validateSsl: true, requestMethod: "GET",
                acceptedResponseStatusCodes: [{ statusClass: "STATUS_CLASS_2XX" }],
            },
            logCheckFailures: true,
            userLabels: { managed_by: "prodstack" },
        });
        const component = inv.one(UptimeCheck.TYPE).urn;
        expect([inv.one(CHECK), ...inv.ofType(POLICY)].map((r) => r.parent)).toEqual([component, component, component]);
    });

    it("alerts when at least two locations fail, with Google's check_passed recipe on this check", async () => {
        const { inv, id } = await planCheck(ARGS);
        expect(id).toMatch(/^acme-prod-https-api-example-com-healthz-[0-9a-f]{8}$/);
        const name = "acme-prod api.example.com: down from 2+ locations";
        expect(inv.named("up-down", POLICY).inputs).toEqual(alertPolicy({
            name,
            severity: "CRITICAL",
            concern: "uptime",
            runbook: [
                "### What fired",
                "https://api.example.com/healthz failed its uptime check from at least 2 of 4 checker locations (ASIA_PACIFIC, EUROPE, SOUTH_AMERICA, USA_VIRGINIA) for 1 min: no response within 10 s, a status other than 2xx, an invalid certificate. Users are likely affected.",
                "",
                "### Likely causes",
                "- The service behind the host fails (see its 5xx and instance alerts) or its health path fails on a dependency.",
                "- The load balancer, its certificate or DNS changed (expired or mismatched certificate, wrong A record).",
                "- Cloud Armor blocks the checkers (a new deny rule, region block or rate limit).",
                "",
                "### First steps",
                "1. Request it yourself: `curl -sv https://api.example.com/healthz` — note status, certificate and body.",
                '2. Read the failed probes in Logs Explorer: `resource.type="uptime_url" resource.labels.host="api.example.com" log_id("monitoring.googleapis.com/uptime_checks")`, or on the check\'s page (https://console.cloud.google.com/monitoring/uptime).',
                "3. If the backend answers 5xx, follow the service's error runbook (roll back the last revision).",
                "4. If the certificate or DNS is wrong, check the edge: certificate status, forwarding rule address and the host's DNS record.",
            ],
            condition: "uptime check failing from 2+ locations",
            filter: uptimeMetric("check_passed", id),
            // The number of failing locations; more than one = at least two.
            reducer: "REDUCE_COUNT_FALSE",
            comparison: "COMPARISON_GT",
            thresholdValue: 1,
            duration: "60s",
            autoClose: "1800s",
        }));
    });

    it("alerts on certificate expiry from the check's time_until_ssl_cert_expires (days)", async () => {
        const { inv, id } = await planCheck({ ...ARGS, certificateNames: [pulumi.output("acme-prod-api-cert"), "acme-prod-api-cert-2"] });
        const name = "acme-prod api.example.com: TLS certificate expires in < 14 days";
        expect(inv.named("up-certificate", POLICY).inputs).toEqual(alertPolicy({
            name,
            severity: "ERROR",
            concern: "certificate",
            runbook: [
                "### What fired",
                "The certificate served on api.example.com expires in fewer than 14 days, as seen by the uptime check. Google-managed certificates renew about 30 days before expiry, so renewal has stalled.",
                "",
                "### Likely causes",
                "- The host's DNS no longer points at the load balancer (or a CAA record forbids Google's CAs), so managed renewal cannot complete.",
                "- The DNS authorization record of a Certificate Manager certificate was removed.",
                "- A self-managed certificate was uploaded and nobody rotated it.",
                "",
                "### First steps",
                "1. Check the status of the managed certificate(s) `acme-prod-api-cert`, `acme-prod-api-cert-2` in Certificate Manager (https://console.cloud.google.com/security/ccm/list/certificates) or Load balancing → Certificates.",
                "2. Verify DNS: `dig +short api.example.com` must return the load balancer address; `dig CAA` on the domain must allow pki.goog.",
                "3. Fix DNS or the authorization record; renewal then completes within hours. If expiry is days away, upload a certificate manually as a stopgap.",
            ],
            condition: "certificate expires in < 14 days",
            filter: uptimeMetric("time_until_ssl_cert_expires", id),
            // The lowest number of days any location saw.
            reducer: "REDUCE_MIN",
            comparison: "COMPARISON_LT",
            thresholdValue: 14,
            duration: "600s",
            autoClose: "86400s",
        }));
    });

    it("honours period, timeout, content match, regions, failing locations and expiry days", async () => {
        const { inv } = await planCheck({
            ...ARGS, periodSeconds: 300, timeoutSeconds: 30, contentMatch: "ok", regions: ["USA", "EUROPE"],
            failingLocations: 3, alertDurationSeconds: 120, certificateExpiryDays: 21,
        });
        expect(inv.one(CHECK).inputs).toMatchObject({
            period: "300s", timeout: "30s", selectedRegions: ["EUROPE", "USA"],
            contentMatchers: [{ content: "ok", matcher: "CONTAINS_STRING" }],
        });
        const down = inv.named("up-down", POLICY).inputs;
        expect((down.conditions as any[])[0].conditionThreshold).toMatchObject({ thresholdValue: 2, duration: "120s" });
        expect(docOf(down)).toContain(
            "from at least 3 of 4 checker locations (EUROPE, USA_IOWA, USA_OREGON, USA_VIRGINIA) for 2 min: no response within 30 s, a status other than 2xx, an invalid certificate or a body without \"ok\". Users",
        );
        const certificate = inv.named("up-certificate", POLICY).inputs;
        expect((certificate.conditions as any[])[0].conditionThreshold.thresholdValue).toBe(21);
        // No certificate names given (the default []): the runbook points at the host's certificate.
        expect(docOf(certificate)).toContain("1. Check the status of the host's certificate in Certificate Manager");
    });

    it("accepts 2xx only by default, and the status classes it is given (e.g. a static prefix without an index)", async () => {
        const statuses = async (args: UptimeCheckArgs) => ((await planCheck(args)).inv.one(CHECK).inputs.httpCheck as any).acceptedResponseStatusCodes;
        expect(await statuses({ ...ARGS, path: "/static/", acceptedStatusClasses: ["2xx", "3xx", "4xx"] })).toEqual([
            { statusClass: "STATUS_CLASS_2XX" }, { statusClass: "STATUS_CLASS_3XX" }, { statusClass: "STATUS_CLASS_4XX" },
        ]);
        const { inv } = await planCheck({ ...ARGS, acceptedStatusClasses: ["2xx", "4xx"] });
        expect(docOf(inv.named("up-down", POLICY).inputs)).toContain("a status other than 2xx/4xx");
    });

    it("turns the certificate alert off with 0 days, and requests / when given no path", async () => {
        const { path: _path, ...noPath } = ARGS;
        const { inv } = await planCheck({ ...noPath, certificateExpiryDays: 0 });
        expect(inv.ofType(POLICY).map((p) => p.name)).toEqual(["up-down"]);
        expect(inv.one(CHECK).inputs).toMatchObject({ displayName: "acme-prod https://api.example.com/", httpCheck: { path: "/" } });
    });

    it.each<[string[], string[]]>([
        [["USA"], ["USA_IOWA", "USA_OREGON", "USA_VIRGINIA"]],
        [["USA_OREGON"], ["USA_OREGON"]],
        [["USA_IOWA"], ["USA_IOWA"]],
        [["USA_VIRGINIA"], ["USA_VIRGINIA"]],
        [["EUROPE"], ["EUROPE"]],
        [["SOUTH_AMERICA"], ["SOUTH_AMERICA"]],
        [["ASIA_PACIFIC"], ["ASIA_PACIFIC"]],
        [["USA", "USA_IOWA", "EUROPE"], ["EUROPE", "USA_IOWA", "USA_OREGON", "USA_VIRGINIA"]],
        [["MARS"], []],
    ])("checks region(s) %j from %j", (regions, locations) => {
        expect(uptimeLocations(regions)).toEqual(locations);
    });

    // Pure validation, table-driven: both sides of every bound, and text around a valid value.
    it.each<[string, Partial<UptimeCheckArgs>]>([
        ["a project known only at deployment", { project: pulumi.output("not checked here") }],
        ["a 6-character project ID", { project: "a1234b" }],
        ["a 30-character project ID", { project: `a${"-".repeat(28)}9` }],
        ["one-character labels", { host: "a.b.io" }],
        ["a 253-character host", { host: `${`${"a".repeat(61)}.`.repeat(4)}abcde` }],
        ["a path with a dot, a hyphen and a trailing slash", { path: "/static/app-1.2/" }],
        ["a 1024-byte content match", { contentMatch: "é".repeat(512) }],
        ["a one-character content match", { contentMatch: "x" }],
        ["regions covering exactly 3 locations", { regions: ["USA"] }],
        ["1 failing location", { failingLocations: 1 }],
        ["every default location failing (4)", { failingLocations: 4 }],
        ["every location of 3 regions failing", { regions: ["EUROPE", "SOUTH_AMERICA", "ASIA_PACIFIC"], failingLocations: 3 }],
        ["a period of 900 s, a timeout of 1 s", { periodSeconds: 900, timeoutSeconds: 1 }],
        ["a timeout of 60 s", { timeoutSeconds: 60 }],
        ["certificate expiry alerts from 0 to 365 days", { certificateExpiryDays: 365 }],
    ])("accepts %s", (_, extra) => {
        expect(argProblems(() => validateUptimeCheckArgs("up", { ...ARGS, ...extra }))).toEqual([]);
    });

    const PROJECT = 'project: expected a GCP project ID such as "acme-prod-123", got';
    const HOST = 'host: expected a lowercase DNS hostname such as "api.example.com", got';
    const PATH = 'path: expected a URL path starting with "/" such as "/healthz", got';
    const CONTENT = "contentMatch: expected a non-empty string of at most 1024 bytes, got";
    const FAILING = "failingLocations: expected an integer from 1 to 4 (the checker locations), got";
    it.each<[string, Partial<UptimeCheckArgs>, string[]]>([
        ["a project ID with text before it", { project: "1acme-web-prod" }, [`${PROJECT} "1acme-web-prod"`]],
        ["a project ID ending in a hyphen", { project: "acme-web-prod-" }, [`${PROJECT} "acme-web-prod-"`]],
        ["a host with a port after it", { host: "api.example.com:443" }, [`${HOST} "api.example.com:443"`]],
        ["a 254-character host", { host: `${`${"a".repeat(62)}.`.repeat(4)}io` }, [`${HOST} "${`${"a".repeat(62)}.`.repeat(4)}io"`]],
        ["a path with text before it", { path: "healthz/live" }, [`${PATH} "healthz/live"`]],
        ["a path with a query", { path: "/healthz?full=1" }, [`${PATH} "/healthz?full=1"`]],
        ["a status class list with one unknown class", { acceptedStatusClasses: ["2xx", "5xx" as never] }, [
            'acceptedStatusClasses: expected a non-empty list of distinct status classes among 2xx, 3xx, 4xx, got ["2xx","5xx"]',
        ]],
        ["an empty content match", { contentMatch: "" }, [`${CONTENT} ""`]],
        ["a 1025-byte content match", { contentMatch: `${"é".repeat(512)}a` }, [`${CONTENT} "${"é".repeat(512)}a"`]],
        ["an unknown region only (no second message about locations)", { regions: ["EUROPE", "MARS"] }, [
            'regions: expected regions among USA, USA_OREGON, USA_IOWA, USA_VIRGINIA, EUROPE, SOUTH_AMERICA, ASIA_PACIFIC, got "MARS"',
        ]],
        ["no failing location", { failingLocations: 0 }, [`${FAILING} 0`]],
        ["more failing locations than the 4 default ones", { failingLocations: 5 }, [`${FAILING} 5`]],
        ["a fractional number of locations", { failingLocations: 1.5 }, [`${FAILING} 1.5`]],
        ["a timeout of 0 s", { timeoutSeconds: 0 }, ["timeoutSeconds: expected an integer from 1 to 60, got 0"]],
        ["certificate expiry at 366 days", { certificateExpiryDays: 366 }, ["certificateExpiryDays: expected an integer from 0 to 365, got 366"]],
        ["certificate expiry at -1 days", { certificateExpiryDays: -1 }, ["certificateExpiryDays: expected an integer from 0 to 365, got -1"]],
    ])("rejects %s", (_, extra, problems) => {
        expect(argProblems(() => validateUptimeCheckArgs("up", { ...ARGS, ...extra }))).toEqual(problems);
    });

    it.each([[[]], [["5xx"]], [["2xx", "2xx"]]])("rejects acceptedStatusClasses %j", (classes) => {
        expect(() => new UptimeCheck("up", { ...ARGS, acceptedStatusClasses: classes as any })).toThrow(
            `acceptedStatusClasses: expected a non-empty list of distinct status classes among 2xx, 3xx, 4xx, got ${JSON.stringify(classes)}`,
        );
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new UptimeCheck("up", {
                    ...ARGS, host: "https://api.example.com", path: "healthz", periodSeconds: 120, timeoutSeconds: 90,
                    regions: ["EUROPE", "ASIA_PACIFIC"], failingLocations: 3, alertDurationSeconds: 45,
                });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'host: expected a lowercase DNS hostname such as "api.example.com", got "https://api.example.com"',
            'path: expected a URL path starting with "/" such as "/healthz", got "healthz"',
            "periodSeconds: expected one of 60, 300, 600, 900, got 120",
            "timeoutSeconds: expected an integer from 1 to 60, got 90",
            'regions: expected regions covering at least 3 checker locations, got ["EUROPE","ASIA_PACIFIC"]',
            "failingLocations: expected an integer from 1 to 2 (the checker locations), got 3",
            "alertDurationSeconds: expected a multiple of 60 from 0 to 86400 (whole minutes), got 45",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});
