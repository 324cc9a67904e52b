import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { ConfigError } from "../../infra/config";
import { main, parseBootstrapConfig } from "../../infra/bootstrap/program";
import { runUnderMocks } from "../../infra/plan/engine";
import { runProgram } from "../../infra/run-program";
import { memo } from "../helpers/inventory";
import { validateResource } from "../policy/harness";

const DIR = path.resolve(__dirname, "../../infra/bootstrap");
const WORKFLOWS = path.resolve(__dirname, "../../.github/workflows");

/** The stack file's config as the engine hands it to the program: objects as JSON strings. */
function stackConfig(stack: string): Record<string, string> {
    const config = parse(fs.readFileSync(path.join(DIR, `Pulumi.${stack}.yaml`), "utf8")).config as Record<string, unknown>;
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

const runStack = (stack: string) => runUnderMocks({ project: "prodstack-bootstrap", stack, config: stackConfig(stack) }, () => main());
/** Each stack file planned once for the tests that read it (memo: the first test that asks plans it). */
const gcpStack = memo(() => runStack("gcp"));
const awsStack = memo(() => runStack("aws"));

/** Every `vars.X` the workflows read. */
function workflowVariables(): string[] {
    const text = fs.readdirSync(WORKFLOWS).map((f) => fs.readFileSync(path.join(WORKFLOWS, f), "utf8")).join("\n");
    return [...new Set([...text.matchAll(/vars\.([A-Z_]+)/g)].map((m) => m[1]))].sort();
}

describe("identity bootstrap program (infra/bootstrap)", () => {
    it("plans the GCP stack file offline, its outputs being the workflows' GCP variables", async () => {
        const run = await gcpStack();
        expect(run.outputs).toEqual({
            repositoryVariables: {
                GCP_WORKLOAD_IDENTITY_PROVIDER: "projects/123456789012/locations/global/workloadIdentityPools/acme-github/providers/github-actions",
                GCP_PREVIEW_SERVICE_ACCOUNT: "acme-previewer@acme-web-prod.iam.gserviceaccount.com",
            },
            environmentVariables: {
                staging: {
                    GCP_WORKLOAD_IDENTITY_PROVIDER: "projects/123456789012/locations/global/workloadIdentityPools/acme-github/providers/github-actions",
                    GCP_DEPLOY_SERVICE_ACCOUNT: "acme-staging-deployer@acme-web-prod.iam.gserviceaccount.com",
                },
                prod: {
                    GCP_WORKLOAD_IDENTITY_PROVIDER: "projects/123456789012/locations/global/workloadIdentityPools/acme-github/providers/github-actions",
                    GCP_DEPLOY_SERVICE_ACCOUNT: "acme-prod-deployer@acme-web-prod.iam.gserviceaccount.com",
                },
            },
        });
        expect(run.resources.some((r) => r.type.startsWith("aws:"))).toBe(false);
        for (const res of run.resources) {
            for (const policy of ["ci-short-lived-credentials", "iam-no-broad-roles"]) {
                expect((await validateResource(policy, res.type, res.inputs, { name: res.name })).messages).toEqual([]);
            }
        }
    });

    it("plans the AWS stack file offline with a provider pinned to the spec's account, its outputs being the workflows' AWS variables", async () => {
        const run = await awsStack();
        expect(run.outputs).toEqual({
            repositoryVariables: { AWS_PREVIEW_ROLE_ARN: "arn:aws:iam::123456789012:role/acme-preview", AWS_REGION: "eu-central-1" },
            environmentVariables: {
                staging: { AWS_DEPLOY_ROLE_ARN: "arn:aws:iam::123456789012:role/acme-deploy-staging", AWS_REGION: "eu-central-1" },
                prod: { AWS_DEPLOY_ROLE_ARN: "arn:aws:iam::123456789012:role/acme-deploy-prod", AWS_REGION: "eu-central-1" },
            },
        });
        const provider = run.resources.find((r) => r.type === "pulumi:providers:aws");
        expect(provider?.inputs).toMatchObject({ region: "eu-central-1", allowedAccountIds: '["123456789012"]' });
        expect(run.resources.some((r) => r.type.startsWith("gcp:"))).toBe(false);
    });

    it("outputs exactly the identity variables (GCP_*, AWS_*) the workflows read", async () => {
        const [gcp, aws] = [await gcpStack(), await awsStack()];
        const names = (o: unknown) => {
            const out = o as { repositoryVariables: object; environmentVariables: Record<string, object> };
            return [...Object.keys(out.repositoryVariables), ...Object.values(out.environmentVariables).flatMap((v) => Object.keys(v))];
        };
        const provided = [...new Set([...names(gcp.outputs), ...names(aws.outputs)])].sort();
        expect(workflowVariables().filter((v) => /^(GCP|AWS)_/.test(v))).toEqual(provided);
        expect(provided).toEqual(["AWS_DEPLOY_ROLE_ARN", "AWS_PREVIEW_ROLE_ARN", "AWS_REGION", "GCP_DEPLOY_SERVICE_ACCOUNT", "GCP_PREVIEW_SERVICE_ACCOUNT", "GCP_WORKLOAD_IDENTITY_PROVIDER"]);
    });

    it("refuses config of the wrong shape, naming each key", () => {
        const error = (() => {
            try {
                parseBootstrapConfig({ cloud: "azure", namePrefix: 3, github: "acme/web", project: "x" }, "stack \"x\"");
            } catch (e) {
                return e as ConfigError;
            }
            throw new Error("accepted");
        })();
        expect(error).toBeInstanceOf(ConfigError);
        expect(error.problems).toEqual([
            "project: unknown key (expected one of cloud, region, namePrefix, github, environments, gcp, aws, stateBucket, existingOidcProviderArn)",
            'cloud: expected "gcp" or "aws", got "azure"',
            "region: expected a string, got nothing",
            "namePrefix: expected a string, got 3",
            'github: expected { owner, repo }, got "acme/web"',
            "environments: expected a list of GitHub environment names, got nothing",
        ]);
        expect(() => parseBootstrapConfig({ cloud: "gcp", region: "europe-west1", namePrefix: "acme", github: { owner: "a", repo: "b" }, environments: ["prod"] }, "s"))
            .toThrow('gcp: expected a gcp section with the project ID when cloud is "gcp", got nothing');
    });
});

describe("runProgram (both Pulumi programs' entry)", () => {
    it("turns bad config into one RunError message (no stack trace) and lets other errors through", () => {
        const bad = () => runProgram(() => parseBootstrapConfig({}, "stack \"x\""));
        expect(bad).toThrow(pulumi.RunError);
        expect(bad).toThrow(/^Invalid config in stack "x":\n {2}- cloud: expected "gcp" or "aws", got nothing/);
        expect(() => runProgram(() => { throw new TypeError("boom"); })).toThrow(TypeError);
        expect(runProgram(() => 42)).toBe(42);
    });
});
