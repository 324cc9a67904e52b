/**
 * The observability sections of the environment spec (infra/config.ts): uptime probes of
 * published services and sites, alert channels and thresholds.
 */
import { z } from "zod";
import { email, int, num, pathPrefix, pattern, secretString } from "./config-fields";

const STATUS_CLASSES = ["2xx", "3xx", "4xx"] as const;

/** What an uptime check probes on a published service or site (see README, "uptime"). */
export const uptimeProbe = z.strictObject({
    enabled: z.boolean({ error: "expected true or false" }).default(true),
    path: pathPrefix.optional(),
    acceptedStatus: z.array(z.enum(STATUS_CLASSES, { error: `expected one of ${STATUS_CLASSES.join(", ")} (a 5xx is never healthy)` }))
        .min(1, { error: "expected at least one status class such as \"2xx\"" })
        .optional(),
});

const thresholds = z.strictObject({
    errorRatePercent: num(0.1, 100).default(5),
    latencyP95Ms: int(10, 600000).default(1500),
    instancesPercentOfMax: int(10, 100).default(80),
    databaseCpuPercent: int(10, 100).default(80),
    databaseMemoryPercent: int(10, 100).default(90),
    databaseDiskPercent: int(10, 100).default(85),
    databaseConnectionsPercent: int(10, 100).default(80),
    cacheMemoryPercent: int(10, 100).default(80),
    wafDeniedPerMinute: int(1, 1000000).default(100),
    // Google-managed certificates renew about 30 days before expiry: a higher threshold
    // would page on every healthy renewal.
    certificateExpiryDays: int(1, 29).default(14),
    // Cloud Monitoring accepts condition durations in whole minutes only.
    durationSeconds: int(0, 86400).multipleOf(60, { error: "expected a multiple of 60 from 0 to 86400" }).default(300),
});

export const alerts = z.strictObject({
    emails: z.array(email).default([]),
    slack: z.strictObject({
        channel: pattern(/^#[a-z0-9_-]{1,80}$/, "a Slack channel such as \"#ops-alerts\""),
        // GCP: the Cloud Monitoring Slack app's token (required there, config-cloud.ts).
        authToken: secretString.optional(),
        // AWS: AWS Chatbot names the workspace and channel by ID (required there).
        workspaceId: pattern(/^[A-Z0-9]{9,15}$/, "a Slack workspace ID such as \"T0123456789\"").optional(),
        channelId: pattern(/^[A-Z0-9]{9,15}$/, "a Slack channel ID such as \"C0123456789\"").optional(),
    }).optional(),
    webhookUrl: secretString.optional(),
    pagerdutyServiceKey: secretString.optional(),
    thresholds: thresholds.default(thresholds.parse({})),
    uptime: z.strictObject({
        periodSeconds: z.union([z.literal(60), z.literal(300), z.literal(600), z.literal(900)], {
            error: "expected one of 60, 300, 600, 900",
        }).default(60),
        timeoutSeconds: int(1, 60).default(10),
        contentMatch: z.string({ error: "expected a non-empty string the health response must contain" })
            .min(1, { error: "expected a non-empty string the health response must contain" })
            .optional(),
    }).default({ periodSeconds: 60, timeoutSeconds: 10 }),
});
