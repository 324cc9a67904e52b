import { InvalidArgsError } from "../../../components/core";
import { ContainerImage, type ContainerImageArgs, validateContainerImageArgs } from "../../../components/gcp/image";
import { argProblems, plan } from "../../helpers/inventory";

const URL = "europe-west1-docker.pkg.dev/acme-web-staging/acme-stg-images";
const ARGS: ContainerImageArgs = { repositoryUrl: URL, imageName: "api", context: "services/api" };
const IMAGE = "docker:index/image:Image";

describe("gcp ContainerImage", () => {
    it("builds for linux/amd64 and pushes to the repository with the provider's access token", async () => {
        const inv = await plan(() => {
            new ContainerImage("api", { ...ARGS, dockerfile: "services/api/Dockerfile.prod", buildArgs: { NODE_VERSION: "22" }, tag: "staging" });
        });
        expect(inv.counts()).toEqual({ "prodstack:gcp:ContainerImage": 1, [IMAGE]: 1 });
        expect(inv.one(IMAGE).inputs).toEqual({
            imageName: `${URL}/api:staging`,
            build: { context: "services/api", dockerfile: "services/api/Dockerfile.prod", platform: "linux/amd64", args: { NODE_VERSION: "22" } },
            // The registry block carries the access token, so Pulumi keeps all of it secret.
            registry: "[secret]",
            skipPush: false,
            buildOnPreview: false,
        });
        expect(inv.one(IMAGE).parent).toBe(inv.one("prodstack:gcp:ContainerImage").urn);
    });

    it("defaults the Dockerfile to the context's and the tag to latest", async () => {
        const inv = await plan(() => {
            new ContainerImage("api", { ...ARGS, context: "services/api/" });
        });
        expect(inv.one(IMAGE).inputs).toMatchObject({
            imageName: `${URL}/api:latest`,
            build: { dockerfile: "services/api/Dockerfile" },
        });
    });

    it("exposes the pushed digest reference, which names the repository, not the tag", async () => {
        const inv = await plan(() => {
            const image = new ContainerImage("api", { ...ARGS, tag: "staging" });
            return { digestRef: image.digestRef, taggedName: image.taggedName };
        });
        expect(inv.outputs.taggedName).toBe(`${URL}/api:staging`);
        expect(inv.outputs.digestRef).toMatch(new RegExp(`^${URL}/api@sha256:[0-9a-f]{64}$`));
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new ContainerImage("api", {
                    repositoryUrl: "docker.io/acme/api",
                    imageName: "API",
                    context: " ",
                    tag: ":bad",
                    platform: "linux/arm64",
                    buildArgs: { "not-valid": "x" },
                });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'repositoryUrl: expected an Artifact Registry URL such as "europe-west1-docker.pkg.dev/acme-prod/acme-prod-images", got "docker.io/acme/api"',
            'imageName: expected an image name of lowercase letters, digits and separators such as "api", got "API"',
            'context: expected a build context directory, got " "',
            'tag: expected a Docker tag of up to 128 letters, digits, "_", "." or "-", got ":bad"',
            'platform: expected one of "linux/amd64", got "linux/arm64"',
            'buildArgs.not-valid: expected a build argument name of letters, digits and underscores, got "not-valid"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("gcp ContainerImage args, without planning", () => {
    const problems = (args: Partial<ContainerImageArgs>) => argProblems(() => validateContainerImageArgs("api", { ...ARGS, ...args }));

    it.each([
        { repositoryUrl: "us-docker.pkg.dev/acme-web-prod/images" },
        { repositoryUrl: Promise.resolve("checked by the cloud") },
        { imageName: "api.v2_worker-1" },
        { tag: "1.4.2", platform: "linux/amd64" },
    ] as Array<Partial<ContainerImageArgs>>)("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    const url = (repositoryUrl: string) => `repositoryUrl: expected an Artifact Registry URL such as "europe-west1-docker.pkg.dev/acme-prod/acme-prod-images", got "${repositoryUrl}"`;
    const name = (imageName: string) => `imageName: expected an image name of lowercase letters, digits and separators such as "api", got "${imageName}"`;
    it.each([
        [{ repositoryUrl: "https://europe-west1-docker.pkg.dev/acme/images" }, [url("https://europe-west1-docker.pkg.dev/acme/images")]],
        [{ repositoryUrl: "europe-west1-docker.pkg.dev/acme/images/api" }, [url("europe-west1-docker.pkg.dev/acme/images/api")]],
        [{ repositoryUrl: "europe-west1-docker.pkg.dev/acme" }, [url("europe-west1-docker.pkg.dev/acme")]],
        [{ imageName: "-api" }, [name("-api")]],
        [{ imageName: "api-" }, [name("api-")]],
        [{ imageName: "api/worker" }, [name("api/worker")]],
    ] as Array<[Partial<ContainerImageArgs>, string[]]>)("rejects %j", (args, expected) => {
        expect(problems(args)).toEqual(expected);
    });
});
