// Jest maps @npmcli/arborist here (jest.config.js): @pulumi/pulumi loads it, and the ~450
// modules behind it, eagerly for closure serialization, which no test uses, and jest
// reloads modules for every test file. `__esModule` makes the SDK's importStar keep this
// object, so `Arborist` is resolved (by absolute path, outside the mapping) on first use.
const path = require("path");

let arborist;
const load = () => (arborist ??= require(require.resolve("@npmcli/arborist", {
    paths: [path.dirname(require.resolve("@pulumi/pulumi"))],
})));

module.exports = {
    __esModule: true,
    get Arborist() {
        return load().Arborist;
    },
};
