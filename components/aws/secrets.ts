import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkGeneratedSecret, generatedSecretValue, type GeneratedSecret } from "../core/generated-secret";
import { ArgsChecker, AWS_REGION, definedOnly } from "../core/internal";

export type { GeneratedSecret, SecretCharset } from "../core/generated-secret";

/** One secret of {@link SecretsArgs.secrets}. */
export interface SecretEntry {
    /**
     * Value stored as the secret's first version (e.g. a generated password), kept secret
     * end to end. Omit it for secrets whose values an operator adds out of band
     * (`aws secretsmanager put-secret-value`).
     * @default none (no version is created)
     */
    value?: pulumi.Input<string>;
    /**
     * Generate the value once with `@pulumi/random` (a cryptographically secure source) and
     * store it as the first version: session secrets, signing keys. Later runs never change
     * it, not even when `length` or `charset` change (rotate by putting a new value by hand,
     * or replacing the random resource). Not together with `value`.
     * @default none (no generated value)
     */
    generate?: GeneratedSecret;
    /**
     * What the secret holds, shown in the console.
     * @default "<key> of <namePrefix> (managed by prodstack)"
     */
    description?: string;
}

/** Arguments of {@link Secrets}. */
export interface SecretsArgs {
    /**
     * Prefix of every secret name, e.g. `acme-prod/app` (secret `session-secret` becomes
     * `acme-prod/app/session-secret`). Lowercase path segments separated by `/`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the secrets, e.g. `eu-central-1` (checked when given as a string).
     * @default none (required)
     */
    region: pulumi.Input<string>;
    /**
     * ARN of the customer-managed KMS key that encrypts the secrets (never the AWS-managed
     * `aws/secretsmanager` key, whose use cannot be restricted by a key policy).
     * @default none (required)
     */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Secrets by short key.
     * @default none (required)
     */
    secrets: Record<string, SecretEntry>;
    /**
     * Days a deleted secret can still be restored (0, or 7 to 30). 0 deletes at once, so a
     * destroyed non-prod stack can be recreated under the same names; a secret scheduled
     * for deletion blocks its name for the whole window.
     * @default 30
     */
    recoveryWindowDays?: number;
    /**
     * `protect` on every secret (prod): Pulumi refuses to delete them.
     * @default false
     */
    deletionProtection?: boolean;
}

/** Defaults of {@link SecretsArgs}. */
export const SECRETS_DEFAULTS = { recoveryWindowDays: 30, deletionProtection: false };

/** What a consumer needs to read one secret: its exact ARN (never a wildcard) and name. */
export interface SecretRef {
    /**
     * The secret's ARN, including the six characters AWS appends.
     * @default none (required)
     */
    arn: pulumi.Output<string>;
    /**
     * The secret's name, e.g. `acme-prod/app/session-secret`.
     * @default none (required)
     */
    name: string;
}

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateSecretsArgs(name: string, args: SecretsArgs): void {
    const check = new ArgsChecker(Secrets.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,62}(\/[a-z0-9][a-z0-9-]{0,62}){0,3}$/, "lowercase path segments such as \"acme-prod/app\"");
    check.matchesIfKnown("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    const keys = Object.keys(args.secrets ?? {});
    check.check(keys.length > 0, "secrets", "at least one secret", args.secrets);
    for (const key of keys) {
        check.matches(`secrets.${key}`, key, /^[a-z][a-z0-9-]{0,127}$/, "a key of lowercase letters, digits and hyphens");
        checkGeneratedSecret(check, key, args.secrets[key]);
        const description = args.secrets[key].description;
        check.check(description === undefined || description.length <= 2048, `secrets.${key}.description`, "at most 2048 characters", description);
    }
    if (args.recoveryWindowDays !== undefined) {
        const days = args.recoveryWindowDays;
        check.check(days === 0 || (Number.isInteger(days) && days >= 7 && days <= 30), "recoveryWindowDays", "0, or an integer from 7 to 30", days);
    }
    check.throwIfAny();
}

/**
 * Secrets Manager secrets encrypted with a customer-managed key, with optional initial
 * values. Access is granted by the reader, not here: each secret's exact ARN is in
 * {@link refs}, so a task's execution role can be allowed `secretsmanager:GetSecretValue` on
 * exactly the secrets it mounts, plus `kms:Decrypt` on {@link kmsKeyArn} through Secrets
 * Manager only — never `secretsmanager:*` or a name wildcard.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const secrets = new aws.Secrets("app", {
 *     namePrefix: "acme-prod/app",
 *     region: "eu-central-1",
 *     kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
 *     secrets: { "session-secret": {}, "stripe-key": {} },
 *     recoveryWindowDays: 30,
 *     deletionProtection: true,
 * });
 * export const sessionSecretArn = secrets.refs["session-secret"].arn;
 * ```
 */
export class Secrets extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:Secrets";

    /** ARN and name of each secret, by key. */
    readonly refs: Record<string, SecretRef>;
    /** The key that encrypts them; readers need `kms:Decrypt` on it. */
    readonly kmsKeyArn: pulumi.Output<string>;

    constructor(name: string, args: SecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSecretsArgs(name, args);
        super(Secrets.TYPE, name, {}, opts);
        const cfg = { ...SECRETS_DEFAULTS, ...definedOnly(args) };
        const stateful: pulumi.CustomResourceOptions = { parent: this, ...(cfg.deletionProtection ? { protect: true } : {}) };
        this.refs = {};

        for (const [key, entry] of Object.entries(cfg.secrets)) {
            const secretName = `${cfg.namePrefix}/${key}`;
            const secret = new aws.secretsmanager.Secret(`${name}-${key}`, {
                region: cfg.region,
                name: secretName,
                description: entry.description ?? `${key} of ${cfg.namePrefix} (managed by prodstack)`,
                kmsKeyId: cfg.kmsKeyArn,
                recoveryWindowInDays: cfg.recoveryWindowDays,
            }, stateful);
            this.refs[key] = { arn: secret.arn, name: secretName };

            const value = entry.generate ? generatedSecretValue(`${name}-${key}`, entry.generate, this) : entry.value;
            if (value !== undefined) {
                new aws.secretsmanager.SecretVersion(`${name}-${key}`, {
                    region: cfg.region,
                    secretId: secret.arn,
                    secretString: pulumi.secret(value),
                }, { parent: this });
            }
        }
        this.kmsKeyArn = pulumi.output(cfg.kmsKeyArn);
        this.registerOutputs({ secretArns: Object.fromEntries(Object.entries(this.refs).map(([k, r]) => [k, r.arn])) });
    }
}
