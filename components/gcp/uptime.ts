import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly } from "../core/internal";
import { certificateExpiryRunbook, uptimeDownRunbook } from "../core/runbooks";
import { checkChannels, checkDuration, checkNamePrefix, policyBasics, seconds } from "./alerts";

/** Checker regions of Cloud Monitoring uptime checks and the locations each one runs from. */
export const UPTIME_REGIONS: Record<string, readonly string[]> = {
    USA: ["USA_OREGON", "USA_IOWA", "USA_VIRGINIA"],
    USA_OREGON: ["USA_OREGON"],
    USA_IOWA: ["USA_IOWA"],
    USA_VIRGINIA: ["USA_VIRGINIA"],
    EUROPE: ["EUROPE"],
    SOUTH_AMERICA: ["SOUTH_AMERICA"],
    ASIA_PACIFIC: ["ASIA_PACIFIC"],
};

/** Checker locations the given regions run from (the API requires at least 3). */
export function uptimeLocations(regions: readonly string[]): string[] {
    return [...new Set(regions.flatMap((r) => UPTIME_REGIONS[r] ?? []))].sort();
}

/** A status class an uptime check accepts. */
export type UptimeStatusClass = "2xx" | "3xx" | "4xx";

/** The API's enum value of each status class. */
const STATUS_CLASS: Record<UptimeStatusClass, string> = {
    "2xx": "STATUS_CLASS_2XX",
    "3xx": "STATUS_CLASS_3XX",
    "4xx": "STATUS_CLASS_4XX",
};

/** Arguments of {@link UptimeCheck}. */
export interface UptimeCheckArgs {
    /**
     * Prefix of every display name, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Project ID the checked host belongs to (the `project_id` label of the `uptime_url` resource).
     * An output (from config or another resource) is checked by the cloud, not here.
     * @default none (required)
     */
    project: pulumi.Input<string>;
    /**
     * Public host to probe over HTTPS, e.g. `api.example.com`. A plain string, not an
     * output: the check and its alerts are named and documented after it.
     * @default none (required)
     */
    host: string;
    /**
     * Path to request, without authentication; its answer must be in `acceptedStatusClasses`.
     * @default "/"
     */
    path?: string;
    /**
     * Status classes that count as up: `2xx`, `3xx`, `4xx`. Widen it for a path that has no
     * page of its own (a static-files prefix answers 404 there when healthy); a 5xx, a
     * timeout or an invalid certificate always fails.
     * @default ["2xx"]
     */
    acceptedStatusClasses?: UptimeStatusClass[];
    /**
     * Channel resource names the uptime and certificate policies notify.
     * @default none (required)
     */
    notificationChannels: pulumi.Input<string>[];
    /**
     * Seconds between probes from each location: 60, 300, 600 or 900.
     * @default 60
     */
    periodSeconds?: number;
    /**
     * Seconds a probe waits for the response (1-60).
     * @default 10
     */
    timeoutSeconds?: number;
    /**
     * Text the response body must contain; a 2xx with other content counts as a failure.
     * @default none (status code only)
     */
    contentMatch?: string;
    /**
     * Checker regions. One location each, except `USA` (three), so the default probes from
     * four continents and "two locations fail" means two regions fail.
     * @default ["USA_VIRGINIA", "EUROPE", "SOUTH_AMERICA", "ASIA_PACIFIC"]
     */
    regions?: string[];
    /**
     * Failing checker locations needed to open an incident; one location failing is
     * usually the path from that location, not the service.
     * @default 2
     */
    failingLocations?: number;
    /**
     * How long enough locations must fail before an incident opens, in seconds (whole minutes).
     * @default 60
     */
    alertDurationSeconds?: number;
    /**
     * Alert when the certificate served on the host expires in fewer days than this; 0
     * turns the certificate alert off.
     * @default 14
     */
    certificateExpiryDays?: number;
    /**
     * Names of the managed certificates serving the host, quoted in the certificate runbook.
     * @default []
     */
    certificateNames?: pulumi.Input<string>[];
}

/** Defaults of {@link UptimeCheckArgs}. */
export const UPTIME_CHECK_DEFAULTS = {
    path: "/",
    acceptedStatusClasses: ["2xx"] as UptimeStatusClass[],
    periodSeconds: 60,
    timeoutSeconds: 10,
    regions: ["USA_VIRGINIA", "EUROPE", "SOUTH_AMERICA", "ASIA_PACIFIC"] as string[],
    failingLocations: 2,
    alertDurationSeconds: 60,
    certificateExpiryDays: 14,
    certificateNames: [] as pulumi.Input<string>[],
};

/**
 * Lookback of the uptime conditions: the latest result of each location within it
 * counts, so it must exceed the longest check period (900 s). Google's recipe uses 1200 s.
 */
const LOOKBACK = "1200s";

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateUptimeCheckArgs(name: string, args: UptimeCheckArgs): void {
    const check = new ArgsChecker(UptimeCheck.TYPE, name);
    checkNamePrefix(check, args.namePrefix);
    check.matchesIfKnown("project", args.project, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a GCP project ID such as \"acme-prod-123\"");
    check.matches("host", args.host, HOST, "a lowercase DNS hostname such as \"api.example.com\"");
    check.matchesIfGiven("path", args.path, /^\/[^\s?#]*$/, "a URL path starting with \"/\" such as \"/healthz\"");
    if (args.acceptedStatusClasses !== undefined) {
        const classes = args.acceptedStatusClasses;
        const known = Array.isArray(classes) && classes.length > 0 && classes.every((c) => c in STATUS_CLASS) && new Set(classes).size === classes.length;
        check.check(known, "acceptedStatusClasses", "a non-empty list of distinct status classes among 2xx, 3xx, 4xx", classes);
    }
    checkChannels(check, args.notificationChannels);
    check.oneOf("periodSeconds", args.periodSeconds, [60, 300, 600, 900]);
    check.intInRange("timeoutSeconds", args.timeoutSeconds, 1, 60);
    if (args.contentMatch !== undefined) {
        check.check(args.contentMatch.length > 0 && Buffer.byteLength(args.contentMatch) <= 1024,
            "contentMatch", "a non-empty string of at most 1024 bytes", args.contentMatch);
    }
    let locations = uptimeLocations(UPTIME_CHECK_DEFAULTS.regions).length;
    if (args.regions !== undefined) {
        const unknown = args.regions.filter((r) => !(r in UPTIME_REGIONS));
        if (unknown.length) check.fail("regions", `regions among ${Object.keys(UPTIME_REGIONS).join(", ")}`, unknown[0]);
        locations = uptimeLocations(args.regions).length;
        if (!unknown.length) check.check(locations >= 3, "regions", "regions covering at least 3 checker locations", args.regions);
    }
    if (args.failingLocations !== undefined) {
        check.check(Number.isInteger(args.failingLocations) && args.failingLocations >= 1 && args.failingLocations <= locations,
            "failingLocations", `an integer from 1 to ${locations} (the checker locations)`, args.failingLocations);
    }
    checkDuration(check, "alertDurationSeconds", args.alertDurationSeconds);
    check.intInRange("certificateExpiryDays", args.certificateExpiryDays, 0, 365);
    check.throwIfAny();
}

/**
 * An HTTPS uptime check of one public host from several continents, with its alert
 * policies and runbooks:
 * - **down**: fires when at least `failingLocations` checker locations fail (Google's
 *   recipe: latest `check_passed` per location, `REDUCE_COUNT_FALSE`, compared with
 *   `failingLocations - 1`);
 * - **certificate**: fires when the certificate the check saw expires within
 *   `certificateExpiryDays` (`time_until_ssl_cert_expires`, in days), which catches a
 *   managed certificate that stopped renewing.
 * The check validates the certificate chain, so an invalid certificate also fails it.
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as gcp from "prodstack/gcp";
 *
 * const channels = new gcp.NotificationChannels("oncall", { namePrefix: "acme-prod", emails: ["oncall@example.com"] });
 * export const uptime = new gcp.UptimeCheck("api", {
 *     namePrefix: "acme-prod",
 *     project: new pulumi.Config("gcp").require("project"),
 *     host: "api.example.com",
 *     path: "/healthz",
 *     notificationChannels: channels.channelIds,
 * });
 * ```
 */
export class UptimeCheck extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:UptimeCheck";

    /** The uptime check. */
    readonly check: gcp.monitoring.UptimeCheckConfig;
    /** The check's ID, the `check_id` label of its metrics. */
    readonly uptimeCheckId: pulumi.Output<string>;
    /** Fires when the host is down from enough locations. */
    readonly downPolicy: gcp.monitoring.AlertPolicy;
    /** Fires when the served certificate is about to expire (absent when turned off). */
    readonly certificatePolicy?: gcp.monitoring.AlertPolicy;

    constructor(name: string, args: UptimeCheckArgs, opts?: pulumi.ComponentResourceOptions) {
        validateUptimeCheckArgs(name, args);
        super(UptimeCheck.TYPE, name, {}, opts);
        const cfg = { ...UPTIME_CHECK_DEFAULTS, ...definedOnly(args) };
        const parent = { parent: this };
        const url = `https://${cfg.host}${cfg.path}`;
        const label = `${cfg.namePrefix} ${cfg.host}`;
        const locations = uptimeLocations(cfg.regions);

        this.check = new gcp.monitoring.UptimeCheckConfig(`${name}-check`, {
            displayName: `${cfg.namePrefix} ${url}`,
            period: seconds(cfg.periodSeconds),
            timeout: seconds(cfg.timeoutSeconds),
            checkerType: "STATIC_IP_CHECKERS",
            selectedRegions: [...cfg.regions].sort(),
            monitoredResource: { type: "uptime_url", labels: { project_id: cfg.project, host: cfg.host } },
            httpCheck: {
                path: cfg.path,
                port: 443,
                useSsl: true,
                validateSsl: true,
                requestMethod: "GET",
                acceptedResponseStatusCodes: cfg.acceptedStatusClasses.map((c) => ({ statusClass: STATUS_CLASS[c] })),
            },
            ...(cfg.contentMatch ? { contentMatchers: [{ content: cfg.contentMatch, matcher: "CONTAINS_STRING" }] } : {}),
            logCheckFailures: true,
            userLabels: { managed_by: "prodstack" },
        }, parent);
        this.uptimeCheckId = this.check.uptimeCheckId;

        const metric = (type: string) =>
            pulumi.interpolate`metric.type = "monitoring.googleapis.com/uptime_check/${type}" AND resource.type = "uptime_url" AND metric.labels.check_id = "${this.uptimeCheckId}"`;
        const checksPage = "https://console.cloud.google.com/monitoring/uptime";
        const failedProbes = `\`resource.type="uptime_url" resource.labels.host="${cfg.host}" log_id("monitoring.googleapis.com/uptime_checks")\``;

        this.downPolicy = new gcp.monitoring.AlertPolicy(`${name}-down`, {
            ...policyBasics({
                displayName: `${label}: down from ${cfg.failingLocations}+ locations`,
                severity: "CRITICAL",
                notificationChannels: cfg.notificationChannels,
                concern: "uptime",
                runbook: uptimeDownRunbook({
                    whatFired: `${url} failed its uptime check from at least ${cfg.failingLocations} of ${locations.length} checker locations (${locations.join(", ")}) for ${cfg.alertDurationSeconds / 60} min: no response within ${cfg.timeoutSeconds} s, a status other than ${cfg.acceptedStatusClasses.join("/")}, an invalid certificate${cfg.contentMatch ? ` or a body without "${cfg.contentMatch}"` : ""}. Users are likely affected.`,
                    wafCause: "Cloud Armor blocks the checkers (a new deny rule, region block or rate limit).",
                    url,
                    probesStep: `Read the failed probes in Logs Explorer: ${failedProbes}, or on the check's page (${checksPage}).`,
                    edgeStep: "If the certificate or DNS is wrong, check the edge: certificate status, forwarding rule address and the host's DNS record.",
                }),
            }),
            conditions: [{
                displayName: `uptime check failing from ${cfg.failingLocations}+ locations`,
                conditionThreshold: {
                    filter: metric("check_passed"),
                    // Latest result of each location, then the number of failing locations.
                    aggregations: [{
                        alignmentPeriod: LOOKBACK,
                        perSeriesAligner: "ALIGN_NEXT_OLDER",
                        crossSeriesReducer: "REDUCE_COUNT_FALSE",
                        groupByFields: ["resource.label.*"],
                    }],
                    comparison: "COMPARISON_GT",
                    thresholdValue: cfg.failingLocations - 1,
                    duration: seconds(cfg.alertDurationSeconds),
                    trigger: { count: 1 },
                },
            }],
            alertStrategy: { autoClose: "1800s" },
        }, parent);

        if (cfg.certificateExpiryDays > 0) {
            const certificates = pulumi.all(cfg.certificateNames).apply((names) =>
                names.length ? `the managed certificate(s) ${names.map((n) => `\`${n}\``).join(", ")}` : "the host's certificate");
            this.certificatePolicy = new gcp.monitoring.AlertPolicy(`${name}-certificate`, {
                ...policyBasics({
                    displayName: `${label}: TLS certificate expires in < ${cfg.certificateExpiryDays} days`,
                    severity: "ERROR",
                    notificationChannels: cfg.notificationChannels,
                    concern: "certificate",
                    runbook: certificateExpiryRunbook({
                        whatFired: `The certificate served on ${cfg.host} expires in fewer than ${cfg.certificateExpiryDays} days, as seen by the uptime check. Google-managed certificates renew about 30 days before expiry, so renewal has stalled.`,
                        likelyCauses: [
                            "The host's DNS no longer points at the load balancer (or a CAA record forbids Google's CAs), so managed renewal cannot complete.",
                            "The DNS authorization record of a Certificate Manager certificate was removed.",
                            "A self-managed certificate was uploaded and nobody rotated it.",
                        ],
                        statusStep: pulumi.interpolate`Check the status of ${certificates} in Certificate Manager (https://console.cloud.google.com/security/ccm/list/certificates) or Load balancing → Certificates.`,
                        dnsStep: `Verify DNS: \`dig +short ${cfg.host}\` must return the load balancer address; \`dig CAA\` on the domain must allow pki.goog.`,
                        fixStep: "Fix DNS or the authorization record; renewal then completes within hours. If expiry is days away, upload a certificate manually as a stopgap.",
                    }),
                }),
                conditions: [{
                    displayName: `certificate expires in < ${cfg.certificateExpiryDays} days`,
                    conditionThreshold: {
                        filter: metric("time_until_ssl_cert_expires"),
                        // The metric is in days; the lowest value any location saw counts.
                        aggregations: [{
                            alignmentPeriod: LOOKBACK,
                            perSeriesAligner: "ALIGN_NEXT_OLDER",
                            crossSeriesReducer: "REDUCE_MIN",
                            groupByFields: ["resource.label.*"],
                        }],
                        comparison: "COMPARISON_LT",
                        thresholdValue: cfg.certificateExpiryDays,
                        duration: "600s",
                        trigger: { count: 1 },
                    },
                }],
                alertStrategy: { autoClose: "86400s" },
            }, parent);
        }

        this.registerOutputs({ uptimeCheckId: this.uptimeCheckId });
    }
}
