// Jest maps `@pulumi/aws` and `@pulumi/gcp` here (jest.config.js): jest loads modules afresh
// for every test file, and each SDK's index loads every service namespace while a test uses a
// handful. The same lazy SDK the CLI's offline plan uses (infra/plan/lazy-sdk.ts); absolute
// paths bypass the mapping.
const { lazySdk } = require("../../infra/plan/lazy-sdk");

module.exports = (name) => lazySdk(name, require);
