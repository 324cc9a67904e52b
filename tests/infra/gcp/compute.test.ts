import { InvalidArgsError } from "../../../components/core";
import { ConfigError } from "../../../infra/config";
import { COMPUTE_APIS } from "../../../infra/gcp/compute";
import { DATA, deploy, NO_DATA } from "../../helpers/compute";
import { memo, type Inventory } from "../../helpers/inventory";
import { spec } from "../../helpers/spec";

const RUN = "gcp:cloudrunv2/service:Service";
const PROJECT_MEMBER = "gcp:projects/iAMMember:IAMMember";
const SECRET_MEMBER = "gcp:secretmanager/secretIamMember:SecretIamMember";
const SECRET = "gcp:secretmanager/secret:Secret";

const runOf = (inv: Inventory, name: string) => inv.named(`${name}-service`, RUN).inputs as Record<string, any>;
const saMember = (prefix: string, name: string, project: string) => `serviceAccount:${prefix}-${name}-run@${project}.iam.gserviceaccount.com`;

/** Staging fixture plus a private worker, a public webhook and a built service. */
const threeIngresses = (raw: Record<string, any>) => {
    raw.services.push(
        { name: "worker", image: "europe-docker.pkg.dev/acme-shared/apps/worker:2.0.0", secretEnv: { SESSION_SECRET: "session-secret", QUEUE_TOKEN: "queue_token@3" } },
        { name: "hooks", image: "europe-docker.pkg.dev/acme-shared/apps/hooks:1.1.0", directIngress: true, minInstances: 2 },
    );
};

/** Staging with three ingresses, which several tests only read. */
const threeIngressStaging = memo(() => deploy(spec("non-prod", threeIngresses)));

describe("compute concern (GCP)", () => {
    it("asks for the Cloud Run, Artifact Registry and Secret Manager APIs", () => {
        expect(COMPUTE_APIS).toEqual(expect.arrayContaining(["run.googleapis.com", "artifactregistry.googleapis.com", "secretmanager.googleapis.com"]));
    });

    it("deploys each spec service on the network's subnet with private Direct VPC egress, through the stack's provider", async () => {
        const { inv } = await threeIngressStaging();
        expect(inv.ofType("prodstack:gcp:CloudRunService").map((c) => c.name)).toEqual(["api", "hooks", "worker"]);
        const provider = inv.one("pulumi:providers:gcp").urn;
        for (const svc of inv.ofType(RUN)) {
            expect(svc.inputs.template).toMatchObject({
                vpcAccess: { networkInterfaces: [{ network: "network-vpc-id", subnetwork: "network-subnet-id" }], egress: "PRIVATE_RANGES_ONLY" },
                executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
            });
            expect(svc.provider).toBe(provider);
        }
    });

    it("maps routes to LB-only ingress, directIngress to public ingress and everything else to internal", async () => {
        const { inv } = await threeIngressStaging();
        expect(runOf(inv, "api")).toMatchObject({ ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", invokerIamDisabled: true });
        expect(runOf(inv, "hooks")).toMatchObject({ ingress: "INGRESS_TRAFFIC_ALL", invokerIamDisabled: true });
        expect(runOf(inv, "worker")).toMatchObject({ ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY", invokerIamDisabled: false });
        expect(JSON.stringify(inv.resources)).not.toContain("allUsers");
    });

    it("non-prod: scales to zero by default and leaves services deletable", async () => {
        const { inv } = await threeIngressStaging();
        expect(runOf(inv, "api")).toMatchObject({ deletionProtection: false, template: { scaling: { minInstanceCount: 0, maxInstanceCount: 10 } } });
        expect(runOf(inv, "hooks").template.scaling.minInstanceCount).toBe(2);
        expect(inv.one("prodstack:gcp:Secrets").protect).toBe(false);
        for (const s of inv.ofType(SECRET)) expect(s.inputs.deletionProtection).toBe(false);
    });

    it("prod: keeps one instance warm by default and protects services and application secrets", async () => {
        const { inv } = await deploy(spec("prod", threeIngresses), DATA, "prod");
        expect(runOf(inv, "api")).toMatchObject({ deletionProtection: true, template: { scaling: { minInstanceCount: 1 } } });
        expect(runOf(inv, "hooks").template.scaling.minInstanceCount).toBe(2);
        expect(inv.one("prodstack:gcp:Secrets").protect).toBe(true);
        for (const s of inv.ofType(SECRET)) expect(s).toMatchObject({ protect: true, inputs: { deletionProtection: true } });
    });

    it("labels services and revisions with the environment labels", async () => {
        const { inv } = await deploy(spec("non-prod"));
        const labels = { "managed-by": "prodstack", environment: "staging", tier: "non-prod", service: "api" };
        expect(runOf(inv, "api")).toMatchObject({ labels, template: { labels } });
    });

    it("merges the database and cache bindings into the services that use them, roles on that service's identity only", async () => {
        const { inv } = await threeIngressStaging();
        const envs = runOf(inv, "api").template.containers[0].envs as Array<Record<string, any>>;
        expect(envs.map((e) => e.name)).toEqual(["DATABASE_HOST", "DATABASE_NAME", "DATABASE_PASSWORD", "REDIS_AUTH", "REDIS_HOST", "SESSION_SECRET"]);
        expect(envs.find((e) => e.name === "DATABASE_PASSWORD")).toEqual({
            name: "DATABASE_PASSWORD",
            valueSource: { secretKeyRef: { secret: "projects/acme-web-staging/secrets/acme-stg-db-password", version: "1" } },
        });
        expect(envs.find((e) => e.name === "DATABASE_HOST")).toEqual({ name: "DATABASE_HOST", value: "10.200.0.5" });

        const api = saMember("acme-stg", "api", "acme-web-staging");
        const rolesOf = (member: string) => inv.ofType(PROJECT_MEMBER).filter((g) => g.inputs.member === member).map((g) => g.inputs.role).sort();
        expect(rolesOf(api)).toEqual(["roles/cloudsql.client", "roles/cloudsql.instanceUser", "roles/logging.logWriter", "roles/monitoring.metricWriter"]);
        expect(rolesOf(saMember("acme-stg", "worker", "acme-web-staging"))).toEqual(["roles/logging.logWriter", "roles/monitoring.metricWriter"]);

        const dbPasswordReaders = inv.ofType(SECRET_MEMBER).filter((g) => g.inputs.secretId === "projects/acme-web-staging/secrets/acme-stg-db-password");
        expect(dbPasswordReaders.map((g) => g.inputs.member)).toEqual([api]);
        const workerEnv = runOf(inv, "worker").template.containers[0].envs.map((e: { name: string }) => e.name);
        expect(workerEnv).toEqual(["QUEUE_TOKEN", "SESSION_SECRET"]);
    });

    it("mounts the bindings' CA files as secret volumes into the workloads that use the stores, and only those", async () => {
        const { inv } = await threeIngressStaging();
        const api = runOf(inv, "api").template;
        expect(api.volumes.map((v: any) => [v.secret.secret, v.secret.items])).toEqual([
            ["projects/acme-web-staging/secrets/acme-stg-db-ca", [{ path: "server-ca.pem", version: "2" }]],
            ["projects/acme-web-staging/secrets/acme-stg-redis-ca", [{ path: "server-ca.pem", version: "1" }]],
        ]);
        expect(api.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(["/etc/prodstack/database", "/etc/prodstack/redis"]);
        expect(runOf(inv, "worker").template.volumes).toBeUndefined();
        const caReaders = inv.ofType(SECRET_MEMBER).filter((g) => String(g.inputs.secretId).endsWith("-ca")).map((g) => g.inputs.member);
        expect(caReaders).toEqual([saMember("acme-stg", "api", "acme-web-staging"), saMember("acme-stg", "api", "acme-web-staging")]);
    });

    it("fills a generated secret once from the stack and mounts the version it created; other secrets stay hand-filled", async () => {
        const { inv } = await deploy(spec("prod", (raw) => {
            raw.secrets = { "session-secret": { generate: { length: 48, charset: "urlsafe" } }, "stripe-key": {} };
        }));
        const random = inv.one("random:index/randomPassword:RandomPassword");
        expect(random.inputs).toEqual({ length: 48, special: true, overrideSpecial: "-_" });
        expect(random.protect).toBe(true);
        expect(inv.ofType("gcp:secretmanager/secretVersion:SecretVersion").map((v) => v.name)).toEqual(["app-secrets-session-secret"]);
        const env = runOf(inv, "api").template.containers[0].envs.find((e: any) => e.name === "SESSION_SECRET");
        expect(env).toEqual({ name: "SESSION_SECRET", valueSource: { secretKeyRef: { secret: "app-secrets-session-secret-id", version: "1" } } });
        expect(inv.outputs.appSecretIds).toEqual({ "session-secret": "acme-prod-app-session-secret", "stripe-key": "acme-prod-app-stripe-key" });
    });

    it("sends all egress of a service with a fixed egress IP through the VPC, so it leaves from Cloud NAT's addresses", async () => {
        const { inv } = await deploy(spec("non-prod", (raw) => {
            threeIngresses(raw);
            raw.services[0].staticEgressIp = true;
        }));
        expect(runOf(inv, "api").template.vpcAccess.egress).toBe("ALL_TRAFFIC");
        expect(runOf(inv, "worker").template.vpcAccess.egress).toBe("PRIVATE_RANGES_ONLY");
    });

    it("grants Cloud SQL client to a database user even before the data concern hands over a binding", async () => {
        const { inv } = await deploy(spec("non-prod"), NO_DATA);
        const roles = inv.ofType(PROJECT_MEMBER).map((g) => g.inputs.role).sort();
        expect(roles).toEqual(["roles/cloudsql.client", "roles/logging.logWriter", "roles/monitoring.metricWriter"]);
    });

    it("creates each application secret once, empty, and mounts the pinned or latest version per service", async () => {
        const { inv, result } = await threeIngressStaging();
        expect(inv.ofType(SECRET).map((s) => s.inputs.secretId)).toEqual(["acme-stg-app-queue-token", "acme-stg-app-session-secret"]);
        expect(inv.ofType("gcp:secretmanager/secretVersion:SecretVersion")).toHaveLength(0);

        const secretEnvOf = (name: string) => Object.fromEntries(
            (runOf(inv, name).template.containers[0].envs as Array<Record<string, any>>)
                .filter((e) => e.valueSource)
                .map((e) => [e.name, e.valueSource.secretKeyRef]),
        );
        expect(secretEnvOf("worker")).toEqual({
            QUEUE_TOKEN: { secret: "app-secrets-queue-token-id", version: "3" },
            SESSION_SECRET: { secret: "app-secrets-session-secret-id", version: "latest" },
        });
        expect(secretEnvOf("api").SESSION_SECRET).toEqual({ secret: "app-secrets-session-secret-id", version: "latest" });

        // Each service reads the shared secret with its own grant, on that secret only.
        const sessionReaders = inv.ofType(SECRET_MEMBER).filter((g) => g.inputs.secretId === "app-secrets-session-secret-id");
        expect(sessionReaders.map((g) => g.inputs.member).sort()).toEqual([
            saMember("acme-stg", "api", "acme-web-staging"),
            saMember("acme-stg", "worker", "acme-web-staging"),
        ]);
        expect(inv.outputs.appSecretIds).toEqual({ queue_token: "acme-stg-app-queue-token", "session-secret": "acme-stg-app-session-secret" });
        expect(result!.outputs.artifactRegistryUrl).toBeUndefined();
        expect(inv.ofType("prodstack:gcp:Registry")).toHaveLength(0);
    });

    it("names each service's accessor grant after the application secret, so renaming the variable keeps the binding", async () => {
        const grantsOf = (inv: Inventory) => Object.fromEntries(inv.ofType(SECRET_MEMBER).map((g) => [g.name, g.inputs.secretId]));
        const before = await deploy(spec("non-prod"));
        const after = await deploy(spec("non-prod", (raw) => {
            raw.services[0].secretEnv = { APP_SESSION_KEY: "session-secret", SESSION_KEY_COPY: "session-secret" };
        }));
        expect(grantsOf(before.inv)).toEqual({
            "api-secret-app-session-secret": "app-secrets-session-secret-id",
            // Binding secrets come with a literal ID, which names their grant.
            "api-secret-projects-acme-web-staging-secrets-acme-stg-db-password": "projects/acme-web-staging/secrets/acme-stg-db-password",
            "api-secret-projects-acme-web-staging-secrets-acme-stg-redis-auth": "projects/acme-web-staging/secrets/acme-stg-redis-auth",
            // CA files carry their key.
            "api-secret-db-ca": "projects/acme-web-staging/secrets/acme-stg-db-ca",
            "api-secret-redis-ca": "projects/acme-web-staging/secrets/acme-stg-redis-ca",
        });
        expect(grantsOf(after.inv)).toEqual(grantsOf(before.inv));
    });

    it("builds build contexts into an Artifact Registry repository and deploys the pushed digest", async () => {
        const s = spec("non-prod", (raw) => {
            raw.services.push({ name: "worker", build: { context: "services/worker", dockerfile: "Dockerfile.prod", args: { APP: "worker" } } });
        });
        const { inv } = await deploy(s);
        const repo = inv.one("gcp:artifactregistry/repository:Repository");
        expect(repo.inputs).toMatchObject({ project: "acme-web-staging", location: "europe-west1", repositoryId: "acme-stg-images", format: "DOCKER" });

        const image = inv.one("docker:index/image:Image");
        const url = "europe-west1-docker.pkg.dev/acme-web-staging/acme-stg-images";
        expect(image.inputs).toMatchObject({
            imageName: `${url}/worker:staging`,
            build: { context: "services/worker", dockerfile: "services/worker/Dockerfile.prod", platform: "linux/amd64", args: { APP: "worker" } },
        });
        expect(image.dependsOn).toContain(repo.urn);
        const deployed = runOf(inv, "worker").template.containers[0].image;
        expect(deployed).toMatch(new RegExp(`^${url}/worker@sha256:[0-9a-f]{64}$`));
        expect(inv.outputs.serviceImages).toEqual({ api: "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0", worker: deployed });
        expect(inv.outputs.artifactRegistryUrl).toBe(url);
    });

    it("hands the edge and observability one entry per service, and outputs URLs and identities", async () => {
        const { inv, result } = await threeIngressStaging();
        expect(result!.services.map(({ serviceName: _, ...rest }) => rest)).toEqual([
            { name: "api", region: "europe-west1", routes: [{ host: "api.example.com" }], healthPath: "/healthz", minInstances: 0, maxInstances: 10 },
            { name: "worker", region: "europe-west1", routes: [], healthPath: "/healthz", minInstances: 0, maxInstances: 10 },
            { name: "hooks", region: "europe-west1", routes: [], healthPath: "/healthz", minInstances: 2, maxInstances: 10 },
        ]);
        expect(inv.outputs.deployedServiceNames).toEqual(["acme-stg-api", "acme-stg-worker", "acme-stg-hooks"]);
        expect(inv.outputs.serviceIdentities).toEqual({
            api: "acme-stg-api-run@acme-web-staging.iam.gserviceaccount.com",
            worker: "acme-stg-worker-run@acme-web-staging.iam.gserviceaccount.com",
            hooks: "acme-stg-hooks-run@acme-web-staging.iam.gserviceaccount.com",
        });
        expect(Object.keys(inv.outputs.serviceUrls as object).sort()).toEqual(["api", "hooks", "worker"]);
    });

    it("keeps services on gen2, so a fractional vCPU in the spec is refused with Cloud Run's reasons", async () => {
        const { error } = await deploy(spec("non-prod", (raw) => {
            raw.services[0].cpu = 0.5;
        }));
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            "concurrency: expected 1 because cpu is below 1 vCPU (0.5), got 80",
            'executionEnvironment: expected "gen1" because cpu is below 1 vCPU (0.5): Cloud Run runs fractional vCPU only in the first generation, got "gen2"',
        ]);
    });

    it("rejects env a binding already sets, and secret names that collide once normalised, before registering any compute resource", async () => {
        const s = spec("non-prod", (raw) => {
            raw.services[0].env = { DATABASE_HOST: "db.internal" };
            raw.services[0].secretEnv = { SESSION_SECRET: "session_secret", OTHER: "Session-Secret", REDIS_AUTH: "redis" };
        });
        const { inv, error } = await deploy(s);
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems).toEqual([
            'prodstack:services[0].secretEnv.OTHER: expected a secret name that differs from "session_secret" by more than case or "_" vs "-" (both become secret "session-secret"), got "Session-Secret"',
            'prodstack:services[0].env.DATABASE_HOST: expected a name the database binding does not set, got "DATABASE_HOST"',
            'prodstack:services[0].secretEnv.REDIS_AUTH: expected a name the cache binding does not set, got "REDIS_AUTH"',
        ]);
        expect(inv.resources.filter((r) => !/Network|gcp:compute|servicenetworking|providers/.test(r.type))).toEqual([]);
    });
});
