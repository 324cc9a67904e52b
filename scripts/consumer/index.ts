// A GCP-only Pulumi program that imports prodstack as an engineer would: `project` from stack
// config, another project's ID from a resource output, components from the subpath and the root.
import * as pulumi from "@pulumi/pulumi";
import * as google from "@pulumi/gcp";
import { gcp } from "prodstack";
import { CloudRunService, ProjectServices, type CloudRunServiceArgs } from "prodstack/gcp";
import type { Tier } from "prodstack/core";

const config = new pulumi.Config("gcp");
const tier: Tier = "prod";

// A project another resource creates: its ID is an output, known only once it exists.
const sandbox = new google.organizations.Project("sandbox", {
    name: "acme sandbox",
    projectId: "acme-sandbox-1",
    billingAccount: "012345-6789AB-CDEF01",
    deletionPolicy: "DELETE",
});
export const apis = new ProjectServices("apis", { project: sandbox.projectId, services: ["run.googleapis.com"] });

const apiArgs: CloudRunServiceArgs = {
    project: config.require("project"),
    region: config.require("region"),
    namePrefix: `acme-${tier}`,
    serviceName: "api",
    image: "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0",
};
export const api = new CloudRunService("api", apiArgs);

const networkArgs: gcp.NetworkArgs = { region: "europe-west1", namePrefix: "acme-prod" };
export const network = new gcp.Network("net", networkArgs);
