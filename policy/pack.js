// The entry Pulumi's policy runtime loads (`require(".")` in the pack directory finds this file
// through package.json "main"). It is plain JavaScript so that it loads the same way everywhere:
// - in the repository, or a standalone copy of this directory (`npm install` there first), the
//   pack's TypeScript sits next to it and the runtime's ts-node compiles it (with the TypeScript
//   that `npm install` put in node_modules, not the old one the runtime bundles);
// - installed from npm (`pulumi preview --policy-pack node_modules/prodstack/policy`), only the
//   compiled JavaScript ships, in ../dist/policy.
"use strict";
const fs = require("fs");
const path = require("path");

const source = path.join(__dirname, "index.ts");
module.exports = require(fs.existsSync(source) ? source : path.join(__dirname, "..", "dist", "policy", "index.js"));
