/**
 * What every Cloud Run workload (service, job, worker pool) shares: its own identity with
 * least-privilege grants, env and secret env, the image source, and the validation of those.
 * Internal to the GCP components; not part of the package's API.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { type ArgsChecker, PINNED_IMAGE, resourceName, slug } from "../core/internal";
import { ContainerImage } from "./image";
import { checkSecretFiles, SECRET_KEY, secretVolumes, type SecretFile } from "./secret-files";
import type { SecretEnvVar, ServiceBuild, ServiceVpcAccess } from "./service";

/**
 * Arguments every Cloud Run workload that is not a web service takes (`CloudRunJob`,
 * `CloudRunWorkerPool`): where it runs, what it runs, its size, wiring and protection.
 */
export interface CloudRunWorkloadArgs {
    /**
     * Project the workload runs in; its identity's project-level roles are granted here.
     * An output (`gcp.config.project`, another stack's output) is checked by the cloud.
     * @default none (required)
     */
    project: pulumi.Input<string>;
    /**
     * Region of the workload, e.g. `europe-west1`. An output is checked by the cloud.
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * Prefix of every resource name, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Pinned image reference: `repo/name:tag` (not `latest`) or `repo/name@sha256:<digest>`.
     * Exactly one of `image` and `build`.
     * @default none (one of image or build is required)
     */
    image?: pulumi.Input<string>;
    /**
     * Build context to build and push with Docker; the workload runs the pushed digest.
     * Exactly one of `image` and `build`.
     * @default none (one of image or build is required)
     */
    build?: ServiceBuild;
    /**
     * Overrides the image's entrypoint (ENTRYPOINT), as an argv list: no shell.
     * @default the image's entrypoint
     */
    command?: string[];
    /**
     * Overrides the image's arguments (CMD), e.g. `["manage.py", "migrate", "--noinput"]`.
     * @default the image's arguments
     */
    args?: string[];
    /**
     * vCPU per task or instance: 1, 2, 4, 6 or 8 (CPU is always allocated, so no fraction).
     * @default 1
     */
    cpu?: number;
    /**
     * Memory in MiB, within what Cloud Run allows for the vCPU (512 to 4096 for 1 vCPU).
     * @default 512
     */
    memoryMiB?: number;
    /**
     * Plain environment variables. Never put secret values here: use `secretEnv`.
     * @default {}
     */
    env?: Record<string, pulumi.Input<string>>;
    /**
     * Environment variables read from Secret Manager versions; the identity gets
     * `roles/secretmanager.secretAccessor` on exactly these secrets.
     * @default {}
     */
    secretEnv?: Record<string, SecretEnvVar>;
    /**
     * Files read from Secret Manager versions, by absolute path (CA bundles for clients that
     * want a file); one read-only secret volume per directory (see `CloudRunServiceArgs.secretFiles`).
     * @default {}
     */
    secretFiles?: Record<string, SecretFile>;
    /**
     * Extra project-level roles of the identity (e.g. `roles/cloudsql.client`). Basic, Secret
     * Manager and IAM roles are refused.
     * @default []
     */
    projectRoles?: string[];
    /**
     * Let the identity create tokens for itself only, to sign Cloud Storage URLs without a key file.
     * @default false
     */
    signsUrls?: boolean;
    /**
     * Direct VPC egress on a subnet, to reach private IPs (Cloud SQL, Memorystore).
     * @default none (no VPC access)
     */
    vpc?: ServiceVpcAccess;
    /**
     * Refuse to delete the workload through Pulumi/Terraform (set in prod by `infra/`).
     * @default false
     */
    deletionProtection?: boolean;
    /**
     * Labels of the workload and what it runs; the workload's own name label is added.
     * @default {}
     */
    labels?: Record<string, string>;
}

/** The fields of a workload's args the shared code reads (CloudRunServiceArgs has them too). */
export type WorkloadSettings = Pick<CloudRunWorkloadArgs,
    "project" | "region" | "namePrefix" | "image" | "build" | "command" | "args" | "env" | "secretEnv" | "secretFiles" | "projectRoles" | "vpc" | "labels">;

/** Defaults of {@link CloudRunWorkloadArgs}, shared by the jobs and worker pools. */
export const CLOUD_RUN_WORKLOAD_DEFAULTS = {
    cpu: 1,
    memoryMiB: 512,
    env: {} as Record<string, pulumi.Input<string>>,
    secretEnv: {} as Record<string, SecretEnvVar>,
    secretFiles: {} as Record<string, SecretFile>,
    projectRoles: [] as string[],
    signsUrls: false,
    deletionProtection: false,
    labels: {} as Record<string, string>,
};

/** Roles every workload identity gets: write its logs and metrics. */
export const BASE_SERVICE_ROLES = ["roles/logging.logWriter", "roles/monitoring.metricWriter"] as const;

const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer", "roles/browser"];
/** The vCPU counts Cloud Run allows without fractions. */
export const WHOLE_CPUS = [1, 2, 4, 6, 8];

/** Memory bounds (MiB) Cloud Run accepts for a vCPU setting. */
export function memoryBoundsMiB(cpu: number, environment: "gen1" | "gen2"): { min: number; max: number } {
    const floor = environment === "gen2" ? 512 : 128;
    if (cpu < 0.5) return { min: floor, max: 512 };
    if (cpu < 1) return { min: floor, max: 1024 };
    switch (cpu) {
        case 1: return { min: floor, max: 4096 };
        case 2: return { min: floor, max: 8192 };
        case 4: return { min: 2048, max: 16384 };
        case 6: return { min: 4096, max: 24576 };
        default: return { min: 4096, max: 32768 };
    }
}

/** CPU limit as Cloud Run takes it: whole vCPUs as `"2"`, fractions in millicores (`"500m"`). */
export function cpuLimit(cpu: number): string {
    return cpu >= 1 ? String(cpu) : `${Math.round(cpu * 1000)}m`;
}

/**
 * Whole vCPU and the memory Cloud Run allows with it in the second generation: jobs and
 * worker pools always have CPU allocated, which fractional vCPU does not allow.
 */
export function checkWholeCpuMemory(check: ArgsChecker, cpu: number, memoryMiB: number): void {
    const cpuOk = check.check(WHOLE_CPUS.includes(cpu), "cpu", "1, 2, 4, 6 or 8 vCPU (CPU is always allocated, so no fraction)", cpu);
    const memoryOk = check.check(Number.isInteger(memoryMiB), "memoryMiB", "an integer number of MiB", memoryMiB);
    if (cpuOk && memoryOk) {
        const { min, max } = memoryBoundsMiB(cpu, "gen2");
        check.check(memoryMiB >= min && memoryMiB <= max, "memoryMiB", `${min} to ${max} MiB with ${cpu} vCPU`, memoryMiB);
    }
}

/**
 * Checks what every workload shares: names, image source, env, secret env, roles, VPC
 * egress and labels. `reservedEnv` are the names the platform sets itself.
 */
export function checkWorkloadArgs(check: ArgsChecker, args: WorkloadSettings, reservedEnv: readonly string[]): void {
    check.matchesIfKnown("project", args.project, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a GCP project ID such as \"acme-prod-123\"");
    check.matchesIfKnown("region", args.region, /^[a-z]+-[a-z]+\d+$/, "a GCP region such as \"europe-west1\"");
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,28}[a-z0-9]$/, "2-30 lowercase letters, digits or hyphens, starting with a letter");

    // Image: exactly one source; a literal reference must be pinned.
    if ((args.image === undefined) === (args.build === undefined)) {
        check.fail("image", "exactly one of `image` (a pinned reference) or `build` (a build context)", args.image ?? args.build);
    }
    if (typeof args.image === "string") {
        check.matches("image", args.image, PINNED_IMAGE, "a pinned image reference: \"host/repo/name:tag\" (not \"latest\") or \"host/repo/name@sha256:<digest>\"");
    }

    for (const key of ["command", "args"] as const) {
        const list = args[key];
        if (list !== undefined) {
            check.check(Array.isArray(list) && list.length > 0 && list.every((a) => typeof a === "string" && a.length > 0),
                key, "a non-empty list of non-empty strings (an argv list, no shell)", list);
        }
    }

    // Environment.
    const env = args.env ?? {};
    const secretEnv = args.secretEnv ?? {};
    const envNames = Object.keys(env);
    const secretNames = Object.keys(secretEnv);
    for (const [field, envName] of [...envNames.map((k) => ["env", k]), ...secretNames.map((k) => ["secretEnv", k])]) {
        check.matches(`${field}.${envName}`, envName, /^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name of letters, digits and underscores");
        if (reservedEnv.includes(envName)) check.fail(`${field}.${envName}`, "a name Cloud Run does not set itself", envName);
    }
    for (const envName of envNames) {
        if (secretNames.includes(envName)) check.fail(`env.${envName}`, "each variable in env or secretEnv, not both", envName);
    }
    for (const [envName, ref] of Object.entries(secretEnv)) {
        if (typeof ref.secretId === "string") {
            check.matches(`secretEnv.${envName}.secretId`, ref.secretId, /^(projects\/[^/]+\/secrets\/)?[A-Za-z0-9_-]{1,255}$/, "a secret ID or \"projects/<project>/secrets/<id>\"");
        }
        if (typeof ref.version === "string") {
            check.matches(`secretEnv.${envName}.version`, ref.version, /^([1-9]\d*|latest)$/, "a version number or \"latest\"");
        }
        check.matchesIfGiven(`secretEnv.${envName}.key`, ref.key, SECRET_KEY, "a key of up to 100 lowercase letters, digits and hyphens such as \"session-secret\"");
    }
    // Grants are named by key: two different secrets under one key would share a name.
    const secretOfKey = new Map<string, { envName: string; secretId: pulumi.Input<string> }>();
    for (const envName of secretNames.sort()) {
        const ref = secretEnv[envName];
        if (ref.key !== undefined && !SECRET_KEY.test(ref.key)) continue;
        const key = secretGrantKey(envName, ref);
        const first = secretOfKey.get(key);
        if (!first) secretOfKey.set(key, { envName, secretId: ref.secretId });
        else if (first.secretId !== ref.secretId) {
            check.fail(`secretEnv.${envName}.key`, `a key of its own: ${first.envName} reads another secret under the grant key "${key}"`, ref.key ?? key);
        }
    }

    checkSecretFiles(check, args.secretFiles ?? {});

    // IAM: least privilege for the identity.
    for (const [i, role] of (args.projectRoles ?? []).entries()) {
        const key = `projectRoles[${i}]`;
        if (!check.check(/^roles\/[A-Za-z0-9_.]+$/.test(role), key, "a predefined role such as \"roles/cloudsql.client\"", role)) continue;
        if (BASIC_ROLES.includes(role)) check.fail(key, "a predefined role, not a basic role", role);
        else if (role.startsWith("roles/secretmanager.")) check.fail(key, "no project-wide Secret Manager role (secret access is granted per secret through secretEnv)", role);
        else if (role.startsWith("roles/iam.") || role.startsWith("roles/resourcemanager.")) check.fail(key, "no IAM administration or impersonation role", role);
    }
    if (args.vpc?.egress !== undefined) check.oneOf("vpc.egress", args.vpc.egress, ["private-ranges-only", "all-traffic"]);
    for (const [key, value] of Object.entries(args.labels ?? {})) {
        check.matches(`labels.${key}`, key, /^[a-z][a-z0-9_-]{0,62}$/, "a label key: lowercase letter first, then up to 62 of [a-z0-9_-]");
        check.matches(`labels.${key}`, value, /^[a-z0-9_-]{0,63}$/, "a label value: up to 63 of [a-z0-9_-]");
    }
}

/** A workload's identity and the grants it must hold before it runs. */
export interface WorkloadIdentity {
    /**
     * The workload's own service account.
     * @default none (always created)
     */
    account: gcp.serviceaccount.Account;
    /**
     * Its role, secret and signing grants: the workload starts only once they exist.
     * @default [] (log and metric writer at least, in practice)
     */
    grants: pulumi.Resource[];
}

/**
 * Creates the workload's own service account with log and metric writer, the project roles
 * asked for, and `secretAccessor` on exactly the secrets it mounts, granted per secret.
 * With `signsUrls`, the account may also create tokens for itself (and nobody else), which is
 * what signing Cloud Storage URLs without a key file needs (IAM `signBlob`).
 */
export function createWorkloadIdentity(
    parent: pulumi.ComponentResource,
    name: string,
    args: {
        project: pulumi.Input<string>;
        accountId: string;
        displayName: string;
        description: string;
        projectRoles: string[];
        secretEnv: Record<string, SecretEnvVar>;
        secretFiles?: Record<string, SecretFile>;
        signsUrls?: boolean;
    },
): WorkloadIdentity {
    const account = new gcp.serviceaccount.Account(`${name}-sa`, {
        project: args.project,
        accountId: args.accountId,
        displayName: args.displayName,
        description: args.description,
    }, { parent });
    const member = account.member;

    const grants: pulumi.Resource[] = [];
    for (const role of [...new Set([...BASE_SERVICE_ROLES, ...args.projectRoles])].sort()) {
        grants.push(new gcp.projects.IAMMember(`${name}-${slug(role.replace(/^roles\//, ""))}`, { project: args.project, role, member }, { parent }));
    }

    // One accessor grant per distinct secret (two variables may read the same secret),
    // named after the secret rather than the variable, so renaming or adding a variable
    // never recreates a grant (deleting the old one would remove the shared binding).
    // Each grant also answers to its former name (the first variable reading the secret),
    // so a stack deployed before adopts it in place; unless another grant now has that name.
    const granted = new Map<pulumi.Input<string>, { grantName: string; formerName: string }>();
    for (const envName of Object.keys(args.secretEnv).sort()) {
        const ref = args.secretEnv[envName];
        if (granted.has(ref.secretId)) continue;
        granted.set(ref.secretId, { grantName: `${name}-secret-${secretGrantKey(envName, ref)}`, formerName: `${name}-secret-${slug(envName)}` });
    }
    // Secret files: the same grant when the secret is also read as env.
    for (const file of Object.keys(args.secretFiles ?? {}).sort()) {
        const ref = args.secretFiles![file];
        if (granted.has(ref.secretId)) continue;
        const grantName = `${name}-secret-${slug(ref.key ?? (typeof ref.secretId === "string" ? ref.secretId : file))}`;
        granted.set(ref.secretId, { grantName, formerName: grantName });
    }
    const grantNames = new Set([...granted.values()].map((g) => g.grantName));
    for (const [secretId, { grantName, formerName }] of granted) {
        grants.push(new gcp.secretmanager.SecretIamMember(grantName, {
            secretId,
            role: "roles/secretmanager.secretAccessor",
            member,
        }, { parent, ...(grantNames.has(formerName) ? {} : { aliases: [{ name: formerName }] }) }));
    }

    if (args.signsUrls) {
        grants.push(new gcp.serviceaccount.IAMMember(`${name}-sign-self`, {
            serviceAccountId: account.name,
            role: "roles/iam.serviceAccountTokenCreator",
            member,
        }, { parent }));
    }
    return { account, grants };
}

/**
 * The identity and image of a job or worker pool: `kind` names it in the account's
 * description (`Cloud Run job`), `suffix` ends its account ID (`job`, `wrk`).
 */
export function setUpWorkload(
    parent: pulumi.ComponentResource,
    name: string,
    shortName: string,
    kind: { description: string; suffix: string },
    cfg: WorkloadSettings & { projectRoles: string[]; secretEnv: Record<string, SecretEnvVar>; signsUrls: boolean },
): WorkloadIdentity & { image?: ContainerImage; imageRef: pulumi.Output<string> } {
    const fullName = `${cfg.namePrefix}-${shortName}`;
    const identity = createWorkloadIdentity(parent, name, {
        project: cfg.project,
        accountId: workloadAccountId(cfg.namePrefix, shortName, kind.suffix),
        displayName: `${kind.description} ${fullName}`,
        description: `Identity of ${kind.description} ${fullName} (managed by prodstack)`,
        projectRoles: cfg.projectRoles,
        secretEnv: cfg.secretEnv,
        secretFiles: cfg.secretFiles,
        signsUrls: cfg.signsUrls,
    });
    return { ...identity, ...workloadImage(parent, name, shortName, cfg) };
}

/** The image a workload runs: the pinned reference, or the digest of a child build. */
export function workloadImage(
    parent: pulumi.ComponentResource,
    name: string,
    imageName: string,
    args: Pick<WorkloadSettings, "image" | "build">,
): { image?: ContainerImage; imageRef: pulumi.Output<string> } {
    if (!args.build) return { imageRef: pulumi.output(args.image!) };
    const image = new ContainerImage(`${name}-build`, {
        repositoryUrl: args.build.repositoryUrl,
        imageName,
        context: args.build.context,
        dockerfile: args.build.dockerfile,
        buildArgs: args.build.buildArgs,
        tag: args.build.tag,
    }, { parent });
    return { image, imageRef: image.digestRef };
}

/** Env and secret env as Cloud Run containers take them, sorted by name. */
export function containerEnvs(env: Record<string, pulumi.Input<string>>, secretEnv: Record<string, SecretEnvVar>) {
    return [
        ...Object.entries(env).map(([envName, value]) => ({ name: envName, value })),
        ...Object.entries(secretEnv).map(([envName, ref]) => ({
            name: envName,
            valueSource: { secretKeyRef: { secret: ref.secretId, version: ref.version ?? "latest" } },
        })),
    ].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Secret files as a template's `volumes` and a container's `volumeMounts`, or nothing. */
export function secretFilesOf(files: Record<string, SecretFile> | undefined) {
    const { volumes, mounts } = secretVolumes(files ?? {});
    return {
        template: volumes.length ? { volumes } : {},
        container: mounts.length ? { volumeMounts: mounts } : {},
    };
}

/** The entrypoint and argument overrides as Cloud Run containers take them, or nothing. */
export function commandOf(args: Pick<WorkloadSettings, "command" | "args">) {
    return { ...(args.command ? { commands: args.command } : {}), ...(args.args ? { args: args.args } : {}) };
}

/** Direct VPC egress as Cloud Run takes it, or nothing. */
export function vpcAccessOf(vpc: ServiceVpcAccess | undefined) {
    return vpc
        ? {
            vpcAccess: {
                networkInterfaces: [{ network: vpc.network, subnetwork: vpc.subnetwork }],
                egress: vpc.egress === "all-traffic" ? "ALL_TRAFFIC" : "PRIVATE_RANGES_ONLY",
            },
        }
        : {};
}

/** A service account ID (6-30 characters) for a workload: `<prefix>-<name>-<suffix>`. */
export function workloadAccountId(namePrefix: string, shortName: string, suffix: string): string {
    return resourceName([namePrefix, shortName, suffix], 30);
}

/** Names the accessor grant of a secret env var: its key, else its literal secret ID, else the variable name. */
function secretGrantKey(envName: string, ref: SecretEnvVar): string {
    return slug(ref.key ?? (typeof ref.secretId === "string" ? ref.secretId : envName));
}

