/**
 * Defaults and validation of {@link CloudRunServiceArgs}: what Cloud Run would reject, or
 * what would weaken the service's isolation, fails before any resource is registered.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, definedOnly, slug } from "../core/internal";
import type { SecretFile } from "./secret-files";
import type { CloudRunServiceArgs } from "./service";
import { INGRESS_VALUES, type ExecutionEnvironment, type SecretEnvVar, type ServiceIngress } from "./service-types";
import { checkWorkloadArgs, memoryBoundsMiB, WHOLE_CPUS } from "./workload";

/** Defaults of {@link CloudRunServiceArgs}, in one place. */
export const CLOUD_RUN_SERVICE_DEFAULTS = {
    port: 8080,
    cpu: 1,
    memoryMiB: 512,
    minInstances: 0,
    maxInstances: 10,
    concurrency: 80,
    timeoutSeconds: 300,
    startupCpuBoost: true,
    cpuAlwaysAllocated: false,
    executionEnvironment: "gen2" as ExecutionEnvironment,
    healthPath: "/healthz",
    env: {} as Record<string, pulumi.Input<string>>,
    secretEnv: {} as Record<string, SecretEnvVar>,
    secretFiles: {} as Record<string, SecretFile>,
    projectRoles: [] as string[],
    ingress: "internal" as ServiceIngress,
    invokers: [] as string[],
    signsUrls: false,
    deployAfter: [] as pulumi.Resource[],
    deletionProtection: false,
    labels: {} as Record<string, string>,
};

/** Env names Cloud Run sets itself. */
export const RESERVED_ENV_NAMES = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"] as const;


/** Throws if `args` would be rejected by Cloud Run or weaken the service's isolation. */
export function validateCloudRunServiceArgs(type: string, name: string, args: CloudRunServiceArgs): void {
    const check = new ArgsChecker(type, name);
    const cfg = { ...CLOUD_RUN_SERVICE_DEFAULTS, ...definedOnly(args) };

    check.matches("serviceName", args.serviceName, /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/, "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter");

    checkWorkloadArgs(check, args, RESERVED_ENV_NAMES);

    check.intInRange("port", args.port, 1, 65535);
    check.oneOf("executionEnvironment", args.executionEnvironment, ["gen1", "gen2"] as ExecutionEnvironment[]);

    // CPU, memory and concurrency, against Cloud Run's documented limits.
    const cpu = cfg.cpu;
    const fractional = Number.isFinite(cpu) && cpu >= 0.08 && cpu < 1 && Math.abs(cpu * 1000 - Math.round(cpu * 1000)) < 1e-6;
    const cpuOk = check.check(
        fractional || WHOLE_CPUS.includes(cpu),
        "cpu",
        "1, 2, 4, 6 or 8 vCPU, or a fraction from 0.08 to below 1 in steps of 0.001",
        cpu,
    );
    const concurrencyOk = Number.isInteger(cfg.concurrency) && cfg.concurrency >= 1 && cfg.concurrency <= 1000;
    check.check(concurrencyOk, "concurrency", "an integer from 1 to 1000", cfg.concurrency);
    const memoryOk = check.check(
        Number.isInteger(cfg.memoryMiB) && cfg.memoryMiB >= 128 && cfg.memoryMiB <= 32768,
        "memoryMiB",
        "an integer from 128 to 32768 (MiB)",
        cfg.memoryMiB,
    );
    if (cpuOk && fractional) {
        const why = `because cpu is below 1 vCPU (${cpu})`;
        if (concurrencyOk) check.check(cfg.concurrency === 1, "concurrency", `1 ${why}`, cfg.concurrency);
        check.check(cfg.executionEnvironment === "gen1", "executionEnvironment", `"gen1" ${why}: Cloud Run runs fractional vCPU only in the first generation`, cfg.executionEnvironment);
        check.check(!cfg.cpuAlwaysAllocated, "cpuAlwaysAllocated", `false ${why}: fractional vCPU requires request-based billing`, cfg.cpuAlwaysAllocated);
    }
    if (cpuOk && memoryOk && ["gen1", "gen2"].includes(cfg.executionEnvironment)) {
        const { min, max } = memoryBoundsMiB(cpu, cfg.executionEnvironment);
        check.check(
            cfg.memoryMiB >= min && cfg.memoryMiB <= max,
            "memoryMiB",
            `${min} to ${max} MiB with ${cpu} vCPU in the ${cfg.executionEnvironment === "gen2" ? "second" : "first"} generation`,
            cfg.memoryMiB,
        );
    }

    // Scaling and timeout.
    check.intInRange("minInstances", args.minInstances, 0, 1000);
    check.intInRange("maxInstances", args.maxInstances, 1, 1000);
    if (Number.isInteger(cfg.minInstances) && Number.isInteger(cfg.maxInstances) && cfg.minInstances > cfg.maxInstances) {
        check.fail("minInstances", `at most maxInstances (${cfg.maxInstances})`, cfg.minInstances);
    }
    check.intInRange("timeoutSeconds", args.timeoutSeconds, 1, 3600);
    check.matchesIfGiven("healthPath", args.healthPath, /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, "a URL path starting with \"/\" such as \"/healthz\"");

    check.oneOf("ingress", args.ingress, Object.keys(INGRESS_VALUES) as ServiceIngress[]);
    for (const [i, member] of cfg.invokers.entries()) {
        const key = `invokers[${i}]`;
        if (cfg.invokers.findIndex((m) => slug(m) === slug(member)) < i) {
            check.fail(key, "each member once", member);
        } else if (member === "allUsers" || member === "allAuthenticatedUsers") {
            check.fail(key, "a specific member (public access is `allowUnauthenticated`, which needs no allUsers binding)", member);
        } else {
            check.matches(key, member, /^(serviceAccount|user|group|domain|principal|principalSet):.+$/, "an IAM member such as \"serviceAccount:caller@project.iam.gserviceaccount.com\"");
        }
    }
    check.throwIfAny();
}
