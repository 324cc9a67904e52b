// Jest maps @pulumi/pulumi's `./automation` here (jest.config.js): the SDK's index loads the
// Automation API (YAML, semver, execa, package metadata: about 150 modules) eagerly, which no
// test uses. The real module loads (by absolute path, outside the mapping) on first use.
const path = require("path");
const { lazyModule } = require("../../infra/plan/lazy-sdk");

module.exports = lazyModule(() => require(path.join(path.dirname(require.resolve("@pulumi/pulumi")), "automation")));
