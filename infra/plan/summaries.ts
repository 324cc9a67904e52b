/**
 * One-line summaries of what matters in each component, computed from the inputs its
 * children will send to the cloud (not from what the component claims about itself).
 */
import { TUNABLE_DATABASE_FLAGS } from "../../components/core/database-flags";
import { AWS_EDGE_SUMMARIES } from "./aws-summaries-edge";
import { AWS_SUMMARIES } from "./aws-summaries";
import { IDENTITY_SUMMARIES } from "./summaries-identity";
import type { PlannedResource } from "./engine";
import { arr, dig, first, obj, ofType } from "./inputs";
import { summarizeAppBucket, summarizeJob, summarizeRestoreDrill, summarizeWorkerPool } from "./summaries-workloads";
import { generatedOnce, plural, summarizeDockerImage, type Summarize } from "./summary-helpers";

const SUMMARIES: Record<string, Summarize> = {
    "prodstack:gcp:RestoreDrill": summarizeRestoreDrill,
    "prodstack:gcp:ProjectServices": (c) =>
        `${ofType(c, "gcp:projects/service:Service").length} APIs enabled, kept on destroy`,
    "prodstack:gcp:Network": (c) => {
        const subnet = first(c, "gcp:compute/subnetwork:Subnetwork");
        const psa = first(c, "gcp:compute/globalAddress:GlobalAddress");
        const nat = ofType(c, "gcp:compute/routerNat:RouterNat")[0]?.inputs;
        const staticIps = arr(nat?.natIps).length;
        const open = ofType(c, "gcp:compute/firewall:Firewall").some(
            (f) => arr(f.inputs.allows).length > 0 && arr(f.inputs.sourceRanges).some((r) => r === "0.0.0.0/0" || r === "::/0"),
        );
        return [
            "custom VPC",
            `subnet ${subnet.ipCidrRange} (${subnet.region})${subnet.logConfig ? " with flow logs" : ""}`,
            `private services /${psa.prefixLength}`,
            !nat ? "no NAT" : nat.natIpAllocateOption === "MANUAL_ONLY" ? `Cloud NAT egress from ${plural(staticIps, "static IP")}` : "Cloud NAT egress",
            open ? "WORLD-OPEN INGRESS" : "no world-open ingress",
        ].join(" · ");
    },
    "prodstack:gcp:Database": (c) => {
        const instances = ofType(c, "gcp:sql/databaseInstance:DatabaseInstance").map((r) => r.inputs);
        const primary = instances.find((i) => !i.masterInstanceName) ?? {};
        const replicas = instances.length - 1;
        const backup = dig(primary, "settings", "backupConfiguration");
        const pitr = dig(backup, "pointInTimeRecoveryEnabled") || dig(backup, "binaryLogEnabled");
        const [engine, ...version] = String(primary.databaseVersion ?? "").split("_");
        const publicIp = instances.some((i) => dig(i, "settings", "ipConfiguration", "ipv4Enabled") !== false);
        const tls = instances.every((i) =>
            ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"].includes(String(dig(i, "settings", "ipConfiguration", "sslMode"))),
        );
        const protectedAtApi = primary.deletionProtection === true && dig(primary, "settings", "deletionProtectionEnabled") === true;
        const tunable = TUNABLE_DATABASE_FLAGS[engine === "MYSQL" ? "mysql" : "postgres"];
        const tuned = arr(dig(primary, "settings", "databaseFlags")).map(obj).filter((f) => String(f.name) in tunable).map((f) => `${f.name}=${f.value}`);
        const secretIds = ofType(c, "gcp:secretmanager/secret:Secret").map((x) => String(x.inputs.secretId));
        return [
            `${engine === "MYSQL" ? "MySQL" : "Postgres"} ${version.join(".")}`,
            `${dig(primary, "settings", "tier")} (${dig(primary, "settings", "edition")})`,
            String(dig(primary, "settings", "availabilityType") ?? "ZONAL"),
            dig(backup, "enabled")
                ? `${dig(backup, "backupRetentionSettings", "retainedBackups")} daily backups${pitr ? ` + PITR ${dig(backup, "transactionLogRetentionDays")} d` : ""}`
                : "NO BACKUPS",
            replicas > 0 ? `${replicas} read replica${replicas > 1 ? "s" : ""}` : "",
            publicIp ? "PUBLIC IP" : "private IP only",
            tls ? "TLS required" : "TLS OPTIONAL",
            protectedAtApi ? "deletion protected" : "deletable",
            tuned.length ? `tuned ${tuned.join(", ")}` : "",
            secretIds.some((id) => id.endsWith("-db-url")) ? "URL + CA file in Secret Manager" : "",
        ].filter(Boolean).join(" · ");
    },
    "prodstack:gcp:Cache": (c) => {
        const redis = first(c, "gcp:redis/instance:Instance");
        const version = String(redis.redisVersion ?? "").replace(/^REDIS_/, "").replace("_X", "_x").replace("_", ".");
        const period = String(dig(redis, "persistenceConfig", "rdbSnapshotPeriod") ?? "");
        const hours = { ONE_HOUR: 1, SIX_HOURS: 6, TWELVE_HOURS: 12, TWENTY_FOUR_HOURS: 24 }[period];
        return [
            `Redis ${version}`,
            `${redis.tier ?? "BASIC"} ${redis.memorySizeGb} GB`,
            `${redis.authEnabled ? "AUTH" : "NO AUTH"} + ${redis.transitEncryptionMode === "SERVER_AUTHENTICATION" ? "TLS" : "NO TLS"}`,
            dig(redis, "persistenceConfig", "persistenceMode") === "RDB" ? `RDB every ${hours} h` : "no persistence",
            redis.connectMode === "PRIVATE_SERVICE_ACCESS" ? "private services access" : "direct peering",
            redis.deletionProtection ? "deletion protected" : "deletable",
        ].join(" · ");
    },
    "prodstack:gcp:CloudRunService": (c) => summarizeCloudRun(c),
    "prodstack:gcp:CloudRunJob": (c, all) => summarizeJob(c, all),
    "prodstack:gcp:CloudRunWorkerPool": (c) => summarizeWorkerPool(c),
    "prodstack:gcp:AppBucket": (c) => summarizeAppBucket(c),
    "prodstack:gcp:WorkloadAlerts": (c) => summarizeAlertPolicies(c),
    "prodstack:gcp:Registry": (c) => {
        const repo = first(c, "gcp:artifactregistry/repository:Repository");
        const policies = arr(repo.cleanupPolicies).map(obj);
        const keep = obj(policies.find((p) => p.action === "KEEP")?.mostRecentVersions).keepCount;
        const untagged = policies.find((p) => p.action === "DELETE" && obj(p.condition).tagState === "UNTAGGED");
        const olderThan = obj(untagged?.condition).olderThan;
        return [
            `Docker repo ${repo.repositoryId} (${repo.location})`,
            keep ? `keep ${keep} recent` : "no keep policy",
            olderThan ? `untagged deleted after ${parseInt(String(olderThan), 10) / 86400} d` : "untagged kept",
            obj(repo.dockerConfig).immutableTags ? "immutable tags" : "mutable tags",
            repo.cleanupPolicyDryRun ? "cleanup DRY RUN" : "",
        ].filter(Boolean).join(" · ");
    },
    "prodstack:gcp:ContainerImage": summarizeDockerImage,
    "prodstack:gcp:Secrets": (c) => {
        const secrets = ofType(c, "gcp:secretmanager/secret:Secret");
        const userManaged = obj(obj(secrets[0]?.inputs.replication).userManaged);
        const versions = ofType(c, "gcp:secretmanager/secretVersion:SecretVersion").length;
        const generated = generatedOnce(c);
        const grants = ofType(c, "gcp:secretmanager/secretIamMember:SecretIamMember").length;
        return [
            `${secrets.length} secret${secrets.length === 1 ? "" : "s"}`,
            userManaged.replicas ? `replicated in ${arr(userManaged.replicas).length} regions` : "automatic replication",
            versions === secrets.length ? "values from the stack" : versions === 0 ? "values added out of band" : `${versions} values from the stack, the rest out of band`,
            generated ? `${generated} generated once, never rotated by the stack` : "",
            grants ? `${grants} per-secret accessor grants` : "",
            secrets.some((s) => s.inputs.deletionProtection) ? "deletion protected" : "",
        ].filter(Boolean).join(" · ");
    },
    // Observability: see summarizeAlertPolicies and the functions below it.
    "prodstack:gcp:NotificationChannels": (c) => summarizeChannels(c),
    "prodstack:gcp:UptimeCheck": (c) => summarizeUptimeCheck(c),
    "prodstack:gcp:ServiceAlerts": (c) => {
        const watched = ofType(c, POLICY).some((p) => JSON.stringify(p.inputs.conditions ?? []).includes("container/instance_count"));
        // ServiceAlerts leaves it out when no count above minInstances is left up to maxInstances.
        return `${summarizeAlertPolicies(c)}${watched ? "" : " · no instances-near-max alert: minInstances leaves no count up to maxInstances that could resolve"}`;
    },
    "prodstack:gcp:DatabaseAlerts": (c) => summarizeAlertPolicies(c),
    "prodstack:gcp:CacheAlerts": (c) => summarizeAlertPolicies(c),
    "prodstack:gcp:SecurityPolicyAlerts": (c) => summarizeAlertPolicies(c),
    "prodstack:gcp:EnvironmentDashboard": (c) => summarizeDashboard(c),
    "prodstack:gcp:LogRetention": (c) => summarizeLogRetention(c),
    "prodstack:gcp:BillingBudget": (c) => summarizeBudget(c),
    "prodstack:gcp:Edge": (c) => summarizeEdge(c),
    "prodstack:gcp:Waf": (c) => summarizeWaf(c),
    "prodstack:gcp:ManagedCertificates": (c) => summarizeCertificates(c),
    "prodstack:gcp:SiteBucket": (c) => summarizeSiteBucket(c),
    "prodstack:gcp:DnsRecords": (c) => {
        const sets = ofType(c, "gcp:dns/recordSet:RecordSet");
        return `${sets.length} record set${sets.length === 1 ? "" : "s"} in zone ${first(c, "gcp:dns/recordSet:RecordSet").managedZone}`;
    },
    ...AWS_SUMMARIES,
    ...AWS_EDGE_SUMMARIES,
    ...IDENTITY_SUMMARIES,
};

const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";

/** `3 policies, all with runbooks, 2 channels: 5xx / all requests > 5% · …` (condition names carry the thresholds). */
function summarizeAlertPolicies(c: PlannedResource[]): string {
    const policies = ofType(c, POLICY);
    const documented = policies.filter((p) => String(dig(p.inputs, "documentation", "content") ?? "").includes("### First steps")).length;
    const channels = new Set(policies.flatMap((p) => arr(p.inputs.notificationChannels).map(String)));
    const conditions = policies.flatMap((p) => arr(p.inputs.conditions).map((cond) => String(obj(cond).displayName)));
    return [
        `${policies.length} ${policies.length === 1 ? "policy" : "policies"}`,
        documented === policies.length ? "all with runbooks" : `${policies.length - documented} WITHOUT RUNBOOK`,
        channels.size ? `${channels.size} channel${channels.size > 1 ? "s" : ""}: ${conditions.join(" · ")}` : "NO CHANNELS",
    ].join(", ");
}

/** e.g. `3 channels: 2 email, slack`. */
function summarizeChannels(c: PlannedResource[]): string {
    const types = ofType(c, "gcp:monitoring/notificationChannel:NotificationChannel").map((r) => String(r.inputs.type));
    const counts = [...new Set(types)].map((t) => {
        const n = types.filter((x) => x === t).length;
        return n > 1 ? `${n} ${t}` : t;
    });
    return `${types.length} channel${types.length === 1 ? "" : "s"}: ${counts.join(", ")}`;
}

/** e.g. `https://api.example.com/healthz every 60 s from 4 locations · down at ≥2 locations · certificate < 14 d · all with runbooks`. */
function summarizeUptimeCheck(c: PlannedResource[]): string {
    const check = first(c, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig");
    const http = obj(check.httpCheck);
    const host = dig(check, "monitoredResource", "labels", "host");
    const policies = ofType(c, POLICY);
    const threshold = (metric: string) => policies
        .map((p) => obj(obj(arr(p.inputs.conditions)[0]).conditionThreshold))
        .find((t) => String(t.filter).includes(metric))?.thresholdValue;
    const down = threshold("check_passed");
    const cert = threshold("time_until_ssl_cert_expires");
    const documented = policies.every((p) => String(dig(p.inputs, "documentation", "content") ?? "").includes("### First steps"));
    return [
        `${http.useSsl ? "https" : "HTTP"}://${host}${http.path} every ${parseInt(String(check.period), 10)} s from ${arr(check.selectedRegions).join("/")}`,
        http.validateSsl ? "certificate validated" : "CERTIFICATE NOT VALIDATED",
        arr(check.contentMatchers).length ? "content match" : "",
        down === undefined ? "NO DOWN ALERT" : `down at ≥${Number(down) + 1} locations`,
        cert === undefined ? "no certificate alert" : `certificate < ${cert} d`,
        documented ? "all with runbooks" : "RUNBOOK MISSING",
    ].filter(Boolean).join(" · ");
}

/** e.g. `14 charts in 4 sections`. */
function summarizeDashboard(c: PlannedResource[]): string {
    const dashboard = first(c, "gcp:monitoring/dashboard:Dashboard");
    let tiles: unknown[];
    try {
        tiles = arr(dig(JSON.parse(String(dashboard.dashboardJson)), "mosaicLayout", "tiles"));
    } catch {
        return "dashboard JSON not parseable";
    }
    const widgets = tiles.map((t) => obj(obj(t).widget));
    return `${widgets.filter((w) => w.xyChart).length} charts in ${widgets.filter((w) => w.sectionHeader).length} sections`;
}

/** e.g. `_Default logs kept 365 d · archive gs://… (COLDLINE, 400 d, private)`. */
function summarizeLogRetention(c: PlannedResource[]): string {
    const bucket = first(c, "gcp:logging/projectBucketConfig:ProjectBucketConfig");
    const archive = ofType(c, "gcp:storage/bucket:Bucket")[0]?.inputs;
    const writer = ofType(c, "gcp:storage/bucketIAMMember:BucketIAMMember")[0]?.inputs;
    const days = archive ? parseInt(String(dig(archive, "retentionPolicy", "retentionPeriod")), 10) / 86400 : 0;
    return [
        `${bucket.bucketId} logs kept ${bucket.retentionDays} d`,
        archive
            ? `archive gs://${archive.name} (${archive.storageClass}, ${days} d, ${archive.publicAccessPrevention === "enforced" ? "private" : "PUBLIC ACCESS ALLOWED"}${writer ? `, sink writes with ${writer.role}` : ""})`
            : "no archive",
    ].join(" · ");
}

/** e.g. `1500 USD/month · alerts at 50/90/100% + forecast 100% · 2 channels`. */
function summarizeBudget(c: PlannedResource[]): string {
    const budget = first(c, "gcp:billing/budget:Budget");
    const amount = obj(dig(budget, "amount", "specifiedAmount"));
    const rules = arr(budget.thresholdRules).map(obj);
    const pct = (r: Record<string, unknown>) => Math.round(Number(r.thresholdPercent) * 100);
    const current = rules.filter((r) => r.spendBasis !== "FORECASTED_SPEND").map(pct);
    const forecast = rules.filter((r) => r.spendBasis === "FORECASTED_SPEND").map(pct);
    const channels = arr(dig(budget, "allUpdatesRule", "monitoringNotificationChannels")).length;
    return [
        `${amount.units} ${amount.currencyCode}/${String(dig(budget, "budgetFilter", "calendarPeriod") ?? "MONTH").toLowerCase()}`,
        `alerts at ${current.join("/")}%${forecast.length ? ` + forecast ${forecast.join("/")}%` : ""}`,
        `${channels} channel${channels === 1 ? "" : "s"} + billing admins`,
    ].join(" · ");
}

const INGRESS_LABELS: Record<string, string> = {
    INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER: "LB-only ingress",
    INGRESS_TRAFFIC_INTERNAL_ONLY: "internal-only ingress",
    INGRESS_TRAFFIC_ALL: "PUBLIC ingress",
};

/** e.g. `acme-prod-api · 2 vCPU / 1 GiB · 2–50 instances × 80 · LB-only ingress · VPC egress · …`. */
function summarizeCloudRun(c: PlannedResource[]): string {
    const svc = first(c, "gcp:cloudrunv2/service:Service");
    const template = obj(svc.template);
    const scaling = obj(template.scaling);
    const limits = obj(obj(obj(arr(template.containers)[0]).resources).limits);
    const cpu = String(limits.cpu ?? "");
    const vcpu = cpu.endsWith("m") ? parseInt(cpu, 10) / 1000 : cpu;
    const mib = parseInt(String(limits.memory ?? ""), 10);
    const memory = mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
    const secrets = ofType(c, "gcp:secretmanager/secretIamMember:SecretIamMember").length;
    const files = arr(template.volumes).filter((v) => obj(v).secret).length;
    const roles = ofType(c, "gcp:projects/iAMMember:IAMMember").length;
    const built = ofType(c, "docker:index/image:Image").length > 0;
    return [
        String(svc.name),
        `${vcpu} vCPU / ${memory}`,
        `${scaling.minInstanceCount}–${scaling.maxInstanceCount} instances × ${template.maxInstanceRequestConcurrency}`,
        INGRESS_LABELS[String(svc.ingress)] ?? `ingress ${svc.ingress}`,
        svc.invokerIamDisabled ? "no invoker check" : "IAM-checked invoke",
        template.vpcAccess ? `VPC egress${dig(template, "vpcAccess", "egress") === "ALL_TRAFFIC" ? " (all traffic, via Cloud NAT)" : ""}` : "no VPC egress",
        `own identity (${roles} project roles, ${secrets} secrets${files ? `, ${plural(files, "secret file volume")}` : ""})`,
        built ? "built image by digest" : "pinned image",
        svc.deletionProtection ? "deletion protected" : "",
    ].filter(Boolean).join(" · ");
}

/** Hosts a certificate set covers: map entry hostnames (Certificate Manager) or managed SSL domains. */
function certificateHosts(c: PlannedResource[]): string[] {
    const entries = ofType(c, "gcp:certificatemanager/certificateMapEntry:CertificateMapEntry").map((e) => e.inputs.hostname);
    const classic = ofType(c, "gcp:compute/managedSslCertificate:ManagedSslCertificate").flatMap((r) => arr(dig(r.inputs, "managed", "domains")));
    return [...new Set([...entries, ...classic].filter((h): h is string => typeof h === "string"))];
}

/** "OWASP enforce, 600 req/min/IP" from a backend security policy's rules. */
function armorSettings(policy: Record<string, unknown>): string {
    const rules = arr(policy.rules).map(obj);
    const owasp = rules.filter((r) => String(dig(r, "match", "expr", "expression") ?? "").includes("evaluatePreconfiguredWaf"));
    const mode = owasp.length === 0 ? "NO OWASP RULES" : owasp.some((r) => r.preview === true) ? "OWASP preview" : "OWASP enforce";
    const limit = rules.find((r) => r.rateLimitOptions);
    const rate = limit ? `${dig(limit, "rateLimitOptions", "rateLimitThreshold", "count")} req/min/IP` : "NO RATE LIMIT";
    return `${mode}, ${rate}`;
}

/** The most frequent value of `values`. */
function mostCommon<T>(values: T[]): T | undefined {
    const counts = new Map<T, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * The edge's own Cloud Armor policy: the one whose name every route policy's name extends
 * (`acme-prod-waf`, `acme-prod-waf-api-…`).
 */
function mainArmorPolicy(policies: PlannedResource[]): PlannedResource | undefined {
    const backend = policies.filter((p) => p.inputs.type !== "CLOUD_ARMOR_EDGE");
    return [...backend].sort((a, b) => String(a.inputs.name).length - String(b.inputs.name).length)[0];
}

/** "routes: 1 allowlisted, 1 behind IAP, …" from the route backends and their policies; "" without such routes. */
function edgeRoutes(c: PlannedResource[], services: PlannedResource[], policies: PlannedResource[]): string {
    const csp = (headers: unknown) => arr(headers).map(String).find((h) => h.startsWith("Content-Security-Policy:"));
    // Backend buckets always carry the edge's own headers.
    const buckets = ofType(c, "gcp:compute/backendBucket:BackendBucket");
    const mainCsp = buckets.length ? csp(buckets[0].inputs.customResponseHeaders) : mostCommon(services.map((s) => csp(s.inputs.customResponseHeaders)));
    const main = mainArmorPolicy(policies);
    const rateOf = (p: Record<string, unknown>) => dig(arr(p.rules).map(obj).find((r) => r.rateLimitOptions), "rateLimitOptions", "rateLimitThreshold", "count");
    const mainRate = main ? rateOf(main.inputs) : undefined;
    const own = policies.filter((p) => p !== main && p.inputs.type !== "CLOUD_ARMOR_EDGE").map((p) => p.inputs);
    const denyByDefault = (p: Record<string, unknown>) => {
        const last = arr(p.rules).map(obj).sort((a, b) => Number(b.priority) - Number(a.priority))[0];
        return String(last?.action ?? "").startsWith("deny");
    };
    const parts = [
        [own.filter(denyByDefault).length, "allowlisted"],
        [services.filter((s) => dig(s.inputs, "iap", "enabled") === true).length, "behind IAP"],
        [own.filter((p) => rateOf(p) !== mainRate).length, "with $ own rate limit"],
        [services.filter((s) => csp(s.inputs.customResponseHeaders) !== mainCsp).length, "with $ own CSP"],
    ].filter(([n]) => Number(n) > 0).map(([n, what]) => `${n} ${String(what).replace("$", n === 1 ? "its" : "their")}`);
    return parts.length ? `routes: ${parts.join(", ")}` : "";
}

/** "redirect www.example.com → example.com" for each host rule leading to a redirect-only path matcher. */
function edgeRedirects(maps: PlannedResource[]): string[] {
    return maps.flatMap((m) => {
        const matchers = arr(m.inputs.pathMatchers).map(obj);
        return arr(m.inputs.hostRules).map(obj).flatMap((rule) => {
            const target = dig(matchers.find((pm) => pm.name === rule.pathMatcher), "defaultUrlRedirect", "hostRedirect");
            return target ? arr(rule.hosts).map((h) => `redirect ${h} → ${target}`) : [];
        });
    });
}

function summarizeEdge(c: PlannedResource[]): string {
    const tls = first(c, "gcp:compute/sSLPolicy:SSLPolicy");
    const httpRedirect = ofType(c, "gcp:compute/uRLMap:URLMap").some((m) =>
        dig(m.inputs, "defaultUrlRedirect", "httpsRedirect") === true
        && dig(m.inputs, "defaultUrlRedirect", "redirectResponseCode") === "MOVED_PERMANENTLY_DEFAULT");
    const services = ofType(c, "gcp:compute/backendService:BackendService");
    const unprotected = services.filter((s) => !s.inputs.securityPolicy).length;
    const sites = ofType(c, "prodstack:gcp:SiteBucket").length;
    const addresses = ofType(c, "gcp:compute/globalAddress:GlobalAddress").map((a) => a.inputs.ipVersion === "IPV6" ? "IPv6" : "IPv4");
    const policies = ofType(c, "gcp:compute/securityPolicy:SecurityPolicy");
    const policy = mainArmorPolicy(policies);
    const maps = ofType(c, "gcp:compute/uRLMap:URLMap");
    const hostRedirects = edgeRedirects(maps);
    return [
        plural(certificateHosts(c).length - hostRedirects.length, "host"),
        tls.minTlsVersion ? `TLS ≥ ${String(tls.minTlsVersion).replace(/^TLS_/, "").replace("_", ".")} (${tls.profile})` : "NO SSL POLICY",
        httpRedirect ? "HTTP→HTTPS 301" : "NO HTTP REDIRECT",
        `${plural(services.length, "service")} + ${plural(sites, "site")} backend`,
        policy ? `Cloud Armor (${armorSettings(policy.inputs)})` : "NO CLOUD ARMOR",
        unprotected > 0 ? `${unprotected} SERVICE BACKEND(S) WITHOUT CLOUD ARMOR` : "",
        edgeRoutes(c, services, policies),
        ...hostRedirects,
        [...new Set(addresses)].join(" + "),
    ].filter(Boolean).join(" · ");
}

function summarizeWaf(c: PlannedResource[]): string {
    const policies = ofType(c, "gcp:compute/securityPolicy:SecurityPolicy");
    const backend = policies.find((p) => p.inputs.type !== "CLOUD_ARMOR_EDGE")?.inputs ?? {};
    const rules = arr(backend.rules).map(obj);
    const owasp = rules.filter((r) => String(dig(r, "match", "expr", "expression") ?? "").includes("evaluatePreconfiguredWaf"));
    const sensitivity = /'sensitivity':\s*(\d)/.exec(String(dig(owasp[0], "match", "expr", "expression") ?? ""))?.[1];
    const limit = rules.find((r) => r.rateLimitOptions);
    const ban = dig(limit, "rateLimitOptions", "banDurationSec");
    const isDefault = (r: Record<string, unknown>) => Number(r.priority) === 2147483647;
    const guarded = rules.filter((r) => String(dig(r, "match", "expr", "expression") ?? "").includes("request.path.lower().urlDecode()")).length;
    const denies = rules.filter((r) => String(r.action).startsWith("deny") && owasp.indexOf(r) < 0 && !isDefault(r)).length - guarded;
    const allowlisted = rules.some((r) => isDefault(r) && String(r.action).startsWith("deny"));
    const allowed = arr(dig(limit, "match", "config", "srcIpRanges")).length;
    return [
        allowlisted ? `allowlist of ${plural(allowed, "range")}, others 403` : "",
        `${plural(owasp.length, "OWASP rule set")} ${owasp.some((r) => r.preview === true) ? "in preview" : "enforced"}${sensitivity ? ` (sensitivity ${sensitivity})` : ""}`,
        limit ? `${dig(limit, "rateLimitOptions", "rateLimitThreshold", "count")} req/min/IP → ${ban ? `ban ${ban} s` : "throttle"}` : "NO RATE LIMIT",
        denies > 0 ? `${plural(denies, "deny-list rule")}` : "",
        guarded > 0 ? `${plural(guarded, "restricted path")} denied in other spellings` : "",
        backend.adaptiveProtectionConfig ? "Adaptive Protection" : "",
        policies.length > 1 ? "edge policy for buckets" : "",
    ].filter(Boolean).join(" · ");
}

function summarizeCertificates(c: PlannedResource[]): string {
    const manager = ofType(c, "gcp:certificatemanager/certificate:Certificate").length > 0;
    return `${plural(certificateHosts(c).length, "domain")} · ${manager ? "Certificate Manager, DNS-authorized" : "classic managed SSL"}, one certificate per domain, auto-renewing`;
}

function summarizeSiteBucket(c: PlannedResource[]): string {
    const bucket = first(c, "gcp:storage/bucket:Bucket");
    const backend = first(c, "gcp:compute/backendBucket:BackendBucket");
    const cdn = obj(backend.cdnPolicy);
    const kept = dig(arr(bucket.lifecycleRules)[0], "condition", "daysSinceNoncurrentTime");
    return [
        backend.enableCdn === true ? `CDN ${cdn.cacheMode} (default TTL ${cdn.defaultTtl} s)` : "NO CDN",
        backend.compressionMode === "AUTOMATIC" ? "compressed" : "",
        bucket.uniformBucketLevelAccess === true ? "uniform access" : "ACLS",
        dig(bucket, "versioning", "enabled") === true ? `versioned${kept ? ` (old versions ${kept} d)` : ""}` : "NOT VERSIONED",
        ofType(c, "gcp:storage/bucketIAMMember:BucketIAMMember").some((m) => m.inputs.member === "allUsers")
            ? "public objects"
            : `private (${bucket.publicAccessPrevention === "enforced" ? "public access prevented" : "public access allowed"})`,
    ].filter(Boolean).join(" · ");
}

/**
 * The summary of a component from its direct and nested children, or "" when none is known.
 * `all` (the whole plan, defaulting to the descendants) lets a summary name its dependents.
 */
export function summarize(type: string, descendants: PlannedResource[], all: PlannedResource[] = descendants): string {
    return SUMMARIES[type]?.(descendants, all) ?? "";
}
