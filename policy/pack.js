// The entry Pulumi's policy runtime loads (`require(".")` in the pack directory finds this file
// through package.json "main"). It is plain JavaScript so that it loads the same way everywhere:
// - in the repository, or a standalone copy of this directory (`npm install` there first), the
//   pack's TypeScript sits next to it and the runtime's ts-node compiles it (with the TypeScript
//   that `npm install` put in node_modules, not the old one the runtime bundles);
// - installed from npm (`pulumi preview --policy-pack node_modules/prodstack/policy`), only the
//   compiled JavaScript ships, in ../dist/policy.
// In the repository (sucrase, a dev dependency, resolves) the TypeScript is transpiled with
// sucrase instead: the runtime registers ts-node with type checking, which takes seconds of CPU
// on every start of the pack, while `npm run typecheck` checks the same files once in CI.
"use strict";
const fs = require("fs");
const path = require("path");

const source = path.join(__dirname, "index.ts");

/** The sucrase transform when it resolves from here, else undefined (ts-node then compiles). */
function sucrase() {
    try {
        return require(require.resolve("sucrase", { paths: [__dirname] })).transform;
    } catch {
        return undefined;
    }
}

function load() {
    if (!fs.existsSync(source)) return require(path.join(__dirname, "..", "dist", "policy", "index.js"));
    const transform = sucrase();
    if (!transform) return require(source);
    const previous = require.extensions[".ts"];
    require.extensions[".ts"] = (module, filename) => {
        const code = transform(fs.readFileSync(filename, "utf8"), { transforms: ["typescript", "imports"], filePath: filename }).code;
        module._compile(code, filename);
    };
    try {
        return require(source);
    } finally {
        require.extensions[".ts"] = previous;
    }
}

module.exports = load();
