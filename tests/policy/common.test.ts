/**
 * The cloud-neutral helpers every rule module reads resources with (policy/rules/common.ts),
 * tested directly: pure functions, no SDK, no plan.
 */
import type { PolicyResource } from "../../policy/types";
import {
    arr,
    dependsOn,
    describer,
    GENERATED_SECRETS,
    generatedSecrets,
    get,
    isInternetScale,
    isPinnedImage,
    isSet,
    isTier,
    isUnknown,
    isUnknownValueError,
    isWorld,
    known,
    labelMap,
    labelSources,
    linked,
    listing,
    missingSecurityHeaders,
    ofTypes,
    OFFLINE_SECRET,
    packageOf,
    parseJson,
    plainSecretReason,
    PUBLIC_PRINCIPALS,
    refersTo,
    reportGeneratedSecretUse,
    resolveTier,
    skip,
    SkipCheck,
    str,
    stringsIn,
    usesCloud,
} from "../../policy/rules/common";
import { unknownAt } from "./harness";

/** The error the policy SDK throws when a rule reads a value unknown during preview. */
const unknownError = (path = "a") => new Error(`The value at .${path} can't be known during preview`);

const res = (type: string, name: string, props: Record<string, unknown> = {}, extra: Partial<PolicyResource> = {}): PolicyResource =>
    ({
        type,
        name,
        urn: `urn:pulumi:test::prodstack::${type}::${name}`,
        props,
        dependencies: [],
        propertyDependencies: {},
        ...extra,
    }) as unknown as PolicyResource;

describe("skip and the constants", () => {
    it("throws a SkipCheck named so, carrying its reason", () => {
        let caught: unknown;
        try {
            skip("no bucket in this stack");
        } catch (err) {
            caught = err;
        }
        expect(caught).toBeInstanceOf(SkipCheck);
        expect((caught as SkipCheck).name).toBe("SkipCheck");
        expect((caught as SkipCheck).reason).toBe("no bucket in this stack");
        expect((caught as SkipCheck).message).toBe("no bucket in this stack");
    });

    it("names anyone's principals, the offline secret and the generated-secret outputs", () => {
        expect(PUBLIC_PRINCIPALS).toEqual(["allUsers", "allAuthenticatedUsers"]);
        expect(OFFLINE_SECRET).toBe("[secret]");
        expect(GENERATED_SECRETS).toEqual({
            "random:index/randomPassword:RandomPassword": ["result", "bcryptHash"],
            "random:index/randomBytes:RandomBytes": ["hex", "base64"],
            "random:index/randomString:RandomString": ["result"],
        });
    });
});

describe("isUnknownValueError", () => {
    it.each([
        ["The value at .template.containers can't be known during preview", true],
        ["The value at . can't be known during preview", true],
        ["The value at .a can't be known during preview, yet", false],
        ["The value at a can't be known during preview", false],
        ["value at .a can't be known during preview", false],
        ["The value at .a cannot be known during preview", false],
    ])("%s: %s", (message, expected) => {
        expect(isUnknownValueError(new Error(message))).toBe(expected);
    });

    it("needs an Error, not just its message", () => {
        expect(isUnknownValueError({ message: "The value at .a can't be known during preview" })).toBe(false);
        expect(isUnknownValueError(undefined)).toBe(false);
    });
});

describe("reading props", () => {
    const props = { a: { b: { c: 3 }, s: "text", n: null }, top: "x" };

    it.each([
        ["top", "x"],
        ["a.b.c", 3],
        ["a.b", { c: 3 }],
        ["a.missing.c", undefined],
        ["a.n.c", undefined],
        ["a.s.length", undefined],
        ["nothing", undefined],
    ])("get %s", (path, expected) => {
        expect(get(props, path)).toEqual(expected);
    });

    it("get from no object is undefined", () => {
        expect(get(undefined, "a")).toBeUndefined();
        expect(get(null, "a")).toBeUndefined();
        expect(get("text", "length")).toBeUndefined();
    });

    it("arr and str keep arrays and strings only", () => {
        const list = [1, 2];
        expect(arr(list)).toBe(list);
        for (const v of [undefined, null, "ab", { 0: "a", length: 1 }]) expect(arr(v)).toEqual([]);
        expect(str("abc")).toBe("abc");
        for (const v of [undefined, null, 3, ["a"], { a: "b" }]) expect(str(v)).toBe("");
    });

    it.each([
        [{ v: undefined }, false],
        [{ v: null }, false],
        [{ v: "" }, false],
        [{ v: [] }, false],
        [{}, false],
        [{ v: "x" }, true],
        [{ v: ["x"] }, true],
        [{ v: 0 }, true],
        [{ v: false }, true],
        [{ v: {} }, true],
    ])("isSet %j: %s", (obj, expected) => {
        expect(isSet(obj, "v")).toBe(expected);
    });

    it("an unknown value counts as set and as unknown; a known one is not unknown", () => {
        expect(isSet(unknownAt({}, "v"), "v")).toBe(true);
        expect(isSet({ a: unknownAt({}, "v") }, "a.v")).toBe(true);
        expect(isUnknown(unknownAt({}, "v"), "v")).toBe(true);
        expect(isUnknown({ v: undefined }, "v")).toBe(false);
        expect(isUnknown({ v: "x" }, "v")).toBe(false);
    });

    it("lets other errors through", () => {
        const broken = Object.defineProperty({}, "v", {
            get() {
                throw new Error("boom");
            },
        });
        expect(() => isSet(broken, "v")).toThrow("boom");
        expect(() => isUnknown(broken, "v")).toThrow("boom");
        expect(() => known(() => get(broken, "v"), "fallback")).toThrow("boom");
    });

    it("known returns the value, or the fallback for an unknown one", () => {
        expect(known(() => "value", "fallback")).toBe("value");
        expect(known(() => undefined, "fallback")).toBeUndefined();
        expect(
            known(() => {
                throw unknownError("x.y");
            }, "fallback"),
        ).toBe("fallback");
    });

    it.each([
        [{ env: "prod", count: 3, team: "web" }, { env: "prod", team: "web" }],
        ['{"env":"prod","n":1}', { env: "prod" }],
        ["not json", {}],
        ['["prod"]', {}],
        ["null", {}],
        [["prod"], {}],
        [null, {}],
        [undefined, {}],
        [7, {}],
    ])("labelMap %j", (value, expected) => {
        expect(labelMap(value)).toEqual(expected);
    });

    it.each([
        ['{"a":[1]}', { a: [1] }],
        ["{broken", undefined],
        [{ a: 1 }, { a: 1 }],
        [undefined, undefined],
    ])("parseJson %j", (value, expected) => {
        expect(parseJson(value)).toEqual(expected);
    });

    it("strings in nested values, in order", () => {
        expect(stringsIn({ a: "x", b: ["y", { c: "z", d: 1 }], e: null })).toEqual(["x", "y", "z"]);
        expect(stringsIn("only")).toEqual(["only"]);
        expect(stringsIn(undefined)).toEqual([]);
    });
});

describe("listing", () => {
    it.each([
        [[], ""],
        [["a"], "a"],
        [["a", "b"], "a and b"],
        [["a", "b", "c"], "a, b and c"],
    ])("%j → %s", (items, expected) => {
        expect(listing(items)).toBe(expected);
    });
});

describe("references", () => {
    const policy = res("gcp:compute/securityPolicy:SecurityPolicy", "waf", {
        id: "projects/p/global/securityPolicies/acme-waf",
        selfLink: "https://www.googleapis.com/compute/v1/projects/p/global/securityPolicies/acme-waf",
        name: "acme-waf",
    });

    it.each([
        [policy.urn, true],
        ["waf-id", true],
        ["projects/p/global/securityPolicies/acme-waf", true],
        ["https://www.googleapis.com/compute/v1/projects/p/global/securityPolicies/acme-waf", true],
        ["acme-waf", true],
        ["global/securityPolicies/acme-waf", true],
        ["other-acme-waf", false],
        ["acme-waf/x", false],
        ["waf", false],
        ["", false],
        [undefined, false],
        [["acme-waf"], false],
    ])("refersTo %j: %s", (value, expected) => {
        expect(refersTo(value, policy)).toBe(expected);
    });

    it("needs a cloud name to match by name, and skips unknown IDs", () => {
        const nameless = res("t", "n", { name: "" });
        expect(refersTo("/", nameless)).toBe(false);
        expect(refersTo("x/", nameless)).toBe(false);
        const pending = res("t", "n", unknownAt({ name: "cloud", selfLink: "x" }, "id"));
        expect(refersTo("cloud", pending)).toBe(true);
        expect(refersTo("x", pending)).toBe(true);
        expect(refersTo("y", pending)).toBe(false);
        expect(refersTo("cloud", res("t", "n", unknownAt({}, "name")))).toBe(false);
        expect(refersTo("projects/p/undefined", res("t", "n", unknownAt({}, "name")))).toBe(false);
        expect(refersTo("8234567890", res("t", "n", { id: "8234567890", name: "cloud" }))).toBe(true);
        expect(refersTo("", res("t", "n", { id: "", selfLink: "" }))).toBe(false);
    });

    const a = res("t:a", "a", { name: "cloud-a" });
    const b = res("t:b", "b", { name: "cloud-b" });

    it("linked: the engine's property dependencies, among the candidates only", () => {
        const r = res("t:r", "r", {}, { propertyDependencies: { policy: [a, b] } as never });
        expect(linked(r, [a], ["policy"])).toEqual([a]);
        expect(linked(r, [a, b], ["other"])).toEqual([]);
        expect(linked(res("t:r", "r", { policy: "cloud-a" }, { propertyDependencies: undefined }), [a, b], ["policy"])).toEqual([a]);
    });

    it("linked: reference values, nested, of the named props only", () => {
        const r = res("t:r", "r", { policy: { ref: ["x", "cloud-b"] }, other: "cloud-a" });
        expect(linked(r, [a, b], ["policy"])).toEqual([b]);
        expect(linked(r, [a, b], ["policy", "other"])).toEqual([b, a]);
    });

    it("linked: dependencies only when a named prop is unknown, nothing matched and fallback allowed", () => {
        const pending = res("t:r", "r", unknownAt({}, "policy"), { dependencies: [a] });
        expect(linked(pending, [a, b], ["policy"])).toEqual([a]);
        expect(linked(pending, [a, b], ["policy"], false)).toEqual([]);
        expect(linked(pending, [a, b], ["other"])).toEqual([]);
        const absent = res("t:r", "r", {}, { dependencies: [a] });
        expect(linked(absent, [a, b], ["policy"])).toEqual([]);
        const matched = res("t:r", "r", unknownAt({ other: "cloud-b" }, "policy"), { dependencies: [a] });
        expect(linked(matched, [a, b], ["policy", "other"])).toEqual([b]);
        expect(linked(pending, [a, b], ["other", "policy"])).toEqual([a]);
        const noDeps = res("t:r", "r", unknownAt({}, "policy"), { dependencies: undefined });
        expect(linked(noDeps, [a, b], ["policy"])).toEqual([]);
    });

    it("dependsOn: direct dependencies by URN", () => {
        expect(dependsOn(res("t", "r", {}, { dependencies: [a] }), a)).toBe(true);
        expect(dependsOn(res("t", "r", {}, { dependencies: [a] }), b)).toBe(false);
        expect(dependsOn(res("t", "r", {}, { dependencies: [b, a] }), a)).toBe(true);
        expect(dependsOn(res("t", "r", {}, { dependencies: undefined }), a)).toBe(false);
    });
});

describe("types, clouds and tiers", () => {
    it("ofTypes keeps the resources of the given types, in order", () => {
        const x = res("t:x", "x");
        const y = res("t:y", "y");
        const z = res("t:z", "z");
        expect(ofTypes([x, y, z], "t:z", "t:x")).toEqual([x, z]);
        expect(ofTypes([x, y, z])).toEqual([]);
    });

    it.each([
        ["gcp:sql/databaseInstance:DatabaseInstance", "gcp"],
        ["aws:rds/instance:Instance", "aws"],
        ["pulumi:providers:gcp", "gcp"],
        ["pulumi:providers:aws", "aws"],
        ["prodstack:gcp:Database", "prodstack"],
        ["pulumi:pulumi:Stack", "pulumi"],
    ])("packageOf %s: %s", (type, expected) => {
        expect(packageOf(type)).toBe(expected);
    });

    it("usesCloud: any resource of the package", () => {
        const stack = [res("pulumi:providers:aws", "p"), res("random:index/randomPassword:RandomPassword", "r")];
        expect(usesCloud(stack, "aws")).toBe(true);
        expect(usesCloud(stack, "gcp")).toBe(false);
        expect(usesCloud([], "gcp")).toBe(false);
    });

    it.each([
        ["prod", true],
        ["non-prod", true],
        ["staging", false],
        ["Prod", false],
        ["", false],
        [undefined, false],
    ])("isTier %j: %s", (value, expected) => {
        expect(isTier(value)).toBe(expected);
    });

    it("labelSources: default labels, labels, Cloud SQL user labels, AWS default tags (JSON) and tags, in that order", () => {
        const props = {
            defaultLabels: { from: "defaultLabels" },
            labels: { from: "labels" },
            settings: { userLabels: { from: "userLabels" } },
            defaultTags: '{"tags":{"from":"defaultTags"}}',
            tags: { from: "tags" },
        };
        expect(labelSources(() => props).map((s) => s())).toEqual([
            { from: "defaultLabels" },
            { from: "labels" },
            { from: "userLabels" },
            { from: "defaultTags" },
            { from: "tags" },
        ]);
        expect(labelSources(() => undefined).map((s) => s())).toEqual([undefined, undefined, undefined, undefined, undefined]);
    });

    it("resolveTier: config, then the stack tag, then the first label source with a tier, else prod", () => {
        const tags = (tier: string) => new Map([["prodstack:tier", tier]]);
        const labels = (...tiers: Array<string | undefined>) => tiers.map((tier) => () => (tier ? { tier } : {}));
        const pending = () => {
            throw unknownError("labels");
        };
        expect(resolveTier({ tier: "non-prod" }, tags("prod"), labels("prod"))).toBe("non-prod");
        expect(resolveTier({ tier: "staging" }, tags("non-prod"), labels("prod"))).toBe("non-prod");
        expect(resolveTier({}, tags("non-prod"), labels("prod"))).toBe("non-prod");
        expect(resolveTier({}, tags("dev"), labels(undefined, "staging", "non-prod", "prod"))).toBe("non-prod");
        expect(resolveTier({}, undefined, [pending, ...labels("non-prod")])).toBe("non-prod");
        expect(resolveTier({}, new Map([["tier", "non-prod"]]), labels("dev"))).toBe("prod");
        expect(resolveTier({}, undefined, [])).toBe("prod");
    });

    it("describer: the kind and name, lower-cased mid-sentence unless the kind is a proper name", () => {
        const kinds = { "gcp:sql/databaseInstance:DatabaseInstance": "Cloud SQL instance", "t:bucket": "Bucket" };
        const sql = { type: "gcp:sql/databaseInstance:DatabaseInstance", name: "main" };
        const proper = describer(kinds, /^Cloud /);
        expect(proper.what(sql)).toBe('Cloud SQL instance "main"');
        expect(proper.whatLower(sql)).toBe('Cloud SQL instance "main"');
        expect(proper.whatLower({ type: "t:bucket", name: "logs" })).toBe('bucket "logs"');
        expect(proper.what({ type: "t:other", name: "x" })).toBe('t:other "x"');
        expect(describer(kinds).whatLower(sql)).toBe('cloud SQL instance "main"');
    });
});

describe("plainSecretReason", () => {
    const isRef = (v: string) => v.startsWith("ref:");
    it.each([
        ["NODE_ENV", "[secret]", "its value is a Pulumi secret"],
        ["DATABASE_URL", "postgres://app:hunter2@db:5432/app", "its value embeds credentials"],
        ["REDIS_URL", "rediss+tls://default:pw@10.0.0.3:6378", "its value embeds credentials"],
        ["DATABASE_URL", "jdbc:postgres://app:pw@db/app", undefined],
        ["DATABASE_URL", "postgres://db:5432/app", undefined],
        ["DATABASE_URL", "postgres://app@db:5432/app", undefined],
        ["DATABASE_URL", "postgres://:pw@db/app", undefined],
        ["DATABASE_URL", "1postgres://app:pw@db/app", undefined],
        ["DATABASE_URL", "postgres://a/b:pw@db/app", undefined],
        ["TLS_KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIB", "its value is a private key"],
        ["CERT", "-----BEGIN PRIVATE KEY-----", "its value is a private key"],
        ["CERT", "-----BEGIN CERTIFICATE-----", undefined],
        ["DB_PASSWORD", "ref:db-password", undefined],
        ["DB_PASSWORD", "hunter2", "its name says it holds a secret"],
        ["DB_PASSWORD", undefined, "its name says it holds a secret"],
        ["DB_PASSWORD", 42, "its name says it holds a secret"],
        ["LOG_LEVEL", "debug", undefined],
    ])("%s=%j: %s", (name, value, expected) => {
        expect(plainSecretReason(name, value, isRef)).toBe(expected);
    });

    it.each([
        "PASSWORD", "DB_PASSWORD", "SMTP_PASSWD", "DB_PASS", "SESSION_SECRET", "APP_SECRETKEY", "STRIPE_SECRET_KEY",
        "SECRET_KEY_BASE", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "API_KEY", "STRIPE_APIKEY", "SSH_PRIVATE_KEY",
        "GPG_PRIVATEKEY", "JWT_SIGNING_KEY", "JWT_SIGNINGKEY", "DATA_ENCRYPTION_KEY", "DATA_ENCRYPTIONKEY", "GCP_CREDENTIALS", "CREDENTIAL", "REDIS_AUTH_STRING",
        "DB_PWD", "db_password",
    ])("%s says it holds a secret", (name) => {
        expect(plainSecretReason(name, "x", isRef)).toBe("its name says it holds a secret");
    });

    it.each(["PWD", "PASSWORD_MIN_LENGTH", "TOKEN_TTL", "AWS_ACCESS_KEY_ID", "STRIPE_PUBLISHABLE_KEY", "BYPASS", "SECRETS_DIR", "MYPASSWORD", "DB_PWD_FILE"])(
        "%s does not",
        (name) => {
            expect(plainSecretReason(name, "x", isRef)).toBeUndefined();
        },
    );
});

describe("images and ranges", () => {
    it.each([
        [`europe-docker.pkg.dev/p/apps/api@sha256:${"a1".repeat(32)}`, true],
        // A digest that is not 64 hex digits pins nothing (the registry refuses it); it is no tag either.
        [`api@sha256:${"a".repeat(63)}`, false],
        [`api@sha256:${"A".repeat(64)}`, false],
        ["api:1.0@sha256:abc", false],
        ["api@1.0", false],
        [`api:latest@sha256:${"f".repeat(64)}`, true],
        ["europe-docker.pkg.dev/p/apps/api:1.4.2", true],
        ["registry:5000/apps/api:2", true],
        [`apps/api@sha256:${"a".repeat(64)}/extra`, false],
        ["registry:5000/apps/api", false],
        ["europe-docker.pkg.dev/p/apps/api:latest", false],
        ["nginx", false],
        [":1.0", false],
        ["apps/:1.0", false],
    ])("isPinnedImage %s: %s", (image, expected) => {
        expect(isPinnedImage(image)).toBe(expected);
    });

    it.each([
        ["0.0.0.0/0", true],
        ["0.0.0.0/1", true],
        ["0.0.0.0/07", true],
        [" 128.0.0.0/7 ", true],
        ["10.0.0.0/8", false],
        ["::/0", true],
        ["2000::/6", true],
        ["fc00::/7", false],
        ["2001:db8::/32", false],
        ["0.0.0.0", false],
        ["0.0.0.0/0000", false],
        ["0.0.0.0/0x", false],
        ["a/b/7", false],
        ["/0", false],
    ])("isInternetScale %j: %s", (range, expected) => {
        expect(isInternetScale(range)).toBe(expected);
    });

    it.each([
        ["0.0.0.0/0", true],
        [" ::/0 ", true],
        ["10.0.0.0/0", false],
        ["0.0.0.0/00", false],
        ["0.0.0.0/1", false],
        ["10.0.0.0.0/0", false],
        ["1::/0", false],
        ["0a0b0c0/0", false],
    ])("isWorld %j: %s", (range, expected) => {
        expect(isWorld(range)).toBe(expected);
    });
});

describe("generated secrets", () => {
    const PASSWORD = "random:index/randomPassword:RandomPassword";
    const BYTES = "random:index/randomBytes:RandomBytes";
    const STRING = "random:index/randomString:RandomString";

    it("collects the random resources and their known values of at least 8 characters", () => {
        const pw = res(PASSWORD, "pw", { result: "12345678", bcryptHash: "$2a$10$abcdefgh" });
        const bytes = res(BYTES, "key", { hex: "1234567", base64: OFFLINE_SECRET });
        const pending = res(STRING, "salt", unknownAt({}, "result"));
        const number = res(STRING, "n", { result: 123456789 });
        const other = res("gcp:secretmanager/secret:Secret", "s", { result: "abcdefghij" });
        const found = generatedSecrets([pw, bytes, pending, number, other]);
        expect(found.generated).toEqual([pw, bytes, pending, number]);
        expect(found.values).toEqual([
            { g: pw, v: "12345678" },
            { g: pw, v: "$2a$10$abcdefgh" },
        ]);
        expect(generatedSecrets([res(BYTES, "b", { hex: "abcdef0123", base64: "q83vASM=" })]).values.map((x) => x.v)).toEqual(["abcdef0123", "q83vASM="]);
    });

    const wording = {
        what: (r: PolicyResource) => `Service "${r.name}"`,
        whatLower: (r: PolicyResource) => `password "${r.name}"`,
        storeIt: "store it",
        readIt: "read it",
    };

    it("reports direct inputs once each, and copied values of secrets not already reported", () => {
        const one = res(PASSWORD, "one", { result: "first-generated-value" });
        const two = res(PASSWORD, "two", { result: "second-generated-value" });
        const secrets = generatedSecrets([one, two]);
        const w = res("t:svc", "api", {}, { dependencies: [one] });
        const reports: Array<[string, string | undefined]> = [];
        reportGeneratedSecretUse(
            w,
            secrets,
            [
                ["A", "x-first-generated-value"],
                ["B", "second-generated-value-y"],
                ["C", "unrelated"],
                ["D", 12],
            ],
            wording,
            (m, u) => reports.push([m, u]),
        );
        expect(reports).toEqual([
            ['Service "api" takes an input straight from password "one", a generated secret; store it.', w.urn],
            ['Service "api" passes the value of password "two" in the plain environment variable B; read it.', w.urn],
        ]);
    });

    it("reports nothing for a workload without dependencies or generated values", () => {
        const one = res(PASSWORD, "one", { result: "first-generated-value" });
        const reports: string[] = [];
        reportGeneratedSecretUse(res("t:svc", "api", {}, { dependencies: undefined }), generatedSecrets([one]), [["A", "plain"]], wording, (m) => reports.push(m));
        expect(reports).toEqual([]);
    });
});

describe("missingSecurityHeaders", () => {
    const all = { hstsMaxAge: 31536000, nosniff: true, csp: "default-src 'self'", frameOptions: "DENY", referrerPolicy: "no-referrer" };
    const HSTS = "Strict-Transport-Security (max-age of at least 31536000)";
    const FRAME = "X-Frame-Options (or a CSP frame-ancestors directive)";

    it.each([
        [{}, []],
        [{ frameOptions: "sameorigin" }, []],
        [{ frameOptions: "", csp: "frame-ancestors 'none'" }, []],
        [{ frameOptions: "ALLOW-FROM https://x" }, [FRAME]],
        [{ frameOptions: "xDENY" }, [FRAME]],
        [{ frameOptions: "DENYx" }, [FRAME]],
        [{ hstsMaxAge: 31535999 }, [HSTS]],
        [{ hstsMaxAge: Number.NaN }, [HSTS]],
        [{ nosniff: false }, ["X-Content-Type-Options: nosniff"]],
        [{ csp: "" }, ["Content-Security-Policy"]],
        [{ referrerPolicy: "" }, ["Referrer-Policy"]],
        [
            { hstsMaxAge: 0, nosniff: false, csp: "", frameOptions: "", referrerPolicy: "" },
            [HSTS, "X-Content-Type-Options: nosniff", "Content-Security-Policy", FRAME, "Referrer-Policy"],
        ],
    ])("%j", (change, expected) => {
        expect(missingSecurityHeaders({ ...all, ...change }, 31536000)).toEqual(expected);
    });
});
