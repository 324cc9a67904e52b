import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, AWS_REGION, definedOnly } from "../core/internal";
import { lookupAccount, policyDocument, type AwsAccount, type PolicyStatement } from "./iam";

/**
 * AWS services that use a key on their own behalf (not for a caller with an IAM grant), and
 * so need a statement in the key policy: `logs` (CloudWatch Logs log groups), `cloudwatch`
 * (alarms publishing to an encrypted SNS topic), `budgets` (budget notifications to one),
 * `events` (EventBridge rules publishing to one).
 */
export type KmsKeyService = "logs" | "cloudwatch" | "budgets" | "events";

const KMS_KEY_SERVICES: readonly KmsKeyService[] = ["logs", "cloudwatch", "budgets", "events"];

/** Arguments of {@link KmsKey}. */
export interface KmsKeyArgs {
    /**
     * Prefix of the alias, e.g. `acme-prod` (the alias is `alias/acme-prod-<purpose>`).
     * @default none (required)
     */
    namePrefix: string;
    /**
     * What the key encrypts, a short slug such as `main` or `logs`; ends the alias and the
     * description.
     * @default none (required)
     */
    purpose: string;
    /**
     * Region of the key. Plain string: the CloudWatch Logs service principal
     * (`logs.<region>.amazonaws.com`) and the ARNs in the key policy name it.
     * @default none (required)
     */
    region: string;
    /**
     * Services allowed to use the key on their own behalf, each scoped to this account:
     * `logs` only for log groups of this account and region (the
     * `kms:EncryptionContext:aws:logs:arn` condition), `cloudwatch` only for this account's
     * alarms, `budgets` only for its budgets, `events` only for its EventBridge rules. Services that act for a caller (Secrets
     * Manager, ECR, RDS) need nothing here: the caller's IAM policy grants the use.
     * @default []
     */
    services?: KmsKeyService[];
    /**
     * Days between automatic rotations of the key material (90 to 2560). Rotation is always on.
     * @default 365
     */
    rotationPeriodDays?: number;
    /**
     * Days a deleted key waits before it is gone (7 to 30), during which a deletion can be
     * cancelled. Anything the key encrypted is unreadable once it is deleted.
     * @default 30
     */
    deletionWindowDays?: number;
    /**
     * `protect` on the key (prod): Pulumi refuses to delete it.
     * @default false
     */
    deletionProtection?: boolean;
}

/** Defaults of {@link KmsKeyArgs}. */
export const KMS_KEY_DEFAULTS = {
    services: [] as KmsKeyService[],
    rotationPeriodDays: 365,
    deletionWindowDays: 30,
    deletionProtection: false,
};

/** Throws if `args` would be rejected by the cloud; called before anything is registered. */
export function validateKmsKeyArgs(name: string, args: KmsKeyArgs): void {
    const check = new ArgsChecker(KmsKey.TYPE, name);
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,63}$/, "up to 64 lowercase letters, digits or hyphens, starting with a letter");
    check.matches("purpose", args.purpose, /^[a-z][a-z0-9-]{0,31}$/, "up to 32 lowercase letters, digits or hyphens, starting with a letter");
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    (args.services ?? []).forEach((s, i) => check.oneOf(`services[${i}]`, s, KMS_KEY_SERVICES));
    check.intInRange("rotationPeriodDays", args.rotationPeriodDays, 90, 2560);
    check.intInRange("deletionWindowDays", args.deletionWindowDays, 7, 30);
    check.throwIfAny();
}

/** Decrypt and data keys for a service principal acting for this account's resources matching `sourceArn`. */
function onBehalfOfThisAccount(sid: string, principal: string, sourceArn: pulumi.Input<string>, account: AwsAccount): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: principal },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": account.accountId }, ArnLike: { "aws:SourceArn": sourceArn } },
    };
}

/** The key-policy statement letting `service` use the key, scoped to this account. */
function serviceStatement(service: KmsKeyService, region: string, account: AwsAccount): PolicyStatement {
    const arnIn = (svc: string, where: string, resource: string) =>
        pulumi.interpolate`arn:${account.partition}:${svc}:${where}:${account.accountId}:${resource}`;
    switch (service) {
        case "logs":
            return {
                Sid: "CloudWatchLogsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: `logs.${region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": arnIn("logs", region, "log-group:*") } },
            };
        case "cloudwatch":
            return onBehalfOfThisAccount("CloudWatchAlarmsOfThisAccount", "cloudwatch.amazonaws.com", arnIn("cloudwatch", region, "alarm:*"), account);
        case "events":
            return onBehalfOfThisAccount("EventBridgeRulesOfThisAccount", "events.amazonaws.com", arnIn("events", region, "rule/*"), account);
        case "budgets":
            // Budgets are global: their ARNs have no region.
            return onBehalfOfThisAccount("BudgetsOfThisAccount", "budgets.amazonaws.com", arnIn("budgets", "", "budget/*"), account);
    }
}

/**
 * A symmetric customer-managed KMS key with automatic rotation, a 30-day deletion window
 * and an alias, protected in prod. Its key policy keeps the account's IAM in charge (the
 * `root` statement AWS puts in every default key policy: without it the key could become
 * unmanageable) and lets the listed AWS services use the key for this account only.
 *
 * @example
 * ```ts
 * import * as aws from "prodstack/aws";
 *
 * const key = new aws.KmsKey("main", {
 *     namePrefix: "acme-prod",
 *     purpose: "main",
 *     region: "eu-central-1",
 *     services: ["logs", "cloudwatch"],
 *     deletionProtection: true,
 * });
 * export const keyArn = key.arn;
 * ```
 */
export class KmsKey extends pulumi.ComponentResource {
    static readonly TYPE = "prodstack:aws:KmsKey";

    /** The key's ID (a UUID). */
    readonly keyId: pulumi.Output<string>;
    /** The key's ARN: what `kmsKeyId` / `kmsKeyArn` inputs of other resources take. */
    readonly arn: pulumi.Output<string>;
    /** The alias, `alias/<namePrefix>-<purpose>`. */
    readonly aliasName: string;

    constructor(name: string, args: KmsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        validateKmsKeyArgs(name, args);
        super(KmsKey.TYPE, name, {}, opts);
        const cfg = { ...KMS_KEY_DEFAULTS, ...definedOnly(args) };
        const account = lookupAccount(this);
        this.aliasName = `alias/${cfg.namePrefix}-${cfg.purpose}`;

        const key = new aws.kms.Key(`${name}-key`, {
            region: cfg.region,
            description: `${cfg.purpose} key of ${cfg.namePrefix} (managed by prodstack)`,
            keyUsage: "ENCRYPT_DECRYPT",
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            enableKeyRotation: true,
            rotationPeriodInDays: cfg.rotationPeriodDays,
            deletionWindowInDays: cfg.deletionWindowDays,
            multiRegion: false,
            policy: policyDocument([
                {
                    Sid: "AccountIamManagesTheKey",
                    Effect: "Allow",
                    Principal: { AWS: pulumi.interpolate`arn:${account.partition}:iam::${account.accountId}:root` },
                    Action: "kms:*",
                    Resource: "*",
                },
                ...[...new Set(cfg.services)].map((s) => serviceStatement(s, cfg.region, account)),
            ]),
        }, { parent: this, ...(cfg.deletionProtection ? { protect: true } : {}) });

        new aws.kms.Alias(`${name}-alias`, {
            region: cfg.region,
            name: this.aliasName,
            targetKeyId: key.keyId,
        }, { parent: this });

        this.arn = key.arn;
        this.keyId = key.keyId;
        this.registerOutputs({ arn: this.arn, aliasName: this.aliasName });
    }
}
