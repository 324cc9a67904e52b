/**
 * Secret values the stack generates once (session secrets, signing keys): the shape the GCP
 * and AWS `Secrets` components take, its checks, and the random resource behind it. The
 * components import this file directly (it is not in `internal.ts`), so only they load
 * `@pulumi/random`.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { definedOnly } from "./defaults";
import type { ArgsChecker } from "./errors";

/** Characters of a generated secret: letters and digits; plus `-` and `_`; or lowercase hex. */
export type SecretCharset = "alphanumeric" | "urlsafe" | "hex";

/** A value the stack generates once and never changes (`SecretEntry.generate`). */
export interface GeneratedSecret {
    /**
     * Length in characters, 16 to 4096 (even for `hex`: two characters per random byte).
     * @default 64
     */
    length?: number;
    /**
     * Characters to draw from.
     * @default "alphanumeric"
     */
    charset?: SecretCharset;
}

/** Defaults of {@link GeneratedSecret}. */
export const GENERATED_SECRET_DEFAULTS = { length: 64, charset: "alphanumeric" as SecretCharset };

/** Records the problems of `secrets.<key>`'s `generate` (and its clash with `value`). */
export function checkGeneratedSecret(check: ArgsChecker, key: string, entry: { value?: unknown; generate?: GeneratedSecret }): void {
    if (!entry.generate) return;
    check.check(entry.value === undefined, `secrets.${key}.generate`, "either value or generate, not both", entry.generate);
    const g = { ...GENERATED_SECRET_DEFAULTS, ...definedOnly(entry.generate) };
    check.oneOf(`secrets.${key}.generate.charset`, g.charset, ["alphanumeric", "urlsafe", "hex"] as SecretCharset[]);
    if (check.check(Number.isInteger(g.length) && g.length >= 16 && g.length <= 4096, `secrets.${key}.generate.length`, "an integer from 16 to 4096", g.length)) {
        check.check(g.charset !== "hex" || g.length % 2 === 0, `secrets.${key}.generate.length`, "an even length for hex (two characters per random byte)", g.length);
    }
}

/** Inputs of the random resources, ignored after creation so a generated value never changes. */
const PASSWORD_INPUTS = ["length", "special", "upper", "lower", "numeric", "overrideSpecial", "minLower", "minUpper", "minNumeric", "minSpecial", "keepers"];
const BYTES_INPUTS = ["length", "keepers"];

/** A random value of `spec` (`<name>-random`), created once (its inputs' later changes are ignored). */
export function generatedSecretValue(name: string, spec: GeneratedSecret, parent: pulumi.Resource): pulumi.Output<string> {
    const g = { ...GENERATED_SECRET_DEFAULTS, ...definedOnly(spec) };
    if (g.charset === "hex") return new random.RandomBytes(`${name}-random`, { length: g.length / 2 }, { parent, ignoreChanges: BYTES_INPUTS }).hex;
    return new random.RandomPassword(`${name}-random`, {
        length: g.length,
        special: g.charset === "urlsafe",
        ...(g.charset === "urlsafe" ? { overrideSpecial: "-_" } : {}),
    }, { parent, ignoreChanges: PASSWORD_INPUTS }).result;
}
