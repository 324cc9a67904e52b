/**
 * Each cloud's composition loads its own SDK only: an AWS stack never pays for (or needs)
 * `@pulumi/gcp`, a GCP stack never `@pulumi/aws`. Checked on the import graph, statically:
 * every `import`/`export … from` that is not type-only and every `require("…")` (the lazy
 * component entries included, so the check over-approximates what loads).
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const EDGE = /(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)/g;

function resolve(from: string, spec: string): string | undefined {
    const base = path.resolve(path.dirname(from), spec);
    return [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f));
}

/** The packages reachable from `entry` through local modules. */
function packagesReachable(entry: string): Set<string> {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const m of fs.readFileSync(file, "utf8").matchAll(EDGE)) {
            const spec = m[1] ?? m[2];
            if (spec.startsWith(".")) {
                const target = resolve(file, spec);
                if (target) visit(target);
            } else {
                packages.add(spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/"));
            }
        }
    };
    visit(path.join(ROOT, entry));
    return packages;
}

describe("loading one cloud's composition", () => {
    it("loads @pulumi/aws and never @pulumi/gcp for AWS", () => {
        const packages = packagesReachable("infra/aws/index.ts");
        expect(packages).toContain("@pulumi/aws");
        expect(packages).not.toContain("@pulumi/gcp");
    });

    it("loads @pulumi/gcp and never @pulumi/aws for GCP", () => {
        const packages = packagesReachable("infra/gcp/index.ts");
        expect(packages).toContain("@pulumi/gcp");
        expect(packages).not.toContain("@pulumi/aws");
    });

    it("loads neither from the cloud-neutral program entry until a cloud is chosen", () => {
        const source = fs.readFileSync(path.join(ROOT, "infra/program.ts"), "utf8");
        // The entry reaches each composition only through a require inside deployEnvironment.
        expect(source).not.toMatch(/^import [^;]*from "\.\/(gcp|aws)"/m);
        expect(source).toMatch(/require\("\.\/gcp"\)/);
        expect(source).toMatch(/require\("\.\/aws"\)/);
    });
});
