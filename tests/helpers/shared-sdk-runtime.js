// Jest's module registry loads every module afresh for each test file: @pulumi/pulumi, its
// protobuf and gRPC code and the cloud SDKs took most of a small test file's CPU. This runtime
// loads the Pulumi packages (bare `@pulumi/…` requests) once per jest worker with Node's own
// loader, and shares them between the test files that worker runs. Our own code (components/,
// infra/, policy/, tests/) still loads through jest, once per file, so tests stay isolated and
// the mutation runner still sees it; the plan engine resets the SDK's state for every plan.
"use strict";
const { createRequire } = require("module");
const Runtime = require("jest-runtime").default;

// The offline plan's loader hook, installed once in this worker: the TypeScript compiler,
// Arborist and the Automation API load on first use, the cloud SDKs one namespace at a time.
require("sucrase/register/ts");
require("../../infra/plan/defer-closure-deps");

// Bare requests, and absolute paths into the same packages (the planner loads a program's own SDK by path).
const SHARED = /^(@pulumi\/|@grpc\/grpc-js$|google-protobuf\/)|[\\/]node_modules[\\/](@pulumi|@grpc|google-protobuf)[\\/]/;

// Each test file runs in its own realm (a vm context) with its own Array, Promise, Error…, so
// `value instanceof Array` in the shared SDK is false for an array a test or a component built.
// Those checks ask "is it an array (promise, error, set)?": answer them by the value's brand,
// for these built-ins only (a subclass keeps the ordinary check).
const ordinary = Function.prototype[Symbol.hasInstance];
const brands = [
    [Array, (x) => Array.isArray(x)],
    [Promise, (x) => Object.prototype.toString.call(x) === "[object Promise]"],
    [Error, (x) => Object.prototype.toString.call(x) === "[object Error]"],
    [Set, (x) => Object.prototype.toString.call(x) === "[object Set]"],
    [Map, (x) => Object.prototype.toString.call(x) === "[object Map]"],
];
for (const [builtin, is] of brands) {
    Object.defineProperty(builtin, Symbol.hasInstance, {
        value(x) {
            return this === builtin ? is(x) : ordinary.call(this, x);
        },
    });
}

class SharedSdkRuntime extends Runtime {
    requireModuleOrMock(from, moduleName) {
        if (SHARED.test(moduleName)) return createRequire(from)(moduleName);
        return super.requireModuleOrMock(from, moduleName);
    }
}

module.exports = SharedSdkRuntime;
