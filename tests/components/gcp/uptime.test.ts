import * as pulumi from "@pulumi/pulumi";
import { InvalidArgsError } from "../../../components/core";
import { UptimeCheck, uptimeLocations, type UptimeCheckArgs } from "../../../components/gcp/uptime";
import { plan } from "../../helpers/inventory";

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

describe("gcp UptimeCheck", () => {
    it("probes the host's health path over HTTPS with certificate validation from four continents", async () => {
        const { inv } = await planCheck(ARGS);
        expect(inv.one(CHECK).inputs).toMatchObject({
            displayName: "acme-prod https://api.example.com/healthz",
            period: "60s",
            timeout: "10s",
            checkerType: "STATIC_IP_CHECKERS",
            selectedRegions: ["ASIA_PACIFIC", "EUROPE", "SOUTH_AMERICA", "USA_VIRGINIA"],
            monitoredResource: { type: "uptime_url", labels: { project_id: "acme-web-prod", host: "api.example.com" } },
            httpCheck: { path: "/healthz", port: 443, useSsl: true, validateSsl: true, requestMethod: "GET" },
            logCheckFailures: true,
        });
        expect(inv.one(CHECK).inputs.contentMatchers).toBeUndefined();
    });

    it("alerts when at least two locations fail, with Google's check_passed recipe on this check", async () => {
        const { inv, id } = await planCheck(ARGS);
        expect(id).toMatch(/^acme-prod-https-api-example-com-healthz-[0-9a-f]{8}$/);
        const policy = inv.named("up-down", POLICY).inputs;
        const t = (policy.conditions as any[])[0].conditionThreshold;
        expect(t.filter).toBe(`metric.type = "monitoring.googleapis.com/uptime_check/check_passed" AND resource.type = "uptime_url" AND metric.labels.check_id = "${id}"`);
        expect(t.aggregations).toEqual([{
            alignmentPeriod: "1200s", perSeriesAligner: "ALIGN_NEXT_OLDER", crossSeriesReducer: "REDUCE_COUNT_FALSE", groupByFields: ["resource.label.*"],
        }]);
        // More than one failing location = at least two.
        expect(t).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 1, duration: "60s" });
        expect(policy.severity).toBe("CRITICAL");
        expect(policy.notificationChannels).toEqual(CHANNELS);
        expect((policy.documentation as Record<string, string>).content).toMatch(
            /### What fired\nhttps:\/\/api\.example\.com\/healthz failed its uptime check from at least 2 of 4 checker locations[\s\S]*### First steps\n1\. Request it yourself: `curl -sv https:\/\/api\.example\.com\/healthz`/,
        );
    });

    it("alerts on certificate expiry from the check's time_until_ssl_cert_expires (days)", async () => {
        const { inv, id } = await planCheck({ ...ARGS, certificateNames: [pulumi.output("acme-prod-api-cert")] });
        const policy = inv.named("up-certificate", POLICY).inputs;
        const t = (policy.conditions as any[])[0].conditionThreshold;
        expect(t.filter).toBe(`metric.type = "monitoring.googleapis.com/uptime_check/time_until_ssl_cert_expires" AND resource.type = "uptime_url" AND metric.labels.check_id = "${id}"`);
        expect(t.aggregations[0]).toMatchObject({ perSeriesAligner: "ALIGN_NEXT_OLDER", crossSeriesReducer: "REDUCE_MIN" });
        expect(t).toMatchObject({ comparison: "COMPARISON_LT", thresholdValue: 14 });
        expect((policy.documentation as Record<string, string>).content).toContain("`acme-prod-api-cert`");
        expect(policy.notificationChannels).toEqual(CHANNELS);
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
        const down = (inv.named("up-down", POLICY).inputs.conditions as any[])[0].conditionThreshold;
        expect(down).toMatchObject({ thresholdValue: 2, duration: "120s" });
        expect((inv.named("up-certificate", POLICY).inputs.conditions as any[])[0].conditionThreshold.thresholdValue).toBe(21);
    });

    it("accepts 2xx only by default, and the status classes it is given (e.g. a static prefix without an index)", async () => {
        const statuses = async (args: UptimeCheckArgs) => ((await planCheck(args)).inv.one(CHECK).inputs.httpCheck as any).acceptedResponseStatusCodes;
        expect(await statuses(ARGS)).toEqual([{ statusClass: "STATUS_CLASS_2XX" }]);
        expect(await statuses({ ...ARGS, path: "/static/", acceptedStatusClasses: ["2xx", "3xx", "4xx"] })).toEqual([
            { statusClass: "STATUS_CLASS_2XX" }, { statusClass: "STATUS_CLASS_3XX" }, { statusClass: "STATUS_CLASS_4XX" },
        ]);
        const { inv } = await planCheck({ ...ARGS, acceptedStatusClasses: ["2xx", "4xx"] });
        expect((inv.named("up-down", POLICY).inputs.documentation as any).content).toContain("a status other than 2xx/4xx");
    });

    it.each([[[]], [["5xx"]], [["2xx", "2xx"]]])("rejects acceptedStatusClasses %j", (classes) => {
        expect(() => new UptimeCheck("up", { ...ARGS, acceptedStatusClasses: classes as any })).toThrow(
            `acceptedStatusClasses: expected a non-empty list of distinct status classes among 2xx, 3xx, 4xx, got ${JSON.stringify(classes)}`,
        );
    });

    it("turns the certificate alert off with 0 days", async () => {
        const { inv } = await planCheck({ ...ARGS, certificateExpiryDays: 0 });
        expect(inv.ofType(POLICY).map((p) => p.name)).toEqual(["up-down"]);
    });

    it("counts checker locations per region (USA has three)", () => {
        expect(uptimeLocations(["USA", "EUROPE"])).toEqual(["EUROPE", "USA_IOWA", "USA_OREGON", "USA_VIRGINIA"]);
        expect(uptimeLocations(["USA", "USA_IOWA"])).toHaveLength(3);
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

    it("rejects unknown checker regions", () => {
        expect(() => new UptimeCheck("up", { ...ARGS, regions: ["EUROPE", "MARS"] })).toThrow(
            'regions: expected regions among USA, USA_OREGON, USA_IOWA, USA_VIRGINIA, EUROPE, SOUTH_AMERICA, ASIA_PACIFIC, got "MARS"',
        );
    });
});
