import { ContainerImage, type ContainerImageArgs } from "../../../components/aws/image";
import { summarize } from "../../../infra/plan/summaries";
import { plan, rejectedArgs } from "../../helpers/inventory";

const URL = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-stg/api";
const ARGS: ContainerImageArgs = { repositoryUrl: URL, context: "services/api", tag: "3f2a9c1" };
const IMAGE = "docker:index/image:Image";

describe("aws ContainerImage", () => {
    it("builds for linux/amd64 and pushes the build's tag to the ECR repository with an ECR token", async () => {
        const inv = await plan(() => {
            new ContainerImage("api", { ...ARGS, dockerfile: "services/api/Dockerfile.prod", buildArgs: { NODE_VERSION: "22" } });
        });
        expect(inv.counts()).toEqual({ "prodstack:aws:ContainerImage": 1, [IMAGE]: 1 });
        expect(inv.one(IMAGE).inputs).toEqual({
            imageName: `${URL}:3f2a9c1`,
            build: { context: "services/api", dockerfile: "services/api/Dockerfile.prod", platform: "linux/amd64", args: { NODE_VERSION: "22" } },
            // The registry block carries the token, so Pulumi keeps all of it secret.
            registry: "[secret]",
            skipPush: false,
            buildOnPreview: false,
        });
        expect(JSON.stringify(inv.resources)).not.toContain("placeholder-ecr-password");
        // The push token is asked of the repository's own account and region, not the provider's.
        expect(inv.invokes).toEqual([{ token: "aws:ecr/getAuthorizationToken:getAuthorizationToken", args: { registryId: "123456789012", region: "eu-central-1" } }]);
    });

    it("asks for the push token of a China or GovCloud repository in that repository's account and region", async () => {
        const inv = await plan(() => {
            new ContainerImage("api", { ...ARGS, repositoryUrl: "210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/acme/api" });
        });
        expect(inv.invokes.map((i) => i.args)).toEqual([{ registryId: "210987654321", region: "cn-north-1" }]);
    });

    it("defaults the Dockerfile to the context's and builds for arm64 when asked", async () => {
        const inv = await plan(() => {
            new ContainerImage("api", { ...ARGS, context: "services/api/", platform: "linux/arm64" });
        });
        expect(inv.one(IMAGE).inputs).toMatchObject({ build: { dockerfile: "services/api/Dockerfile", platform: "linux/arm64" } });
    });

    it("accepts a repository URL that is only known at deploy time", async () => {
        const inv = await plan(() => {
            const image = new ContainerImage("api", { ...ARGS, repositoryUrl: Promise.resolve(URL) });
            return { digestRef: image.digestRef };
        });
        expect(inv.outputs.digestRef).toMatch(new RegExp(`^${URL}@sha256:[0-9a-f]{64}$`));
    });

    it("exposes the pushed digest reference, which names the repository, not the tag", async () => {
        const inv = await plan(() => {
            const image = new ContainerImage("api", ARGS);
            return { digestRef: image.digestRef, taggedName: image.taggedName };
        });
        expect(inv.outputs.taggedName).toBe(`${URL}:3f2a9c1`);
        expect(inv.outputs.digestRef).toMatch(new RegExp(`^${URL}@sha256:[0-9a-f]{64}$`));
    });

    it("summarises in one line what is built and deployed", async () => {
        const inv = await plan(() => new ContainerImage("api", ARGS));
        expect(summarize(ContainerImage.TYPE, inv.resources)).toBe(`build services/api for linux/amd64 → ${URL}:3f2a9c1, deployed by digest`);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new ContainerImage("api", {
            repositoryUrl: "europe-west1-docker.pkg.dev/acme/images",
            context: " ",
            tag: "latest",
            platform: "windows/amd64" as never,
            buildArgs: { "not-valid": "x" },
        }));
        expect(error.problems).toEqual([
            'repositoryUrl: expected an ECR repository URL such as "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api", got "europe-west1-docker.pkg.dev/acme/images"',
            'context: expected a build context directory, got " "',
            'tag: expected a tag unique to this build such as the commit SHA (ECR tags are immutable), got "latest"',
            'platform: expected one of "linux/amd64", "linux/arm64", got "windows/amd64"',
            'buildArgs.not-valid: expected a build argument name of letters, digits and underscores, got "not-valid"',
        ]);
        expect(inv.resources).toHaveLength(0);
        const tag = await rejectedArgs(() => new ContainerImage("api", { ...ARGS, tag: ":bad" }));
        expect(tag.error.problems).toEqual(['tag: expected a Docker tag of up to 128 letters, digits, "_", "." or "-", got ":bad"']);
        const missing = await rejectedArgs(() => new ContainerImage("api", { ...ARGS, tag: undefined as never }));
        expect(missing.error.problems).toEqual(['tag: expected a Docker tag of up to 128 letters, digits, "_", "." or "-", got nothing']);
    });
});

describe("aws ContainerImage: repository URL bounds", () => {
    it.each([
        ["123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/acme/api"],
        ["123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/acme-prod/api_v2.x"],
    ])("accepts %s", async (repositoryUrl) => {
        const inv = await plan(() => ({ tagged: new ContainerImage("api", { ...ARGS, repositoryUrl }).taggedName }));
        expect(inv.outputs.tagged).toBe(`${repositoryUrl}:3f2a9c1`);
    });

    it.each([
        ["https://123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme/api"],
        ["123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme/api/"],
        ["12345678901.dkr.ecr.eu-central-1.amazonaws.com/acme/api"],
        ["123456789012.dkr.ecr.eu-central-1.amazonaws.com/Acme/api"],
        ["123456789012.dkr.ecr.eu-central-1.amazonaws.com"],
    ])("rejects %s", async (repositoryUrl) => {
        const { error } = await rejectedArgs(() => new ContainerImage("api", { ...ARGS, repositoryUrl }));
        expect(error.problems).toEqual([`repositoryUrl: expected an ECR repository URL such as "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api", got "${repositoryUrl}"`]);
    });

    it("accepts any tag but latest, up to 128 characters", async () => {
        await expect(plan(() => new ContainerImage("api", { ...ARGS, tag: "v".repeat(128) }))).resolves.toBeDefined();
        const { error } = await rejectedArgs(() => new ContainerImage("api", { ...ARGS, tag: "v".repeat(129) }));
        expect(error.problems).toHaveLength(1);
        expect(error.problems[0]).toMatch(/^tag: expected a Docker tag of up to 128 letters/);
    });
});
