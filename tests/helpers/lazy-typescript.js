// Jest maps @pulumi/pulumi's typescript-shim here (jest.config.js): the SDK loads the 9 MB
// TypeScript compiler eagerly for closure serialization, which no test uses, and jest
// reloads modules for every test file. The proxy loads TypeScript on first use instead.
const { lazyModule } = require("../../infra/plan/lazy-sdk");

module.exports = lazyModule(() => require("typescript"));
