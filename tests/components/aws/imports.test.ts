/**
 * `prodstack/aws` never reaches `@pulumi/gcp`: checked over the import graph of its sources,
 * so a GCP import anywhere below it (through core too) fails here, in milliseconds. The export
 * list itself is pinned in tests/exports.test.ts.
 */
import * as fs from "fs";
import * as path from "path";

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

describe("prodstack/aws imports", () => {
    it("never imports @pulumi/gcp or a GCP module, directly or through core", () => {
        const graph = importGraph(path.join(COMPONENTS, "aws", "index.ts"));
        expect(graph.files.map((f) => path.relative(COMPONENTS, f).split(path.sep)[0]).filter((dir) => dir === "gcp")).toEqual([]);
        expect([...graph.packages].sort()).toEqual(["@pulumi/aws", "@pulumi/docker", "@pulumi/pulumi", "@pulumi/random", "crypto", "path"]);
    });
});
