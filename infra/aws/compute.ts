/**
 * Compute concern on AWS: the application's Secrets Manager secrets, ECR and image builds
 * (only when something is built), the environment's one ECS cluster (Container Insights on),
 * one ECS Fargate service per web service or worker and one Fargate job per job, all in that
 * cluster (run-on-deploy jobs before the services that wait for them), and the application
 * buckets (see `workloads.ts`).
 *
 * Application secrets: every secret named in a `secretEnv` or declared in `prodstack:secrets`
 * is created as `<namePrefix>/app/<name>` (lowercased, `_` → `-`), encrypted with the
 * environment's key, protected in prod. One declared with `generate` gets a random value once
 * (never changed later); the stack never sees the others' values: add them out of band, e.g.
 * `aws secretsmanager put-secret-value --secret-id acme-prod/app/session-secret --secret-string "$VALUE"`
 * (the `appSecretArns` output lists them). A task cannot start until its secrets have a value,
 * so on a fresh environment run `pulumi up`, add the values, and run `pulumi up` again.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ContainerImage, FargateService, Registry, Secrets } from "../../components/aws";
import { byTier, isProd } from "../../components/core/internal";
import { ConfigError, type EnvironmentSpec, type JobSpec, type ServiceSpec } from "../config";
import { appSecretEntry, appSecretsOf, contentTag, dockerfilePath, workloadsOf } from "../workloads";
import type { AwsContext, AwsDataResult, ComputeResult } from "./context";
import { bindingsOf } from "./data";
import type { LoadBalancerResult } from "./load-balancer";
import { deployBuckets, deployJobs, imageAfter, taskArgsOf } from "./workloads";

/** Tasks a web service keeps running without `minInstances`: two in prod, spread over zones. */
export const DEFAULT_AWS_MIN_INSTANCES = { prod: 2, nonProd: 1 };

/** Tasks of a worker without `minInstances`: two in prod (one can restart while the other works). */
export const DEFAULT_AWS_WORKER_INSTANCES = { prod: 2, nonProd: 1 };

/** Throws what the compute concern cannot deploy; `deployAws` calls it before registering anything. */
export function checkCompute(spec: EnvironmentSpec, stack: string): void {
    const { problems } = appSecretsOf(spec, workloadsOf(spec, pulumi.getProject()), pulumi.getProject());
    if (problems.length) throw new ConfigError(problems, `stack "${stack}"`);
}

/**
 * Deploys every service, worker, job and application bucket of the spec. Jobs come first: a
 * service or worker that lists a run-on-deploy job in `after` rolls out once the job succeeded.
 * A web service with routes attaches to the load balancer of `lb` (see `load-balancer.ts`).
 */
export function deployCompute(ctx: AwsContext, lb?: LoadBalancerResult, data: AwsDataResult = { databases: [], caches: [], outputs: {} }): ComputeResult {
    const { spec } = ctx;
    const prod = isProd(spec.tier);
    const workloads = workloadsOf(spec, pulumi.getProject());
    const { keyOwner } = appSecretsOf(spec, workloads, pulumi.getProject());

    const secretKeys = [...keyOwner.keys()].sort();
    const appSecrets = secretKeys.length
        ? new Secrets("app-secrets", {
            namePrefix: `${spec.namePrefix}/app`,
            region: spec.region,
            kmsKeyArn: ctx.key.arn,
            // Generated once when declared with `generate`, else filled by hand.
            secrets: Object.fromEntries(secretKeys.map((k) => [k, appSecretEntry(spec, keyOwner.get(k)!)])),
            // Non-prod: 0 deletes at once, so a destroyed environment can be recreated under the same names.
            recoveryWindowDays: prod ? 30 : 0,
            deletionProtection: prod,
        }, { ...ctx.opts, protect: prod })
        : undefined;
    const secretArns = Object.fromEntries(secretKeys.map((k) => [k, appSecrets!.refs[k].arn]));

    // A registry only when something is built: pinned images live elsewhere already.
    const built = workloads.filter((w) => w.build);
    const registry = built.length
        ? new Registry("registry", {
            namePrefix: spec.namePrefix,
            region: spec.region,
            images: built.map((w) => w.name),
            kmsKeyArn: ctx.key.arn,
            forceDelete: !prod,
            deletionProtection: prod,
        }, { ...ctx.opts, protect: prod })
        : undefined;
    const images = new Map(built.map((w) => {
        const b = w.build!;
        return [w.name, new ContainerImage(`image-${w.name}`, {
            repositoryUrl: registry!.repositoryUrls[w.name],
            context: b.context,
            ...(b.dockerfile ? { dockerfile: dockerfilePath(b.context, b.dockerfile) } : {}),
            buildArgs: b.args,
            // ECR tags are immutable: a tag per content, never the same tag for new content.
            tag: contentTag(ctx.stack, b.context, b.args),
        }, ctx.opts).digestRef];
    }));
    const imageOf = (w: ServiceSpec | JobSpec): pulumi.Input<string> => images.get(w.name) ?? w.image!;
    // One cluster for every service, worker and job: one place for Container Insights, and
    // the ClusterName every ECS alarm of the environment names.
    const ecsCluster = new aws.ecs.Cluster("cluster", {
        region: spec.region,
        name: spec.namePrefix,
        settings: [{ name: "containerInsights", value: "enhanced" }],
    }, { provider: ctx.provider });
    const cluster = { arn: ecsCluster.arn, name: ecsCluster.name };
    const common = (w: ServiceSpec | JobSpec) => ({ ...taskArgsOf(ctx, w, imageOf(w), secretArns, bindingsOf(data, w)), cluster });

    const jobs = deployJobs(ctx, common);
    const services = spec.services.map((svc) => {
        const args = { ...common(svc), image: imageAfter(imageOf(svc), svc.after.map((name) => jobs.get(name)!)) };
        if (svc.kind === "worker") {
            const instances = svc.minInstances ?? byTier(spec.tier, DEFAULT_AWS_WORKER_INSTANCES);
            return new FargateService(svc.name, { ...args, serviceName: svc.name, kind: "worker", minInstances: instances, maxInstances: instances }, ctx.opts);
        }
        return new FargateService(svc.name, {
            ...args,
            serviceName: svc.name,
            kind: "web",
            port: svc.port,
            healthPath: svc.healthPath,
            minInstances: svc.minInstances ?? byTier(spec.tier, DEFAULT_AWS_MIN_INSTANCES),
            maxInstances: svc.maxInstances,
            // A routed service: admitted from the load balancer, attached by its listener rules.
            ...lb?.attachments.get(svc.name),
        }, ctx.opts);
    });

    // The stores admit each workload that uses them, now that its task security group exists.
    const groups: Array<[ServiceSpec | JobSpec, pulumi.Output<string>]> = [
        ...spec.services.map((svc, i) => [svc, services[i].securityGroupId] as [ServiceSpec, pulumi.Output<string>]),
        ...spec.jobs.map((job) => [job, jobs.get(job.name)!.securityGroupId] as [JobSpec, pulumi.Output<string>]),
    ];
    for (const [w, group] of groups) for (const b of bindingsOf(data, w)) b.admit(w.name, group);

    const taskRoles = new Map<string, pulumi.Output<string>>([
        ...spec.services.map((svc, i) => [svc.name, services[i].taskRoleArn] as const),
        ...[...jobs].map(([name, job]) => [name, job.taskRoleArn] as const),
    ]);
    const buckets = deployBuckets(ctx, taskRoles);

    return {
        clusterName: ecsCluster.name,
        clusterArn: ecsCluster.arn,
        services: spec.services.map((svc, i) => ({
            name: svc.name,
            kind: svc.kind,
            serviceName: services[i].serviceName,
            securityGroupId: services[i].securityGroupId,
            clusterName: services[i].clusterName,
            ...(services[i].targetGroup ? { targetGroupArnSuffix: services[i].targetGroup!.arnSuffix } : {}),
            minInstances: svc.kind === "worker"
                ? svc.minInstances ?? byTier(spec.tier, DEFAULT_AWS_WORKER_INSTANCES)
                : svc.minInstances ?? byTier(spec.tier, DEFAULT_AWS_MIN_INSTANCES),
            maxInstances: svc.kind === "worker" ? svc.minInstances ?? byTier(spec.tier, DEFAULT_AWS_WORKER_INSTANCES) : svc.maxInstances,
        })),
        jobs: [...jobs].map(([name, job]) => ({ name, taskDefinitionArn: job.taskDefinitionArn, family: job.family })),
        outputs: {
            ecsClusterName: ecsCluster.name,
            serviceNames: Object.fromEntries(spec.services.map((svc, i) => [svc.name, services[i].serviceName])),
            taskRoleArns: Object.fromEntries(taskRoles),
            serviceImages: Object.fromEntries(workloads.map((w) => [w.name, imageOf(w)])),
            ...(jobs.size ? { jobTaskDefinitions: Object.fromEntries([...jobs].map(([name, job]) => [name, job.taskDefinitionArn])) } : {}),
            ...(buckets.size ? { appBuckets: Object.fromEntries([...buckets].map(([name, b]) => [name, b.bucketName])) } : {}),
            ...(appSecrets ? { appSecretArns: Object.fromEntries(secretKeys.map((k) => [keyOwner.get(k)!, secretArns[k]])) } : {}),
            ...(registry ? { ecrRepositoryUrls: registry.repositoryUrls } : {}),
        },
    };
}
