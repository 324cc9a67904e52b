/**
 * The `prodstack` command needs packages that the components do not: they are optional peer
 * dependencies of the package, so that a program importing only components does not install
 * them. This check runs before the command loads anything else and names what is missing.
 */
import * as fs from "fs";
import * as path from "path";

/** What the command loads besides the components: config parsing, stack files, the program's cloud. */
export const CLI_PEERS = ["yaml", "zod", "@pulumi/gcp"] as const;

/** The version ranges prodstack declares for its peers, read from its own package.json. */
function declaredRanges(): Record<string, string> {
    // Source (infra/) and build (dist/infra/) sit at different depths below the package root.
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (!fs.existsSync(file)) continue;
        const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
        if (pkg.name === "prodstack") return pkg.peerDependencies ?? {};
    }
    return {};
}

/**
 * The error to print when a peer cannot be resolved, or undefined when all are there.
 * `resolve` is `require.resolve` (injected for tests).
 */
export function missingPeersMessage(resolve: (id: string) => string = require.resolve): string | undefined {
    const missing = CLI_PEERS.filter((id) => {
        try {
            resolve(id);
            return false;
        } catch {
            return true;
        }
    });
    if (!missing.length) return undefined;
    const ranges = declaredRanges();
    const specs = missing.map((id) => (ranges[id] ? `${id}@"${ranges[id]}"` : id));
    return (
        `prodstack: the prodstack command needs ${missing.join(", ")}, optional peer dependencies of prodstack ` +
        `that are not installed (programs that only import components do not need them).\n` +
        `Install them next to prodstack: npm install --save-dev ${specs.join(" ")}\n`
    );
}
