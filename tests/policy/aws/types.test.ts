import { BUCKETS, LISTENER_RULES, LISTENERS, LOAD_BALANCERS, T, what, whatLower } from "../../../policy/rules/aws/types";

describe("AWS type tokens", () => {
    it("are distinct provider tokens (that @pulumi/aws declares each is tests/policy/aws/pack.test.ts's)", () => {
        const { provider, ...resources } = T;
        expect(provider).toBe("pulumi:providers:aws");
        expect(Object.values(resources).filter((t) => !/^aws:[a-z0-9]+\/[a-zA-Z0-9]+:[A-Z][A-Za-z0-9]+$/.test(t))).toEqual([]);
        expect(new Set(Object.values(T)).size).toBe(Object.keys(T).length);
    });

    it("group each resource with its alias", () => {
        expect(BUCKETS).toEqual(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]);
        expect(LOAD_BALANCERS).toEqual(["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"]);
        expect(LISTENERS).toEqual(["aws:lb/listener:Listener", "aws:alb/listener:Listener"]);
        expect(LISTENER_RULES).toEqual(["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"]);
    });
});

describe("what a person calls each AWS resource", () => {
    it.each([
        ["aws:iam/accessKey:AccessKey", "IAM access key \"r\"", "IAM access key \"r\""],
        ["aws:iam/openIdConnectProvider:OpenIdConnectProvider", "IAM OIDC provider \"r\"", "IAM OIDC provider \"r\""],
        ["aws:ecs/taskDefinition:TaskDefinition", "ECS task definition \"r\"", "ECS task definition \"r\""],
        ["aws:ecs/service:Service", "ECS service \"r\"", "ECS service \"r\""],
        ["aws:scheduler/schedule:Schedule", "Scheduler schedule \"r\"", "Scheduler schedule \"r\""],
        ["aws:lambda/function:Function", "Lambda function \"r\"", "Lambda function \"r\""],
        ["aws:appautoscaling/target:Target", "Autoscaling target \"r\"", "autoscaling target \"r\""],
        ["aws:iam/role:Role", "IAM role \"r\"", "IAM role \"r\""],
        ["aws:iam/rolePolicy:RolePolicy", "IAM role policy \"r\"", "IAM role policy \"r\""],
        ["aws:iam/userPolicy:UserPolicy", "IAM user policy \"r\"", "IAM user policy \"r\""],
        ["aws:iam/groupPolicy:GroupPolicy", "IAM group policy \"r\"", "IAM group policy \"r\""],
        ["aws:iam/policy:Policy", "IAM policy \"r\"", "IAM policy \"r\""],
        ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "IAM policy attachment \"r\"", "IAM policy attachment \"r\""],
        ["aws:iam/policyAttachment:PolicyAttachment", "IAM policy attachment \"r\"", "IAM policy attachment \"r\""],
        ["aws:ec2/vpc:Vpc", "VPC \"r\"", "VPC \"r\""],
        ["aws:ec2/subnet:Subnet", "Subnet \"r\"", "subnet \"r\""],
        ["aws:ec2/securityGroup:SecurityGroup", "Security group \"r\"", "security group \"r\""],
        ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "Default security group \"r\"", "default security group \"r\""],
        ["aws:ec2/securityGroupRule:SecurityGroupRule", "Security group rule \"r\"", "security group rule \"r\""],
        ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "Security group ingress rule \"r\"", "security group ingress rule \"r\""],
        ["aws:ec2/flowLog:FlowLog", "Flow log \"r\"", "flow log \"r\""],
        ["aws:kms/key:Key", "KMS key \"r\"", "KMS key \"r\""],
        ["aws:secretsmanager/secret:Secret", "Secrets Manager secret \"r\"", "Secrets Manager secret \"r\""],
        ["aws:secretsmanager/secretPolicy:SecretPolicy", "Secret policy \"r\"", "secret policy \"r\""],
        ["aws:cloudwatch/logGroup:LogGroup", "Log group \"r\"", "log group \"r\""],
        ["aws:ecr/repository:Repository", "ECR repository \"r\"", "ECR repository \"r\""],
        ["aws:ecr/repositoryPolicy:RepositoryPolicy", "ECR repository policy \"r\"", "ECR repository policy \"r\""],
        ["aws:rds/instance:Instance", "RDS instance \"r\"", "RDS instance \"r\""],
        ["aws:rds/parameterGroup:ParameterGroup", "RDS parameter group \"r\"", "RDS parameter group \"r\""],
        ["aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "RDS backup replication \"r\"", "RDS backup replication \"r\""],
        ["aws:s3/bucket:Bucket", "S3 bucket \"r\"", "S3 bucket \"r\""],
        ["aws:s3/bucketV2:BucketV2", "S3 bucket \"r\"", "S3 bucket \"r\""],
        ["aws:s3/bucketPolicy:BucketPolicy", "Bucket policy \"r\"", "bucket policy \"r\""],
        ["aws:s3/bucketAcl:BucketAcl", "Bucket ACL \"r\"", "bucket ACL \"r\""],
        ["aws:cloudwatch/metricAlarm:MetricAlarm", "CloudWatch alarm \"r\"", "CloudWatch alarm \"r\""],
        ["aws:route53/healthCheck:HealthCheck", "Route 53 health check \"r\"", "Route 53 health check \"r\""],
        ["aws:sns/topic:Topic", "SNS topic \"r\"", "SNS topic \"r\""],
        ["aws:budgets/budget:Budget", "Budget \"r\"", "budget \"r\""],
        ["aws:cloudwatch/eventRule:EventRule", "EventBridge rule \"r\"", "EventBridge rule \"r\""],
        ["aws:cloudwatch/eventTarget:EventTarget", "EventBridge target \"r\"", "EventBridge target \"r\""],
        ["aws:cloudwatch/logMetricFilter:LogMetricFilter", "Metric filter \"r\"", "metric filter \"r\""],
        ["aws:lb/loadBalancer:LoadBalancer", "Load balancer \"r\"", "load balancer \"r\""],
        ["aws:alb/loadBalancer:LoadBalancer", "Load balancer \"r\"", "load balancer \"r\""],
        ["aws:lb/listener:Listener", "Listener \"r\"", "listener \"r\""],
        ["aws:alb/listener:Listener", "Listener \"r\"", "listener \"r\""],
        ["aws:lb/listenerRule:ListenerRule", "Listener rule \"r\"", "listener rule \"r\""],
        ["aws:alb/listenerRule:ListenerRule", "Listener rule \"r\"", "listener rule \"r\""],
        ["aws:acm/certificate:Certificate", "ACM certificate \"r\"", "ACM certificate \"r\""],
        ["aws:acm/certificateValidation:CertificateValidation", "Certificate validation \"r\"", "certificate validation \"r\""],
        ["aws:cloudfront/distribution:Distribution", "CloudFront distribution \"r\"", "CloudFront distribution \"r\""],
        ["aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", "Response headers policy \"r\"", "response headers policy \"r\""],
        ["aws:wafv2/webAcl:WebAcl", "WAF web ACL \"r\"", "WAF web ACL \"r\""],
        ["aws:wafv2/webAclRule:WebAclRule", "WAF rule \"r\"", "WAF rule \"r\""],
        ["aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "WAF logging configuration \"r\"", "WAF logging configuration \"r\""],
        ["aws:elasticache/replicationGroup:ReplicationGroup", "ElastiCache replication group \"r\"", "ElastiCache replication group \"r\""],
        ["aws:elasticache/subnetGroup:SubnetGroup", "ElastiCache subnet group \"r\"", "ElastiCache subnet group \"r\""],
        ["random:index/randomPassword:RandomPassword", "Generated password \"r\"", "generated password \"r\""],
        ["random:index/randomBytes:RandomBytes", "Generated key \"r\"", "generated key \"r\""],
        ["random:index/randomString:RandomString", "Generated string \"r\"", "generated string \"r\""],
    ])("%s: %s, mid-sentence %s", (type, name, lower) => {
        expect([what({ type, name: "r" }), whatLower({ type, name: "r" })]).toEqual([name, lower]);
    });

    it("names an unknown type by its token, and keeps a capital only for a kind that starts with a product name", () => {
        expect(whatLower({ type: "aws:foo/bar:Bar", name: "r" })).toBe('aws:foo/bar:Bar "r"');
        expect(whatLower({ type: "aws:ec2/subnet:Subnet", name: "ECS-tasks" })).toBe('subnet "ECS-tasks"');
    });
});
