/**
 * IAM policy documents as the AWS components write them. Internal: not exported from
 * `prodstack/aws`. Documents are JSON strings built from inputs, so ARNs computed by AWS
 * (a log group, a secret) go into the policy exactly, never as a wildcard.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One statement of a policy document. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: Record<string, pulumi.Input<string> | pulumi.Input<string>[]>;
    Action: string | string[];
    Resource?: pulumi.Input<string> | pulumi.Input<string>[];
    Condition?: Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>;
}

/** A policy document (`Version` 2012-10-17) as a JSON string. */
export function policyDocument(statements: PolicyStatement[]): pulumi.Output<string> {
    return pulumi.jsonStringify(pulumi.output({ Version: "2012-10-17", Statement: statements }));
}

/** The account and partition `pulumi up` runs in, looked up once per component. */
export interface AwsAccount {
    accountId: pulumi.Output<string>;
    partition: pulumi.Output<string>;
}

/** Looks up the deploying account and its partition (`aws`, `aws-cn`, `aws-us-gov`). */
export function lookupAccount(parent: pulumi.Resource): AwsAccount {
    return {
        accountId: aws.getCallerIdentityOutput({}, { parent }).accountId,
        partition: aws.getPartitionOutput({}, { parent }).partition,
    };
}

/**
 * A trust policy letting one AWS service assume a role, only on behalf of this account
 * (`aws:SourceAccount`) and, when given, only for matching resources (`aws:SourceArn`):
 * the confused-deputy guard AWS documents for service roles.
 */
export function serviceTrustPolicy(service: string, account: AwsAccount, sourceArnLike?: pulumi.Input<string>): pulumi.Output<string> {
    return policyDocument([{
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: {
            StringEquals: { "aws:SourceAccount": account.accountId },
            ...(sourceArnLike ? { ArnLike: { "aws:SourceArn": sourceArnLike } } : {}),
        },
    }]);
}
