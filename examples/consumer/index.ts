/**
 * A team's own Pulumi program using two prodstack components: a VPC and a Cloud Run service.
 * In your project, import from the package: `import * as gcp from "prodstack/gcp"`. This copy
 * lives inside the prodstack repository, so it imports the same public entry by its path.
 *
 * Plan it offline: `npx prodstack plan --program examples/consumer --stack dev`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "../../components/gcp";

const config = new pulumi.Config();
const project = new pulumi.Config("gcp").require("project");
const region = config.get("region") ?? "europe-west1";
const namePrefix = config.require("namePrefix");

const network = new gcp.Network("main", { region, namePrefix });
const api = new gcp.CloudRunService("api", {
    project,
    region,
    namePrefix,
    serviceName: "api",
    image: config.require("image"),
    vpc: { network: network.networkId, subnetwork: network.subnetworkId },
});

export const apiUrl = api.uri;
export const networkId = network.networkId;
/** A `secure:` config value: the plan shows it as "[secret]". */
export const webhookToken = config.requireSecret("webhookToken");
