import { Secrets, validateSecretsArgs, type SecretsArgs } from "../../../components/aws/secrets";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, byName, plan, rejectedArgs } from "../../helpers/inventory";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ARGS: SecretsArgs = { namePrefix: "acme-stg/app", region: "eu-central-1", kmsKeyArn: KEY, secrets: { "session-secret": {}, "stripe-key": {} } };
const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const problems = (args: Partial<SecretsArgs>) => argProblems(() => validateSecretsArgs("app", { ...ARGS, ...args }));
const PREFIX = 'lowercase path segments such as "acme-prod/app"';
const KEY_NAME = "a key of lowercase letters, digits and hyphens";

describe("aws Secrets", () => {
    it("creates one CMK-encrypted secret per key under the prefix, with a 30-day recovery window by default", async () => {
        const inv = await plan(() => new Secrets("app", ARGS));
        expect(inv.counts()).toEqual({ "prodstack:aws:Secrets": 1, [SECRET]: 2 });
        expect(byName(inv.ofType(SECRET)).map((s) => s.inputs)).toEqual([
            {
                region: "eu-central-1",
                name: "acme-stg/app/session-secret",
                description: "session-secret of acme-stg/app (managed by prodstack)",
                kmsKeyId: KEY,
                recoveryWindowInDays: 30,
            },
            {
                region: "eu-central-1",
                name: "acme-stg/app/stripe-key",
                description: "stripe-key of acme-stg/app (managed by prodstack)",
                kmsKeyId: KEY,
                recoveryWindowInDays: 30,
            },
        ]);
        expect(inv.ofType(SECRET).every((s) => !s.protect)).toBe(true);
    });

    it("non-prod: a 0-day window deletes at once so the stack can be recreated; prod: protected", async () => {
        const staging = await plan(() => new Secrets("app", { ...ARGS, recoveryWindowDays: 0 }));
        expect(staging.ofType(SECRET).map((s) => s.inputs.recoveryWindowInDays)).toEqual([0, 0]);
        const prod = await plan(() => new Secrets("app", { ...ARGS, namePrefix: "acme-prod/app", recoveryWindowDays: 30, deletionProtection: true }));
        expect(prod.ofType(SECRET).map((s) => [s.inputs.recoveryWindowInDays, s.protect])).toEqual([[30, true], [30, true]]);
    });

    it("stores a given value only as a secret version of that secret's ARN, marked secret", async () => {
        const inv = await plan(() => new Secrets("db", {
            ...ARGS,
            secrets: { password: { value: "hunter2", description: "Postgres password of the app user" }, "api-key": {} },
        }));
        const version = inv.one(VERSION);
        expect(version.inputs).toEqual({
            region: "eu-central-1",
            secretId: expect.stringMatching(/^arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-stg\/app\/password-[0-9a-f]{6}$/),
            secretString: "[secret]",
        });
        expect(version.dependsOn).toContain(inv.named("db-password", SECRET).urn);
        expect(inv.named("db-password", SECRET).inputs.description).toBe("Postgres password of the app user");
        expect(JSON.stringify(inv.resources)).not.toContain("hunter2");
    });

    it("generates a value once (ignoring later changes to its settings) and stores it as the first version, marked secret", async () => {
        const inv = await plan(() => new Secrets("app", {
            ...ARGS,
            secrets: { "session-secret": { generate: {} }, "jwt-key": { generate: { length: 32, charset: "hex" } }, "stripe-key": {} },
        }));
        const password = inv.named("app-session-secret-random", "random:index/randomPassword:RandomPassword");
        expect(password.inputs).toMatchObject({ length: 64, special: false });
        expect(password.ignoreChanges).toEqual(expect.arrayContaining(["length", "special", "overrideSpecial"]));
        expect(inv.named("app-jwt-key-random", "random:index/randomBytes:RandomBytes").inputs).toMatchObject({ length: 16 });
        const versions = byName(inv.ofType(VERSION));
        expect(versions.map((v) => [v.name, v.inputs.secretString])).toEqual([["app-jwt-key", "[secret]"], ["app-session-secret", "[secret]"]]);
        expect(versions[1].inputs.secretId).toMatch(/^arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-stg\/app\/session-secret-[0-9a-f]{6}$/);
        // The hand-filled secret gets no version from the stack.
        expect(versions.map((v) => v.name)).not.toContain("app-stripe-key");
    });

    it("refuses a generated secret with a value too, or with a length or charset it cannot honour", async () => {
        const { error } = await rejectedArgs(() => new Secrets("app", {
            ...ARGS,
            secrets: { both: { value: "x", generate: {} }, short: { generate: { length: 15 } }, odd: { generate: { length: 33, charset: "hex" } } },
        }));
        expect(error.problems).toEqual([
            'secrets.both.generate: expected either value or generate, not both, got {}',
            "secrets.short.generate.length: expected an integer from 16 to 4096, got 15",
            "secrets.odd.generate.length: expected an even length for hex (two characters per random byte), got 33",
        ]);
    });

    it("exposes each secret's exact ARN and name for read grants, and the key readers must decrypt with", async () => {
        const inv = await plan(() => {
            const s = new Secrets("app", ARGS);
            return { ref: s.refs["stripe-key"], key: s.kmsKeyArn };
        });
        expect(inv.outputs).toEqual({
            ref: {
                arn: expect.stringMatching(/^arn:aws:secretsmanager:eu-central-1:123456789012:secret:acme-stg\/app\/stripe-key-[0-9a-f]{6}$/),
                name: "acme-stg/app/stripe-key",
            },
            key: KEY,
        });
    });

    it("takes a region only known at deploy time (e.g. another stack's output)", async () => {
        const inv = await plan(() => new Secrets("app", { ...ARGS, region: Promise.resolve("eu-west-1") }));
        expect(inv.ofType(SECRET).map((s) => s.inputs.region)).toEqual(["eu-west-1", "eu-west-1"]);
    });

    it("grants nothing itself: no resource policy, no IAM", async () => {
        const inv = await plan(() => new Secrets("app", ARGS));
        expect(inv.ofType(SECRET).every((s) => s.inputs.policy === undefined)).toBe(true);
        expect(inv.resources.filter((r) => r.type.startsWith("aws:iam/"))).toEqual([]);
    });

    it("summarises in one line what AWS receives", async () => {
        const inv = await plan(() => new Secrets("app", { ...ARGS, secrets: { a: { value: "x" }, b: {} }, recoveryWindowDays: 0 }));
        expect(summarize(Secrets.TYPE, inv.resources)).toBe("2 secrets · KMS CMK · 1 value from the stack, the rest out of band · deleted at once");
        const prod = await plan(() => new Secrets("app", { ...ARGS, deletionProtection: true }));
        expect(summarize(Secrets.TYPE, prod.resources)).toBe("2 secrets · KMS CMK · values added out of band · recovery window 30 d · protected");
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new Secrets("app", {
            namePrefix: "/acme",
            region: "Frankfurt",
            kmsKeyArn: KEY,
            secrets: { Session_Secret: {}, ok: { description: "x".repeat(2049) } },
            recoveryWindowDays: 6,
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected lowercase path segments such as "acme-prod/app", got "/acme"',
            'region: expected an AWS region such as "eu-central-1", got "Frankfurt"',
            'secrets.Session_Secret: expected a key of lowercase letters, digits and hyphens, got "Session_Secret"',
            `secrets.ok.description: expected at most 2048 characters, got "${"x".repeat(2049)}"`,
            "recoveryWindowDays: expected 0, or an integer from 7 to 30, got 6",
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it.each([[0], [7], [30]])("accepts a recovery window of %s days", async (days) => {
        const inv = await plan(() => new Secrets("app", { ...ARGS, recoveryWindowDays: days }));
        expect(inv.ofType(SECRET)[0].inputs.recoveryWindowInDays).toBe(days);
    });

    it.each([[1], [31], [7.5]])("rejects a recovery window of %s days", async (days) => {
        const { error } = await rejectedArgs(() => new Secrets("app", { ...ARGS, recoveryWindowDays: days }));
        expect(error.problems).toEqual([`recoveryWindowDays: expected 0, or an integer from 7 to 30, got ${days}`]);
    });

    it.each<[string, Partial<SecretsArgs>]>([
        ["a prefix of four segments", { namePrefix: "acme/app/a-1/b" }],
        ["a one-segment prefix of 63 characters", { namePrefix: `a${"b".repeat(62)}` }],
        ["a key of 128 characters", { secrets: { [`k${"1".repeat(127)}`]: {} } }],
        ["a description of 2048 characters", { secrets: { api: { description: "d".repeat(2048) } } }],
    ])("accepts %s", (_, args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[string, Partial<SecretsArgs>, string]>([
        ["a prefix of five segments", { namePrefix: "acme/a/b/c/d" }, `namePrefix: expected ${PREFIX}, got "acme/a/b/c/d"`],
        ["a prefix ending in a slash", { namePrefix: "acme/" }, `namePrefix: expected ${PREFIX}, got "acme/"`],
        ["a prefix segment of 64 characters", { namePrefix: `a${"b".repeat(63)}` }, `namePrefix: expected ${PREFIX}, got "a${"b".repeat(63)}"`],
        ["a key of 129 characters", { secrets: { [`k${"1".repeat(128)}`]: {} } }, `secrets.k${"1".repeat(128)}: expected ${KEY_NAME}, got "k${"1".repeat(128)}"`],
        ["a key with text after it", { secrets: { "api-key!": {} } }, `secrets.api-key!: expected ${KEY_NAME}, got "api-key!"`],
        ["a key starting with a digit", { secrets: { "1api": {} } }, `secrets.1api: expected ${KEY_NAME}, got "1api"`],
    ])("rejects %s", (_, args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });

    it("parents every secret and version to the component", async () => {
        const inv = await plan(() => new Secrets("app", { ...ARGS, secrets: { "stripe-key": { value: "sk_test_1" } } }));
        expect(inv.childrenOf(inv.one(Secrets.TYPE).urn).map((r) => r.type).sort()).toEqual([SECRET, VERSION]);
    });

    it("rejects an empty secret list", async () => {
        const { error } = await rejectedArgs(() => new Secrets("app", { ...ARGS, secrets: {} }));
        expect(error.problems).toEqual(["secrets: expected at least one secret, got {}"]);
    });
});
