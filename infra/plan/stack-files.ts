/**
 * Reads a Pulumi project and its stack config files the way the Pulumi CLI would, minus
 * decryption: `secure:` values become the "[secret]" placeholder (and their keys are
 * marked secret), so planning never needs the passphrase or a secrets provider.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { SECRET_PLACEHOLDER } from "./engine";

/** A stack's config as the program would see it. */
export interface StackConfig {
    /** Project name from Pulumi.yaml (also the config namespace of the spec). */
    project: string;
    /** Stack name (`staging` for `Pulumi.staging.yaml`). */
    stack: string;
    /** Path of the stack file, relative to the project root. */
    file: string;
    /** Flat config, `namespace:key` → value; structured values as JSON text. */
    config: Record<string, string>;
    /** Keys that hold `secure:` values (anywhere inside them). */
    secretKeys: string[];
}

/** A problem the user can fix (unknown stack, unreadable file); the CLI exits 2. */
export class PlanInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanInputError";
    }
}

export interface ProjectFile {
    name: string;
    /** The program's entry (a file or a directory), relative to the project; default the project directory. */
    main?: string;
    stackConfigDir?: string;
    config?: Record<string, unknown>;
}

/** Walks up from `start` to the directory holding Pulumi.yaml. */
export function findProjectRoot(start: string): string {
    let dir = path.resolve(start);
    for (;;) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        const up = path.dirname(dir);
        if (up === dir) throw new PlanInputError(`No Pulumi.yaml found in ${path.resolve(start)} or any parent directory.`);
        dir = up;
    }
}

function readYaml(file: string): unknown {
    try {
        return parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new PlanInputError(`Cannot read ${file}: ${(err as Error).message.split("\n")[0]}`);
    }
}

export function readProject(root: string): ProjectFile {
    const doc = readYaml(path.join(root, "Pulumi.yaml")) as ProjectFile | null;
    if (!doc || typeof doc.name !== "string") throw new PlanInputError(`${path.join(root, "Pulumi.yaml")} has no project name.`);
    return doc;
}

function stackDir(root: string, project: ProjectFile): string {
    return path.join(root, project.stackConfigDir ?? ".");
}

/** Stack names with a `Pulumi.<stack>.yaml` file, sorted. */
export function listStacks(root: string): string[] {
    const project = readProject(root);
    return fs
        .readdirSync(stackDir(root, project))
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Replaces `{secure: …}` anywhere in a value by the placeholder; reports whether any was found. */
function redactSecure(value: unknown): { value: unknown; secret: boolean } {
    if (Array.isArray(value)) {
        const items = value.map(redactSecure);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (Object.keys(obj).length === 1 && typeof obj.secure === "string") return { value: SECRET_PLACEHOLDER, secret: true };
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) {
            const r = redactSecure(v);
            out[k] = r.value;
            secret ||= r.secret;
        }
        return { value: out, secret };
    }
    return { value, secret: false };
}

/** Pulumi passes scalars as strings and structured values as JSON text. */
function configText(value: unknown): string {
    return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** Loads a stack's config, with project-level defaults from Pulumi.yaml applied first. */
export function loadStack(root: string, stack: string): StackConfig {
    const project = readProject(root);
    const file = path.join(stackDir(root, project), `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = listStacks(root);
        throw new PlanInputError(
            `Unknown stack "${stack}": ${path.relative(root, file)} does not exist. ` +
                `Known stacks: ${known.length ? known.join(", ") : "none"}.`,
        );
    }
    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    const set = (key: string, raw: unknown) => {
        const { value, secret } = redactSecure(raw);
        config[key] = configText(value);
        if (secret) secretKeys.add(key);
        else secretKeys.delete(key);
    };

    for (const [key, decl] of Object.entries(project.config ?? {})) {
        const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
        if (decl !== null && typeof decl === "object" && !Array.isArray(decl)) {
            const d = decl as Record<string, unknown>;
            if ("value" in d) set(fullKey, d.value);
            else if ("default" in d) set(fullKey, d.default);
        } else {
            set(fullKey, decl);
        }
    }
    const doc = (readYaml(file) ?? {}) as { config?: Record<string, unknown> };
    if (doc.config !== undefined && (doc.config === null || typeof doc.config !== "object" || Array.isArray(doc.config))) {
        throw new PlanInputError(`${path.relative(root, file)}: "config" must be a mapping of keys to values.`);
    }
    for (const [key, value] of Object.entries(doc.config ?? {})) set(key, value);

    return { project: project.name, stack, file: path.relative(root, file), config, secretKeys: [...secretKeys].sort() };
}
