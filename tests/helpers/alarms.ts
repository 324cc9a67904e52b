import type * as pulumi from "@pulumi/pulumi";
import { runbookMarkdown, type Runbook } from "../../components/core/runbooks";

/**
 * Stack outputs for a plan of an alarm component: its runbooks as the runbook dashboard
 * shows them, by alarm name (`inv.outputs.runbooks`).
 */
export function runbooksOf(component: { runbooks: { alarmName: string; runbook: Runbook }[] }): { runbooks: Record<string, pulumi.Output<string>> } {
    return { runbooks: Object.fromEntries(component.runbooks.map((r) => [r.alarmName, runbookMarkdown(r.runbook)])) };
}

/** The runbooks a plan's `runbooksOf` outputs, each split into lines. */
export function runbookLines(outputs: Record<string, unknown>): Record<string, string[]> {
    return Object.fromEntries(Object.entries(outputs.runbooks as Record<string, string>).map(([name, text]) => [name, text.split("\n")]));
}
