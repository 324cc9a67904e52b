import { Registry, validateRegistryArgs, type RegistryArgs } from "../../../components/aws/registry";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, byName, plan, rejectedArgs } from "../../helpers/inventory";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ARGS: RegistryArgs = { namePrefix: "acme-stg", region: "eu-central-1", images: ["api", "worker"], kmsKeyArn: KEY };
const REPO = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const problems = (args: Partial<RegistryArgs>) => argProblems(() => validateRegistryArgs("images", { ...ARGS, ...args }));
const PREFIX = 'lowercase letters and digits separated by ".", "_" or "-", such as "acme-prod"';
const IMAGE = 'an image name of lowercase letters and digits separated by ".", "_" or "-", such as "api"';

describe("aws Registry", () => {
    it("creates one immutable, scanned, KMS-encrypted repository per image", async () => {
        const inv = await plan(() => new Registry("images", ARGS));
        expect(inv.counts()).toEqual({ "prodstack:aws:Registry": 1, [REPO]: 2, [LIFECYCLE]: 2 });
        expect(byName(inv.ofType(REPO)).map((r) => r.inputs)).toEqual(["api", "worker"].map((image) => ({
            region: "eu-central-1",
            name: `acme-stg/${image}`,
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }],
            forceDelete: false,
        })));
        expect(inv.ofType(REPO).every((r) => !r.protect)).toBe(true);
    });

    it("expires untagged images after 14 days, then all but the 10 most recent, with the 'any' rule last", async () => {
        const inv = await plan(() => new Registry("images", ARGS));
        const policy = inv.named("images-api", LIFECYCLE);
        expect(policy.inputs.repository).toBe("acme-stg/api");
        expect(policy.dependsOn).toContain(inv.named("images-api", REPO).urn);
        expect(JSON.parse(String(policy.inputs.policy))).toEqual({
            rules: [
                {
                    rulePriority: 1,
                    description: "Expire untagged images after 14 days",
                    selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
                    action: { type: "expire" },
                },
                {
                    rulePriority: 2,
                    description: "Keep the 10 most recent images",
                    selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 10 },
                    action: { type: "expire" },
                },
            ],
        });
    });

    it("prod: protected repositories; non-prod may force-delete; counts honoured at their bounds", async () => {
        const prod = await plan(() => new Registry("images", { ...ARGS, deletionProtection: true, keepRecentImages: 1000, deleteUntaggedAfterDays: 1 }));
        expect(prod.ofType(REPO).map((r) => r.protect)).toEqual([true, true]);
        const rules = JSON.parse(String(prod.ofType(LIFECYCLE)[0].inputs.policy)).rules;
        expect(rules.map((r: { selection: { countNumber: number } }) => r.selection.countNumber)).toEqual([1, 1000]);
        const staging = await plan(() => new Registry("images", { ...ARGS, forceDelete: true, keepRecentImages: 1, deleteUntaggedAfterDays: 3650 }));
        expect(staging.ofType(REPO).map((r) => r.inputs.forceDelete)).toEqual([true, true]);
    });

    it("exposes each image's repository URL", async () => {
        const inv = await plan(() => new Registry("images", ARGS).repositoryUrls);
        expect(inv.outputs).toEqual({
            api: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-stg/api",
            worker: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-stg/worker",
        });
    });

    it("summarises in one line what AWS receives", async () => {
        const inv = await plan(() => new Registry("images", ARGS));
        expect(summarize(Registry.TYPE, inv.resources)).toBe(
            "2 ECR repositories (acme-stg/api, acme-stg/worker) · IMMUTABLE tags · scan on push · KMS · untagged expire after 14 d, keep 10 recent",
        );
    });

    it.each<[string, Partial<RegistryArgs>]>([
        ["separators in names", { namePrefix: "acme.prod_x-1", images: ["api.v2_x-1"] }],
        ["a repository name of 256 characters", { namePrefix: "a", images: ["b".repeat(254)] }],
    ])("accepts %s", (_, args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[string, Partial<RegistryArgs>, string[]]>([
        ["a repository name of 257 characters", { namePrefix: "a", images: ["b".repeat(255)] }, [`images[0]: expected ${IMAGE}, got "${"b".repeat(255)}"`]],
        ["a prefix starting with a separator", { namePrefix: "-acme" }, [`namePrefix: expected ${PREFIX}, got "-acme"`]],
        ["a prefix ending with a separator", { namePrefix: "acme-" }, [`namePrefix: expected ${PREFIX}, got "acme-"`]],
        ["an image starting with a separator", { images: ["_api"] }, [`images[0]: expected ${IMAGE}, got "_api"`]],
        ["an image ending with a separator", { images: ["api."] }, [`images[0]: expected ${IMAGE}, got "api."`]],
        ["no images at all", { images: undefined as never }, ["images: expected at least one image name, each once, got nothing"]],
    ])("rejects %s", (_, args, expected) => {
        expect(problems(args)).toEqual(expected);
    });

    it("parents every repository and lifecycle policy to the component", async () => {
        const inv = await plan(() => new Registry("images", ARGS));
        expect(inv.childrenOf(inv.one(Registry.TYPE).urn).map((r) => r.type).sort()).toEqual([LIFECYCLE, LIFECYCLE, REPO, REPO]);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new Registry("images", {
            namePrefix: "Acme_",
            region: "eu",
            images: ["API", "api", "api"],
            kmsKeyArn: KEY,
            keepRecentImages: 0,
            deleteUntaggedAfterDays: 3651,
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected lowercase letters and digits separated by ".", "_" or "-", such as "acme-prod", got "Acme_"',
            'region: expected an AWS region such as "eu-central-1", got "eu"',
            'images: expected at least one image name, each once, got ["API","api","api"]',
            'images[0]: expected an image name of lowercase letters and digits separated by ".", "_" or "-", such as "api", got "API"',
            "keepRecentImages: expected an integer from 1 to 1000, got 0",
            "deleteUntaggedAfterDays: expected an integer from 1 to 3650, got 3651",
        ]);
        expect(inv.resources).toHaveLength(0);
        const empty = await rejectedArgs(() => new Registry("images", { ...ARGS, images: [], keepRecentImages: 1001, deleteUntaggedAfterDays: 0 }));
        expect(empty.error.problems).toEqual([
            "images: expected at least one image name, each once, got []",
            "keepRecentImages: expected an integer from 1 to 1000, got 1001",
            "deleteUntaggedAfterDays: expected an integer from 1 to 3650, got 0",
        ]);
    });
});
