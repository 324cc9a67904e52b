import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker } from "../core/internal";

/** Arguments of {@link ProjectServices}. */
export interface ProjectServicesArgs {
    /**
     * Project whose APIs are enabled, e.g. `gcp.config.project` or another stack's output.
     * @default none (required)
     */
    project: pulumi.Input<string>;
    /**
     * API service names, e.g. `run.googleapis.com`.
     * @default none (required)
     */
    services: string[];
}

/**
 * Enables the Google APIs an environment needs. APIs are left enabled when the stack
 * is destroyed: disabling an API another team uses in the same project is an outage.
 * Give the provider the other resources use a `dependsOn` on this component so nothing
 * is created before its API is on.
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as gcp from "prodstack/gcp";
 *
 * const project = new pulumi.Config("gcp").require("project");
 * export const apis = new gcp.ProjectServices("apis", {
 *     project,
 *     services: ["run.googleapis.com", "sqladmin.googleapis.com", "redis.googleapis.com"],
 * });
 * ```
 */
export class ProjectServices extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:ProjectServices";

    /** One resource per enabled API, keyed by service name. */
    readonly services: Record<string, gcp.projects.Service>;

    constructor(name: string, args: ProjectServicesArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgsChecker(ProjectServices.TYPE, name);
        for (const [i, s] of args.services.entries()) {
            check.matches(`services[${i}]`, s, /^[a-z0-9.-]+\.googleapis\.com$/, "an API name such as \"run.googleapis.com\"");
        }
        check.throwIfAny();
        super(ProjectServices.TYPE, name, {}, opts);

        this.services = {};
        for (const service of [...new Set(args.services)].sort()) {
            this.services[service] = new gcp.projects.Service(`${name}-${service.split(".")[0]}`, {
                project: args.project,
                service,
                disableOnDestroy: false,
                disableDependentServices: false,
            }, { parent: this });
        }
        this.registerOutputs({ services: Object.keys(this.services) });
    }
}
