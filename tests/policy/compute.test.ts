import { r, unknownAt, urn, validateResource, validateStack, type StackResource } from "./harness";

const RUN = "gcp:cloudrunv2/service:Service";
const JOB = "gcp:cloudrunv2/job:Job";
const SA = "gcp:serviceaccount/account:Account";
const IMAGE = "europe-docker.pkg.dev/acme-web-shared/apps/api:1.4.2";

const service = (envs: unknown[], template: Record<string, unknown> = {}) => ({
    location: "europe-west1",
    ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
    template: {
        serviceAccount: "api@acme-web-prod.iam.gserviceaccount.com",
        scaling: { minInstanceCount: 2, maxInstanceCount: 50 },
        containers: [{ image: IMAGE, envs }],
        ...template,
    },
});
const api = { name: "api-service" };

describe("generated-secrets-not-in-plain-env", () => {
    const password = r("random:index/randomPassword:RandomPassword", "app-secrets-session-secret-random", { length: 64, result: "Zx9vQ2mLr8TtYw3KpB7nD4cF6hJ1sA0e" });
    const version = r("gcp:secretmanager/secretVersion:SecretVersion", "app-secrets-session-secret", { secretData: "Zx9vQ2mLr8TtYw3KpB7nD4cF6hJ1sA0e" }, [password]);

    it("passes a generated secret that reaches the service through Secret Manager", async () => {
        const envs = [{ name: "SESSION_SECRET", valueSource: { secretKeyRef: { secret: "projects/1/secrets/acme-prod-app-session-secret", version: "1" } } }];
        const run = r(RUN, "api-service", service(envs));
        expect(await validateStack("generated-secrets-not-in-plain-env", [password, version, run])).toEqual({ messages: [], urns: [] });
    });

    it("fails a service that takes the generated value as plain env, directly or under another name", async () => {
        const direct = r(RUN, "api-service", service([{ name: "SESSION_SECRET", value: "[secret]" }]), [password]);
        const copied = r(RUN, "worker-service", service([{ name: "COOKIE_SALT", value: "salt-Zx9vQ2mLr8TtYw3KpB7nD4cF6hJ1sA0e" }]));
        const out = await validateStack("generated-secrets-not-in-plain-env", [password, version, direct, copied]);
        expect(out.messages).toEqual([
            'Cloud Run service "api-service" takes an input straight from generated password "app-secrets-session-secret-random", a generated secret; ' +
                "store it in Secret Manager and mount it as secret env (valueSource.secretKeyRef) instead.",
            'Cloud Run service "worker-service" passes the value of generated password "app-secrets-session-secret-random" in the plain environment variable COOKIE_SALT; ' +
                "mount it from Secret Manager instead.",
        ]);
        expect(out.urns).toEqual([urn(direct), urn(copied)]);
    });

    it("does not apply without generated secrets", async () => {
        expect((await validateStack("generated-secrets-not-in-plain-env", [r(RUN, "api-service", service([]))])).notApplicable).toBe(
            "no generated secret (random password, bytes or string) in this stack",
        );
    });
});

describe("secrets-not-in-plain-env", () => {
    it("passes plain config and secrets mounted from Secret Manager", async () => {
        const envs = [
            { name: "NODE_ENV", value: "production" },
            { name: "SESSION_SECRET", valueSource: { secretKeyRef: { secret: "projects/123/secrets/session", version: "3" } } },
            { name: "DB_PASSWORD_SECRET", value: "projects/123/secrets/db-password" },
            { name: "TOKEN_TTL", value: "3600" },
        ];
        expect((await validateResource("secrets-not-in-plain-env", RUN, service(envs), api)).messages).toEqual([]);
    });

    it("fails a Pulumi secret passed as a plain value (offline plans show it as [secret])", async () => {
        const out = await validateResource("secrets-not-in-plain-env", RUN, service([{ name: "DATABASE_URL", value: "[secret]" }]), api);
        expect(out.messages).toEqual([
            'Cloud Run service "api-service" passes DATABASE_URL as a plain environment variable although its value is a ' +
                "Pulumi secret; mount it from Secret Manager (valueSource.secretKeyRef) instead.",
        ]);
    });

    it("fails secret-looking names and credential-bearing values, as real runs see plaintext", async () => {
        const envs = [
            { name: "STRIPE_API_KEY", value: "sk_live_abc" },
            { name: "DATABASE_URL", value: "postgres://app:hunter2@10.0.0.5:5432/app" },
        ];
        const out = await validateResource("secrets-not-in-plain-env", RUN, service(envs), api);
        expect(out.messages).toEqual([
            'Cloud Run service "api-service" passes STRIPE_API_KEY as a plain environment variable although its name says it ' +
                "holds a secret; mount it from Secret Manager (valueSource.secretKeyRef) instead.",
            'Cloud Run service "api-service" passes DATABASE_URL as a plain environment variable although its value embeds ' +
                "credentials; mount it from Secret Manager (valueSource.secretKeyRef) instead.",
        ]);
    });

    it("knows the common secret names and leaves look-alikes alone", async () => {
        const secret = ["STRIPE_SECRET_KEY", "AWS_SECRET_ACCESS_KEY", "SECRET_KEY_BASE", "DB_PWD", "JWT_SIGNING_KEY", "GITHUB_TOKEN"];
        const plain = ["PWD", "AWS_ACCESS_KEY_ID", "STRIPE_PUBLISHABLE_KEY", "TOKEN_TTL", "PASSWORD_MIN_LENGTH"];
        const envs = [...secret, ...plain].map((name) => ({ name, value: "x" }));
        const out = await validateResource("secrets-not-in-plain-env", RUN, service(envs), api);
        expect(out.messages.map((m) => /passes (\w+) as/.exec(m)?.[1])).toEqual(secret);
    });

    it("reads Cloud Run jobs' nested template", async () => {
        const job = { location: "europe-west1", template: { template: { containers: [{ image: IMAGE, envs: [{ name: "ADMIN_PASSWORD", value: "x" }] }] } } };
        expect((await validateResource("secrets-not-in-plain-env", JOB, job, { name: "migrate" })).messages[0]).toMatch(
            /^Cloud Run job "migrate" passes ADMIN_PASSWORD as a plain environment variable/,
        );
    });
});

describe("dedicated-service-identities", () => {
    const account = (id: string) => r(SA, `${id}-sa`, { accountId: `acme-prod-${id}`, project: "acme-web-prod" });
    const workload = (name: string, email: string | undefined, deps = [] as ReturnType<typeof account>[]) =>
        r(RUN, name, { template: { ...(email ? { serviceAccount: email } : {}), containers: [{ image: IMAGE }] } }, deps);

    it("passes one dedicated account per service", async () => {
        const a = account("api");
        const w = account("worker");
        const resources = [
            a,
            w,
            workload("api-service", "acme-prod-api@acme-web-prod.iam.gserviceaccount.com", [a]),
            workload("worker-service", "acme-prod-worker@acme-web-prod.iam.gserviceaccount.com", [w]),
        ];
        expect((await validateStack("dedicated-service-identities", resources)).messages).toEqual([]);
    });

    it("fails a service without an identity and one on the default compute account", async () => {
        const none = workload("api-service", undefined);
        const compute = workload("worker-service", "123456789012-compute@developer.gserviceaccount.com");
        const out = await validateStack("dedicated-service-identities", [none, compute]);
        expect(out.messages).toEqual([
            'Cloud Run service "api-service" sets no service account, so it runs as the project\'s default Compute Engine ' +
                "identity; give it a dedicated service account.",
            'Cloud Run service "worker-service" runs as the default service account ' +
                "123456789012-compute@developer.gserviceaccount.com; give it a dedicated service account.",
        ]);
        expect(out.urns).toEqual([urn(none), urn(compute)]);
    });

    it("fails two services sharing one account", async () => {
        const a = account("api");
        const email = "acme-prod-api@acme-web-prod.iam.gserviceaccount.com";
        const out = await validateStack("dedicated-service-identities", [a, workload("api-service", email, [a]), workload("worker-service", email, [a])]);
        expect(out.messages).toEqual([
            'Cloud Run service "api-service" shares its identity (service account "api-sa") with Cloud Run service ' +
                '"worker-service"; give each workload its own service account so one compromise does not grant the other\'s access.',
            'Cloud Run service "worker-service" shares its identity (service account "api-sa") with Cloud Run service ' +
                '"api-service"; give each workload its own service account so one compromise does not grant the other\'s access.',
        ]);
    });
});

describe("autoscaling-bounded", () => {
    it("passes a service with a maximum instance count", async () => {
        expect((await validateResource("autoscaling-bounded", RUN, service([]), api)).messages).toEqual([]);
    });

    it("fails a service without one", async () => {
        const out = await validateResource("autoscaling-bounded", RUN, service([], { scaling: { minInstanceCount: 0 } }), api);
        expect(out.messages).toEqual([
            'Cloud Run service "api-service" has no maximum instance count; set template.scaling.maxInstanceCount so a traffic ' +
                "spike cannot run up cost or exhaust the database's connections.",
        ]);
    });
});

describe("images-pinned", () => {
    it("passes version tags and digests", async () => {
        const digest = `europe-docker.pkg.dev/p/apps/api@sha256:${"a".repeat(64)}`;
        const svc = service([], { containers: [{ image: IMAGE }, { image: digest }] });
        expect((await validateResource("images-pinned", RUN, svc, api)).messages).toEqual([]);
    });

    it("fails latest and untagged images", async () => {
        const svc = service([], { containers: [{ image: "europe-docker.pkg.dev/p/apps/api:latest" }, { image: "nginx" }] });
        expect((await validateResource("images-pinned", RUN, svc, api)).messages).toEqual([
            'Cloud Run service "api-service" runs the unpinned image europe-docker.pkg.dev/p/apps/api:latest; deploy by digest or by an immutable version tag.',
            'Cloud Run service "api-service" runs the unpinned image nginx; deploy by digest or by an immutable version tag.',
        ]);
    });
});

describe("compute rules: the edges mutation testing found", () => {
    const V1 = "gcp:cloudrun/service:Service";
    const POOL = "gcp:cloudrunv2/workerPool:WorkerPool";
    const EMAIL = "acme-prod-api@acme-web-prod.iam.gserviceaccount.com";
    const v1 = (spec: Record<string, unknown>) => ({ location: "europe-west1", template: { spec: { containers: [{ image: IMAGE, ...spec }] } } });

    it("reads Cloud Run v1 services' template.spec: env and serviceAccountName", async () => {
        const out = await validateResource("secrets-not-in-plain-env", V1, v1({ envs: [{ name: "DB_PASSWORD", value: "x" }] }), api);
        expect(out.messages).toEqual([
            'Cloud Run service "api-service" passes DB_PASSWORD as a plain environment variable although its name says it holds ' +
                "a secret; mount it from Secret Manager (valueSource.secretKeyRef) instead.",
        ]);
        const none = r(V1, "legacy", { template: { spec: { containers: [{ image: IMAGE }] } } });
        const own = r(V1, "own", { template: { spec: { serviceAccountName: EMAIL, containers: [{ image: IMAGE }] } } });
        expect((await validateStack("dedicated-service-identities", [none, own])).urns).toEqual([urn(none)]);
    });

    it.each([
        ["projects/123/secrets/db-password", []],
        ["projects/123/secrets/db-password/versions/3", []],
        ["https://x/projects/123/secrets/db-password", ["DB_PASSWORD"]],
        ["projects//secrets/db-password", ["DB_PASSWORD"]],
        ["projects/123/secrets/", ["DB_PASSWORD"]],
    ])("a secret-named variable holding %s is a Secret Manager reference only when it starts with one", async (value, flagged) => {
        const out = await validateResource("secrets-not-in-plain-env", RUN, service([{ name: "DB_PASSWORD", value }]), api);
        expect(out.messages.map((m) => /passes (\w+) as/.exec(m)?.[1])).toEqual(flagged);
    });

    it("is not applicable without workloads, and names each cloud's reason", async () => {
        const sa = r(SA, "api-sa", { accountId: "acme-prod-api" });
        expect((await validateStack("dedicated-service-identities", [sa])).notApplicable).toBe(
            "no Cloud Run service, job or worker pool in this stack; no ECS task definition in this stack",
        );
    });

    it("reports App Engine's default identity, but not an account whose email only contains a default's suffix", async () => {
        const appspot = r(RUN, "api-service", { template: { serviceAccount: "acme-web-prod@appspot.gserviceaccount.com" } });
        const lookalike = r(RUN, "worker-service", { template: { serviceAccount: "x-compute@developer.gserviceaccount.com.acme.example" } });
        const out = await validateStack("dedicated-service-identities", [appspot, lookalike]);
        expect(out.messages).toEqual([
            'Cloud Run service "api-service" runs as the default service account acme-web-prod@appspot.gserviceaccount.com; give it a dedicated service account.',
        ]);
    });

    it("matches an account by its email or name output, and groups a blank identity with none", async () => {
        const sa = r(SA, "api-sa", unknownAt({ email: EMAIL, name: `projects/acme-web-prod/serviceAccounts/${EMAIL}` }, "accountId"));
        const byEmail = r(RUN, "api-service", { template: { serviceAccount: EMAIL } });
        const byName = r(JOB, "migrate", { template: { template: { serviceAccount: `projects/acme-web-prod/serviceAccounts/${EMAIL}` } } });
        const out = await validateStack("dedicated-service-identities", [sa, byEmail, byName]);
        expect(out.messages[0]).toBe(
            'Cloud Run service "api-service" shares its identity (service account "api-sa") with Cloud Run job "migrate"; ' +
                "give each workload its own service account so one compromise does not grant the other's access.",
        );
        const blankSa = r(SA, "pending-sa", { accountId: "acme-prod-x", email: "" });
        const blank = r(RUN, "blank", { template: { serviceAccount: "" } });
        expect((await validateStack("dedicated-service-identities", [blankSa, blank])).messages).toEqual([
            'Cloud Run service "blank" sets no service account, so it runs as the project\'s default Compute Engine identity; give it a dedicated service account.',
        ]);
    });

    it("shares an identity by email when no account in the stack has it, and names the email", async () => {
        const a = r(RUN, "api-service", { template: { serviceAccount: "shared@other-project.iam.gserviceaccount.com" } });
        const b = r(POOL, "worker-pool", { template: { serviceAccount: "shared@other-project.iam.gserviceaccount.com" } });
        const out = await validateStack("dedicated-service-identities", [a, b]);
        expect(out.messages[1]).toBe(
            'Cloud Run worker pool "worker-pool" shares its identity (shared@other-project.iam.gserviceaccount.com) with Cloud Run service "api-service"; ' +
                "give each workload its own service account so one compromise does not grant the other's access.",
        );
    });

    describe("an identity not known yet (first preview)", () => {
        const a = r(SA, "api-sa", { accountId: "acme-prod-api" });
        const b = r(SA, "worker-sa", { accountId: "acme-prod-worker" });
        const pending = (name: string, deps: StackResource[] = [], linkedTo?: StackResource[]): StackResource => ({
            ...r(RUN, name, { template: unknownAt({ containers: [{ image: IMAGE }] }, "serviceAccount") }, deps),
            ...(linkedTo ? { propertyDeps: { template: linkedTo } } : {}),
        });

        it("is the account the engine's property dependencies name", async () => {
            const out = await validateStack("dedicated-service-identities", [a, b, pending("api-service", [], [a]), pending("worker-service", [], [a])]);
            expect(out.messages[0]).toMatch(/^Cloud Run service "api-service" shares its identity \(service account "api-sa"\) with Cloud Run service "worker-service";/);
        });

        it("is its own, computed identity when the engine names several accounts, or none", async () => {
            const out = await validateStack("dedicated-service-identities", [
                a, b, pending("api-service", [], [a, b]), pending("worker-service", [], [a, b]), pending("job", [a]), pending("other", [a]),
            ]);
            expect(out).toEqual({ messages: [], urns: [] });
        });

        it("is its own when the whole template is unknown, even if the workloads depend on one account", async () => {
            const whole = (name: string) => r(RUN, name, unknownAt({ location: "europe-west1" }, "template"), [a]);
            expect(await validateStack("dedicated-service-identities", [a, whole("api-service"), whole("worker-service")])).toEqual({ messages: [], urns: [] });
        });
    });

    it("autoscaling-bounded reads a top-level scaling block too", async () => {
        const svc = { ...service([], { scaling: undefined }), scaling: { maxInstanceCount: 10 } };
        expect((await validateResource("autoscaling-bounded", RUN, svc, api)).messages).toEqual([]);
        const zero = service([], { scaling: { maxInstanceCount: 0 } });
        expect((await validateResource("autoscaling-bounded", RUN, zero, api)).messages).toHaveLength(1);
    });

    it("images-pinned leaves blank images and images not known yet (built in the same run) alone", async () => {
        const svc = service([], { containers: [{ image: "" }, unknownAt({}, "image")] });
        expect((await validateResource("images-pinned", RUN, svc, api)).messages).toEqual([]);
        expect((await validateResource("images-pinned", JOB, { template: { template: { containers: [{ image: "nginx:latest" }] } } }, api)).messages).toEqual([
            'Cloud Run job "api-service" runs the unpinned image nginx:latest; deploy by digest or by an immutable version tag.',
        ]);
    });
});
