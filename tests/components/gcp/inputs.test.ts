/**
 * Args a user wires from config or another stack's outputs take `pulumi.Input<string>` where
 * the component only passes the value on: an output reaches the resources unchanged, and a
 * plain string is still validated before anything is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { BillingBudget } from "../../../components/gcp/budget";
import { DnsRecords } from "../../../components/gcp/dns";
import { ProjectServices } from "../../../components/gcp/project-services";
import { Registry } from "../../../components/gcp/registry";
import { CloudRunService } from "../../../components/gcp/service";
import { ServiceAlerts } from "../../../components/gcp/service-alerts";
import { SiteBucket } from "../../../components/gcp/site-bucket";
import { UptimeCheck } from "../../../components/gcp/uptime";
import { plan, rejectedArgs } from "../../helpers/inventory";

/** What `gcp.config.project` or a StackReference gives: a value known only at deployment. */
const later = <T>(value: T) => pulumi.output(Promise.resolve(value));

describe("args wired from outputs", () => {
    it("CloudRunService passes an output project and region to the service and its grants", async () => {
        const inv = await plan(() => new CloudRunService("api", {
            project: later("acme-web-prod"),
            region: later("europe-west4"),
            namePrefix: "acme-prod",
            serviceName: "api",
            image: "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0",
        }));
        expect(inv.one("gcp:cloudrunv2/service:Service").inputs).toMatchObject({ project: "acme-web-prod", location: "europe-west4" });
        const grants = inv.ofType("gcp:projects/iAMMember:IAMMember");
        expect(grants.length).toBeGreaterThan(0);
        expect(new Set(grants.map((g) => g.inputs.project))).toEqual(new Set(["acme-web-prod"]));
    });

    it("CloudRunService still rejects a plain project ID or region the cloud would refuse", async () => {
        const { error, inv } = await rejectedArgs(() => new CloudRunService("api", {
            project: "Acme_Prod",
            region: "europe west",
            namePrefix: "acme-prod",
            serviceName: "api",
            image: "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0",
        }));
        expect(error.problems).toEqual([
            'project: expected a GCP project ID such as "acme-prod-123", got "Acme_Prod"',
            'region: expected a GCP region such as "europe-west1", got "europe west"',
        ]);
        expect(inv.resources).toEqual([]);
    });

    it("ProjectServices, UptimeCheck and Registry pass an output project on", async () => {
        const inv = await plan(() => {
            new ProjectServices("apis", { project: later("acme-web-prod"), services: ["run.googleapis.com"] });
            new UptimeCheck("up", { namePrefix: "acme-prod", project: later("acme-web-prod"), host: "api.example.com", notificationChannels: ["projects/acme-web-prod/notificationChannels/1"] });
            new Registry("registry", { region: "europe-west1", namePrefix: "acme-prod", project: later("acme-web-prod") });
        });
        expect(inv.one("gcp:projects/service:Service").inputs).toMatchObject({ project: "acme-web-prod", service: "run.googleapis.com" });
        expect((inv.one("gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig").inputs as any).monitoredResource.labels).toEqual({
            project_id: "acme-web-prod",
            host: "api.example.com",
        });
        expect(inv.one("gcp:artifactregistry/repository:Repository").inputs).toMatchObject({ project: "acme-web-prod", location: "europe-west1" });
    });

    it("BillingBudget, DnsRecords, SiteBucket and ServiceAlerts pass output account, zone, location and region on", async () => {
        const inv = await plan(() => {
            new BillingBudget("budget", { displayName: "acme-prod monthly", billingAccount: later("012345-6789AB-CDEF01"), projectNumber: "123456789012", amount: 100 });
            new DnsRecords("dns", { managedZone: later("example-com"), records: [{ key: "a", name: "example.com.", type: "A", rrdatas: ["203.0.113.1"] }] });
            new SiteBucket("web", { namePrefix: "acme-prod", siteName: "web", bucketName: "acme-web-prod-web", location: later("EU") });
            new ServiceAlerts("svc", { namePrefix: "acme-prod", service: "api", serviceName: "acme-prod-api", region: later("europe-west4"), maxInstances: 10, notificationChannels: ["projects/acme-web-prod/notificationChannels/1"] });
        });
        expect(inv.one("gcp:billing/budget:Budget").inputs.billingAccount).toBe("012345-6789AB-CDEF01");
        expect(inv.one("gcp:dns/recordSet:RecordSet").inputs.managedZone).toBe("example-com");
        expect(inv.one("gcp:storage/bucket:Bucket").inputs.location).toBe("EU");
        const errors = (inv.named("svc-errors", "gcp:monitoring/alertPolicy:AlertPolicy").inputs.conditions as any[])[0];
        expect(errors.conditionThreshold.filter).toContain('resource.labels.location = "europe-west4"');
    });
});
