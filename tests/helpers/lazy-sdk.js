// Jest maps `@pulumi/aws` and `@pulumi/gcp` here (jest.config.js). Each SDK's index loads the
// index of every one of its 160-300 service namespaces, and jest loads modules afresh for
// every test file, while a test uses a handful. `sdk("aws")` is the package with each export
// loaded on first use from the file the real index takes it from: a namespace (`aws.ec2`)
// from `@pulumi/aws/ec2`, a root class or function (`aws.Provider`, `aws.getCallerIdentity`,
// `aws.getCallerIdentityOutput`) from its own file; anything else loads the real index.
const fs = require("fs");
const path = require("path");

module.exports = function sdk(name) {
    const pkg = `@pulumi/${name}`;
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    let root;
    const real = () => (root ??= require(path.join(dir, "index.js")));
    const exported = new Map();
    const load = (key) => {
        if (!exported.has(key)) exported.set(key, find(key));
        return exported.get(key);
    };
    const find = (key) => {
        if (/^[a-z][a-z0-9]*$/.test(key) && fs.existsSync(path.join(dir, key, "index.js"))) {
            return require(`${pkg}/${key}`);
        }
        const file = /^[A-Za-z][A-Za-z0-9]*$/.test(key) && key[0].toLowerCase() + key.slice(1).replace(/Output$/, "");
        if (file && fs.existsSync(path.join(dir, `${file}.js`))) {
            const module = require(`${pkg}/${file}`);
            if (key in module) return module[key];
        }
        return real()[key];
    };
    return new Proxy({}, {
        get: (_target, key) => (key === "__esModule" ? true : typeof key === "symbol" ? real()[key] : load(key)),
        has: (_target, key) => key in real(),
        ownKeys: () => Reflect.ownKeys(real()),
        getOwnPropertyDescriptor: (_target, key) => Object.getOwnPropertyDescriptor(real(), key),
    });
};
