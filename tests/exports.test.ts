/**
 * The public API, pinned: what `prodstack`, `prodstack/gcp`, `prodstack/aws` and
 * `prodstack/core` export, values and types. Anything exported becomes API we cannot change,
 * so growing (or shrinking) this list is a deliberate act: update the list here with it.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as prodstack from "../index";

const ROOT = path.resolve(__dirname, "..");

/**
 * The names an entry point exports, from its source: values (`export const`, value re-exports,
 * `export * as`) and types (`export type { … } from`, `export type X = …`). A component class is
 * both: its lazily loaded value and its instance type.
 */
function exportedNames(entry: string): { values: string[]; types: string[]; reexportedValues: string[] } {
    const file = path.join(ROOT, entry);
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const values: string[] = [];
    const types: string[] = [];
    const reexportedValues: string[] = [];
    const exported = (node: ts.Node) => ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export;
    for (const node of source.statements) {
        if (ts.isVariableStatement(node) && exported(node)) {
            for (const d of node.declarationList.declarations) values.push(d.name.getText(source));
        } else if (ts.isTypeAliasDeclaration(node) && exported(node)) {
            types.push(node.name.text);
        } else if (ts.isExportDeclaration(node)) {
            const clause = node.exportClause;
            // `export *` would export whatever a module happens to export: not allowed in an entry point.
            if (!clause) throw new Error(`${entry}: export * from ${node.moduleSpecifier?.getText(source)} — list the names instead`);
            if (ts.isNamespaceExport(clause)) {
                values.push(clause.name.text);
                continue;
            }
            for (const el of clause.elements) {
                if (node.isTypeOnly || el.isTypeOnly) types.push(el.name.text);
                else {
                    values.push(el.name.text);
                    reexportedValues.push(el.name.text);
                }
            }
        }
    }
    return { values: values.sort(), types: types.sort(), reexportedValues };
}

const GCP_COMPONENTS = [
    "AppBucket",
    "BillingBudget",
    "Cache",
    "CacheAlerts",
    "CloudRunJob",
    "CloudRunService",
    "CloudRunWorkerPool",
    "ContainerImage",
    "Database",
    "DatabaseAlerts",
    "DeployIdentity",
    "DnsRecords",
    "Edge",
    "EnvironmentDashboard",
    "LogRetention",
    "ManagedCertificates",
    "Network",
    "NotificationChannels",
    "ProjectServices",
    "Registry",
    "RestoreDrill",
    "Secrets",
    "SecurityPolicyAlerts",
    "ServiceAlerts",
    "SiteBucket",
    "UptimeCheck",
    "Waf",
    "WorkloadAlerts",
];

const GCP_TYPES = [
    // Each component class as a type, and its args.
    ...GCP_COMPONENTS,
    ...GCP_COMPONENTS.map((c) => `${c}Args`),
    // Types the args and outputs use.
    "ArmorSettings",
    "BucketAccess",
    "BucketAccessLevel",
    "CertificateMode",
    "CloudRunWorkloadArgs",
    "DashboardDatabase",
    "DashboardRestoreDrill",
    "DashboardService",
    "DatabaseEdition",
    "DatabaseEngine",
    "DnsAuthorizationRecord",
    "DnsRecord",
    "DnsRecordType",
    "EdgeRedirect",
    "EdgeRoute",
    "EdgeService",
    "EdgeSite",
    "ExecutionEnvironment",
    "GeneratedSecret",
    "GitHubRepository",
    "JobSchedule",
    "LogArchiveArgs",
    "RedisVersion",
    "RestoreDrillPolicies",
    "RestoreDrillSettings",
    "RestoreDrillVerification",
    "RestrictedPath",
    "SecretCharset",
    "SecretEntry",
    "SecretEnvVar",
    "SecretFile",
    "SecretRef",
    "ServiceBuild",
    "ServiceIngress",
    "ServiceVpcAccess",
    "SlackChannelArgs",
    "SnapshotPeriod",
    "SslProfile",
    "UpdateTrack",
    "WafMode",
].sort();

const AWS_COMPONENTS = [
    "AlarmRunbooks",
    "AlarmTopics",
    "AppBucket",
    "BillingBudget",
    "Cache",
    "CacheAlarms",
    "Certificate",
    "ContainerImage",
    "Database",
    "DatabaseAlarms",
    "DeployRoles",
    "Distribution",
    "EdgeAlarms",
    "EnvironmentDashboard",
    "FargateJob",
    "FargateService",
    "KmsKey",
    "LoadBalancer",
    "LogsBucket",
    "Network",
    "Registry",
    "RestoreDrill",
    "RestoreDrillAlarms",
    "Secrets",
    "SecurityGroup",
    "SecurityHeaders",
    "ServiceAlarms",
    "SiteBucket",
    "UptimeCheck",
    "WebAcl",
    "WorkloadAlarms",
];

const AWS_TYPES = [
    ...AWS_COMPONENTS,
    ...AWS_COMPONENTS.map((c) => `${c}Args`),
    "AlarmRef",
    "AlarmRunbook",
    "AlarmTopicRegion",
    "BucketAccess",
    "BucketAccessLevel",
    "BudgetTagFilter",
    "CacheEngine",
    "CertificateDnsRecord",
    "CertificateKeyAlgorithm",
    "CertificateRef",
    "ChatbotSlackArgs",
    "DashboardEcsService",
    "DatabaseBackupWatch",
    "DatabaseEngine",
    "DatabaseInsightsMode",
    "DistributionApiOrigin",
    "DistributionApiRoute",
    "DistributionSite",
    "FargateServiceKind",
    "GeneratedSecret",
    "GitHubRepository",
    "ImageBuildArgs",
    "KmsKeyService",
    "LoadBalancerRoute",
    "LoadBalancerTarget",
    "OriginHeader",
    "RestoreDrillDatabase",
    "Route53CheckerRegion",
    "Runbook",
    "SecretCharset",
    "SecretEntry",
    "SecretRef",
    "SecurityGroupRule",
    "ServiceLoadBalancerRef",
    "SiteBucketLogs",
    "TargetGroupRef",
    "TaskArgs",
    "TaskPermission",
    "TaskSecret",
    "WebAclMode",
    "WebAclRef",
    "WebAclRoute",
].sort();

describe("public API", () => {
    it("prodstack exports the gcp, aws and core namespaces and nothing else", () => {
        expect(exportedNames("index.ts")).toMatchObject({ values: ["aws", "core", "gcp"], types: [] });
        expect(Object.keys(prodstack).sort()).toEqual(["aws", "core", "gcp"]);
    });

    it("prodstack/gcp exports the components (loaded on first use) and the types of their args, no helpers", () => {
        expect(exportedNames("components/gcp/index.ts")).toEqual({ values: GCP_COMPONENTS, types: GCP_TYPES, reexportedValues: [] });
        // What a program gets at run time is the same list of values, each loaded on first use.
        expect(Object.keys(prodstack.gcp).sort()).toEqual(GCP_COMPONENTS);
        for (const name of GCP_COMPONENTS) {
            expect((prodstack.gcp as Record<string, { TYPE?: string }>)[name].TYPE).toBe(`prodstack:gcp:${name}`);
        }
    });

    it("prodstack/core exports the args error and the tier type", () => {
        expect(exportedNames("components/core/index.ts")).toMatchObject({ values: ["InvalidArgsError"], types: ["Tier"] });
        expect(Object.keys(prodstack.core)).toEqual(["InvalidArgsError"]);
    });

    it("prodstack/aws exports the components (loaded on first use) and the types of their args, no helpers", () => {
        expect(exportedNames("components/aws/index.ts")).toEqual({ values: AWS_COMPONENTS, types: AWS_TYPES, reexportedValues: [] });
        expect(Object.keys(prodstack.aws).sort()).toEqual(AWS_COMPONENTS);
        for (const name of AWS_COMPONENTS) {
            expect((prodstack.aws as Record<string, { TYPE?: string }>)[name].TYPE).toBe(`prodstack:aws:${name}`);
        }
    });
});
