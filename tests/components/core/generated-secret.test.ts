import * as pulumi from "@pulumi/pulumi";
import { checkGeneratedSecret, generatedSecretValue, type GeneratedSecret } from "../../../components/core/generated-secret";
import { recordedProblems } from "../../helpers/checker";
import { plan } from "../../helpers/inventory";

const PASSWORD = "random:index/randomPassword:RandomPassword";
const BYTES = "random:index/randomBytes:RandomBytes";

/** Problems of `secrets.s`'s entry. */
const problems = (entry: { value?: unknown; generate?: GeneratedSecret }) => recordedProblems((check) => checkGeneratedSecret(check, "s", entry));

describe("checkGeneratedSecret", () => {
    it.each([
        [{}], [{ length: 16 }], [{ length: 4096 }], [{ length: 33 }], [{ length: 16, charset: "hex" }], [{ length: 4096, charset: "hex" }],
        [{ charset: "urlsafe" }], [{ charset: "alphanumeric", length: undefined }],
    ] as [GeneratedSecret][])("accepts %j", (generate) => {
        expect(problems({ generate })).toEqual([]);
    });

    it("checks nothing of an entry that does not generate", () => {
        expect(problems({ value: 3 })).toEqual([]);
    });

    it.each([
        [{ length: 15 }, ["secrets.s.generate.length: expected an integer from 16 to 4096, got 15"]],
        [{ length: 4097 }, ["secrets.s.generate.length: expected an integer from 16 to 4096, got 4097"]],
        [{ length: 16.5 }, ["secrets.s.generate.length: expected an integer from 16 to 4096, got 16.5"]],
        [{ length: 4097, charset: "hex" }, ["secrets.s.generate.length: expected an integer from 16 to 4096, got 4097"]],
        [{ length: 33, charset: "hex" }, ["secrets.s.generate.length: expected an even length for hex (two characters per random byte), got 33"]],
        [{ charset: "base64" }, ['secrets.s.generate.charset: expected one of "alphanumeric", "urlsafe", "hex", got "base64"']],
    ] as [GeneratedSecret, string[]][])("refuses %j", (generate, expected) => {
        expect(problems({ generate })).toEqual(expected);
    });

    it("refuses a value and generate together", () => {
        expect(problems({ value: "x", generate: { length: 20 } })).toEqual(['secrets.s.generate: expected either value or generate, not both, got {"length":20}']);
    });
});

describe("generatedSecretValue", () => {
    it("creates one random resource per secret, by charset, child of the component, whose settings never change after creation", async () => {
        const inv = await plan(() => {
            const parent = new pulumi.ComponentResource("test:core:Parent", "app");
            return {
                session: generatedSecretValue("app-session", {}, parent),
                token: generatedSecretValue("app-token", { length: 32, charset: "urlsafe" }, parent),
                key: generatedSecretValue("app-key", { length: 20, charset: "hex" }, parent),
                plain: generatedSecretValue("app-plain", { length: 16, charset: "alphanumeric" }, parent),
            };
        });
        expect(inv.named("app-session-random", PASSWORD).inputs).toEqual({ length: 64, special: false });
        expect(inv.named("app-token-random", PASSWORD).inputs).toEqual({ length: 32, special: true, overrideSpecial: "-_" });
        expect(inv.named("app-plain-random", PASSWORD).inputs).toEqual({ length: 16, special: false });
        expect(inv.named("app-key-random", BYTES).inputs).toEqual({ length: 10 });
        const parent = inv.named("app", "test:core:Parent").urn;
        for (const name of ["app-session-random", "app-token-random", "app-plain-random"]) {
            expect(inv.named(name, PASSWORD)).toMatchObject({
                parent,
                ignoreChanges: ["length", "special", "upper", "lower", "numeric", "overrideSpecial", "minLower", "minUpper", "minNumeric", "minSpecial", "keepers"],
            });
        }
        expect(inv.named("app-key-random", BYTES)).toMatchObject({ parent, ignoreChanges: ["length", "keepers"] });
        const outputs = inv.outputs as Record<string, string>;
        expect(outputs.key).toMatch(/^[0-9a-f]{20}$/);
        expect(outputs.session).toMatch(/^placeholder-password-/);
    });
});
