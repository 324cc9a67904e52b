/**
 * The public API of `prodstack/aws`: components only (their Args and the types those use
 * are type-only exports). Growing this list is a deliberate act.
 */
import * as fs from "fs";
import * as path from "path";
import * as awsComponents from "../../../components/aws";

const COMPONENTS = path.resolve(__dirname, "../../../components");

/** Every module specifier `file` imports, and the files of the relative ones, transitively. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
    const files: string[] = [];
    const packages = new Set<string>();
    const visit = (file: string) => {
        if (files.includes(file)) return;
        files.push(file);
        const source = fs.readFileSync(file, "utf8");
        for (const [, spec] of source.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)";/gms)) {
            if (!spec.startsWith(".")) {
                packages.add(spec);
                continue;
            }
            const target = path.resolve(path.dirname(file), spec);
            visit(fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, "index.ts"));
        }
    };
    visit(entry);
    return { files, packages };
}

describe("prodstack/aws", () => {
    it("exports the components and nothing internal", () => {
        expect(Object.keys(awsComponents).sort()).toEqual(["AppBucket", "ContainerImage", "FargateJob", "FargateService", "KmsKey", "Network", "Registry", "Secrets", "SecurityGroup"]);
    });

    it("never imports @pulumi/gcp or a GCP module, directly or through core", () => {
        const graph = importGraph(path.join(COMPONENTS, "aws", "index.ts"));
        expect(graph.files.map((f) => path.relative(COMPONENTS, f).split(path.sep)[0]).filter((dir) => dir === "gcp")).toEqual([]);
        expect([...graph.packages].sort()).toEqual(["@pulumi/aws", "@pulumi/docker", "@pulumi/pulumi", "crypto", "path"]);
    });
});
