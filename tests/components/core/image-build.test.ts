import { checkBuildArgs, checkBuildContext, DOCKER_TAG, dockerBuild, PINNED_IMAGE } from "../../../components/core/image-build";
import type { ArgsChecker } from "../../../components/core/errors";
import { recordedProblems } from "../../helpers/checker";

/** Problems the checker recorded, or [] when none. */
const problems = (record: (check: ArgsChecker) => void) => recordedProblems(record, "prodstack:aws:ContainerImage", "img");

const DIGEST = "a".repeat(64);

describe("image build inputs", () => {
    it.each(["v1", "1.2.3", "_build", "a", "A".repeat(128), "release-2026_11.30"])("accepts Docker tag %j", (tag) => {
        expect(DOCKER_TAG.test(tag)).toBe(true);
    });

    it.each(["", ".v1", "-v1", "A".repeat(129), "v1 ", " v1", "v1/x", "v:1"])("rejects Docker tag %j", (tag) => {
        expect(DOCKER_TAG.test(tag)).toBe(false);
    });

    it.each([
        "ghcr.io/acme/api:v1",
        "registry.example.com:5000/acme/api:1.2.3",
        "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-api:2026-11-30",
        `europe-docker.pkg.dev/acme/app/api@sha256:${DIGEST}`,
        "ghcr.io/acme/api:latest-2",
        "ghcr.io/acme/api:_x",
        `ghcr.io/acme/api:${"t".repeat(128)}`,
        "my_reg.io/a-b/c.d:v1",
    ])("accepts pinned image %s", (image) => {
        expect(PINNED_IMAGE.test(image)).toBe(true);
    });

    it.each([
        "ghcr.io/acme/api:latest",
        "ghcr.io/acme/api",
        "api:v1",
        "ghcr.io/acme/api:.v1",
        `ghcr.io/acme/api:${"t".repeat(129)}`,
        `ghcr.io/acme/api@sha256:${"a".repeat(63)}`,
        `ghcr.io/acme/api@sha256:${"A".repeat(64)}`,
        " ghcr.io/acme/api:v1",
        "ghcr.io/acme/api:v1 ",
        "Ghcr.io/acme/api:v1",
        "ghcr.io/Acme/api:v1",
        "ghcr.io/acme-/api:v1",
        "ghcr.io:port/acme/api:v1",
        "ghcr.io/acme/api:v1@sha256:" + DIGEST,
    ])("rejects unpinned or malformed image %j", (image) => {
        expect(PINNED_IMAGE.test(image)).toBe(false);
    });

    it("checks the build context: a non-empty directory", () => {
        expect(problems((c) => checkBuildContext(c, "app"))).toEqual([]);
        expect(problems((c) => checkBuildContext(c, "  "))).toEqual(['context: expected a build context directory, got "  "']);
        expect(problems((c) => checkBuildContext(c, ""))).toEqual(['context: expected a build context directory, got ""']);
        expect(problems((c) => checkBuildContext(c, 3))).toEqual(["context: expected a build context directory, got 3"]);
    });

    it("checks each build argument's name", () => {
        expect(problems((c) => checkBuildArgs(c, undefined))).toEqual([]);
        expect(problems((c) => checkBuildArgs(c, { NODE_ENV: "production", _x1: "a", a: "b" }))).toEqual([]);
        expect(problems((c) => checkBuildArgs(c, { "1X": "a", "A-B": "b", "X ": "c", OK: "d" }))).toEqual([
            'buildArgs.1X: expected a build argument name of letters, digits and underscores, got "1X"',
            'buildArgs.A-B: expected a build argument name of letters, digits and underscores, got "A-B"',
            'buildArgs.X : expected a build argument name of letters, digits and underscores, got "X "',
        ]);
    });

    it("builds the docker build input, the Dockerfile and args defaulting", () => {
        expect(dockerBuild({ context: "app" }, "linux/amd64")).toEqual({
            context: "app",
            dockerfile: "app/Dockerfile",
            platform: "linux/amd64",
            args: {},
        });
        expect(dockerBuild({ context: "app", dockerfile: "docker/api.Dockerfile", buildArgs: { V: "1" } }, "linux/arm64")).toEqual({
            context: "app",
            dockerfile: "docker/api.Dockerfile",
            platform: "linux/arm64",
            args: { V: "1" },
        });
    });
});
