/**
 * The AWS provider's type tokens the rules read, each checked against `__pulumiType` in
 * `@pulumi/aws` by tests/policy/aws/pack.test.ts, and what a person calls each of them.
 */
import { describer } from "../common";

export const T = {
    provider: "pulumi:providers:aws",
    // Compute
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    ecsService: "aws:ecs/service:Service",
    schedule: "aws:scheduler/schedule:Schedule",
    lambdaFunction: "aws:lambda/function:Function",
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    scalingTarget: "aws:appautoscaling/target:Target",
    // IAM
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    managedPolicy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    accessKey: "aws:iam/accessKey:AccessKey",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    // Network
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    flowLog: "aws:ec2/flowLog:FlowLog",
    // Keys, secrets, logs, images
    kmsKey: "aws:kms/key:Key",
    secret: "aws:secretsmanager/secret:Secret",
    secretPolicy: "aws:secretsmanager/secretPolicy:SecretPolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    repository: "aws:ecr/repository:Repository",
    repositoryPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
    // Databases
    dbInstance: "aws:rds/instance:Instance",
    dbParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    dbBackupReplication: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    // Storage
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    encryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    versioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucketAcl: "aws:s3/bucketAcl:BucketAcl",
    // Observability
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    snsTopic: "aws:sns/topic:Topic",
    budget: "aws:budgets/budget:Budget",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
    logMetricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    // Load balancing and certificates (`aws:alb/*` are the provider's aliases of `aws:lb/*`)
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    albListener: "aws:alb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    albListenerRule: "aws:alb/listenerRule:ListenerRule",
    certificate: "aws:acm/certificate:Certificate",
    certificateValidation: "aws:acm/certificateValidation:CertificateValidation",
    // Edge
    distribution: "aws:cloudfront/distribution:Distribution",
    responseHeadersPolicy: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclRule: "aws:wafv2/webAclRule:WebAclRule",
    webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    // Caches
    replicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
    cacheSubnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
} as const;

/** What a person calls a resource of each type, in violation sentences. */
const KIND: Record<string, string> = {
    [T.accessKey]: "IAM access key",
    [T.oidcProvider]: "IAM OIDC provider",
    [T.taskDefinition]: "ECS task definition",
    [T.ecsService]: "ECS service",
    [T.schedule]: "Scheduler schedule",
    [T.lambdaFunction]: "Lambda function",
    [T.stateMachine]: "Step Functions state machine",
    [T.scalingTarget]: "Autoscaling target",
    [T.role]: "IAM role",
    [T.rolePolicy]: "IAM role policy",
    [T.userPolicy]: "IAM user policy",
    [T.groupPolicy]: "IAM group policy",
    [T.managedPolicy]: "IAM policy",
    [T.rolePolicyAttachment]: "IAM policy attachment",
    [T.policyAttachment]: "IAM policy attachment",
    [T.vpc]: "VPC",
    [T.subnet]: "Subnet",
    [T.securityGroup]: "Security group",
    [T.defaultSecurityGroup]: "Default security group",
    [T.securityGroupRule]: "Security group rule",
    [T.ingressRule]: "Security group ingress rule",
    [T.flowLog]: "Flow log",
    [T.kmsKey]: "KMS key",
    [T.secret]: "Secrets Manager secret",
    [T.secretPolicy]: "Secret policy",
    [T.logGroup]: "Log group",
    [T.repository]: "ECR repository",
    [T.repositoryPolicy]: "ECR repository policy",
    [T.dbInstance]: "RDS instance",
    [T.dbParameterGroup]: "RDS parameter group",
    [T.dbBackupReplication]: "RDS backup replication",
    [T.bucket]: "S3 bucket",
    [T.bucketV2]: "S3 bucket",
    [T.bucketPolicy]: "Bucket policy",
    [T.bucketAcl]: "Bucket ACL",
    [T.metricAlarm]: "CloudWatch alarm",
    [T.healthCheck]: "Route 53 health check",
    [T.snsTopic]: "SNS topic",
    [T.budget]: "Budget",
    [T.eventRule]: "EventBridge rule",
    [T.eventTarget]: "EventBridge target",
    [T.logMetricFilter]: "Metric filter",
    [T.loadBalancer]: "Load balancer",
    [T.albLoadBalancer]: "Load balancer",
    [T.listener]: "Listener",
    [T.albListener]: "Listener",
    [T.listenerRule]: "Listener rule",
    [T.albListenerRule]: "Listener rule",
    [T.certificate]: "ACM certificate",
    [T.certificateValidation]: "Certificate validation",
    [T.distribution]: "CloudFront distribution",
    [T.responseHeadersPolicy]: "Response headers policy",
    [T.webAcl]: "WAF web ACL",
    [T.webAclRule]: "WAF rule",
    [T.webAclLogging]: "WAF logging configuration",
    [T.replicationGroup]: "ElastiCache replication group",
    [T.cacheSubnetGroup]: "ElastiCache subnet group",
    "random:index/randomPassword:RandomPassword": "Generated password",
    "random:index/randomBytes:RandomBytes": "Generated key",
    "random:index/randomString:RandomString": "Generated string",
};

/** Kinds that start with an acronym or a product name keep their capital mid-sentence. */
const PROPER = /^(ECS|ECR|IAM|KMS|VPC|S3|Lambda|Scheduler|Secrets Manager|CloudWatch|Route 53|SNS|EventBridge|RDS|ElastiCache|ACM|CloudFront|WAF)/;

/** `what(r)`: the kind of resource and its logical name (`ECS task definition "api-task"`); `whatLower(r)`: the same mid-sentence. */
export const { what, whatLower } = describer(KIND, PROPER);

/** S3 bucket types (the v7 `Bucket` and its deprecated `BucketV2` alias). */
export const BUCKETS: readonly string[] = [T.bucket, T.bucketV2];

/** Load balancer, listener and listener rule types (`aws:lb` and its `aws:alb` alias). */
export const LOAD_BALANCERS: readonly string[] = [T.loadBalancer, T.albLoadBalancer];
export const LISTENERS: readonly string[] = [T.listener, T.albListener];
export const LISTENER_RULES: readonly string[] = [T.listenerRule, T.albListenerRule];
