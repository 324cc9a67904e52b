/**
 * Secret files of Cloud Run workloads: Secret Manager versions mounted read-only as files
 * (secret volumes), one volume per directory. Shared by every Cloud Run workload component.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type ArgsChecker, slug } from "../core/internal";

/** A file whose content is a Secret Manager version, mounted read-only (a Cloud Run secret volume). */
export interface SecretFile {
    /**
     * Secret resource ID (`projects/…/secrets/…`) or secret ID in the service's project.
     * @default none (required)
     */
    secretId: pulumi.Input<string>;
    /**
     * Version to mount: a version number, or `latest`.
     * @default "latest"
     */
    version?: pulumi.Input<string>;
    /**
     * Stable short name of the secret, naming its accessor grant (as `SecretEnvVar.key`); a
     * secret read both as env and as a file gets one grant when both use the same key.
     * @default the secret ID when it is a string, else the file path
     */
    key?: string;
}

/** A secret volume as Cloud Run services, jobs and worker pools take it. */
export interface SecretVolume {
    /**
     * Volume name, referenced by the mount.
     * @default none (required)
     */
    name: string;
    /**
     * The secret and the files it becomes.
     * @default none (required)
     */
    secret: {
        /**
         * Secret ID.
         * @default none (required)
         */
        secret: pulumi.Input<string>;
        /**
         * Mode bits of the files (0444: readable by any user the app runs as).
         * @default none (required)
         */
        defaultMode: number;
        /**
         * One file per version: its name in the directory and the version.
         * @default none (required)
         */
        items: Array<{
            /**
             * File name inside the mounted directory.
             * @default none (required)
             */
            path: string;
            /**
             * Secret version in the file.
             * @default none (required)
             */
            version: pulumi.Input<string>;
        }>;
    };
}

/** A volume mount of a Cloud Run container. */
export interface VolumeMount {
    /**
     * The volume to mount.
     * @default none (required)
     */
    name: string;
    /**
     * Directory the volume appears at.
     * @default none (required)
     */
    mountPath: string;
}

/** A Secret Manager secret's key in the spec: up to 100 lowercase letters, digits and hyphens. */
export const SECRET_KEY = /^[a-z0-9][a-z0-9-]{0,99}$/;


const FILE_PATH = /^(\/[A-Za-z0-9._-]+){2,}$/;
// FILE_PATH has two segments or more, so a system directory is always followed by a slash.
const SYSTEM_DIRS = /^\/(dev|proc|sys)\//;

/** `/etc/app/ca.pem` → `/etc/app`. */
function dirOf(file: string): string {
    return file.slice(0, file.lastIndexOf("/"));
}

/** Records every problem with `secretFiles`: paths Cloud Run accepts, one secret per directory, no nested mounts. */
export function checkSecretFiles(check: ArgsChecker, files: Record<string, SecretFile>): void {
    const secretOfDir = new Map<string, { file: string; secretId: pulumi.Input<string> }>();
    for (const [file, ref] of Object.entries(files)) {
        const key = `secretFiles[${JSON.stringify(file)}]`;
        if (!check.check(FILE_PATH.test(file) && !/\/\.\.?(\/|$)/.test(file), key, "an absolute file path in a directory, such as \"/etc/app/ca.pem\"", file)) continue;
        if (!check.check(!SYSTEM_DIRS.test(file), key, "a path outside /dev, /proc and /sys (Cloud Run refuses mounts there)", file)) continue;
        if (typeof ref.version === "string") check.matches(`${key}.version`, ref.version, /^([1-9]\d*|latest)$/, "a version number or \"latest\"");
        check.matchesIfGiven(`${key}.key`, ref.key, SECRET_KEY, "a key of up to 100 lowercase letters, digits and hyphens such as \"db-ca\"");
        const dir = dirOf(file);
        const first = secretOfDir.get(dir);
        if (first && first.secretId !== ref.secretId) {
            check.fail(key, `a directory of its own: ${first.file} mounts another secret in ${dir} (one secret volume per directory)`, file);
        }
        if (!first) secretOfDir.set(dir, { file, secretId: ref.secretId });
    }
    const dirs = [...secretOfDir.keys()].sort();
    for (const dir of dirs) {
        const outer = dirs.find((other) => dir.startsWith(`${other}/`));
        if (outer) check.fail(`secretFiles[${JSON.stringify(secretOfDir.get(dir)!.file)}]`, `a directory not inside another secret volume (${outer})`, dir);
    }
}

/** Secret volumes and their mounts for `files`: one volume per directory. */
export function secretVolumes(files: Record<string, SecretFile>): { volumes: SecretVolume[]; mounts: VolumeMount[] } {
    const byDir = new Map<string, Array<[string, SecretFile]>>();
    for (const file of Object.keys(files).sort()) {
        const dir = dirOf(file);
        byDir.set(dir, [...(byDir.get(dir) ?? []), [file, files[file]]]);
    }
    const volumes: SecretVolume[] = [];
    const mounts: VolumeMount[] = [];
    for (const [dir, entries] of byDir) {
        const volumeName = `secret-${slug(dir)}`.slice(0, 63);
        volumes.push({
            name: volumeName,
            secret: {
                secret: entries[0][1].secretId,
                // Read-only for everyone: the app may run as any user.
                defaultMode: 0o444,
                items: entries.map(([file, ref]) => ({ path: file.slice(dir.length + 1), version: ref.version ?? "latest" })),
            },
        });
        mounts.push({ name: volumeName, mountPath: dir });
    }
    return { volumes, mounts };
}

