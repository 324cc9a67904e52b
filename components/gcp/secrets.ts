import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { checkGeneratedSecret, generatedSecretValue, type GeneratedSecret } from "../core/generated-secret";
import { ArgsChecker, definedOnly, resourceName } from "../core/internal";

export type { GeneratedSecret, SecretCharset } from "../core/generated-secret";
export { GENERATED_SECRET_DEFAULTS } from "../core/generated-secret";

/** One secret of {@link SecretsArgs.secrets}. */
export interface SecretEntry {
    /**
     * Value stored as the secret's first version (e.g. a generated password). Omit it for
     * secrets whose values an operator adds out of band (`gcloud secrets versions add`).
     * @default none (no version is created)
     */
    value?: pulumi.Input<string>;
    /**
     * Generate the value once with `@pulumi/random` (a cryptographically secure source) and
     * store it as the first version: session secrets, signing keys. Later runs never change
     * it, not even when `length` or `charset` change (rotate by adding a version by hand,
     * or replacing the random resource). Not together with `value`.
     * @default none (no generated value)
     */
    generate?: GeneratedSecret;
    /**
     * IAM members (`serviceAccount:…`) granted `roles/secretmanager.secretAccessor` on
     * this secret only. Never grant secret access project-wide.
     * @default []
     */
    accessors?: pulumi.Input<string>[];
}

/** Arguments of {@link Secrets}. */
export interface SecretsArgs {
    /**
     * Prefix of every secret ID, e.g. `acme-prod`.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Secrets by short key (`db-password` becomes secret `acme-prod-db-password`).
     * @default none (required)
     */
    secrets: Record<string, SecretEntry>;
    /**
     * Regions to replicate to (user-managed replication), for data-residency rules.
     * Empty means automatic (Google-managed, multi-region) replication.
     * @default []
     */
    replicaLocations?: string[];
    /**
     * The provider's `deletionProtection`: any Pulumi operation that would delete a secret
     * fails (set in prod by `infra/`). Secret Manager has no deletion protection of its
     * own, so this does not stop the console or gcloud; pair it with the `protect` option.
     * @default false
     */
    deletionProtection?: boolean;
}

/** Defaults of {@link SecretsArgs}. */
export const SECRETS_DEFAULTS = { replicaLocations: [] as string[], deletionProtection: false };

/** What a consumer needs to mount one secret as an env var. */
export interface SecretRef {
    /**
     * Secret resource ID (`projects/…/secrets/…`).
     * @default always set (computed by the component)
     */
    secretId: pulumi.Output<string>;
    /**
     * Version to mount: the created version's number, or `latest` when none is created here.
     * @default always set (computed by the component)
     */
    version: pulumi.Output<string>;
}

/**
 * Secret Manager secrets with optional initial values (given, or generated once) and
 * per-secret accessor grants. Values stay secret end to end: they are written only as
 * secret versions and never appear as plain inputs of any other resource.
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as gcp from "prodstack/gcp";
 *
 * const config = new pulumi.Config();
 * const secrets = new gcp.Secrets("app", {
 *     namePrefix: "acme-prod",
 *     secrets: {
 *         "stripe-key": { value: config.requireSecret("stripeKey") },
 *         "session-key": {}, // created empty: add its value with gcloud
 *     },
 * });
 * export const stripeKeyId = secrets.refs["stripe-key"].secretId;
 * ```
 */
export class Secrets extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:gcp:Secrets";

    /** The secrets, by key. */
    readonly secrets: Record<string, gcp.secretmanager.Secret>;
    /** How to mount each secret, by key. */
    readonly refs: Record<string, SecretRef>;

    constructor(name: string, args: SecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgsChecker(Secrets.TYPE, name);
        for (const key of Object.keys(args.secrets)) {
            check.matches(`secrets.${key}`, key, /^[a-z][a-z0-9-]{0,62}$/, "a key of lowercase letters, digits and hyphens");
        }
        for (const [key, entry] of Object.entries(args.secrets)) checkGeneratedSecret(check, key, entry);
        for (const [i, loc] of (args.replicaLocations ?? []).entries()) {
            check.matches(`replicaLocations[${i}]`, loc, /^[a-z]+-[a-z]+\d+$/, "a region such as \"europe-west1\"");
        }
        check.throwIfAny();
        super(Secrets.TYPE, name, {}, opts);
        const cfg = { ...SECRETS_DEFAULTS, ...definedOnly(args) };
        this.secrets = {};
        this.refs = {};

        const replication = cfg.replicaLocations.length
            ? { userManaged: { replicas: cfg.replicaLocations.map((location) => ({ location })) } }
            : { auto: {} };

        for (const [key, entry] of Object.entries(cfg.secrets)) {
            const secret = new gcp.secretmanager.Secret(`${name}-${key}`, {
                secretId: resourceName([cfg.namePrefix, key], 255),
                replication,
                deletionProtection: cfg.deletionProtection,
            }, { parent: this });
            this.secrets[key] = secret;

            let version: pulumi.Output<string> = pulumi.output("latest");
            const value = entry.generate ? generatedSecretValue(`${name}-${key}`, entry.generate, this) : entry.value;
            if (value !== undefined) {
                const v = new gcp.secretmanager.SecretVersion(`${name}-${key}`, {
                    secret: secret.id,
                    secretData: pulumi.secret(value),
                }, { parent: this });
                version = v.version;
            }
            this.refs[key] = { secretId: secret.id, version };

            (entry.accessors ?? []).forEach((member, i) => {
                new gcp.secretmanager.SecretIamMember(`${name}-${key}-accessor-${i}`, {
                    secretId: secret.id,
                    role: "roles/secretmanager.secretAccessor",
                    member,
                }, { parent: this });
            });
        }
        this.registerOutputs({ secretIds: Object.fromEntries(Object.entries(this.secrets).map(([k, s]) => [k, s.id])) });
    }
}
