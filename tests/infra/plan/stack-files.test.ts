import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findProjectRoot, listStacks, loadStack, PlanInputError } from "../../../infra/plan/stack-files";

function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

const PROJECT = `name: shop
runtime: nodejs
config:
  tier:
    type: string
    default: non-prod
  region:
    type: string
  gcp:region:
    value: europe-west1
`;

describe("stack files", () => {
    it("reads scalars as strings and structured values as JSON, after project defaults", () => {
        const dir = project({
            "Pulumi.yaml": PROJECT,
            "Pulumi.dev.yaml": "config:\n  shop:region: europe-west4\n  shop:domains:\n    - a.example.com\n  shop:replicas: 3\n",
        });
        const stack = loadStack(dir, "dev");
        expect(stack).toMatchObject({ project: "shop", stack: "dev", file: "Pulumi.dev.yaml", secretKeys: [] });
        expect(stack.config).toEqual({
            "shop:tier": "non-prod",
            "shop:region": "europe-west4",
            "gcp:region": "europe-west1",
            "shop:domains": '["a.example.com"]',
            "shop:replicas": "3",
        });
    });

    it("turns secure values, top-level or nested, into placeholders and marks their keys secret", () => {
        const dir = project({
            "Pulumi.yaml": PROJECT,
            "Pulumi.dev.yaml": [
                "config:",
                "  shop:token:",
                "    secure: v1:AAAABBBB",
                "  shop:alerts:",
                "    emails: [a@example.com]",
                "    pagerdutyServiceKey:",
                "      secure: v1:CCCCDDDD",
                "",
            ].join("\n"),
        });
        const stack = loadStack(dir, "dev");
        expect(stack.config["shop:token"]).toBe("[secret]");
        expect(JSON.parse(stack.config["shop:alerts"])).toEqual({ emails: ["a@example.com"], pagerdutyServiceKey: "[secret]" });
        expect(stack.secretKeys).toEqual(["shop:alerts", "shop:token"]);
        expect(JSON.stringify(stack)).not.toContain("v1:");
    });

    it("names the known stacks when asked for an unknown one", () => {
        const dir = project({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": "config: {}\n", "Pulumi.prod.yaml": "config: {}\n" });
        expect(listStacks(dir)).toEqual(["dev", "prod"]);
        expect(() => loadStack(dir, "qa")).toThrow(new PlanInputError('Unknown stack "qa": Pulumi.qa.yaml does not exist. Known stacks: dev, prod.'));
    });

    it("rejects a stack file whose config is not a mapping", () => {
        const dir = project({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": "config: [1, 2]\n" });
        expect(() => loadStack(dir, "dev")).toThrow('Pulumi.dev.yaml: "config" must be a mapping of keys to values.');
    });

    it("finds the project root from a subdirectory and fails clearly outside a project", () => {
        const dir = project({ "Pulumi.yaml": PROJECT });
        fs.mkdirSync(path.join(dir, "sub"));
        expect(findProjectRoot(path.join(dir, "sub"))).toBe(dir);
        expect(() => findProjectRoot(os.tmpdir())).toThrow(PlanInputError);
    });
});
