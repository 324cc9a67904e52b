/**
 * The public shapes of the AWS alarm components. Kept apart from `alarm.ts`, whose internal
 * helpers take `@pulumi/aws` argument types: a declaration that names an `@pulumi/aws` type
 * breaks the type check of a GCP-only consumer (DEVELOPERS.md).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Runbook } from "../core/runbooks";

/** An alarm's runbook as the runbook dashboard shows it. */
export interface AlarmRunbook {
    /**
     * The alarm's name: the heading of its section on the runbook dashboard.
     * @default none (required)
     */
    alarmName: string;
    /**
     * The full runbook.
     * @default none (required)
     */
    runbook: Runbook;
}

/** One CloudWatch alarm a component created. */
export interface AlarmRef {
    /**
     * The alarm's name.
     * @default none (set by the component)
     */
    readonly name: pulumi.Output<string>;
    /**
     * The alarm's ARN.
     * @default none (set by the component)
     */
    readonly arn: pulumi.Output<string>;
}
