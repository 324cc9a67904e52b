/** The URNs a resource's `aliases` option names (plan format: `{urn}` or `{spec}` messages). */
import type { PlannedResource } from "../plan/engine";

const ROOT_TYPE = "pulumi:pulumi:Stack";

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` split into its parts. */
function parts(urn: string) {
    const [head, project, qualified, ...name] = urn.split("::");
    return { stack: head.replace(/^urn:pulumi:/, ""), project, qualified, name: name.join("::") };
}

export function aliasUrns(r: PlannedResource): string[] {
    const own = parts(r.urn);
    return (r.aliases ?? []).flatMap((a): string[] => {
        if (typeof a === "string") return [a];
        const obj = (a ?? {}) as { urn?: unknown; spec?: Record<string, unknown> };
        if (typeof obj.urn === "string" && obj.urn) return [obj.urn];
        const spec = obj.spec;
        if (!spec) return [];
        const str = (k: string) => (typeof spec[k] === "string" && spec[k] !== "" ? (spec[k] as string) : undefined);
        const parentUrn = spec.noparent ? undefined : (str("parenturn") ?? r.parent ?? undefined);
        const parentQualified = parentUrn ? parts(parentUrn).qualified : undefined;
        const type = str("type") ?? r.type;
        const qualified = parentQualified && parentQualified !== ROOT_TYPE ? `${parentQualified}$${type}` : type;
        return [`urn:pulumi:${str("stack") ?? own.stack}::${str("project") ?? own.project}::${qualified}::${str("name") ?? own.name}`];
    });
}
