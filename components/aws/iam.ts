/**
 * IAM policy documents as the AWS components write them. Internal: not exported from
 * `prodstack/aws`. Documents are JSON strings built from inputs, so ARNs computed by AWS
 * (a log group, a secret) go into the policy exactly, never as a wildcard.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One statement of a policy document. */
export interface PolicyStatement {
    /**
     * Statement ID: letters and digits, unique in the document.
     * @default none
     */
    Sid?: string;
    /**
     * Allow or deny.
     * @default none (required)
     */
    Effect: "Allow" | "Deny";
    /**
     * Who (resource policies only), e.g. `{ Service: "logs.eu-central-1.amazonaws.com" }`.
     * @default none
     */
    Principal?: Record<string, pulumi.Input<string> | pulumi.Input<string>[]>;
    /**
     * IAM actions, `service:Action`.
     * @default none (required)
     */
    Action: string | string[];
    /**
     * Resource ARNs; `*` only where the action has no resource-level permissions.
     * @default none
     */
    Resource?: pulumi.Input<string> | pulumi.Input<string>[];
    /**
     * Conditions by operator, then key.
     * @default none
     */
    Condition?: Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>;
}

/** A policy document (`Version` 2012-10-17) as a JSON string. */
export function policyDocument(statements: PolicyStatement[]): pulumi.Output<string> {
    return pulumi.jsonStringify(pulumi.output({ Version: "2012-10-17", Statement: statements }));
}

/** The account and partition `pulumi up` runs in, looked up once per component. */
export interface AwsAccount {
    /**
     * Twelve-digit account ID.
     * @default none (required)
     */
    accountId: pulumi.Output<string>;
    /**
     * Partition: `aws`, `aws-cn` or `aws-us-gov`.
     * @default none (required)
     */
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
