/**
 * Compute concern: Artifact Registry (only when something is built), image builds, the
 * application's Secret Manager secrets, one Cloud Run service per web service, one worker
 * pool per worker, one Cloud Run job per job (run-on-deploy jobs before the services that
 * wait for them) and the application buckets (see `workloads.ts`).
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
import * as pulumi from "@pulumi/pulumi";
import { byTier, isProd } from "../../components/core/internal";
import { CloudRunService, Registry, Secrets, type SecretEnvVar, type ServiceIngress } from "../../components/gcp";
import { CloudRunWorkerPool } from "../../components/gcp/worker-pool";
import { ConfigError, type EnvironmentSpec, type JobSpec, type ServiceSpec } from "../config";
import type { ComputeResult, DataResult, DeployedService, GcpContext } from "./context";
import { appSecretEntry, appSecretKey, appSecretsOf, dockerfilePath, imageTag, parseSecretRef, workloadsOf } from "../workloads";
import { bindingsOf, CLOUD_SQL_CLIENT, deployBuckets, deployJobs, gcpSizingProblems, wiringOf } from "./workloads";

export { appSecretKey, CLOUD_SQL_CLIENT, parseSecretRef };

/** APIs the compute concern needs. */
export const COMPUTE_APIS: string[] = [
    "run.googleapis.com",
    "artifactregistry.googleapis.com",
    "secretmanager.googleapis.com",
];

/** API of Cloud Scheduler, enabled when a job has a schedule. */
export const SCHEDULER_API = "cloudscheduler.googleapis.com";

/** IAM Service Account Credentials API (`signBlob`), enabled when a bucket has `signedUrls`. */
export const SIGNING_API = "iamcredentials.googleapis.com";

/** The APIs only some specs need: Cloud Scheduler for schedules, IAM credentials for signed URLs. */
export function workloadApis(spec: EnvironmentSpec): string[] {
    return [
        ...(spec.jobs.some((j) => j.schedule) ? [SCHEDULER_API] : []),
        ...(spec.buckets.some((b) => b.signedUrls) ? [SIGNING_API] : []),
    ];
}

/** Instances of a worker without `minInstances`: two in prod (one can restart while the other works). */
export const DEFAULT_WORKER_INSTANCES = { prod: 2, nonProd: 1 };

/** Ingress of a spec service: behind the edge when routed, public only when asked. */
export function ingressOf(svc: ServiceSpec): ServiceIngress {
    if (svc.directIngress) return "all";
    return svc.routes.length > 0 ? "internal-and-load-balancer" : "internal";
}

/**
 * Deploys every service, worker, job and application bucket of the spec. Jobs come first:
 * a service or worker that lists a run-on-deploy job in `after` rolls out once the job's
 * execution succeeded.
 */
export function deployCompute(ctx: GcpContext, data: DataResult): ComputeResult {
    const { spec } = ctx;
    const namespace = pulumi.getProject();
    const source = `stack "${ctx.stack}"`;
    const prod = isProd(spec.tier);
    const problems: string[] = [];

    // Everything that can be wrong is checked before anything is registered.
    const workloads = workloadsOf(spec, namespace);
    const { keyOwner, problems: secretProblems } = appSecretsOf(spec, workloads, namespace);
    problems.push(...secretProblems);
    workloads.forEach((svc) => {
        problems.push(...gcpSizingProblems(svc));
        const boundBy = new Map<string, string>();
        for (const [what, binding] of bindingsOf(svc, data)) {
            for (const envName of [...Object.keys(binding.env), ...Object.keys(binding.secretEnv)]) {
                const field = envName in svc.env ? "env" : envName in svc.secretEnv ? "secretEnv" : undefined;
                if (field) {
                    problems.push(`${svc.at}.${field}.${envName}: expected a name the ${what} binding does not set, got ${JSON.stringify(envName)}`);
                } else if (boundBy.has(envName)) {
                    // Both bindings are ours: a clash is a bug in the data concern, not in the spec.
                    throw new Error(`The ${boundBy.get(envName)} and ${what} bindings both set ${envName} for service ${svc.name}`);
                }
                boundBy.set(envName, what);
            }
        }
    });
    if (problems.length) throw new ConfigError(problems, source);

    // Application secrets: one per distinct name across workloads and declarations; empty
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
    const registry = [...spec.services, ...spec.jobs].some((s) => s.build)
        ? new Registry("registry", { region: spec.region, namePrefix: spec.namePrefix, project: ctx.project }, ctx.opts)
        : undefined;

    const minInstancesOf = (svc: ServiceSpec) => svc.minInstances ?? byTier(spec.tier, { prod: 1, nonProd: 0 });
    const secretRef = (ref: string): SecretEnvVar => {
        const { name, version } = parseSecretRef(ref);
        // Keyed by the secret, so renaming the variable keeps the same accessor grant.
        const key = appSecretKey(name);
        // A generated secret is mounted by the version the stack created (unless pinned),
        // so the first revision waits for it.
        const mounted = generated.has(key) && !ref.includes("@") ? appSecrets!.refs[key].version : version;
        return { secretId: appSecrets!.refs[key].secretId, version: mounted, key: `app-${key}` };
    };
    const build = (b: NonNullable<ServiceSpec["build"]>) => ({
        build: {
            repositoryUrl: registry!.url,
            context: b.context,
            ...(b.dockerfile ? { dockerfile: dockerfilePath(b.context, b.dockerfile) } : {}),
            buildArgs: b.args,
            tag: imageTag(ctx.stack),
        },
    });
    /** What every workload gets alike: image, command, size, wiring, VPC egress, protection, labels. */
    const common = (w: ServiceSpec | JobSpec) => ({
        project: ctx.project,
        region: spec.region,
        namePrefix: spec.namePrefix,
        ...(w.build ? build(w.build) : { image: w.image }),
        ...(w.command ? { command: w.command } : {}),
        ...(w.args ? { args: w.args } : {}),
        cpu: w.cpu,
        memoryMiB: w.memoryMiB,
        ...wiringOf(ctx, w, data, secretRef),
        // A fixed egress IP: all traffic through the VPC, out of Cloud NAT's static addresses.
        vpc: { network: ctx.network.networkId, subnetwork: ctx.network.subnetworkId, egress: staticEgress(w) ? "all-traffic" as const : "private-ranges-only" as const },
        deletionProtection: prod,
        labels: ctx.labels,
    });

    const jobs = deployJobs(ctx, common);
    const webServices = spec.services.filter((svc) => svc.kind === "web");
    const workerSpecs = spec.services.filter((svc) => svc.kind === "worker");

    const deployed = webServices.map((svc) => new CloudRunService(svc.name, {
        ...common(svc),
        serviceName: svc.name,
        port: svc.port,
        minInstances: minInstancesOf(svc),
        maxInstances: svc.maxInstances,
        concurrency: svc.concurrency,
        timeoutSeconds: svc.timeoutSeconds,
        executionEnvironment: "gen2",
        healthPath: svc.healthPath,
        deployAfter: svc.after.map((name) => jobs.get(name)!.job),
        ingress: ingressOf(svc),
    }, ctx.opts));

    const workers = workerSpecs.map((svc) => new CloudRunWorkerPool(svc.name, {
        ...common(svc),
        workerName: svc.name,
        instances: svc.minInstances ?? byTier(spec.tier, DEFAULT_WORKER_INSTANCES),
        deployAfter: svc.after.map((name) => jobs.get(name)!.job),
    }, ctx.opts));

    const identities = new Map<string, pulumi.Output<string>>([
        ...webServices.map((svc, i) => [svc.name, deployed[i].serviceAccountEmail] as const),
        ...workerSpecs.map((svc, i) => [svc.name, workers[i].serviceAccountEmail] as const),
        ...[...jobs].map(([name, job]) => [name, job.serviceAccountEmail] as const),
    ]);
    const buckets = deployBuckets(ctx, identities);

    const result: DeployedService[] = webServices.map((svc, i) => ({
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
        Object.fromEntries(webServices.map((svc, i) => [svc.name, pick(deployed[i])]));
    return {
        services: result,
        jobs: [...jobs].map(([name, job]) => ({ name, jobName: job.jobName })),
        workers: workerSpecs.map((svc, i) => ({ name: svc.name, workerPoolName: workers[i].workerPoolName })),
        outputs: {
            serviceUrls: byName((s) => s.uri),
            serviceIdentities: Object.fromEntries(identities),
            serviceImages: {
                ...byName((s) => s.imageRef),
                ...Object.fromEntries(workerSpecs.map((svc, i) => [svc.name, workers[i].imageRef])),
                ...Object.fromEntries([...jobs].map(([name, job]) => [name, job.imageRef])),
            },
            ...(jobs.size ? { jobNames: Object.fromEntries([...jobs].map(([name, job]) => [name, job.jobName])) } : {}),
            ...(workers.length ? { workerPools: Object.fromEntries(workerSpecs.map((svc, i) => [svc.name, workers[i].workerPoolName])) } : {}),
            ...(buckets.size ? { appBuckets: Object.fromEntries([...buckets].map(([name, b]) => [name, b.bucketName])) } : {}),
            ...(appSecrets
                ? { appSecretIds: Object.fromEntries(secretKeys.map((k) => [keyOwner.get(k)!, appSecrets.secrets[k].secretId])) }
                : {}),
            ...(registry ? { artifactRegistryUrl: registry.url } : {}),
        },
    };
}

/** Whether a workload's egress leaves from the static addresses (services only ask for it). */
function staticEgress(w: ServiceSpec | JobSpec): boolean {
    return "staticEgressIp" in w && w.staticEgressIp;
}

