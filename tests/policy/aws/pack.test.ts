import * as fs from "fs";
import { POLICIES } from "../../../policy/policies";
import { ROADMAP } from "../../../policy/roadmap";
import { TAGGED_BY_PROVIDER } from "../../../policy/rules/aws/labels";
import { CDN_T } from "../../../policy/rules/aws/cdn";
import { T } from "../../../policy/rules/aws/types";
import { packageOf } from "../../../policy/rules/common";
import { r, validateStack } from "../harness";
import { declarationOf, undeclaredInputs } from "../sdk";

describe("AWS type tokens and input names", () => {
    it("uses only type tokens that @pulumi/aws declares", () => {
        const tokens = [...new Set([...Object.values(T), ...POLICIES.flatMap((p) => p.appliesTo)])].filter((t) => t.startsWith("aws:"));
        expect(tokens.filter((t) => !declarationOf(t))).toEqual([]);
        expect(tokens.length).toBeGreaterThan(35);
    });

    it("reads input properties the provider's Args interfaces declare", () => {
        expect(undeclaredInputs({
            [T.taskDefinition]: ["containerDefinitions", "taskRoleArn", "executionRoleArn", "pidMode", "ipcMode", "tags"],
            [T.ecsService]: ["networkConfiguration"],
            [T.schedule]: ["target"],
            [T.lambdaFunction]: ["environment"],
            [T.scalingTarget]: ["minCapacity", "maxCapacity"],
            [T.role]: ["assumeRolePolicy", "inlinePolicies", "managedPolicyArns", "name"],
            [T.rolePolicy]: ["policy"],
            [T.userPolicy]: ["policy"],
            [T.groupPolicy]: ["policy"],
            [T.managedPolicy]: ["policy"],
            [T.rolePolicyAttachment]: ["policyArn"],
            [T.policyAttachment]: ["policyArn"],
            [T.subnet]: ["mapPublicIpOnLaunch"],
            [T.routeTable]: ["routes"],
            [T.route]: ["routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "gatewayId"],
            [T.routeTableAssociation]: ["subnetId", "routeTableId"],
            [T.securityGroup]: ["ingress"],
            [T.defaultSecurityGroup]: ["vpcId", "ingress", "egress"],
            [T.securityGroupRule]: ["type", "protocol", "fromPort", "toPort", "cidrBlocks", "ipv6CidrBlocks", "sourceSecurityGroupId", "securityGroupId"],
            [T.ingressRule]: ["ipProtocol", "fromPort", "toPort", "cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId", "securityGroupId"],
            [T.loadBalancer]: ["loadBalancerType", "internal", "securityGroups", "dropInvalidHeaderFields", "desyncMitigationMode", "accessLogs", "enableDeletionProtection"],
            [T.albLoadBalancer]: ["loadBalancerType", "internal", "securityGroups"],
            [T.listener]: ["protocol", "port", "defaultActions", "sslPolicy", "certificateArn", "loadBalancerArn"],
            [T.albListener]: ["protocol", "defaultActions", "sslPolicy"],
            [T.listenerRule]: ["listenerArn", "actions", "conditions"],
            [T.albListenerRule]: ["listenerArn", "actions", "conditions"],
            [T.certificateValidation]: ["certificateArn"],
            [T.flowLog]: ["vpcId", "trafficType"],
            [T.kmsKey]: ["enableKeyRotation", "customerMasterKeySpec", "keyUsage", "deletionWindowInDays", "policy"],
            [T.secret]: ["kmsKeyId", "recoveryWindowInDays"],
            [T.secretPolicy]: ["policy"],
            [T.repositoryPolicy]: ["policy"],
            [T.logGroup]: ["retentionInDays", "kmsKeyId"],
            [T.repository]: ["imageTagMutability", "imageScanningConfiguration", "encryptionConfigurations", "forceDelete"],
            [T.dbInstance]: [
                "identifier", "engine", "replicateSourceDb", "publiclyAccessible", "parameterGroupName", "storageEncrypted", "kmsKeyId",
                "performanceInsightsEnabled", "performanceInsightsKmsKeyId", "backupRetentionPeriod", "multiAz", "deletionProtection",
                "skipFinalSnapshot", "finalSnapshotIdentifier", "deleteAutomatedBackups", "iamDatabaseAuthenticationEnabled",
                "enabledCloudwatchLogsExports", "maintenanceWindow",
            ],
            [T.dbParameterGroup]: ["family", "parameters"],
            [T.dbBackupReplication]: ["sourceDbInstanceArn", "kmsKeyId"],
            [T.bucket]: ["bucket", "forceDestroy", "objectLockEnabled", "policy", "acl"],
            [T.publicAccessBlock]: ["bucket", "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"],
            [T.ownershipControls]: ["bucket", "rule"],
            [T.encryption]: ["bucket", "rules"],
            [T.versioning]: ["bucket", "versioningConfiguration"],
            [T.bucketPolicy]: ["bucket", "policy"],
            [T.bucketAcl]: ["bucket", "acl"],
            [T.distribution]: ["webAclId", "defaultCacheBehavior", "orderedCacheBehaviors", "origins", "viewerCertificate", "aliases"],
            [CDN_T.originAccessControl]: ["signingBehavior", "signingProtocol", "originAccessControlOriginType"],
            [CDN_T.cachePolicy]: ["defaultTtl", "maxTtl"],
            [CDN_T.record]: ["name", "type", "aliases", "records"],
            [CDN_T.websiteConfiguration]: ["bucket"],
            [T.responseHeadersPolicy]: ["securityHeadersConfig"],
            [T.webAcl]: ["rules", "name"],
            [T.webAclRule]: ["webAclArn"],
            [T.webAclLogging]: ["resourceArn", "redactedFields"],
            [T.replicationGroup]: [
                "authToken", "authTokenWo", "userGroupIds", "transitEncryptionEnabled", "transitEncryptionMode", "atRestEncryptionEnabled", "engine",
                "kmsKeyId", "numCacheClusters", "numNodeGroups", "replicasPerNodeGroup", "automaticFailoverEnabled", "multiAzEnabled",
                "finalSnapshotIdentifier", "snapshotRetentionLimit", "subnetGroupName", "securityGroupIds", "securityGroupNames",
            ],
            [T.cacheSubnetGroup]: ["subnetIds"],
        })).toEqual([]);
    });

    it("lists as tagged-by-provider only types whose state has tagsAll", () => {
        for (const token of TAGGED_BY_PROVIDER) {
            expect([token, fs.readFileSync(declarationOf(token)!.file, "utf8").includes("readonly tagsAll")]).toEqual([token, true]);
        }
        expect(fs.readFileSync(declarationOf(T.schedule)!.file, "utf8")).not.toContain("tagsAll");
    });
});

describe("AWS coverage of the roadmap", () => {
    const coversAws = (policy: string) => POLICIES.find((p) => p.name === policy)!.appliesTo.some((t) => packageOf(t) === "aws");

    it("checks every roadmap item on AWS or names, for each one it does not, the issue that brings its rule", () => {
        for (const item of ROADMAP) {
            const covered = item.policies.some(coversAws);
            expect([item.id, covered ? "rule" : item.notYetOn?.aws ? "gap" : "neither"]).toEqual([item.id, covered ? "rule" : "gap"]);
            if (covered) expect([item.id, item.notYetOn?.aws]).toEqual([item.id, undefined]);
        }
    });

    it("covers what issues 14, 15, 16 (ALB, WAF, headers) and 17 provision and leaves the rest of the edge to its issue", () => {
        const covered = ROADMAP.filter((i) => i.policies.some(coversAws)).map((i) => i.id);
        expect(covered).toEqual([
            "https-only", "tls-1-2", "security-headers", "waf", "rate-limiting", "db-private", "db-tls", "backups", "backups-restore-tested", "ha", "deletion-protection", "secrets", "least-privilege",
            "service-identities", "uptime-alerts", "alert-runbooks", "resource-alerts", "job-worker-alerts",
            "log-retention", "labels", "private-buckets", "bucket-versioning", "redis-auth-tls", "network-ingress", "cdn", "autoscaling", "maintenance-window", "budget", "pinned-images",
        ]);
    });

    it("says in a real engine's not-applicable reason what each cloud's check found nothing to check", async () => {
        const vpc = r(T.vpc, "network-vpc", { cidrBlock: "10.20.0.0/16" });
        // Every roadmap item has an AWS rule now: no "not yet checked on AWS" is left to report.
        expect((await validateStack("jobs-and-workers-alerted", [vpc])).notApplicable).toBe("no Cloud Run job or worker pool in this stack; no ECS job or worker in this stack");
        expect((await validateStack("default-security-group-closed", [])).notApplicable).toBe("no AWS VPC in this stack");
    });
});
