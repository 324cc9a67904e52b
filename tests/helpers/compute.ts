/** Runs the compute concern under mocks, as `deployGcp` would, for the infra tests. */
import * as gcp from "@pulumi/gcp";
import { Network } from "../../components/gcp/network";
import type { EnvironmentSpec } from "../../infra/config";
import { deployCompute } from "../../infra/gcp/compute";
import type { ComputeResult, DataResult, GcpContext } from "../../infra/gcp/context";
import { environmentLabels } from "../../infra/labels";
import { plan, type Inventory } from "./inventory";

export const NO_DATA: DataResult = { databases: [], caches: [], outputs: {} };
/** Bindings as the data concern hands them over (inputs to compute, not mocked outputs). */
export const DATA: DataResult = {
    database: {
        env: { DATABASE_HOST: "10.200.0.5", DATABASE_NAME: "app" },
        secretEnv: { DATABASE_PASSWORD: { secretId: "projects/acme-web-staging/secrets/acme-stg-db-password", version: "1" } },
        files: { "/etc/prodstack/database/server-ca.pem": { secretId: "projects/acme-web-staging/secrets/acme-stg-db-ca", version: "2", key: "db-ca" } },
        projectRoles: ["roles/cloudsql.client", "roles/cloudsql.instanceUser"],
    },
    cache: {
        env: { REDIS_HOST: "10.200.0.6" },
        secretEnv: { REDIS_AUTH: { secretId: "projects/acme-web-staging/secrets/acme-stg-redis-auth", version: "1" } },
        files: { "/etc/prodstack/redis/server-ca.pem": { secretId: "projects/acme-web-staging/secrets/acme-stg-redis-ca", version: "1", key: "redis-ca" } },
        projectRoles: [],
    },
    databases: [],
    caches: [],
    outputs: {},
};

export interface Run {
    inv: Inventory;
    result?: ComputeResult;
    error?: unknown;
}

/** Runs the compute concern of `s` on a network and provider of its own, as `deployGcp` would. */
export async function deploy(s: EnvironmentSpec, data: DataResult = DATA, stack = "staging"): Promise<Run> {
    const run: Partial<Run> = {};
    run.inv = await plan(() => {
        const project = s.gcp!.project;
        const provider = new gcp.Provider("gcp", { project, region: s.region });
        const network = new Network("network", { region: s.region, namePrefix: s.namePrefix }, { providers: [provider] });
        const ctx: GcpContext = { spec: s, stack, project, labels: environmentLabels(s, stack), provider, opts: { providers: [provider] }, network };
        try {
            run.result = deployCompute(ctx, data);
        } catch (e) {
            run.error = e;
            return {};
        }
        return { ...run.result.outputs, deployedServiceNames: run.result.services.map((d) => d.serviceName) };
    }, stack);
    return run as Run;
}

