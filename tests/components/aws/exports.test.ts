/**
 * The public API of `prodstack/aws`: components only (their Args and the types those use
 * are type-only exports). Growing this list is a deliberate act.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import * as awsComponents from "../../../components/aws";

const ROOT = path.resolve(__dirname, "../../..");

describe("prodstack/aws", () => {
    it("exports the components and nothing internal", () => {
        expect(Object.keys(awsComponents).sort()).toEqual(["ContainerImage", "KmsKey", "Network", "Registry", "Secrets", "SecurityGroup"]);
    });

    it("loads without @pulumi/gcp", () => {
        const script = [
            "require('./components/aws');",
            "const count = (sdk) => Object.keys(require.cache).filter((f) => f.includes(`node_modules/@pulumi/${sdk}/`)).length > 0;",
            "process.stdout.write(JSON.stringify({ aws: count('aws'), gcp: count('gcp') }));",
        ].join("");
        const out = execFileSync(process.execPath, ["-r", "sucrase/register", "-e", script], { cwd: ROOT, encoding: "utf8" });
        expect(JSON.parse(out)).toEqual({ aws: true, gcp: false });
    });
});
