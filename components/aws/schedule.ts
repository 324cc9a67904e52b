/**
 * An EventBridge Scheduler schedule with a role of its own that may do only what the target
 * needs: shared by `FargateJob` (runs a task) and `RestoreDrill` (starts a state machine).
 * Internal: not exported from `prodstack/aws`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, serviceTrustPolicy, type AwsAccount, type PolicyStatement } from "./iam";

export interface ScheduledTarget {
    /**
     * Logical name prefix of the three resources (`<key>-scheduler`, `<key>-schedule`).
     * @default none (required)
     */
    key: string;
    /**
     * The schedule's name.
     * @default none (required)
     */
    scheduleName: string;
    /**
     * The role's name.
     * @default none (required)
     */
    roleName: string;
    /**
     * The role's description reads "EventBridge Scheduler starts <what> with this role".
     * @default none (required)
     */
    what: string;
    /**
     * The schedule's description.
     * @default none (required)
     */
    description: string;
    /**
     * Name of the role's inline policy.
     * @default none (required)
     */
    policyName: string;
    /**
     * What the role may do: exactly what the target needs.
     * @default none (required)
     */
    statements: PolicyStatement[];
    /**
     * The schedule's region.
     * @default the provider's region
     */
    region: pulumi.Input<string> | undefined;
    /**
     * An EventBridge Scheduler expression, `cron(...)` or `rate(...)`.
     * @default none (required)
     */
    expression: string;
    /**
     * IANA time zone of the expression.
     * @default none (required)
     */
    timezone: string;
    /**
     * The schedule's target; its `roleArn` is the role made here.
     * @default none (required)
     */
    target: Omit<aws.types.input.scheduler.ScheduleTarget, "roleArn">;
}

export function scheduledTarget(parent: pulumi.Resource, account: AwsAccount, s: ScheduledTarget): aws.scheduler.Schedule {
    const role = new aws.iam.Role(`${s.key}-scheduler`, {
        name: s.roleName,
        description: `EventBridge Scheduler starts ${s.what} with this role`,
        // Conditioned on the account only: which ARN Scheduler passes as aws:SourceArn (the
        // schedule's or its group's) is not something to guess in a trust policy.
        assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com", account),
    }, { parent });
    const policy = new aws.iam.RolePolicy(`${s.key}-scheduler`, {
        role: role.name,
        name: s.policyName,
        policy: policyDocument(s.statements),
    }, { parent });
    return new aws.scheduler.Schedule(`${s.key}-schedule`, {
        region: s.region,
        name: s.scheduleName,
        description: s.description,
        scheduleExpression: s.expression,
        scheduleExpressionTimezone: s.timezone,
        flexibleTimeWindow: { mode: "OFF" },
        target: { ...s.target, roleArn: role.arn },
    }, { parent, dependsOn: [policy] });
}
