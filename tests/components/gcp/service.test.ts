import * as pulumi from "@pulumi/pulumi";
import { CloudRunService, type CloudRunServiceArgs, validateCloudRunServiceArgs } from "../../../components/gcp/service";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

const IMAGE = "europe-docker.pkg.dev/acme-shared/apps/api:1.0.0";
const ARGS: CloudRunServiceArgs = {
    project: "acme-web-staging",
    region: "europe-west1",
    namePrefix: "acme-stg",
    serviceName: "api",
    image: IMAGE,
};

const SERVICE = "gcp:cloudrunv2/service:Service";
const PROJECT_MEMBER = "gcp:projects/iAMMember:IAMMember";
const SECRET_MEMBER = "gcp:secretmanager/secretIamMember:SecretIamMember";
const INVOKER_MEMBER = "gcp:cloudrunv2/serviceIamMember:ServiceIamMember";
const SA_EMAIL = "acme-stg-api-run@acme-web-staging.iam.gserviceaccount.com";
const SA_MEMBER = `serviceAccount:${SA_EMAIL}`;

const service = (inv: Inventory) => inv.one(SERVICE).inputs as Record<string, any>;
const container = (inv: Inventory) => service(inv).template.containers[0];

/** Plans one service named `api` (the program returns nothing, so no stack outputs). */
const deploy = (args: CloudRunServiceArgs) => plan(() => {
    new CloudRunService("api", args);
});

/** Runs `new CloudRunService` and returns the error it threw, plus what got registered. */
async function rejected(args: CloudRunServiceArgs): Promise<{ problems: string[]; inv: Inventory }> {
    const { error, inv } = await rejectedArgs(() => new CloudRunService("api", args));
    return { problems: error.problems, inv };
}

describe("gcp CloudRunService", () => {
    it("runs a gen2 Cloud Run service with probes, scaling, timeout and the pinned image", async () => {
        const inv = await deploy(ARGS);
        expect(inv.counts()).toEqual({
            "prodstack:gcp:CloudRunService": 1,
            [SERVICE]: 1,
            "gcp:serviceaccount/account:Account": 1,
            [PROJECT_MEMBER]: 2,
        });
        expect(service(inv)).toMatchObject({
            project: "acme-web-staging",
            location: "europe-west1",
            name: "acme-stg-api",
            description: "api of acme-stg (managed by prodstack)",
            ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
            invokerIamDisabled: false,
            deletionProtection: false,
            labels: { service: "api" },
            traffics: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
            template: {
                executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
                maxInstanceRequestConcurrency: 80,
                timeout: "300s",
                scaling: { minInstanceCount: 0, maxInstanceCount: 10 },
                labels: { service: "api" },
            },
        });
        expect(container(inv)).toMatchObject({
            name: "app",
            image: IMAGE,
            ports: { name: "http1", containerPort: 8080 },
            resources: { limits: { cpu: "1", memory: "512Mi" }, cpuIdle: true, startupCpuBoost: true },
            startupProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 24 },
            livenessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
        });
        expect(service(inv).template.vpcAccess).toBeUndefined();
    });

    it("runs as its own service account, never the default compute account", async () => {
        const inv = await deploy(ARGS);
        const sa = inv.one("gcp:serviceaccount/account:Account");
        expect(sa.inputs).toMatchObject({
            project: "acme-web-staging",
            accountId: "acme-stg-api-run",
            displayName: "Cloud Run acme-stg-api",
            description: "Identity of Cloud Run service acme-stg-api (managed by prodstack)",
        });
        expect(service(inv).template.serviceAccount).toBe(SA_EMAIL);
        expect(service(inv).template.serviceAccount).not.toMatch(/-compute@developer\.gserviceaccount\.com$/);
    });

    it("grants its identity log and metric writer plus the roles asked for, to that identity only and no basic role", async () => {
        const inv = await deploy({ ...ARGS, projectRoles: ["roles/cloudsql.client"] });
        const grants = inv.ofType(PROJECT_MEMBER).map((g) => g.inputs);
        expect(grants.map((g) => g.role).sort()).toEqual(["roles/cloudsql.client", "roles/logging.logWriter", "roles/monitoring.metricWriter"]);
        for (const g of grants) expect(g).toMatchObject({ project: "acme-web-staging", member: SA_MEMBER });
        expect(grants.map((g) => g.role)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^roles\/(owner|editor|viewer)$/)]));
    });

    it("mounts secret env from Secret Manager versions and grants accessor on exactly those secrets, once each", async () => {
        const inv = await deploy({
            ...ARGS,
            env: { NODE_ENV: "production" },
            secretEnv: {
                SESSION_SECRET: { secretId: "projects/acme-web-staging/secrets/acme-stg-app-session-secret" },
                STRIPE_KEY: { secretId: "acme-stg-app-stripe", version: "3" },
                STRIPE_KEY_COPY: { secretId: "acme-stg-app-stripe", version: "3" },
            },
        });
        expect(container(inv).envs).toEqual([
            { name: "NODE_ENV", value: "production" },
            { name: "SESSION_SECRET", valueSource: { secretKeyRef: { secret: "projects/acme-web-staging/secrets/acme-stg-app-session-secret", version: "latest" } } },
            { name: "STRIPE_KEY", valueSource: { secretKeyRef: { secret: "acme-stg-app-stripe", version: "3" } } },
            { name: "STRIPE_KEY_COPY", valueSource: { secretKeyRef: { secret: "acme-stg-app-stripe", version: "3" } } },
        ]);
        const grants = inv.ofType(SECRET_MEMBER).map((g) => g.inputs);
        expect(grants).toHaveLength(2);
        expect(grants).toEqual(expect.arrayContaining([
            { secretId: "projects/acme-web-staging/secrets/acme-stg-app-session-secret", role: "roles/secretmanager.secretAccessor", member: SA_MEMBER },
            { secretId: "acme-stg-app-stripe", role: "roles/secretmanager.secretAccessor", member: SA_MEMBER },
        ]));
        // No project-wide secret access.
        expect(inv.ofType(PROJECT_MEMBER).map((g) => g.inputs.role)).not.toContain("roles/secretmanager.secretAccessor");
    });

    it("mounts secret files as read-only secret volumes, one per directory, with accessor grants on those secrets", async () => {
        const inv = await deploy({
            ...ARGS,
            secretEnv: { DATABASE_URL: { secretId: "projects/p/secrets/db-url", version: "2", key: "db-url" } },
            secretFiles: {
                "/etc/prodstack/database/server-ca.pem": { secretId: "projects/p/secrets/db-ca", version: "3", key: "db-ca" },
                "/etc/prodstack/redis/server-ca.pem": { secretId: "projects/p/secrets/redis-ca", key: "redis-ca" },
            },
        });
        expect(service(inv).template.volumes).toEqual([
            { name: "secret-etc-prodstack-database", secret: { secret: "projects/p/secrets/db-ca", defaultMode: 0o444, items: [{ path: "server-ca.pem", version: "3" }] } },
            { name: "secret-etc-prodstack-redis", secret: { secret: "projects/p/secrets/redis-ca", defaultMode: 0o444, items: [{ path: "server-ca.pem", version: "latest" }] } },
        ]);
        expect(container(inv).volumeMounts).toEqual([
            { name: "secret-etc-prodstack-database", mountPath: "/etc/prodstack/database" },
            { name: "secret-etc-prodstack-redis", mountPath: "/etc/prodstack/redis" },
        ]);
        const grants = Object.fromEntries(inv.ofType(SECRET_MEMBER).map((g) => [g.name, g.inputs.secretId]));
        expect(grants).toEqual({
            "api-secret-db-url": "projects/p/secrets/db-url",
            "api-secret-db-ca": "projects/p/secrets/db-ca",
            "api-secret-redis-ca": "projects/p/secrets/redis-ca",
        });
        expect(inv.one(SERVICE).dependsOn).toEqual(expect.arrayContaining(inv.ofType(SECRET_MEMBER).map((g) => g.urn)));
        expect(summarize(CloudRunService.TYPE, inv.resources)).toBe(
            "acme-stg-api · 1 vCPU / 512 MiB · 0–10 instances × 80 · internal-only ingress · IAM-checked invoke · no VPC egress · " +
                "own identity (2 project roles, 3 secrets, 2 secret file volumes) · pinned image",
        );
        const plain = await deploy(ARGS);
        expect(service(plain).template.volumes).toBeUndefined();
        expect(container(plain).volumeMounts).toBeUndefined();
    });

    it("refuses secret file paths Cloud Run cannot mount, two secrets in one directory and nested volumes", async () => {
        const { problems, inv } = await rejected({
            ...ARGS,
            secretFiles: {
                "ca.pem": { secretId: "a" },
                "/proc/ca.pem": { secretId: "a" },
                "/etc/app/../ca.pem": { secretId: "a" },
                "/etc/app/a.pem": { secretId: "a" },
                "/etc/app/b.pem": { secretId: "b" },
                "/etc/app/sub/c.pem": { secretId: "c", version: "v1" },
            },
        });
        expect(inv.resources).toEqual([]);
        expect(problems).toEqual([
            'secretFiles["ca.pem"]: expected an absolute file path in a directory, such as "/etc/app/ca.pem", got "ca.pem"',
            'secretFiles["/proc/ca.pem"]: expected a path outside /dev, /proc and /sys (Cloud Run refuses mounts there), got "/proc/ca.pem"',
            'secretFiles["/etc/app/../ca.pem"]: expected an absolute file path in a directory, such as "/etc/app/ca.pem", got "/etc/app/../ca.pem"',
            'secretFiles["/etc/app/b.pem"]: expected a directory of its own: /etc/app/a.pem mounts another secret in /etc/app (one secret volume per directory), got "/etc/app/b.pem"',
            'secretFiles["/etc/app/sub/c.pem"].version: expected a version number or "latest", got "v1"',
            'secretFiles["/etc/app/sub/c.pem"]: expected a directory not inside another secret volume (/etc/app), got "/etc/app/sub"',
        ]);
    });

    it("starts revisions only after its identity holds every grant", async () => {
        const inv = await deploy({ ...ARGS, secretEnv: { TOKEN: { secretId: "acme-stg-app-token" } } });
        const deps = inv.one(SERVICE).dependsOn;
        for (const g of [...inv.ofType(PROJECT_MEMBER), ...inv.ofType(SECRET_MEMBER)]) expect(deps).toContain(g.urn);
    });

    it("behind the edge: internal + load balancer ingress, invoker check off instead of an allUsers binding", async () => {
        const inv = await deploy({ ...ARGS, ingress: "internal-and-load-balancer" });
        expect(service(inv)).toMatchObject({ ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", invokerIamDisabled: true });
        expect(inv.ofType(INVOKER_MEMBER)).toHaveLength(0);
        expect(JSON.stringify(inv.resources)).not.toContain("allUsers");
    });

    it("is fully public only when asked, and internal services keep IAM-checked invocation for named callers", async () => {
        const open = await deploy({ ...ARGS, ingress: "all" });
        expect(service(open)).toMatchObject({ ingress: "INGRESS_TRAFFIC_ALL", invokerIamDisabled: true });

        const caller = "serviceAccount:worker@acme-web-staging.iam.gserviceaccount.com";
        const internal = await deploy({ ...ARGS, invokers: [caller] });
        expect(service(internal)).toMatchObject({ ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY", invokerIamDisabled: false });
        expect(internal.one(INVOKER_MEMBER).inputs).toEqual({
            project: "acme-web-staging",
            location: "europe-west1",
            name: "acme-stg-api",
            role: "roles/run.invoker",
            member: caller,
        });
    });

    it("says in its summary when all egress goes through the VPC (and Cloud NAT)", async () => {
        const inv = await deploy({ ...ARGS, vpc: { network: "vpc", subnetwork: "subnet", egress: "all-traffic" } });
        expect(service(inv).template.vpcAccess.egress).toBe("ALL_TRAFFIC");
        expect(summarize(CloudRunService.TYPE, inv.resources)).toContain(" · VPC egress (all traffic, via Cloud NAT) · ");
    });

    it("egresses privately through Direct VPC egress on the given subnet", async () => {
        const inv = await deploy({
            ...ARGS,
            vpc: { network: "projects/p/global/networks/vpc", subnetwork: "projects/p/regions/europe-west1/subnetworks/sub" },
        });
        expect(service(inv).template.vpcAccess).toEqual({
            networkInterfaces: [{ network: "projects/p/global/networks/vpc", subnetwork: "projects/p/regions/europe-west1/subnetworks/sub" }],
            egress: "PRIVATE_RANGES_ONLY",
        });
    });

    it("honours explicit sizing, scaling, port, health path, deletion protection and labels", async () => {
        const inv = await deploy({
            ...ARGS,
            cpu: 2,
            memoryMiB: 1024,
            minInstances: 2,
            maxInstances: 50,
            concurrency: 250,
            timeoutSeconds: 3600,
            port: 3000,
            healthPath: "/ready",
            startupCpuBoost: false,
            cpuAlwaysAllocated: true,
            deletionProtection: true,
            labels: { team: "platform" },
        });
        expect(service(inv)).toMatchObject({
            deletionProtection: true,
            labels: { team: "platform", service: "api" },
            template: { maxInstanceRequestConcurrency: 250, timeout: "3600s", scaling: { minInstanceCount: 2, maxInstanceCount: 50 } },
        });
        expect(container(inv)).toMatchObject({
            ports: { containerPort: 3000 },
            resources: { limits: { cpu: "2", memory: "1024Mi" }, cpuIdle: false, startupCpuBoost: false },
            startupProbe: { httpGet: { path: "/ready", port: 3000 } },
            livenessProbe: { httpGet: { path: "/ready", port: 3000 } },
        });
    });

    it("accepts fractional vCPU only as Cloud Run does: gen1, concurrency 1, request-based billing", async () => {
        const inv = await deploy({ ...ARGS, cpu: 0.5, memoryMiB: 1024, concurrency: 1, executionEnvironment: "gen1" });
        expect(service(inv).template).toMatchObject({ executionEnvironment: "EXECUTION_ENVIRONMENT_GEN1", maxInstanceRequestConcurrency: 1 });
        expect(container(inv).resources).toMatchObject({ limits: { cpu: "500m", memory: "1024Mi" }, cpuIdle: true });
    });

    it("builds a build context and deploys the exact pushed digest, not the tag", async () => {
        const url = "europe-west1-docker.pkg.dev/acme-web-staging/acme-stg-images";
        const inv = await deploy({
            ...ARGS,
            image: undefined,
            build: { repositoryUrl: url, context: "./services/api", tag: "staging" },
        });
        const image = inv.one("docker:index/image:Image");
        expect(image.inputs).toMatchObject({
            imageName: `${url}/api:staging`,
            build: { context: "./services/api", dockerfile: "services/api/Dockerfile", platform: "linux/amd64" },
        });
        const deployed = container(inv).image as string;
        expect(deployed).toMatch(new RegExp(`^${url}/api@sha256:[0-9a-f]{64}$`));
        expect(deployed).not.toContain(":staging");
        expect(inv.one(SERVICE).dependsOn).toContain(image.urn);
        expect(inv.one("prodstack:gcp:ContainerImage").parent).toBe(inv.one("prodstack:gcp:CloudRunService").urn);
    });

    it("names IAM grants after the secret and the member, so renaming variables or reordering invokers keeps every binding", async () => {
        const worker = "serviceAccount:worker@acme-web-staging.iam.gserviceaccount.com";
        const ops = "group:ops@example.com";
        const planWith = (secretEnv: (token: pulumi.Output<string>) => CloudRunServiceArgs["secretEnv"], invokers: string[]) => plan(() => {
            const token = pulumi.output("projects/acme-web-staging/secrets/acme-stg-app-token");
            new CloudRunService("api", { ...ARGS, secretEnv: secretEnv(token), invokers });
        });
        const grants = (inv: Inventory) => Object.fromEntries([...inv.ofType(SECRET_MEMBER), ...inv.ofType(INVOKER_MEMBER)]
            .map((g) => [g.name, g.inputs.secretId ?? g.inputs.member]));

        const before = await planWith((token) => ({
            SESSION_SECRET: { secretId: "acme-stg-app-session" },
            TOKEN: { secretId: token, key: "app-token" },
        }), [worker, ops]);
        const after = await planWith((token) => ({
            APP_SESSION: { secretId: "acme-stg-app-session" },
            API_TOKEN: { secretId: token, key: "app-token" },
            API_TOKEN_COPY: { secretId: token, key: "app-token" },
        }), [ops, worker]);
        expect(grants(before)).toEqual({
            "api-secret-acme-stg-app-session": "acme-stg-app-session",
            "api-secret-app-token": "projects/acme-web-staging/secrets/acme-stg-app-token",
            "api-invoker-serviceaccount-worker-acme-web-staging-iam-gserviceaccount-com": worker,
            "api-invoker-group-ops-example-com": ops,
        });
        expect(grants(after)).toEqual(grants(before));
        // Stacks deployed with the former names (variable, position) are adopted in place, not recreated.
        const aliasesOf = (inv: Inventory) => Object.fromEntries([...inv.ofType(SECRET_MEMBER), ...inv.ofType(INVOKER_MEMBER)]
            .map((g) => [g.name, g.aliases.map((a) => (a as { spec: { name: string; parenturn: string } }).spec)]));
        const component = before.one("prodstack:gcp:CloudRunService").urn;
        const formerly = (n: string) => [{ name: n, parenturn: component }];
        expect(aliasesOf(before)).toMatchObject({
            "api-secret-acme-stg-app-session": formerly("api-secret-session-secret"),
            "api-secret-app-token": formerly("api-secret-token"),
            "api-invoker-serviceaccount-worker-acme-web-staging-iam-gserviceaccount-com": formerly("api-invoker-0"),
            "api-invoker-group-ops-example-com": formerly("api-invoker-1"),
        });
        // A former name another grant now carries is not claimed twice.
        const swapped = await planWith((token) => ({ APP_X: { secretId: "acme-stg-app-y", key: "app-y" }, Z: { secretId: token, key: "app-x" } }), []);
        expect(aliasesOf(swapped)).toEqual({ "api-secret-app-y": [], "api-secret-app-x": [expect.objectContaining({ name: "api-secret-z" })] });
    });

    it("overrides command and args, signs URLs as itself only, and rolls out after what it must wait for", async () => {
        const inv = await plan(() => {
            const first = new CloudRunService("first", { ...ARGS, serviceName: "first" });
            new CloudRunService("api", {
                ...ARGS,
                command: ["gunicorn"],
                args: ["app.wsgi", "--bind", "0.0.0.0:8080"],
                signsUrls: true,
                deployAfter: [first.service],
            });
        });
        const api = inv.named("api-service", SERVICE);
        expect((api.inputs as any).template.containers[0]).toMatchObject({ commands: ["gunicorn"], args: ["app.wsgi", "--bind", "0.0.0.0:8080"] });
        expect(api.dependsOn).toContain(inv.named("first-service", SERVICE).urn);
        expect(inv.one("gcp:serviceaccount/iAMMember:IAMMember").inputs).toEqual({
            serviceAccountId: `projects/acme-web-staging/serviceAccounts/${SA_EMAIL}`,
            role: "roles/iam.serviceAccountTokenCreator",
            member: SA_MEMBER,
        });
        expect(api.dependsOn).toContain(inv.one("gcp:serviceaccount/iAMMember:IAMMember").urn);
        expect((inv.named("first-service", SERVICE).inputs as any).template.containers[0].commands).toBeUndefined();
    });

    it("parents every child to the component", async () => {
        const inv = await deploy({ ...ARGS, secretEnv: { A: { secretId: "a" } }, invokers: ["group:ops@example.com"] });
        const component = inv.one("prodstack:gcp:CloudRunService");
        expect(inv.childrenOf(component.urn)).toHaveLength(inv.resources.length - 1);
    });

    describe("rejects what Cloud Run would reject, before registering anything", () => {
        it.each([
            [{ cpu: 3 }, ["cpu: expected 1, 2, 4, 6 or 8 vCPU, or a fraction from 0.08 to below 1 in steps of 0.001, got 3"]],
            [{ cpu: 0.05 }, ["cpu: expected 1, 2, 4, 6 or 8 vCPU, or a fraction from 0.08 to below 1 in steps of 0.001, got 0.05"]],
            [{ cpu: 4, memoryMiB: 1024 }, ["memoryMiB: expected 2048 to 16384 MiB with 4 vCPU in the second generation, got 1024"]],
            [{ cpu: 6, memoryMiB: 2048 }, ["memoryMiB: expected 4096 to 24576 MiB with 6 vCPU in the second generation, got 2048"]],
            [{ cpu: 1, memoryMiB: 8192 }, ["memoryMiB: expected 512 to 4096 MiB with 1 vCPU in the second generation, got 8192"]],
            [{ cpu: 2, memoryMiB: 16384 }, ["memoryMiB: expected 512 to 8192 MiB with 2 vCPU in the second generation, got 16384"]],
            [{ memoryMiB: 256 }, ["memoryMiB: expected 512 to 4096 MiB with 1 vCPU in the second generation, got 256"]],
            [{ cpu: 8, memoryMiB: 65536 }, ["memoryMiB: expected an integer from 128 to 32768 (MiB), got 65536"]],
            [{ cpu: 0.5, memoryMiB: 512 }, [
                "concurrency: expected 1 because cpu is below 1 vCPU (0.5), got 80",
                "executionEnvironment: expected \"gen1\" because cpu is below 1 vCPU (0.5): Cloud Run runs fractional vCPU only in the first generation, got \"gen2\"",
            ]],
            [{ cpu: 0.25, memoryMiB: 1024, concurrency: 1, executionEnvironment: "gen1", cpuAlwaysAllocated: true }, [
                "cpuAlwaysAllocated: expected false because cpu is below 1 vCPU (0.25): fractional vCPU requires request-based billing, got true",
                "memoryMiB: expected 128 to 512 MiB with 0.25 vCPU in the first generation, got 1024",
            ]],
            [{ concurrency: 1001, timeoutSeconds: 3601 }, [
                "concurrency: expected an integer from 1 to 1000, got 1001",
                "timeoutSeconds: expected an integer from 1 to 3600, got 3601",
            ]],
            [{ concurrency: 0, timeoutSeconds: 0 }, [
                "concurrency: expected an integer from 1 to 1000, got 0",
                "timeoutSeconds: expected an integer from 1 to 3600, got 0",
            ]],
            [{ minInstances: 5, maxInstances: 2 }, ["minInstances: expected at most maxInstances (2), got 5"]],
            [{ maxInstances: 0 }, ["maxInstances: expected an integer from 1 to 1000, got 0"]],
        ] as Array<[Partial<CloudRunServiceArgs>, string[]]>)("%j", async (bad, problems) => {
            const { problems: got, inv } = await rejected({ ...ARGS, ...bad });
            expect(got).toEqual(problems);
            expect(inv.resources).toHaveLength(0);
        });

        it("refuses broad or public IAM", async () => {
            const { problems } = await rejected({
                ...ARGS,
                projectRoles: ["roles/editor", "roles/secretmanager.secretAccessor", "roles/iam.serviceAccountTokenCreator", "cloudsql.client"],
                invokers: ["allUsers", "alice@example.com"],
            });
            expect(problems).toEqual([
                'projectRoles[0]: expected a predefined role, not a basic role, got "roles/editor"',
                'projectRoles[1]: expected no project-wide Secret Manager role (secret access is granted per secret through secretEnv), got "roles/secretmanager.secretAccessor"',
                'projectRoles[2]: expected no IAM administration or impersonation role, got "roles/iam.serviceAccountTokenCreator"',
                'projectRoles[3]: expected a predefined role such as "roles/cloudsql.client", got "cloudsql.client"',
                'invokers[0]: expected a specific member (public access is `allowUnauthenticated`, which needs no allUsers binding), got "allUsers"',
                'invokers[1]: expected an IAM member such as "serviceAccount:caller@project.iam.gserviceaccount.com", got "alice@example.com"',
            ]);
        });

        it("refuses a member twice and two secrets under one grant key", async () => {
            const { problems } = await rejected({
                ...ARGS,
                invokers: ["group:ops@example.com", "group:Ops@example.com"],
                secretEnv: {
                    A_TOKEN: { secretId: "acme-stg-app-a", key: "token" },
                    B_TOKEN: { secretId: "acme-stg-app-b", key: "token" },
                    C_TOKEN: { secretId: "acme-stg-app-c", key: "Token" },
                },
            });
            expect(problems).toEqual([
                'secretEnv.C_TOKEN.key: expected a key of up to 100 lowercase letters, digits and hyphens such as "session-secret", got "Token"',
                'secretEnv.B_TOKEN.key: expected a key of its own: A_TOKEN reads another secret under the grant key "token", got "token"',
                'invokers[1]: expected each member once, got "group:Ops@example.com"',
            ]);
        });

        it("refuses unpinned or ambiguous images and bad env", async () => {
            const latest = await rejected({ ...ARGS, image: "europe-docker.pkg.dev/acme/apps/api:latest" });
            expect(latest.problems).toEqual([
                'image: expected a pinned image reference: "host/repo/name:tag" (not "latest") or "host/repo/name@sha256:<digest>", got "europe-docker.pkg.dev/acme/apps/api:latest"',
            ]);
            const both = await rejected({ ...ARGS, build: { repositoryUrl: "europe-west1-docker.pkg.dev/p/r", context: "." } });
            expect(both.problems[0]).toMatch(/^image: expected exactly one of `image` \(a pinned reference\) or `build` \(a build context\), got /);
            const env = await rejected({
                ...ARGS,
                env: { PORT: "80", TOKEN: "x", "BAD-NAME": "y" },
                secretEnv: { TOKEN: { secretId: "token", version: "v2" } },
            });
            expect(env.problems).toEqual([
                'env.PORT: expected a name Cloud Run does not set itself, got "PORT"',
                'env.BAD-NAME: expected an environment variable name of letters, digits and underscores, got "BAD-NAME"',
                'env.TOKEN: expected each variable in env or secretEnv, not both, got "TOKEN"',
                'secretEnv.TOKEN.version: expected a version number or "latest", got "v2"',
            ]);
        });
    });

    describe("validates each arg at both sides of its bounds (the validator alone, no plan)", () => {
        const problemsOf = (args: Partial<CloudRunServiceArgs>) =>
            argProblems(() => validateCloudRunServiceArgs(CloudRunService.TYPE, "api", { ...ARGS, ...args }));
        const FRACTIONAL = { concurrency: 1, executionEnvironment: "gen1" } as const;
        const NAME = "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter";
        const PATH = 'a URL path starting with "/" such as "/healthz"';
        const MEMBER = 'an IAM member such as "serviceAccount:caller@project.iam.gserviceaccount.com"';

        it.each<[string, Partial<CloudRunServiceArgs>]>([
            ["a one-letter service name", { serviceName: "a" }],
            ["a 20-character service name", { serviceName: "a".repeat(18) + "-1" }],
            ["port 1", { port: 1 }],
            ["port 65535", { port: 65535 }],
            ["the first generation", { executionEnvironment: "gen1" }],
            ["0.08 vCPU, the smallest fraction", { cpu: 0.08, memoryMiB: 256, ...FRACTIONAL }],
            ["0.999 vCPU with 128 MiB, the first generation's floor", { cpu: 0.999, memoryMiB: 128, ...FRACTIONAL }],
            ["8 vCPU with 32768 MiB", { cpu: 8, memoryMiB: 32768 }],
            ["concurrency 1000", { concurrency: 1000 }],
            ["1000 instances, none fewer", { minInstances: 1000, maxInstances: 1000 }],
            ["a one-second timeout", { timeoutSeconds: 1 }],
            ["a health path with every allowed character", { healthPath: "/a-Z_0.9~!$&'()*+,;=:@%/" }],
            ["the root as health path", { healthPath: "/" }],
            ["each ingress", { ingress: "internal-and-load-balancer" }],
            ["each kind of IAM member", { invokers: ["serviceAccount:a@p.iam.gserviceaccount.com", "user:b@example.com", "group:c@example.com", "domain:example.com", "principal://iam.googleapis.com/x", "principalSet://iam.googleapis.com/y"] }],
        ])("accepts %s", (_label, args) => {
            expect(problemsOf(args)).toEqual([]);
        });

        it.each<[string, Partial<CloudRunServiceArgs>, string | string[]]>([
            ["a 21-character service name", { serviceName: "a".repeat(21) }, `serviceName: expected ${NAME}, got "${"a".repeat(21)}"`],
            ["a service name starting with a digit", { serviceName: "1api" }, `serviceName: expected ${NAME}, got "1api"`],
            ["a service name ending in a hyphen", { serviceName: "api-" }, `serviceName: expected ${NAME}, got "api-"`],
            ["port 0", { port: 0 }, "port: expected an integer from 1 to 65535, got 0"],
            ["port 65536", { port: 65536 }, "port: expected an integer from 1 to 65535, got 65536"],
            ["a third generation", { executionEnvironment: "gen3" as "gen2" }, 'executionEnvironment: expected one of "gen1", "gen2", got "gen3"'],
            ["0.0805 vCPU, between steps of 0.001", { cpu: 0.0805, memoryMiB: 256, ...FRACTIONAL }, "cpu: expected 1, 2, 4, 6 or 8 vCPU, or a fraction from 0.08 to below 1 in steps of 0.001, got 0.0805"],
            ["0.079 vCPU", { cpu: 0.079, memoryMiB: 256, ...FRACTIONAL }, "cpu: expected 1, 2, 4, 6 or 8 vCPU, or a fraction from 0.08 to below 1 in steps of 0.001, got 0.079"],
            ["127 MiB", { cpu: 0.25, memoryMiB: 127, ...FRACTIONAL }, "memoryMiB: expected an integer from 128 to 32768 (MiB), got 127"],
            ["a fraction of a MiB", { memoryMiB: 512.5 }, "memoryMiB: expected an integer from 128 to 32768 (MiB), got 512.5"],
            ["32769 MiB", { cpu: 8, memoryMiB: 32769 }, "memoryMiB: expected an integer from 128 to 32768 (MiB), got 32769"],
            ["concurrency 0 with a fractional vCPU (reported once)", { cpu: 0.5, memoryMiB: 512, ...FRACTIONAL, concurrency: 0 }, "concurrency: expected an integer from 1 to 1000, got 0"],
            ["-1 instances kept warm", { minInstances: -1 }, "minInstances: expected an integer from 0 to 1000, got -1"],
            ["1001 instances kept warm", { minInstances: 1001, maxInstances: 1000 }, ["minInstances: expected an integer from 0 to 1000, got 1001", "minInstances: expected at most maxInstances (1000), got 1001"]],
            ["a fraction of an instance above the maximum (reported once)", { minInstances: 1.5, maxInstances: 1 }, "minInstances: expected an integer from 0 to 1000, got 1.5"],
            ["1001 instances at most", { maxInstances: 1001 }, "maxInstances: expected an integer from 1 to 1000, got 1001"],
            ["a health path without its slash", { healthPath: "healthz" }, `healthPath: expected ${PATH}, got "healthz"`],
            ["a health path with text before the slash", { healthPath: "api/healthz" }, `healthPath: expected ${PATH}, got "api/healthz"`],
            ["a health path with a space", { healthPath: "/health check" }, `healthPath: expected ${PATH}, got "/health check"`],
            ["an unknown ingress", { ingress: "public" as "all" }, 'ingress: expected one of "internal", "internal-and-load-balancer", "all", got "public"'],
            ["allAuthenticatedUsers as invoker", { invokers: ["allAuthenticatedUsers"] }, 'invokers[0]: expected a specific member (public access is `allowUnauthenticated`, which needs no allUsers binding), got "allAuthenticatedUsers"'],
            ["a member with text before its kind", { invokers: ["xuser:alice@example.com"] }, `invokers[0]: expected ${MEMBER}, got "xuser:alice@example.com"`],
            ["a member with a line break after it", { invokers: ["user:alice@example.com\n"] }, `invokers[0]: expected ${MEMBER}, got "user:alice@example.com\\n"`],
            ["a member kind without a member", { invokers: ["group:"] }, `invokers[0]: expected ${MEMBER}, got "group:"`],
        ])("rejects %s", (_label, args, problems) => {
            expect(problemsOf(args)).toEqual([problems].flat());
        });
    });
});
