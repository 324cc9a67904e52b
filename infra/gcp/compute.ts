/**
 * Compute concern: Artifact Registry (only when something is built), image builds, the
 * application's Secret Manager secrets, and one Cloud Run service per spec service.
 *
 * Application secrets: every secret named in a service's `secretEnv` is created here as an
 * empty Secret Manager secret `<namePrefix>-app-<name>` (lowercased, `_` → `-`), with
 * deletion protection in prod. The stack never sees or stores the values: an operator adds
 * them out of band, e.g.
 * `printf %s "$VALUE" | gcloud secrets versions add acme-prod-app-session-secret --data-file=-`
 * (the `appSecretIds` stack output lists every ID). Until a secret has a version, Cloud Run
 * cannot start a revision that mounts it, so on a fresh environment run `pulumi up`, add
 * the values, and run `pulumi up` again (or add them between a targeted first run and the
 * full one). `name@3` in the spec mounts version 3; otherwise `latest` is mounted.
 *
 * Secrets declared in `prodstack:secrets` with `generate` are filled by the stack instead:
 * a random value created once (`@pulumi/random`), stored as the first version and mounted
 * by that version number, never changed on later runs.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { byTier, isProd } from "../../components/core/internal";
import { CloudRunService, Registry, Secrets, type SecretEntry, type SecretEnvVar, type SecretFile, type ServiceIngress } from "../../components/gcp";
import { ConfigError, type EnvironmentSpec, type ServiceSpec } from "../config";
import type { Binding, ComputeResult, DataResult, DeployedService, GcpContext } from "./context";

/** APIs the compute concern needs. */
export const COMPUTE_APIS: string[] = [
    "run.googleapis.com",
    "artifactregistry.googleapis.com",
    "secretmanager.googleapis.com",
];

/** Role a service gets when it uses the database (Cloud SQL connectors and IAM auth need it). */
export const CLOUD_SQL_CLIENT = "roles/cloudsql.client";

/** Ingress of a spec service: behind the edge when routed, public only when asked. */
export function ingressOf(svc: ServiceSpec): ServiceIngress {
    if (svc.directIngress) return "all";
    return svc.routes.length > 0 ? "internal-and-load-balancer" : "internal";
}

/** `session-secret@3` → name and version (`latest` when not pinned). */
export function parseSecretRef(ref: string): { name: string; version: string } {
    const at = ref.indexOf("@");
    return at < 0 ? { name: ref, version: "latest" } : { name: ref.slice(0, at), version: ref.slice(at + 1) };
}

/** Key of an application secret in the Secrets component (lowercase, hyphens). */
export function appSecretKey(name: string): string {
    return name.toLowerCase().replace(/_/g, "-");
}

/** Deploys every service of the spec. */
export function deployCompute(ctx: GcpContext, data: DataResult): ComputeResult {
    const { spec } = ctx;
    const namespace = pulumi.getProject();
    const source = `stack "${ctx.stack}"`;
    const prod = isProd(spec.tier);
    const problems: string[] = [];

    // Everything that can be wrong is checked before anything is registered.
    const keyOwner = new Map<string, string>();
    for (const name of Object.keys(spec.secrets)) {
        const key = appSecretKey(name);
        const at = `${namespace}:secrets.${name}`;
        if (key.length > 63) problems.push(`${at}: expected a secret name of at most 63 characters, got ${JSON.stringify(name)}`);
        else if (keyOwner.has(key)) problems.push(`${at}: expected a secret name that differs from "${keyOwner.get(key)}" by more than case or "_" vs "-" (both become secret "${key}"), got ${JSON.stringify(name)}`);
        keyOwner.set(key, keyOwner.get(key) ?? name);
    }
    spec.services.forEach((svc, i) => {
        for (const [envName, ref] of Object.entries(svc.secretEnv)) {
            const { name } = parseSecretRef(ref);
            const key = appSecretKey(name);
            const at = `${namespace}:services[${i}].secretEnv.${envName}`;
            if (key.length > 63) {
                problems.push(`${at}: expected a secret name of at most 63 characters, got ${JSON.stringify(ref)}`);
            } else if (keyOwner.has(key) && keyOwner.get(key) !== name) {
                problems.push(`${at}: expected a secret name that differs from "${keyOwner.get(key)}" by more than case or "_" vs "-" (both become secret "${key}"), got ${JSON.stringify(ref)}`);
            }
            keyOwner.set(key, keyOwner.get(key) ?? name);
        }
        const boundBy = new Map<string, string>();
        for (const [what, binding] of bindingsOf(svc, data)) {
            for (const envName of [...Object.keys(binding.env), ...Object.keys(binding.secretEnv)]) {
                const field = envName in svc.env ? "env" : envName in svc.secretEnv ? "secretEnv" : undefined;
                if (field) {
                    problems.push(`${namespace}:services[${i}].${field}.${envName}: expected a name the ${what} binding does not set, got ${JSON.stringify(envName)}`);
                } else if (boundBy.has(envName)) {
                    // Both bindings are ours: a clash is a bug in the data concern, not in the spec.
                    throw new Error(`The ${boundBy.get(envName)} and ${what} bindings both set ${envName} for service ${svc.name}`);
                }
                boundBy.set(envName, what);
            }
        }
    });
    if (problems.length) throw new ConfigError(problems, source);

    // Application secrets: one per distinct name across services and declarations; empty
    // (filled by hand) unless declared with `generate`.
    const secretKeys = [...keyOwner.keys()].sort();
    const appSecrets = secretKeys.length
        ? new Secrets("app-secrets", {
            namePrefix: `${spec.namePrefix}-app`,
            secrets: Object.fromEntries(secretKeys.map((k) => [k, appSecretEntry(spec, keyOwner.get(k)!)])),
            deletionProtection: prod,
        }, { ...ctx.opts, protect: prod })
        : undefined;
    const generated = new Set(secretKeys.filter((k) => spec.secrets[keyOwner.get(k)!]?.generate));

    // A registry only when something is built: pinned images live elsewhere already.
    const registry = spec.services.some((s) => s.build)
        ? new Registry("registry", { region: spec.region, namePrefix: spec.namePrefix, project: ctx.project }, ctx.opts)
        : undefined;

    const minInstancesOf = (svc: ServiceSpec) => svc.minInstances ?? byTier(spec.tier, { prod: 1, nonProd: 0 });
    const deployed = spec.services.map((svc) => {
        const appSecretEnv: Record<string, SecretEnvVar> = {};
        for (const [envName, ref] of Object.entries(svc.secretEnv)) {
            const { name, version } = parseSecretRef(ref);
            // Keyed by the secret, so renaming the variable keeps the same accessor grant.
            const key = appSecretKey(name);
            // A generated secret is mounted by the version the stack created (unless pinned),
            // so the first revision waits for it.
            const mounted = generated.has(key) && !ref.includes("@") ? appSecrets!.refs[key].version : version;
            appSecretEnv[envName] = { secretId: appSecrets!.refs[key].secretId, version: mounted, key: `app-${key}` };
        }
        const { env, secretEnv, secretFiles, projectRoles } = workloadWiring(svc, appSecretEnv, data);

        return new CloudRunService(svc.name, {
            project: ctx.project,
            region: spec.region,
            namePrefix: spec.namePrefix,
            serviceName: svc.name,
            ...(svc.build
                ? {
                    build: {
                        repositoryUrl: registry!.url,
                        context: svc.build.context,
                        ...(svc.build.dockerfile ? { dockerfile: dockerfilePath(svc.build.context, svc.build.dockerfile) } : {}),
                        buildArgs: svc.build.args,
                        tag: imageTag(ctx.stack),
                    },
                }
                : { image: svc.image }),
            port: svc.port,
            cpu: svc.cpu,
            memoryMiB: svc.memoryMiB,
            minInstances: minInstancesOf(svc),
            maxInstances: svc.maxInstances,
            concurrency: svc.concurrency,
            timeoutSeconds: svc.timeoutSeconds,
            executionEnvironment: "gen2",
            healthPath: svc.healthPath,
            env,
            secretEnv,
            secretFiles,
            projectRoles,
            ingress: ingressOf(svc),
            // All traffic through the VPC leaves through Cloud NAT's static addresses.
            vpc: { network: ctx.network.networkId, subnetwork: ctx.network.subnetworkId, egress: svc.staticEgressIp ? "all-traffic" : "private-ranges-only" },
            deletionProtection: prod,
            labels: ctx.labels,
        }, ctx.opts);
    });

    const result: DeployedService[] = spec.services.map((svc, i) => ({
        name: svc.name,
        serviceName: deployed[i].serviceName,
        region: spec.region,
        routes: svc.routes,
        healthPath: svc.healthPath,
        ...(svc.uptime ? { uptime: svc.uptime } : {}),
        minInstances: minInstancesOf(svc),
        maxInstances: svc.maxInstances,
    }));

    const byName = <T>(pick: (s: CloudRunService) => T) =>
        Object.fromEntries(spec.services.map((svc, i) => [svc.name, pick(deployed[i])]));
    return {
        services: result,
        outputs: {
            serviceUrls: byName((s) => s.uri),
            serviceIdentities: byName((s) => s.serviceAccountEmail),
            serviceImages: byName((s) => s.imageRef),
            ...(appSecrets
                ? { appSecretIds: Object.fromEntries(secretKeys.map((k) => [keyOwner.get(k)!, appSecrets.secrets[k].secretId])) }
                : {}),
            ...(registry ? { artifactRegistryUrl: registry.url } : {}),
        },
    };
}

/** The Secrets entry of an application secret: generated when declared so, else filled by hand. */
function appSecretEntry(spec: EnvironmentSpec, name: string): SecretEntry {
    const generate = spec.secrets[name]?.generate;
    return generate ? { generate: { length: generate.length, charset: generate.charset } } : {};
}

/** What a workload uses: its own env, and the backing stores it asked for. */
export interface WorkloadUses {
    env: Record<string, string>;
    usesDatabase: boolean;
    usesCache: boolean;
}

/**
 * Env, secret env, secret files and project roles of a workload: its own env and
 * application secrets plus every binding of the stores it uses (`DATABASE_URL`, CA files,
 * …). Services, jobs and workers are wired the same way.
 */
export function workloadWiring(w: WorkloadUses, appSecretEnv: Record<string, SecretEnvVar>, data: DataResult): {
    env: Record<string, pulumi.Input<string>>;
    secretEnv: Record<string, SecretEnvVar>;
    secretFiles: Record<string, SecretFile>;
    projectRoles: string[];
} {
    const env: Record<string, pulumi.Input<string>> = { ...w.env };
    const secretEnv: Record<string, SecretEnvVar> = { ...appSecretEnv };
    const secretFiles: Record<string, SecretFile> = {};
    const roles = new Set<string>(w.usesDatabase ? [CLOUD_SQL_CLIENT] : []);
    for (const [, binding] of bindingsOf(w, data)) {
        Object.assign(env, binding.env);
        Object.assign(secretEnv, binding.secretEnv);
        Object.assign(secretFiles, binding.files);
        binding.projectRoles.forEach((r) => roles.add(r));
    }
    return { env, secretEnv, secretFiles, projectRoles: [...roles].sort() };
}

/** The data bindings a workload asked for, by what they bind. */
function bindingsOf(svc: Pick<WorkloadUses, "usesDatabase" | "usesCache">, data: DataResult): Array<[string, Binding]> {
    const out: Array<[string, Binding]> = [];
    if (svc.usesDatabase && data.database) out.push(["database", data.database]);
    if (svc.usesCache && data.cache) out.push(["cache", data.cache]);
    return out;
}

/** The spec's Dockerfile is relative to the build context (as in Compose); Docker wants it relative to the project. */
function dockerfilePath(context: string, dockerfile: string): string {
    return path.posix.isAbsolute(dockerfile) ? dockerfile : path.posix.join(context, dockerfile);
}

/** Tag of built images: the stack name, made a valid Docker tag. The service deploys the digest. */
function imageTag(stack: string): string {
    return stack.replace(/[^A-Za-z0-9_.-]/g, "-").replace(/^[.-]+/, "").slice(0, 128) || "latest";
}
