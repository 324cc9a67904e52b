/**
 * Cloud-neutral helpers of the compute concern, shared by the GCP and AWS compositions:
 * the spec's workloads with their key paths, application secret names, and how a build's
 * Dockerfile path and image tag are derived. Loads no cloud SDK.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { GeneratedSecret } from "../components/core/generated-secret";
import type { EnvironmentSpec, JobSpec, ServiceSpec } from "./config";

/** A service, worker or job of the spec, with where it sits in the spec. */
export type Workload = (ServiceSpec | JobSpec) & { at: string };

/** Every workload of the spec, services first, each with its key path (`prodstack:jobs[0]`). */
export function workloadsOf(spec: EnvironmentSpec, namespace: string): Workload[] {
    return [
        ...spec.services.map((s, i) => ({ ...s, at: `${namespace}:services[${i}]` })),
        ...spec.jobs.map((j, i) => ({ ...j, at: `${namespace}:jobs[${i}]` })),
    ];
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

/**
 * The application secrets (those declared in `prodstack:secrets`, then those the workloads
 * name), by key with the first spelling seen, and the problems: a name too long for a
 * secret, or two names that become the same key.
 */
export function appSecretsOf(spec: EnvironmentSpec, workloads: Workload[], namespace: string): { keyOwner: Map<string, string>; problems: string[] } {
    const keyOwner = new Map<string, string>();
    const problems: string[] = [];
    for (const name of Object.keys(spec.secrets)) {
        const key = appSecretKey(name);
        const at = `${namespace}:secrets.${name}`;
        if (key.length > 63) problems.push(`${at}: expected a secret name of at most 63 characters, got ${JSON.stringify(name)}`);
        else if (keyOwner.has(key)) problems.push(`${at}: expected a secret name that differs from "${keyOwner.get(key)}" by more than case or "_" vs "-" (both become secret "${key}"), got ${JSON.stringify(name)}`);
        keyOwner.set(key, keyOwner.get(key) ?? name);
    }
    for (const w of workloads) {
        for (const [envName, ref] of Object.entries(w.secretEnv)) {
            const { name } = parseSecretRef(ref);
            const key = appSecretKey(name);
            const at = `${w.at}.secretEnv.${envName}`;
            if (key.length > 63) {
                problems.push(`${at}: expected a secret name of at most 63 characters, got ${JSON.stringify(ref)}`);
            } else if (keyOwner.has(key) && keyOwner.get(key) !== name) {
                problems.push(`${at}: expected a secret name that differs from "${keyOwner.get(key)}" by more than case or "_" vs "-" (both become secret "${key}"), got ${JSON.stringify(ref)}`);
            }
            keyOwner.set(key, keyOwner.get(key) ?? name);
        }
    }
    return { keyOwner, problems };
}

/** The Secrets entry of an application secret: generated when declared so, else filled by hand. */
export function appSecretEntry(spec: EnvironmentSpec, name: string): { generate?: GeneratedSecret } {
    const generate = spec.secrets[name]?.generate;
    return generate ? { generate: { length: generate.length, charset: generate.charset } } : {};
}

/** The spec's Dockerfile is relative to the build context (as in Compose); Docker wants it relative to the project. */
export function dockerfilePath(context: string, dockerfile: string): string {
    return path.posix.isAbsolute(dockerfile) ? dockerfile : path.posix.join(context, dockerfile);
}

/** Tag of built images: the stack name, made a valid Docker tag. The service deploys the digest. */
export function imageTag(stack: string): string {
    return stack.replace(/[^A-Za-z0-9_.-]/g, "-").replace(/^[.-]+/, "").slice(0, 128) || "latest";
}

/**
 * A tag unique to what is built, for registries with immutable tags (ECR): the stack's tag
 * plus a hash of the build context's files and build args, so an unchanged context keeps its
 * tag (nothing is pushed) and a changed one never tries to overwrite a pushed tag.
 * `.git` and `node_modules` are skipped; a missing context hashes as empty (the image
 * component reports it).
 */
export function contentTag(stack: string, context: string, buildArgs: Record<string, string>): string {
    const hash = createHash("sha256");
    const walk = (dir: string) => {
        let entries: fs.Dirent[];
        try {
            entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
            return;
        }
        for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
            if (e.name === ".git" || e.name === "node_modules") continue;
            const full = path.join(dir, e.name);
            if (e.isDirectory()) walk(full);
            else if (e.isFile()) hash.update(`${path.relative(context, full)}\0`).update(fs.readFileSync(full)).update("\0");
        }
    };
    walk(context);
    hash.update(JSON.stringify(Object.entries(buildArgs).sort()));
    return `${imageTag(stack).slice(0, 100)}-${hash.digest("hex").slice(0, 12)}`;
}

/**
 * The weekly window an hour after `day` (1 = Monday … 7 = Sunday) at `hour` UTC; 23:00 on
 * Sunday rolls over to Monday 00:00. Caches restart an hour after their database, on both clouds.
 */
export function hourAfter(day: number, hour: number): { maintenanceDay: number; maintenanceHour: number } {
    return hour === 23 ? { maintenanceDay: (day % 7) + 1, maintenanceHour: 0 } : { maintenanceDay: day, maintenanceHour: hour + 1 };
}
