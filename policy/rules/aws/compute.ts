/** AWS compute rules: ECS task definitions (containers, env, images, roles) and autoscaling. */
import type { PolicyResource, ResourceCheck, StackCheck } from "../../types";
import {
    arr,
    GENERATED_SECRETS,
    generatedSecrets,
    get,
    isPinnedImage,
    known,
    linked,
    listing,
    OFFLINE_SECRET,
    ofTypes,
    parseJson,
    plainSecretReason,
    reportGeneratedSecretUse,
    skip,
    str,
    type Props,
} from "../common";
import { T, what, whatLower } from "./types";

/**
 * The containers of a task definition (`containerDefinitions` is a JSON string). `secret`
 * when the plan shows the whole string as a Pulumi secret: a secret value went into it.
 * While unknown (a first preview: it embeds the image digest and log group of this run)
 * reading it throws, and the engine notes the policy could not run until `pulumi up`.
 */
function containersOf(props: Props): Props[] | "secret" | undefined {
    const raw = props.containerDefinitions;
    if (raw === OFFLINE_SECRET) return "secret";
    const parsed = parseJson(raw);
    return Array.isArray(parsed) ? (parsed as Props[]) : undefined;
}

const containerName = (c: Props) => str(c.name) || "(unnamed)";

// ---------------------------------------------------------------------------
// secrets-not-in-plain-env
// ---------------------------------------------------------------------------

/** A Secrets Manager or Parameter Store ARN is a reference, not the secret. */
const isSecretReference = (v: string) => /^arn:aws[a-z-]*:(secretsmanager|ssm):/.test(v);

export const secretsNotInPlainEnv: ResourceCheck = {
    types: [T.taskDefinition, T.lambdaFunction],
    check(args, report) {
        if (args.type === T.lambdaFunction) {
            const variables = known(() => get(args.props, "environment.variables"), undefined);
            if (variables === OFFLINE_SECRET || known(() => args.props.environment, undefined) === OFFLINE_SECRET) {
                report(`${what(args)} has a Pulumi secret in its environment variables; read it from Secrets Manager at run time instead.`);
                return;
            }
            const vars = (parseJson(variables) ?? {}) as Props;
            for (const [name, value] of Object.entries(vars)) {
                const reason = plainSecretReason(name, value, isSecretReference);
                if (reason) {
                    report(
                        `${what(args)} passes ${name} as a plain environment variable although ${reason}; ` +
                            "read it from Secrets Manager at run time instead.",
                    );
                }
            }
            return;
        }
        const containers = containersOf(args.props);
        if (containers === "secret") {
            report(
                `${what(args)} has a Pulumi secret inside containerDefinitions, so a secret value reaches the container as ` +
                    "plain text; put it in Secrets Manager and list it under the container's secrets (valueFrom) instead.",
            );
            return;
        }
        for (const container of containers ?? []) {
            for (const env of arr(container.environment) as Props[]) {
                const name = str(env.name);
                const reason = plainSecretReason(name, env.value, isSecretReference);
                if (reason) {
                    report(
                        `${what(args)} passes ${name} to container ${containerName(container)} as a plain environment variable ` +
                            `although ${reason}; list it under the container's secrets (valueFrom a Secrets Manager ARN) instead.`,
                    );
                }
            }
        }
    },
};

// ---------------------------------------------------------------------------
// images-pinned
// ---------------------------------------------------------------------------

export const imagesPinned: ResourceCheck = {
    types: [T.taskDefinition],
    check(args, report) {
        const containers = containersOf(args.props);
        if (!Array.isArray(containers)) return;
        for (const container of containers) {
            const image = str(container.image);
            if (image !== "" && !isPinnedImage(image)) {
                report(
                    `${what(args)} runs the unpinned image ${image} in container ${containerName(container)}; ` +
                        "deploy by digest or by an immutable version tag.",
                );
            }
        }
    },
};

// ---------------------------------------------------------------------------
// containers-hardened
// ---------------------------------------------------------------------------

export const containersHardened: ResourceCheck = {
    types: [T.taskDefinition],
    check(args, report) {
        for (const mode of ["pidMode", "ipcMode"]) {
            if (str(known(() => args.props[mode], "")) === "host") {
                report(`${what(args)} shares the host's ${mode === "pidMode" ? "process" : "IPC"} namespace (${mode}: host); remove ${mode}.`);
            }
        }
        const containers = containersOf(args.props);
        if (!Array.isArray(containers)) return;
        for (const container of containers) {
            const name = containerName(container);
            if (container.privileged === true) {
                report(`${what(args)} runs container ${name} privileged, with every capability of the host; remove privileged.`);
            }
            if (container.readonlyRootFilesystem !== true) {
                report(
                    `${what(args)} lets container ${name} write to its root filesystem, so an intruder can change the code it ` +
                        "runs; set readonlyRootFilesystem: true and mount a volume for the paths it must write (such as /tmp).",
                );
            }
        }
    },
};

// ---------------------------------------------------------------------------
// dedicated-service-identities
// ---------------------------------------------------------------------------

/** The role a task definition's `prop` names: the role resource when it is in the stack, else the ARN. */
function roleOf(td: PolicyResource, prop: string, roles: PolicyResource[]): { key: string; label: string } | undefined {
    const value = known(() => td.props[prop], undefined);
    const [role, ...more] = linked(td, roles, [prop], false);
    if (role && !more.length) return { key: role.urn, label: whatLower(role) };
    if (typeof value === "string" && value !== "") return { key: value, label: value };
    // Unknown during a first preview and not resolved: distinct from every other.
    return value === undefined || value === null ? undefined : { key: `${td.urn}#${prop}`, label: "(computed)" };
}

/**
 * Every task definition's application runs as a task role of its own, apart from the
 * execution role ECS uses to pull the image and read secrets. No task role at all means no
 * AWS credentials in the container, which is least privilege already.
 */
export const dedicatedServiceIdentities: StackCheck = {
    types: [T.taskDefinition, T.role],
    check(resources, report, ctx) {
        const tasks = ofTypes(resources, T.taskDefinition);
        if (!tasks.length) return skip("no ECS task definition in this stack");
        ctx.examined(...tasks);
        const roles = ofTypes(resources, T.role);
        const byRole = new Map<string, { label: string; tasks: PolicyResource[] }>();
        for (const td of tasks) {
            const task = roleOf(td, "taskRoleArn", roles);
            const execution = roleOf(td, "executionRoleArn", roles);
            if (task && execution && task.key === execution.key) {
                report(
                    `${what(td)} runs its application as its execution role (${task.label}), so the code holds ECS's image-pull ` +
                        "and secret-reading permissions; give the task a task role of its own.",
                    td.urn,
                );
            }
            if (task) byRole.set(task.key, { label: task.label, tasks: [...(byRole.get(task.key)?.tasks ?? []), td] });
        }
        for (const { label, tasks: group } of byRole.values()) {
            if (group.length < 2) continue;
            for (const td of group) {
                const others = group.filter((o) => o !== td).map(whatLower);
                report(
                    `${what(td)} shares its task role (${label}) with ${listing(others)}; give each workload its own task role ` +
                        "so one compromise does not grant the other's access.",
                    td.urn,
                );
            }
        }
    },
};

// ---------------------------------------------------------------------------
// autoscaling-bounded
// ---------------------------------------------------------------------------

export const autoscalingBounded: ResourceCheck = {
    types: [T.scalingTarget],
    check(args, report) {
        const max = Number(known(() => args.props.maxCapacity, 1));
        const min = Number(known(() => args.props.minCapacity, 0));
        if (!(max > 0) || max < min) {
            report(
                `${what(args)} has no usable maximum (maxCapacity ${String(args.props.maxCapacity)}, minCapacity ${min}); set ` +
                    "maxCapacity at or above minCapacity so a traffic spike cannot run up cost or exhaust the database's connections.",
            );
        }
    },
};

// ---------------------------------------------------------------------------
// generated-secrets-not-in-plain-env
// ---------------------------------------------------------------------------

/** Plain env values of an ECS task definition (every container) or a Lambda function, by name. */
function plainEnvOf(w: PolicyResource): Array<[string, unknown]> {
    if (w.type === T.lambdaFunction) return Object.entries((parseJson(known(() => get(w.props, "environment.variables"), undefined)) ?? {}) as Props);
    const containers = known(() => containersOf(w.props), undefined);
    return (Array.isArray(containers) ? containers : []).flatMap((c) => (arr(c.environment) as Props[]).map((e): [string, unknown] => [str(e.name), e.value]));
}

/**
 * A generated secret reaches tasks and functions only through Secrets Manager: none takes an
 * input straight from a random resource, and no plain env value contains a generated value.
 */
export const generatedSecretsNotInPlainEnv: StackCheck = {
    types: [T.taskDefinition, T.lambdaFunction, ...Object.keys(GENERATED_SECRETS)],
    check(resources, report, ctx) {
        const secrets = generatedSecrets(resources);
        const workloads = ofTypes(resources, T.taskDefinition, T.lambdaFunction);
        if (!secrets.generated.length) return skip("no generated secret (random password, bytes or string) in this stack");
        if (!workloads.length) return skip("no ECS task definition or Lambda function in this stack");
        ctx.examined(...secrets.generated, ...workloads);
        const wording = {
            what,
            whatLower,
            storeIt: "store it in Secrets Manager and list it under the container's secrets (valueFrom) instead",
            readIt: "read it from Secrets Manager instead",
        };
        for (const w of workloads) reportGeneratedSecretUse(w, secrets, plainEnvOf(w), wording, report);
    },
};
