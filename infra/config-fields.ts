/**
 * Reusable field schemas of the environment spec (infra/config.ts). Every custom message
 * says what was expected; the error formatter appends what was given.
 */
import { z } from "zod";
import { HOSTNAME, isTimeZone, PATH_PREFIX } from "../components/core/patterns";

export { HOSTNAME };
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const CIDR_V4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/([0-9]|[12]\d|3[0-2])$/;
/** Image references must be pinned: a tag other than `latest`, or a digest. */
const PINNED_IMAGE = /^[a-z0-9]+([._/:-][a-z0-9]+)*(\/[a-z0-9._-]+)*(:(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;

export const int = (min: number, max: number) =>
    z.number({ error: `expected an integer from ${min} to ${max}` })
        .int({ error: `expected an integer from ${min} to ${max}` })
        .min(min, { error: `expected an integer from ${min} to ${max}` })
        .max(max, { error: `expected an integer from ${min} to ${max}` });

export const num = (min: number, max: number) =>
    z.number({ error: `expected a number from ${min} to ${max}` })
        .min(min, { error: `expected a number from ${min} to ${max}` })
        .max(max, { error: `expected a number from ${min} to ${max}` });

export const pattern = (re: RegExp, expected: string) =>
    z.string({ error: `expected ${expected}` }).regex(re, { error: `expected ${expected}` });

export const hostname = pattern(HOSTNAME, "a lowercase DNS hostname such as \"api.example.com\"");
export const pathPrefix = pattern(PATH_PREFIX, "a URL path prefix starting with \"/\" such as \"/api\"");
export const cidr = pattern(CIDR_V4, "an IPv4 CIDR such as \"10.10.0.0/20\"");
export const timeOfDay = pattern(/^([01]\d|2[0-3]):[0-5]\d$/, "a UTC time of day as \"HH:MM\" such as \"03:00\"");
export const secretString = z.string({ error: "expected a string (use a `secure:` value in the stack file)" }).min(1);
export const email = pattern(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i, "an email address such as \"oncall@example.com\"");

export const envVars = z.record(
    pattern(ENV_NAME, "an environment variable name in UPPER_SNAKE_CASE"),
    z.string({ error: "expected a string value (quote numbers and booleans)" }),
);

/** Secret env: variable name → secret name in the cloud's secret store, optionally `@version`. */
export const secretRef = pattern(
    /^[A-Za-z][A-Za-z0-9_-]{0,254}(@([1-9]\d*|latest))?$/,
    "a secret name such as \"stripe-api-key\", optionally pinned as \"stripe-api-key@3\"",
);

/** An argv list (command or args), passed as is: no shell, no variable expansion. */
export const argv = z.array(z.string({ error: "expected a string" }), { error: "expected a list of strings such as [\"python\", \"manage.py\"]" })
    .min(1, { error: "expected at least one string (leave the key out to keep the image's own)" });

const NAME = /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/;
const NAME_EXPECTED = "a name of 1-20 lowercase letters, digits or hyphens, starting with a letter";
export const name = pattern(NAME, NAME_EXPECTED);

/** Where a container comes from: a pinned image or a build context (services and jobs). */
export const image = pattern(PINNED_IMAGE, "a pinned image reference: \"repo/name:tag\" (not \"latest\") or \"repo/name@sha256:<digest>\"").optional();
export const build = z.strictObject({
    context: z.string({ error: "expected a directory path" }).min(1),
    dockerfile: z.string({ error: "expected a path to a Dockerfile" }).optional(),
    args: z.record(z.string(), z.string()).default({}),
}).optional();

/** An IANA time zone the runtime knows (`Europe/Berlin`, `Etc/UTC`). */
export const timeZone = z.string({ error: "expected an IANA time zone such as \"Europe/Berlin\"" })
    .refine(isTimeZone, { error: "expected an IANA time zone such as \"Europe/Berlin\"" });

/**
 * YAML reads `version: 16` as a number. Where the number says the same as the string the
 * spec wants, it is converted (`16` → `"16"`); where the conversion loses meaning (`8.0`
 * reads as `8`, leading zeros of an account ID vanish) it is left a number, which the
 * string schema rejects with `hint`.
 */
export const numberAsString = (schema: z.ZodString, convert: (n: number) => string | undefined) =>
    z.preprocess((v) => (typeof v === "number" && Number.isFinite(v) ? convert(v) ?? v : v), schema);

export const labelKey = pattern(/^[a-z][a-z0-9_-]{0,62}$/, "a label key: lowercase letter first, then up to 62 of [a-z0-9_-]");
export const labelValue = pattern(/^[a-z0-9_-]{0,63}$/, "a label value: up to 63 of [a-z0-9_-]");
