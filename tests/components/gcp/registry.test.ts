import { InvalidArgsError } from "../../../components/core";
import { Registry, type RegistryArgs, validateRegistryArgs } from "../../../components/gcp/registry";
import { argProblems, plan } from "../../helpers/inventory";

const ARGS: RegistryArgs = { region: "europe-west1", namePrefix: "acme-stg", project: "acme-web-staging" };
const REPO = "gcp:artifactregistry/repository:Repository";

describe("gcp Registry", () => {
    it("creates one regional Docker repository with keep-recent and delete-untagged cleanup policies", async () => {
        const inv = await plan(() => {
            new Registry("registry", ARGS);
        });
        expect(inv.counts()).toEqual({ "prodstack:gcp:Registry": 1, [REPO]: 1 });
        expect(inv.one(REPO).inputs).toMatchObject({
            project: "acme-web-staging",
            location: "europe-west1",
            repositoryId: "acme-stg-images",
            format: "DOCKER",
            mode: "STANDARD_REPOSITORY",
            description: "Container images of acme-stg (managed by prodstack)",
            dockerConfig: { immutableTags: false },
            cleanupPolicyDryRun: false,
            cleanupPolicies: [
                { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: 10 } },
                { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: "1209600s" } },
            ],
        });
        expect(inv.one(REPO).parent).toBe(inv.one("prodstack:gcp:Registry").urn);
    });

    it("exposes the image URL prefix and the registry host to push to", async () => {
        let registry: Registry | undefined;
        const inv = await plan(() => {
            registry = new Registry("registry", ARGS);
            return { url: registry.url };
        });
        expect(registry!.host).toBe("europe-west1-docker.pkg.dev");
        expect(inv.outputs.url).toBe("europe-west1-docker.pkg.dev/acme-web-staging/acme-stg-images");
    });

    it("honours explicit retention, immutable tags, dry run and labels", async () => {
        const inv = await plan(() => {
            new Registry("registry", {
                ...ARGS,
                keepRecentVersions: 3,
                deleteUntaggedAfterDays: 2,
                immutableTags: true,
                cleanupDryRun: true,
                labels: { team: "platform" },
            });
        });
        expect(inv.one(REPO).inputs).toMatchObject({
            dockerConfig: { immutableTags: true },
            cleanupPolicyDryRun: true,
            labels: { team: "platform" },
            cleanupPolicies: [
                { action: "KEEP", mostRecentVersions: { keepCount: 3 } },
                { action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: "172800s" } },
            ],
        });
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        let error: unknown;
        const inv = await plan(() => {
            try {
                new Registry("registry", { region: "EU", namePrefix: "Acme", project: "x", keepRecentVersions: 0, deleteUntaggedAfterDays: 1.5 });
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(InvalidArgsError);
        expect((error as InvalidArgsError).problems).toEqual([
            'region: expected a GCP region such as "europe-west1", got "EU"',
            'namePrefix: expected a prefix of up to 46 lowercase letters, digits or hyphens, starting with a letter, got "Acme"',
            'project: expected a GCP project ID such as "acme-prod-123", got "x"',
            "keepRecentVersions: expected an integer from 1 to 1000, got 0",
            "deleteUntaggedAfterDays: expected an integer from 1 to 3650, got 1.5",
        ]);
        expect(inv.resources).toHaveLength(0);
    });
});

describe("gcp Registry args, without planning", () => {
    const problems = (args: Partial<RegistryArgs>) => argProblems(() => validateRegistryArgs("registry", { ...ARGS, ...args }));

    it.each([
        { region: "europe-west12" },
        { namePrefix: "a" },
        { namePrefix: `a${"b".repeat(45)}` },
        { project: "acme-1" },
        { project: undefined },
        { keepRecentVersions: 1, deleteUntaggedAfterDays: 1 },
        { keepRecentVersions: 1000, deleteUntaggedAfterDays: 3650 },
    ] as Array<Partial<RegistryArgs>>)("accepts %j", (args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each([
        [{ region: "1europe-west1" }, ['region: expected a GCP region such as "europe-west1", got "1europe-west1"']],
        [{ region: "europe-west1a" }, ['region: expected a GCP region such as "europe-west1", got "europe-west1a"']],
        [{ namePrefix: "1acme" }, ['namePrefix: expected a prefix of up to 46 lowercase letters, digits or hyphens, starting with a letter, got "1acme"']],
        [{ namePrefix: "acme_stg" }, ['namePrefix: expected a prefix of up to 46 lowercase letters, digits or hyphens, starting with a letter, got "acme_stg"']],
        [{ namePrefix: `a${"b".repeat(46)}` }, [`namePrefix: expected a prefix of up to 46 lowercase letters, digits or hyphens, starting with a letter, got "a${"b".repeat(46)}"`]],
        [{ project: "1acme-web-prod" }, ['project: expected a GCP project ID such as "acme-prod-123", got "1acme-web-prod"']],
        [{ project: "acme-web-prod-" }, ['project: expected a GCP project ID such as "acme-prod-123", got "acme-web-prod-"']],
        [{ keepRecentVersions: 1001, deleteUntaggedAfterDays: 0 }, [
            "keepRecentVersions: expected an integer from 1 to 1000, got 1001",
            "deleteUntaggedAfterDays: expected an integer from 1 to 3650, got 0",
        ]],
        [{ deleteUntaggedAfterDays: 3651 }, ["deleteUntaggedAfterDays: expected an integer from 1 to 3650, got 3651"]],
    ] as Array<[Partial<RegistryArgs>, string[]]>)("rejects %j", (args, expected) => {
        expect(problems(args)).toEqual(expected);
    });
});
