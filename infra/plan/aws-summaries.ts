/**
 * One-line summaries of the AWS components, computed from the inputs their children send
 * to AWS (the GCP ones are in summaries.ts).
 */
import { AWS_OBSERVABILITY_SUMMARIES } from "./aws-summaries-observability";
import type { PlannedResource } from "./engine";
import { arr, dig, first, obj, ofType } from "./inputs";
import { dependents } from "./summaries-workloads";
import { generatedOnce, parsedJson, plural, summarizeDockerImage, type Summarize } from "./summary-helpers";

const WORLD = ["0.0.0.0/0", "::/0"];

/** `2 in / 3 out rules, all described` plus a loud marker for world-open ingress. */
function summarizeRules(c: PlannedResource[]): string {
    const ingress = ofType(c, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => r.inputs);
    const egress = ofType(c, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => r.inputs);
    const undescribed = [...ingress, ...egress].filter((r) => !r.description).length;
    const open = ingress.filter((r) => WORLD.includes(String(r.cidrIpv4 ?? r.cidrIpv6)));
    return [
        `${ingress.length} in / ${egress.length} out ${ingress.length + egress.length === 1 ? "rule" : "rules"}`,
        undescribed ? `${undescribed} UNDESCRIBED` : "all described",
        open.length ? `WORLD-OPEN INGRESS on ${open.map((r) => r.fromPort).join(", ")}` : "",
    ].filter(Boolean).join(", ");
}

function summarizeNetwork(c: PlannedResource[]): string {
    const vpc = first(c, "aws:ec2/vpc:Vpc");
    const subnets = ofType(c, "aws:ec2/subnet:Subnet").map((s) => s.inputs);
    const zones = new Set(subnets.map((s) => s.availabilityZone)).size;
    const nats = ofType(c, "aws:ec2/natGateway:NatGateway").length;
    const endpoints = ofType(c, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.inputs);
    const gateways = endpoints.filter((e) => e.vpcEndpointType === "Gateway").map((e) => String(e.serviceName).split(".").pop());
    const interfaces = endpoints.filter((e) => e.vpcEndpointType === "Interface").length;
    const flowLog = first(c, "aws:ec2/flowLog:FlowLog");
    const group = first(c, "aws:cloudwatch/logGroup:LogGroup");
    const defaultSg = first(c, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
    const stripped = arr(defaultSg.ingress).length === 0 && arr(defaultSg.egress).length === 0 && "vpcId" in defaultSg;
    const publicIps = subnets.some((s) => s.mapPublicIpOnLaunch === true);
    return [
        `VPC ${vpc.cidrBlock} (${vpc.region}) over ${plural(zones, "AZ")}`,
        `${subnets.length} subnets${publicIps ? " (SOME ASSIGN PUBLIC IPS)" : ""}`,
        nats === 0 ? "no NAT" : nats >= zones ? `NAT per AZ (${nats})` : `${plural(nats, "NAT gateway")} for ${zones} AZs`,
        `${gateways.length ? `${gateways.join("/")} gateway` : "no gateway"} + ${plural(interfaces, "interface endpoint")}`,
        flowLog.trafficType
            ? `flow logs ${flowLog.trafficType}, ${group.retentionInDays} d${group.kmsKeyId ? ", KMS" : ", NOT ENCRYPTED"}`
            : "NO FLOW LOGS",
        stripped ? "default SG stripped" : "DEFAULT SG KEPT",
    ].join(" · ");
}

/** Which services a key policy lets use the key, by principal. */
function keyPolicyServices(policy: unknown): string[] {
    return arr(obj(policy).Statement)
        .map((s) => String(obj(obj(s).Principal).Service ?? ""))
        .filter(Boolean)
        .map((service) => service.split(".")[0]);
}

function summarizeKmsKey(c: PlannedResource[]): string {
    const key = first(c, "aws:kms/key:Key");
    const alias = first(c, "aws:kms/alias:Alias");
    const services = keyPolicyServices(parsedJson(key.policy));
    const isProtected = ofType(c, "aws:kms/key:Key").some((k) => k.protect);
    return [
        String(alias.name ?? "no alias"),
        String(key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT"),
        key.enableKeyRotation ? `rotation every ${key.rotationPeriodInDays ?? 365} d` : "NO ROTATION",
        `deletion window ${key.deletionWindowInDays ?? 30} d`,
        services.length ? `services: ${services.join(", ")}` : "no service access",
        isProtected ? "protected" : "",
    ].filter(Boolean).join(" · ");
}

function summarizeSecrets(c: PlannedResource[]): string {
    const secrets = ofType(c, "aws:secretsmanager/secret:Secret");
    const versions = ofType(c, "aws:secretsmanager/secretVersion:SecretVersion").length;
    const windows = [...new Set(secrets.map((s) => Number(s.inputs.recoveryWindowInDays ?? 30)))];
    return [
        plural(secrets.length, "secret"),
        secrets.every((s) => s.inputs.kmsKeyId) ? "KMS CMK" : "AWS-MANAGED KEY",
        versions === secrets.length ? "values from the stack" : versions === 0 ? "values added out of band" : `${versions} value${versions === 1 ? "" : "s"} from the stack, the rest out of band`,
        generatedOnce(c) ? `${generatedOnce(c)} generated once, never rotated by the stack` : "",
        windows.length === 1 && windows[0] === 0 ? "deleted at once" : `recovery window ${windows.join("/")} d`,
        secrets.length > 0 && secrets.every((s) => s.protect) ? "protected" : "",
    ].filter(Boolean).join(" · ");
}

function summarizeRegistry(c: PlannedResource[]): string {
    const repos = ofType(c, "aws:ecr/repository:Repository").map((r) => r.inputs);
    const rules = arr(obj(parsedJson(first(c, "aws:ecr/lifecyclePolicy:LifecyclePolicy").policy)).rules).map((r) => obj(obj(r).selection));
    const untagged = rules.find((r) => r.tagStatus === "untagged" && r.countType === "sinceImagePushed");
    const keep = rules.find((r) => r.countType === "imageCountMoreThan");
    const all = (test: (r: Record<string, unknown>) => boolean) => repos.length > 0 && repos.every(test);
    return [
        `${repos.length} ECR ${repos.length === 1 ? "repository" : "repositories"} (${repos.map((r) => r.name).join(", ")})`,
        all((r) => r.imageTagMutability === "IMMUTABLE") ? "IMMUTABLE tags" : "MUTABLE TAGS",
        all((r) => dig(r, "imageScanningConfiguration", "scanOnPush") === true) ? "scan on push" : "NO SCAN ON PUSH",
        all((r) => obj(arr(r.encryptionConfigurations)[0]).encryptionType === "KMS") ? "KMS" : "AES256",
        [untagged ? `untagged expire after ${untagged.countNumber} d` : "untagged kept", keep ? `keep ${keep.countNumber} recent` : "no count limit"].join(", "),
    ].join(" · ");
}

/** `0.5 vCPU / 1 GiB (X86_64)` from a task definition. */
function taskSize(task: Record<string, unknown>): string {
    const mib = Number(task.memory);
    return `${Number(task.cpu) / 1024} vCPU / ${mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`} (${dig(task, "runtimePlatform", "cpuArchitecture")})`;
}

/** How the containers of a task definition are hardened, and how many secrets they mount. */
function taskHardening(task: Record<string, unknown>, assignPublicIp: unknown): string[] {
    const containers = arr(parsedJson(task.containerDefinitions)).map(obj);
    const secrets = containers.flatMap((k) => arr(k.secrets)).length;
    return [
        assignPublicIp === false ? "private, no public IP" : "PUBLIC IP",
        containers.every((k) => k.readonlyRootFilesystem === true) ? "read-only root fs" : "WRITABLE ROOT FS",
        secrets ? `${plural(secrets, "secret")} by ARN` : "no secrets",
    ];
}

/** The cluster name of an ECS cluster ARN (`…:cluster/acme-prod`), with `(own)` when the component made it. */
function clusterOf(arn: unknown, c: PlannedResource[]): string {
    if (typeof arn !== "string") return "";
    return `cluster ${arn.split("/").pop()}${ofType(c, "aws:ecs/cluster:Cluster").length ? " (own)" : ""}`;
}

/**
 * e.g. `acme-prod-migrate · 0.5 vCPU / 1 GiB · runs on deploy before api (fails it on failure,
 * stops it after 600 s) · …`. Scheduled runs have no run time limit on ECS: said so.
 */
function summarizeFargateJob(c: PlannedResource[], all: PlannedResource[]): string {
    const task = first(c, "aws:ecs/taskDefinition:TaskDefinition");
    const schedule = ofType(c, "aws:scheduler/schedule:Schedule")[0]?.inputs;
    const run = ofType(c, "aws:lambda/invocation:Invocation")[0];
    const runInput = run ? obj(parsedJson(run.inputs.input)) : {};
    // A service rolls out after the run when its task definition depends on it.
    const waiting = run ? dependents(run.urn, all, ["aws:ecs/taskDefinition:TaskDefinition"]) : [];
    return [
        String(task.family),
        taskSize(task),
        schedule ? `${schedule.scheduleExpression} ${schedule.scheduleExpressionTimezone ?? "UTC"} (no run time limit)` : "",
        run ? `runs on deploy${waiting.length ? ` before ${waiting.join(", ")}` : ""} (fails it on failure, stops it after ${runInput.timeoutSeconds} s)` : "",
        ...taskHardening(task, schedule ? dig(schedule, "target", "ecsParameters", "networkConfiguration", "assignPublicIp") : false),
        clusterOf(schedule ? dig(schedule, "target", "arn") : runInput.cluster, c),
    ].filter(Boolean).join(" · ");
}

function summarizeFargateService(c: PlannedResource[]): string {
    const service = first(c, "aws:ecs/service:Service");
    const task = first(c, "aws:ecs/taskDefinition:TaskDefinition");
    const target = first(c, "aws:appautoscaling/target:Target");
    const metrics = ofType(c, "aws:appautoscaling/policy:Policy").map((p) => obj(p.inputs.targetTrackingScalingPolicyConfiguration));
    const metric = (type: string) => metrics.find((m) => dig(m, "predefinedMetricSpecification", "predefinedMetricType") === type)?.targetValue;
    const cpuTarget = metric("ECSServiceAverageCPUUtilization");
    const requests = metric("ALBRequestCountPerTarget");
    const tg = ofType(c, "aws:lb/targetGroup:TargetGroup")[0]?.inputs;
    const scaling = [cpuTarget !== undefined ? `CPU ${cpuTarget}%` : "", requests !== undefined ? `${requests} req/target` : ""].filter(Boolean).join(" + ");
    return [
        String(service.name),
        tg ? "web" : "worker",
        taskSize(task),
        `${target.minCapacity}–${target.maxCapacity} tasks (${scaling || "NO SCALING"})`,
        dig(service, "deploymentCircuitBreaker", "rollback") === true ? "rollback on failure" : "NO ROLLBACK",
        ...taskHardening(task, dig(service, "networkConfiguration", "assignPublicIp")),
        tg ? `health ${dig(tg, "healthCheck", "path")}, ${arr(service.loadBalancers).length ? "attached" : "not attached yet"}` : "",
        clusterOf(service.cluster, c),
    ].filter(Boolean).join(" · ");
}

/** What every private bucket shows: name, public access blocks, ownership, encryption, versioning, TLS-only; and its policy's statements. */
export function bucketBasics(c: PlannedResource[]): { parts: string[]; statements: Array<Record<string, unknown>> } {
    const bucket = first(c, "aws:s3/bucket:Bucket");
    const block = first(c, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
    const blocks = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].filter((k) => block[k] === true).length;
    const ownership = dig(first(c, "aws:s3/bucketOwnershipControls:BucketOwnershipControls"), "rule", "objectOwnership");
    const sse = obj(obj(arr(first(c, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules)[0]).applyServerSideEncryptionByDefault);
    const versioned = dig(first(c, "aws:s3/bucketVersioning:BucketVersioning"), "versioningConfiguration", "status") === "Enabled";
    const rules = arr(first(c, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules).map(obj);
    const noncurrent = rules.map((r) => dig(r, "noncurrentVersionExpiration", "noncurrentDays")).find((d) => d !== undefined);
    const statements = arr(obj(parsedJson(first(c, "aws:s3/bucketPolicy:BucketPolicy").policy)).Statement).map(obj);
    const tlsOnly = statements.some((s) => s.Effect === "Deny" && dig(s, "Condition", "Bool", "aws:SecureTransport") === "false");
    return {
        statements,
        parts: [
            `s3://${bucket.bucket}`,
            blocks === 4 ? "private (4 public access blocks)" : `PUBLIC ACCESS POSSIBLE (${blocks}/4 blocks)`,
            ownership === "BucketOwnerEnforced" ? "owner-enforced" : "ACLS ENABLED",
            sse.sseAlgorithm === "aws:kms" ? "SSE-KMS" : String(sse.sseAlgorithm ?? "NOT ENCRYPTED"),
            versioned ? `versioned${noncurrent ? ` (old versions ${noncurrent} d)` : ""}` : "not versioned",
            tlsOnly ? "TLS only" : "PLAIN HTTP ALLOWED",
        ],
    };
}

function summarizeAppBucket(c: PlannedResource[]): string {
    const { parts, statements } = bucketBasics(c);
    const roles = new Set(statements.filter((s) => s.Effect === "Allow").map((s) => String(dig(s, "Principal", "AWS")))).size;
    return [...parts, plural(roles, "role") + " granted"].join(" · ");
}

const ENGINE_NAMES: Record<string, string> = { postgres: "Postgres", mysql: "MySQL" };

function summarizeDatabase(c: PlannedResource[]): string {
    const instances = ofType(c, "aws:rds/instance:Instance").map((i) => i.inputs);
    const primary = instances.find((i) => i.replicateSourceDb === undefined) ?? {};
    const replicas = instances.length - 1;
    const copy = first(c, "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication");
    const days = Number(primary.backupRetentionPeriod ?? 0);
    const isPrivate = instances.every((i) => i.publiclyAccessible === false);
    return [
        `${ENGINE_NAMES[String(primary.engine)] ?? String(primary.engine)} ${primary.engineVersion}`,
        primary.multiAz === true ? "Multi-AZ" : "single-AZ",
        days > 0 ? `${days} d backups + PITR` : "NO BACKUPS",
        copy.region ? `copy to ${copy.region}` : "",
        replicas > 0 ? plural(replicas, "replica") : "",
        isPrivate ? "private" : "PUBLICLY ACCESSIBLE",
    ].filter(Boolean).join(" · ");
}

/** `TLS13-1-2-Res-PQ-2025-09`, or a loud marker for the API's TLS 1.0 default. */
function tlsPolicy(listener: Record<string, unknown>): string {
    const policy = String(listener.sslPolicy ?? "");
    return policy ? policy.replace(/^ELBSecurityPolicy-/, "") : "DEFAULT TLS POLICY (TLS 1.0)";
}

function summarizeLoadBalancer(c: PlannedResource[]): string {
    const lb = first(c, "aws:lb/loadBalancer:LoadBalancer");
    const listeners = ofType(c, "aws:lb/listener:Listener").map((l) => l.inputs);
    const https = listeners.filter((l) => l.protocol === "HTTPS");
    const plain = listeners.filter((l) => l.protocol !== "HTTPS" && dig(obj(arr(l.defaultActions)[0]), "type") !== "redirect");
    const rules = ofType(c, "aws:lb/listenerRule:ListenerRule").length;
    const ingress = ofType(c, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => r.inputs);
    const defaultStatus = https.map((l) => dig(obj(arr(l.defaultActions)[0]), "fixedResponse", "statusCode")).join(", ");
    const isProtected = ofType(c, "aws:lb/loadBalancer:LoadBalancer").some((r) => r.protect);
    return [
        String(lb.name),
        https.length ? `HTTPS :443 ${https.map(tlsPolicy).join(", ")}` : "NO HTTPS LISTENER",
        plain.length ? `PLAIN HTTP LISTENER on ${plain.map((l) => l.port).join(", ")}` : "",
        `${plural(rules, "route rule")}, default ${defaultStatus || "FORWARD"}`,
        ingress.length && ingress.every((r) => r.prefixListId !== undefined) ? "CloudFront prefix list only" : "OPEN TO MORE THAN CLOUDFRONT",
        lb.dropInvalidHeaderFields === true ? "invalid headers dropped" : "INVALID HEADERS PASSED",
        `desync ${String(lb.desyncMitigationMode ?? "defensive")}`,
        dig(lb, "accessLogs", "enabled") === true ? `logs to s3://${String(dig(lb, "accessLogs", "bucket"))}` : "NO ACCESS LOGS",
        lb.enableDeletionProtection === true ? `deletion protection${isProtected ? " + protected" : ""}` : "",
    ].filter(Boolean).join(" · ");
}

function summarizeCertificate(c: PlannedResource[]): string {
    const cert = first(c, "aws:acm/certificate:Certificate");
    const names = [cert.domainName, ...arr(cert.subjectAlternativeNames)].map(String);
    const records = ofType(c, "aws:route53/record:Record").length;
    return [
        `ACM ${String(cert.region)}`,
        names.join(", "),
        String(cert.keyAlgorithm ?? "RSA_2048"),
        records ? `DNS-validated through ${plural(records, "Route 53 record")}` : "DNS validation records to create by hand",
        ofType(c, "aws:acm/certificateValidation:CertificateValidation").length ? "used once issued" : "USED BEFORE ISSUANCE",
    ].join(" · ");
}

function summarizeLogsBucket(c: PlannedResource[]): string {
    const bucket = first(c, "aws:s3/bucket:Bucket");
    const sse = obj(obj(arr(first(c, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules)[0]).applyServerSideEncryptionByDefault);
    const expiry = arr(first(c, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules).map((r) => dig(obj(r), "expiration", "days")).find((d) => d !== undefined);
    const writers = arr(obj(parsedJson(first(c, "aws:s3/bucketPolicy:BucketPolicy").policy)).Statement).map(obj)
        .filter((s) => s.Effect === "Allow").map((s) => String(dig(s, "Principal", "Service") ?? "regional ELB account").split(".")[0]);
    return [
        `s3://${bucket.bucket}`,
        String(sse.sseAlgorithm ?? "NOT ENCRYPTED"),
        expiry !== undefined ? `logs kept ${expiry} d` : "LOGS NEVER EXPIRE",
        `written by ${[...new Set(writers)].join(", ")}`,
    ].join(" · ");
}

/** `CLOUDFRONT (us-east-1) · 4 managed groups blocking · 600 req/60 s/IP → 429 · …`, from the ACL's rules as WAF receives them. */
function summarizeWebAcl(c: PlannedResource[]): string {
    const acl = first(c, "aws:wafv2/webAcl:WebAcl");
    const rules = arr(acl.rules).map(obj);
    const managed = rules.filter((r) => dig(r, "statement", "managedRuleGroupStatement"));
    const own = rules.filter((r) => !dig(r, "statement", "managedRuleGroupStatement"));
    const counting = managed.filter((r) => dig(r, "overrideAction", "count")).length + own.filter((r) => dig(r, "action", "count")).length;
    const bodyCounted = managed.some((r) => arr(dig(r, "statement", "managedRuleGroupStatement", "ruleActionOverrides")).length > 0);
    const rate = (r: Record<string, unknown> | undefined) => {
        const s = obj(dig(r, "statement", "rateBasedStatement"));
        return `${s.limit} req/${s.evaluationWindowSec} s/IP`;
    };
    const perClient = own.find((r) => r.name === "rate-per-client");
    const routeLimits = own.filter((r) => dig(r, "statement", "rateBasedStatement") && r !== perClient).length;
    const allowlists = own.filter((r) => String(r.name).startsWith("allowlist-")).length;
    const denies = own.filter((r) => String(r.name).startsWith("deny-")).length;
    const logGroup = first(c, "aws:cloudwatch/logGroup:LogGroup");
    const redacted = arr(first(c, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration").redactedFields)
        .map((f) => String(dig(f, "singleHeader", "name")));
    return [
        `${acl.scope} (${acl.region ?? "provider region"})`,
        `${plural(managed.length, "managed group")}${bodyCounted ? " (body size counted)" : ""}`,
        counting ? `PREVIEW: ${plural(counting, "rule")} only count` : "blocking",
        perClient ? `${rate(perClient)} → 429` : "NO RATE LIMIT",
        routeLimits ? plural(routeLimits, "route limit") : "",
        allowlists ? plural(allowlists, "allowlisted route") : "",
        denies ? plural(denies, "deny-list rule") : "",
        logGroup.name ? `logs ${logGroup.name} ${logGroup.retentionInDays} d${redacted.length ? `, ${redacted.join(" + ")} redacted` : ""}` : "NO LOGS",
    ].filter(Boolean).join(" · ");
}

/** `2 policies · HSTS 63072000 s + subdomains + preload · CSP · nosniff · frame DENY · referrer strict-origin-when-cross-origin`. */
function summarizeSecurityHeaders(c: PlannedResource[]): string {
    const policies = ofType(c, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
    const config = obj(first(c, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy").securityHeadersConfig);
    const hsts = obj(config.strictTransportSecurity);
    return [
        policies.length === 1 ? "1 policy" : `${policies.length} policies`,
        hsts.accessControlMaxAgeSec ? `HSTS ${hsts.accessControlMaxAgeSec} s${hsts.includeSubdomains ? " + subdomains" : ""}${hsts.preload ? " + preload" : ""}` : "NO HSTS",
        config.contentSecurityPolicy ? "CSP" : "NO CSP",
        config.contentTypeOptions ? "nosniff" : "NO NOSNIFF",
        `frame ${dig(config, "frameOptions", "frameOption") ?? "ALLOWED"}`,
        `referrer ${dig(config, "referrerPolicy", "referrerPolicy") ?? "UNSET"}`,
    ].join(" · ");
}

/** `Valkey 8.0 · 2 × cache.t4g.small · failover + Multi-AZ · AUTH + TLS required + KMS at rest · snapshots 7 d + final · slow log 30 d · private · protected`. */
function summarizeCache(c: PlannedResource[]): string {
    const groups = ofType(c, "aws:elasticache/replicationGroup:ReplicationGroup");
    const g = groups[0]?.inputs ?? {};
    const engine = g.engine === "valkey" ? "Valkey" : "Redis";
    const failover = g.automaticFailoverEnabled === true && g.multiAzEnabled === true;
    const auth = g.authToken ? "AUTH" : arr(g.userGroupIds).length ? "RBAC" : "NO AUTH";
    const tls = g.transitEncryptionEnabled === true && g.transitEncryptionMode === "required" ? "TLS required" : "TLS NOT REQUIRED";
    const atRest = g.atRestEncryptionEnabled === true ? (g.kmsKeyId ? "KMS at rest" : "encrypted at rest (AWS key)") : "NOT ENCRYPTED AT REST";
    const days = Number(g.snapshotRetentionLimit ?? 0);
    const slowLog = arr(g.logDeliveryConfigurations).map(obj).some((l) => l.logType === "slow-log");
    const ingress = ofType(c, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => r.inputs);
    const open = ingress.filter((r) => r.cidrIpv4 !== undefined || r.cidrIpv6 !== undefined || r.prefixListId !== undefined).length;
    return [
        `${engine} ${g.engineVersion}`,
        `${g.numCacheClusters ?? 1} × ${g.nodeType}`,
        failover ? "failover + Multi-AZ" : "single zone, no failover",
        `${auth} + ${tls} + ${atRest}`,
        days > 0 ? `snapshots ${days} d${g.finalSnapshotIdentifier ? " + final" : ""}` : `no snapshots${g.finalSnapshotIdentifier ? " (final only)" : ""}`,
        slowLog ? `slow log ${first(c, "aws:cloudwatch/logGroup:LogGroup").retentionInDays} d` : "NO SLOW LOG",
        open ? `${plural(open, "ADDRESS-RANGE RULE")}` : `${plural(ingress.length, "client group")}`,
        groups.some((r) => r.protect) ? "protected" : "deletable",
    ].join(" · ");
}

export const AWS_SUMMARIES: Record<string, Summarize> = {
    ...AWS_OBSERVABILITY_SUMMARIES,
    "prodstack:aws:Database": summarizeDatabase,
    "prodstack:aws:LoadBalancer": summarizeLoadBalancer,
    "prodstack:aws:Certificate": summarizeCertificate,
    "prodstack:aws:LogsBucket": summarizeLogsBucket,
    "prodstack:aws:Cache": summarizeCache,
    "prodstack:aws:FargateJob": summarizeFargateJob,
    "prodstack:aws:AppBucket": summarizeAppBucket,
    "prodstack:aws:FargateService": summarizeFargateService,
    "prodstack:aws:ContainerImage": summarizeDockerImage,
    "prodstack:aws:Registry": summarizeRegistry,
    "prodstack:aws:Secrets": summarizeSecrets,
    "prodstack:aws:KmsKey": summarizeKmsKey,
    "prodstack:aws:Network": summarizeNetwork,
    "prodstack:aws:WebAcl": summarizeWebAcl,
    "prodstack:aws:SecurityHeaders": summarizeSecurityHeaders,
    "prodstack:aws:SecurityGroup": (c) => {
        const group = first(c, "aws:ec2/securityGroup:SecurityGroup");
        return `${group.namePrefix ?? group.name}* · ${summarizeRules(c)}`;
    },
};
