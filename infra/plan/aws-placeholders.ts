/**
 * Stand-ins for values only AWS computes: ARNs, bucket names, repository URLs, account and
 * partition look-ups. Each has the shape AWS returns (`arn:aws:iam::123456789012:role/…`),
 * so wiring fed from them (an execution role's policy naming a secret ARN, a flow log's
 * destination) is visible in the plan and the policy pack can check it.
 */
// Only called at run time, so the cycle with placeholders.ts (which spreads these in) is harmless.
import { stableHash, testNetAddress } from "./placeholders";

type Inputs = Record<string, unknown>;

/** AWS's documentation account ID, used wherever an account is computed and no provider names one. */
export const PLACEHOLDER_AWS_ACCOUNT = "123456789012";
/** Region used for a resource that names none and whose provider names none. */
export const PLACEHOLDER_AWS_REGION = "us-east-1";

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** A UUID-shaped stable ID (KMS key IDs). */
function uuid(seed: string): string {
    const h = stableHash(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Where a resource lives and what it is called, as the ARN builders need it. */
interface Where {
    name: string;
    inputs: Inputs;
    region: string;
    /** The account: the provider's `allowedAccountIds[0]`, else the placeholder. */
    account: string;
    /** The physical name: the `name` input when given, else the logical name (as autonaming would start). */
    physical: string;
}

/** ElastiCache's short region code in endpoint names: `eu-central-1` → `euc1`, `ap-southeast-2` → `apse2`. */
function regionCode(region: string): string {
    const [area = "", direction = "", number = ""] = region.replace(/-gov/, "").split("-");
    const short = direction.replace(/^(north|south)(east|west)$/, (_, a: string, b: string) => a[0] + b[0]);
    return `${area}${short.length === 2 ? short : direction[0] ?? ""}${number}`;
}

const arn = (w: { account: string }, service: string, region: string, resource: string) =>
    `arn:aws:${service}:${region}:${w.account}:${resource}`;

/** `arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<uuid>` (the ID WAF assigns is a UUID). */
function wafArn(w: Where, kind: string): Inputs {
    const scope = w.inputs.scope === "CLOUDFRONT" ? "global" : "regional";
    return { arn: arn(w, "wafv2", w.region, `${scope}/${kind}/${w.physical}/${uuid(w.name)}`) };
}

/** Computed outputs by AWS type token, besides the generic `arn`. */
const AWS_COMPUTED: Record<string, (w: Where) => Inputs> = {
    "aws:iam/role:Role": (w) => ({
        arn: `arn:aws:iam::${w.account}:role${str(w.inputs.path) ?? "/"}${w.physical}`,
        uniqueId: `AROA${stableHash(w.name, 17).toUpperCase()}`,
    }),
    // An OIDC provider's ARN ends with its URL's host (and path).
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (w) => ({ arn: `arn:aws:iam::${w.account}:oidc-provider/${String(w.inputs.url).replace(/^https:\/\//, "")}` }),
    "aws:iam/policy:Policy": (w) => ({ arn: `arn:aws:iam::${w.account}:policy${str(w.inputs.path) ?? "/"}${w.physical}` }),
    "aws:kms/key:Key": (w) => ({ arn: arn(w, "kms", w.region, `key/${uuid(w.name)}`), keyId: uuid(w.name) }),
    "aws:kms/alias:Alias": (w) => ({ arn: arn(w, "kms", w.region, w.physical), targetKeyArn: arn(w, "kms", w.region, `key/${String(w.inputs.targetKeyId)}`) }),
    // Secrets Manager appends a hyphen and six random characters to every secret's ARN.
    "aws:secretsmanager/secret:Secret": (w) => ({ arn: arn(w, "secretsmanager", w.region, `secret:${w.physical}-${stableHash(w.name, 6)}`) }),
    "aws:secretsmanager/secretVersion:SecretVersion": (w) => ({
        arn: w.inputs.secretId,
        versionId: uuid(w.name),
    }),
    "aws:cloudwatch/logGroup:LogGroup": (w) => ({ arn: arn(w, "logs", w.region, `log-group:${w.physical}`) }),
    // TLS-enabled replication groups answer on master./replica. names; member clusters are <id>-001, -002, ….
    "aws:elasticache/replicationGroup:ReplicationGroup": (w) => {
        const id = str(w.inputs.replicationGroupId) ?? w.name;
        const host = `${id}.${stableHash(w.name, 6)}.${regionCode(w.region)}.cache.amazonaws.com`;
        const members = typeof w.inputs.numCacheClusters === "number" ? w.inputs.numCacheClusters : 1;
        return {
            arn: arn(w, "elasticache", w.region, `replicationgroup:${id}`),
            primaryEndpointAddress: `master.${host}`,
            readerEndpointAddress: `replica.${host}`,
            memberClusters: Array.from({ length: members }, (_, i) => `${id}-${String(i + 1).padStart(3, "0")}`),
            engineVersionActual: `${str(w.inputs.engineVersion) ?? "7.1"}.0`,
        };
    },
    "aws:elasticache/subnetGroup:SubnetGroup": (w) => ({ arn: arn(w, "elasticache", w.region, `subnetgroup:${w.physical}`) }),
    "aws:ecr/repository:Repository": (w) => ({
        arn: arn(w, "ecr", w.region, `repository/${w.physical}`),
        registryId: w.account,
        repositoryUrl: `${w.account}.dkr.ecr.${w.region}.amazonaws.com/${w.physical}`,
    }),
    "aws:ec2/vpc:Vpc": (w) => ({
        arn: arn(w, "ec2", w.region, `vpc/vpc-${stableHash(w.name, 17)}`),
        defaultSecurityGroupId: `sg-${stableHash(`${w.name}-default`, 17)}`,
        defaultNetworkAclId: `acl-${stableHash(`${w.name}-acl`, 17)}`,
        mainRouteTableId: `rtb-${stableHash(`${w.name}-main`, 17)}`,
    }),
    "aws:ec2/eip:Eip": (w) => ({
        arn: arn(w, "ec2", w.region, `elastic-ip/eipalloc-${stableHash(w.name, 17)}`),
        allocationId: `eipalloc-${stableHash(w.name, 17)}`,
        publicIp: testNetAddress(w.name),
    }),
    "aws:ec2/vpcEndpoint:VpcEndpoint": (w) => ({
        arn: arn(w, "ec2", w.region, `vpc-endpoint/vpce-${stableHash(w.name, 17)}`),
        prefixListId: w.inputs.vpcEndpointType === "Gateway" ? `pl-${stableHash(w.name, 8)}` : undefined,
    }),
    "aws:lambda/function:Function": (w) => ({
        arn: arn(w, "lambda", w.region, `function:${w.physical}`),
        invokeArn: `arn:aws:apigateway:${w.region}:lambda:path/2015-03-31/functions/${arn(w, "lambda", w.region, `function:${w.physical}`)}/invocations`,
    }),
    "aws:sfn/stateMachine:StateMachine": (w) => ({ arn: arn(w, "states", w.region, `stateMachine:${w.physical}`) }),
    "aws:scheduler/schedule:Schedule": (w) => ({ arn: arn(w, "scheduler", w.region, `schedule/${str(w.inputs.groupName) ?? "default"}/${w.physical}`) }),
    "aws:sns/topic:Topic": (w) => ({ arn: arn(w, "sns", w.region, w.physical) }),
    "aws:cloudwatch/metricAlarm:MetricAlarm": (w) => ({ arn: arn(w, "cloudwatch", w.region, `alarm:${w.physical}`) }),
    "aws:cloudwatch/eventRule:EventRule": (w) => ({ arn: arn(w, "events", w.region, `rule/${w.physical}`) }),
    // Route 53 health checks are global and identified by a UUID.
    "aws:route53/healthCheck:HealthCheck": (w) => ({ id: uuid(w.name), arn: `arn:aws:route53:::healthcheck/${uuid(w.name)}` }),
    "aws:budgets/budget:Budget": (w) => ({ arn: `arn:aws:budgets::${w.account}:budget/${w.physical}` }),
    "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration": (w) => ({ chatConfigurationArn: `arn:aws:chatbot::${w.account}:chat-configuration/slack-channel/${w.physical}` }),
    "aws:rds/instance:Instance": (w) => {
        const identifier = str(w.inputs.identifier) ?? w.name;
        const address = `${identifier}.c${stableHash(`${w.account}-${w.region}`, 12)}.${w.region}.rds.amazonaws.com`;
        const port = w.inputs.port ?? (w.inputs.engine === "mysql" ? 3306 : w.inputs.engine === "postgres" ? 5432 : undefined);
        return {
            arn: arn(w, "rds", w.region, `db:${identifier}`),
            identifier,
            address,
            endpoint: port === undefined ? address : `${address}:${String(port)}`,
            port,
            resourceId: `db-${stableHash(w.name, 26).toUpperCase()}`,
            hostedZoneId: "Z1RLNUO7B9Q6NB",
            // Only with manageMasterUserPassword: RDS names the secret `rds!db-<uuid>`.
            masterUserSecrets: w.inputs.manageMasterUserPassword === true
                ? [{ secretArn: arn(w, "secretsmanager", w.region, `secret:rds!db-${uuid(w.name)}-${stableHash(`${w.name}-s`, 6)}`), kmsKeyId: w.inputs.masterUserSecretKmsKeyId, secretStatus: "active" }]
                : [],
        };
    },
    "aws:ecs/cluster:Cluster": (w) => ({ arn: arn(w, "ecs", w.region, `cluster/${w.physical}`) }),
    "aws:ecs/taskDefinition:TaskDefinition": (w) => ({
        arn: arn(w, "ecs", w.region, `task-definition/${String(w.inputs.family)}:1`),
        arnWithoutRevision: arn(w, "ecs", w.region, `task-definition/${String(w.inputs.family)}`),
        revision: 1,
    }),
    "aws:ecs/service:Service": (w) => ({ arn: arn(w, "ecs", w.region, `service/${w.physical}`) }),
    "aws:lb/targetGroup:TargetGroup": (w) => {
        const suffix = `targetgroup/${w.physical}/${stableHash(w.name, 16)}`;
        return { arn: arn(w, "elasticloadbalancing", w.region, suffix), arnSuffix: suffix };
    },
    // WAFv2 ARNs carry the scope (`global` for CLOUDFRONT) and an ID after the name.
    "aws:wafv2/ipSet:IpSet": (w) => wafArn(w, "ipset"),
    "aws:wafv2/webAcl:WebAcl": (w) => wafArn(w, "webacl"),
    "aws:lb/loadBalancer:LoadBalancer": (w) => {
        const suffix = `app/${w.physical}/${stableHash(w.name, 16)}`;
        return {
            arn: arn(w, "elasticloadbalancing", w.region, `loadbalancer/${suffix}`),
            arnSuffix: suffix,
            dnsName: `${w.physical}-${parseInt(stableHash(w.name, 8), 16)}.${w.region}.elb.amazonaws.com`,
            zoneId: `Z${stableHash(`${w.region}-elb`, 13).toUpperCase()}`,
        };
    },
    // Listener and rule ARNs extend their parent's: `…:listener/app/<lb>/<id>/<id>`.
    "aws:lb/listener:Listener": (w) => ({
        arn: `${String(w.inputs.loadBalancerArn).replace(":loadbalancer/", ":listener/")}/${stableHash(w.name, 16)}`,
    }),
    "aws:lb/listenerRule:ListenerRule": (w) => ({
        arn: `${String(w.inputs.listenerArn).replace(":listener/", ":listener-rule/")}/${stableHash(w.name, 16)}`,
    }),
    // One CNAME per name, as ACM returns them: `*.example.com` and `example.com` share one.
    "aws:acm/certificate:Certificate": (w) => {
        const names = [str(w.inputs.domainName), ...((w.inputs.subjectAlternativeNames as unknown[] | undefined) ?? []).map(str)]
            .filter((n): n is string => n !== undefined);
        return {
            arn: arn(w, "acm", w.region, `certificate/${uuid(w.name)}`),
            domainValidationOptions: names.map((domainName) => {
                const base = domainName.replace(/^\*\./, "");
                return {
                    domainName,
                    resourceRecordName: `_${stableHash(`${w.name}-${base}`, 32)}.${base}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: `_${stableHash(`${w.name}-${base}-value`, 32)}.${stableHash(base, 10)}.acm-validations.aws.`,
                };
            }),
            status: "PENDING_VALIDATION",
        };
    },
    "aws:route53/record:Record": (w) => ({ fqdn: String(w.inputs.name).replace(/\.$/, "") }),
    // CloudFront is global: ARNs carry no region; every distribution's alias zone is Z2FDTNDATAQYW2.
    "aws:cloudfront/distribution:Distribution": (w) => {
        const id = `E${stableHash(w.name, 13).toUpperCase()}`;
        return {
            arn: `arn:aws:cloudfront::${w.account}:distribution/${id}`,
            domainName: `d${stableHash(`${w.name}-domain`, 13)}.cloudfront.net`,
            hostedZoneId: "Z2FDTNDATAQYW2",
            status: "Deployed",
        };
    },
    "aws:cloudfront/function:Function": (w) => ({ arn: `arn:aws:cloudfront::${w.account}:function/${w.physical}`, etag: `E${stableHash(w.name, 13).toUpperCase()}` }),
    "aws:cloudfront/originAccessControl:OriginAccessControl": (w) => ({ etag: `E${stableHash(w.name, 13).toUpperCase()}` }),
    "aws:cloudfront/cachePolicy:CachePolicy": (w) => ({ etag: `E${stableHash(w.name, 13).toUpperCase()}` }),
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": (w) => ({ arn: arn(w, "logs", w.region, `delivery-source:${w.physical}`), service: "cloudfront" }),
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": (w) => ({ arn: arn(w, "logs", w.region, `delivery-destination:${w.physical}`) }),
    "aws:cloudwatch/logDelivery:LogDelivery": (w) => ({ arn: arn(w, "logs", w.region, `delivery:${stableHash(w.name, 16)}`) }),
    "aws:s3/bucket:Bucket": (w) => {
        const bucket = str(w.inputs.bucket) ?? `${w.name}-${stableHash(w.name, 7)}`;
        return {
            bucket,
            arn: `arn:aws:s3:::${bucket}`,
            bucketDomainName: `${bucket}.s3.amazonaws.com`,
            bucketRegionalDomainName: `${bucket}.s3.${w.region}.amazonaws.com`,
        };
    },
};

/** The service part of an ARN, by module of the type token where it differs. */
const ARN_SERVICE: Record<string, string> = { vpc: "ec2", lb: "elasticloadbalancing", appautoscaling: "application-autoscaling" };

/**
 * Computed outputs of an `aws:` resource: the type's own placeholders, or a generic ARN
 * (`arn:aws:<service>:<region>:<account>:<kind>/<name>`) for types not listed.
 */
export function awsComputed(type: string, name: string, inputs: Inputs, providerRegion: string | undefined, providerAccount?: string): Inputs {
    const region = str(inputs.region) ?? providerRegion ?? PLACEHOLDER_AWS_REGION;
    const account = providerAccount ?? PLACEHOLDER_AWS_ACCOUNT;
    const physical = str(inputs.name) ?? name;
    const special = AWS_COMPUTED[type];
    if (special) return special({ name, inputs, region, account, physical });
    const [, module = "", kind = ""] = /^aws:([^/]+)\/([^:]+):/.exec(type) ?? [];
    const service = ARN_SERVICE[module] ?? module;
    return { arn: arn({ account }, service, region, `${kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}/${physical}`) };
}

/** AWS invoke results (data sources) by function token; `account` is the calling provider's, if it names one. */
export const AWS_CALLS: Record<string, (inputs: Inputs, account?: string) => Inputs> = {
    "aws:index/getCallerIdentity:getCallerIdentity": (_, account = PLACEHOLDER_AWS_ACCOUNT) => ({
        accountId: account,
        arn: `arn:aws:iam::${account}:user/placeholder-deployer`,
        userId: "AIDAPLACEHOLDER000000",
        id: account,
    }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" }),
    "aws:index/getRegion:getRegion": (inputs) => {
        const region = str(inputs.region) ?? PLACEHOLDER_AWS_REGION;
        return { region, name: region, endpoint: `ec2.${region}.amazonaws.com`, id: region };
    },
    // The ID differs per region (it is looked up, never hard-coded); 55 is the list's weight.
    "aws:ec2/getManagedPrefixList:getManagedPrefixList": (inputs) => ({
        id: `pl-${stableHash(`${str(inputs.region) ?? PLACEHOLDER_AWS_REGION}-${str(inputs.name) ?? ""}`, 8)}`,
        name: inputs.name,
        addressFamily: "IPv4",
        maxEntries: 55,
        ownerId: "AWS",
        entries: [],
    }),
    // A placeholder account standing for the region's Elastic Load Balancing account.
    "aws:elb/getServiceAccount:getServiceAccount": (inputs) => {
        const account = String(parseInt(stableHash(`elb-${str(inputs.region) ?? PLACEHOLDER_AWS_REGION}`, 10), 16)).padStart(12, "0").slice(-12);
        return { id: account, arn: `arn:aws:iam::${account}:root`, region: str(inputs.region) ?? PLACEHOLDER_AWS_REGION };
    },
    // Looks like a value, not "[secret]": tests must see a leak if the image forgets to keep it secret.
    "aws:ecr/getAuthorizationToken:getAuthorizationToken": (inputs, account = PLACEHOLDER_AWS_ACCOUNT) => ({
        userName: "AWS",
        password: "placeholder-ecr-password",
        proxyEndpoint: `https://${str(inputs.registryId) ?? account}.dkr.ecr.${PLACEHOLDER_AWS_REGION}.amazonaws.com`,
        authorizationToken: "placeholder-ecr-token",
    }),
};
