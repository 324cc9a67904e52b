// Jest maps @pulumi/pulumi's `./automation` here (jest.config.js): the SDK's index loads the
// Automation API (YAML, semver, execa, package metadata: about 150 modules) eagerly, which no
// test uses. `__esModule` makes the SDK's importStar keep this object; the real module loads
// (by absolute path, outside the mapping) on first use.
const path = require("path");

let automation;
const load = () => (automation ??= require(path.join(path.dirname(require.resolve("@pulumi/pulumi")), "automation")));
module.exports = new Proxy({}, {
    get: (_target, key) => (key === "__esModule" ? true : load()[key]),
    has: (_target, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, key) => Object.getOwnPropertyDescriptor(load(), key),
});
