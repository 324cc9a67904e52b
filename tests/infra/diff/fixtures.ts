/** Small hand-built plan documents for the diff tests (never whole-stack plans). */
import type { PlanDocument } from "../../../infra/plan/document";
import type { PlannedResource } from "../../../infra/plan/engine";

export const COMPONENT = "urn:pulumi:prod::prodstack::prodstack:gcp:Database::database";

export function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<PlannedResource> = {}): PlannedResource {
    const parent = extra.parent === undefined ? COMPONENT : extra.parent;
    const qualified = parent ? `${parent.split("::")[2]}$${type}` : type;
    return {
        urn: `urn:pulumi:prod::prodstack::${qualified}::${name}`,
        type,
        name,
        custom: true,
        parent,
        provider: null,
        inputs,
        protect: false,
        retainOnDelete: false,
        dependsOn: [],
        aliases: [],
        ignoreChanges: [],
        deleteBeforeReplace: false,
        ...extra,
    };
}

export function component(): PlannedResource {
    return { ...resource("prodstack:gcp:Database", "database", {}, { parent: null }), custom: false };
}

export function plan(resources: PlannedResource[], stack = "prod"): PlanDocument {
    return { formatVersion: 1, note: "", project: "prodstack", stack, cloud: "gcp", outputs: {}, resources: [component(), ...resources] };
}

/** A Cloud SQL instance; `ipv4Enabled: true` violates the mandatory db-no-public-ip. */
export function database(opts: { ipv4Enabled?: boolean; tier?: string; deletionProtection?: boolean; protect?: boolean; maintenance?: boolean } = {}) {
    return resource(
        "gcp:sql/databaseInstance:DatabaseInstance",
        "database-primary",
        {
            databaseVersion: "POSTGRES_17",
            deletionProtection: opts.deletionProtection ?? true,
            region: "europe-west1",
            rootPassword: "[secret]",
            settings: {
                tier: opts.tier ?? "db-custom-2-7680",
                ipConfiguration: { ipv4Enabled: opts.ipv4Enabled ?? false, privateNetwork: "vpc", sslMode: "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" },
                ...(opts.maintenance === false ? {} : { maintenanceWindow: { day: 7, hour: 3 } }),
            },
        },
        { protect: opts.protect ?? true },
    );
}

export function serviceAccount(accountId = "acme-prod-api") {
    return resource("gcp:serviceaccount/account:Account", "api-sa", { accountId, displayName: "api" });
}
