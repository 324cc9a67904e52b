// Jest maps @pulumi/pulumi's typescript-shim here (jest.config.js): the SDK loads the 9 MB
// TypeScript compiler eagerly for closure serialization, which no test uses, and jest
// reloads modules for every test file. The proxy loads TypeScript on first use instead.
let ts;
const load = () => (ts ??= require("typescript"));
module.exports = new Proxy({}, {
    get: (_target, key) => load()[key],
    has: (_target, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, key) => Object.getOwnPropertyDescriptor(load(), key),
});
