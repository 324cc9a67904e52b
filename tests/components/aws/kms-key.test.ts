import { KmsKey, validateKmsKeyArgs, type KmsKeyArgs } from "../../../components/aws/kms-key";
import { summarize } from "../../../infra/plan/summaries";
import { argProblems, plan, rejectedArgs } from "../../helpers/inventory";

const ARGS: KmsKeyArgs = { namePrefix: "acme-prod", purpose: "main", region: "eu-central-1" };
const KEY = "aws:kms/key:Key";
const ROOT = {
    Sid: "AccountIamManagesTheKey",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::123456789012:root" },
    Action: "kms:*",
    Resource: "*",
};
const problems = (args: Partial<KmsKeyArgs>) => argProblems(() => validateKmsKeyArgs("main", { ...ARGS, ...args }));
const PREFIX = "up to 64 lowercase letters, digits or hyphens, starting with a letter";
const PURPOSE = "up to 32 lowercase letters, digits or hyphens, starting with a letter";
const policyOf = (inputs: Record<string, unknown>) => JSON.parse(String(inputs.policy));

describe("aws KmsKey", () => {
    it("creates a rotating symmetric key with a 30-day deletion window, an alias and an IAM-managed policy", async () => {
        const inv = await plan(() => new KmsKey("main", ARGS));
        expect(inv.counts()).toEqual({ "prodstack:aws:KmsKey": 1, [KEY]: 1, "aws:kms/alias:Alias": 1 });
        const key = inv.one(KEY);
        expect({ ...key.inputs, policy: policyOf(key.inputs) }).toEqual({
            region: "eu-central-1",
            description: "main key of acme-prod (managed by prodstack)",
            keyUsage: "ENCRYPT_DECRYPT",
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            enableKeyRotation: true,
            rotationPeriodInDays: 365,
            deletionWindowInDays: 30,
            multiRegion: false,
            policy: { Version: "2012-10-17", Statement: [ROOT] },
        });
        expect(key.protect).toBe(false);
        const alias = inv.one("aws:kms/alias:Alias");
        expect(alias.inputs).toMatchObject({ region: "eu-central-1", name: "alias/acme-prod-main" });
        expect(alias.dependsOn).toContain(key.urn);
        expect(inv.childrenOf(inv.one(KmsKey.TYPE).urn).map((r) => r.type).sort()).toEqual(["aws:kms/alias:Alias", KEY]);
    });

    it("lets CloudWatch Logs use the key only for log groups of this account and region", async () => {
        const inv = await plan(() => new KmsKey("main", { ...ARGS, services: ["logs"] }));
        expect(policyOf(inv.one(KEY).inputs).Statement).toEqual([ROOT, {
            Sid: "CloudWatchLogsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: "logs.eu-central-1.amazonaws.com" },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-central-1:123456789012:log-group:*" } },
        }]);
    });

    it("lets EventBridge rules of this account use the key (rules publishing to an encrypted topic)", async () => {
        const inv = await plan(() => new KmsKey("main", { ...ARGS, services: ["events"] }));
        expect(policyOf(inv.one(KEY).inputs).Statement[1]).toEqual({
            Sid: "EventBridgeRulesOfThisAccount",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:events:eu-central-1:123456789012:rule/*" } },
        });
    });

    it("lets CloudWatch alarms and Budgets use the key only on behalf of this account", async () => {
        const inv = await plan(() => new KmsKey("alerts", { ...ARGS, purpose: "alerts", services: ["cloudwatch", "budgets", "cloudwatch"] }));
        expect(policyOf(inv.one(KEY).inputs).Statement).toEqual([
            ROOT,
            {
                Sid: "CloudWatchAlarmsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-central-1:123456789012:alarm:*" },
                },
            },
            {
                Sid: "BudgetsOfThisAccount",
                Effect: "Allow",
                Principal: { Service: "budgets.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": "arn:aws:budgets::123456789012:budget/*" },
                },
            },
        ]);
    });

    it("prod: protects the key; honours rotation and deletion window within AWS's bounds", async () => {
        const inv = await plan(() => new KmsKey("main", { ...ARGS, deletionProtection: true, rotationPeriodDays: 90, deletionWindowDays: 7 }));
        expect(inv.one(KEY).protect).toBe(true);
        expect(inv.one(KEY).inputs).toMatchObject({ rotationPeriodInDays: 90, deletionWindowInDays: 7 });
        const max = await plan(() => new KmsKey("main", { ...ARGS, rotationPeriodDays: 2560, deletionWindowDays: 30 }));
        expect(max.one(KEY).inputs).toMatchObject({ rotationPeriodInDays: 2560, deletionWindowInDays: 30 });
    });

    it("exposes the key ARN for kmsKeyId inputs", async () => {
        const inv = await plan(() => {
            const key = new KmsKey("main", ARGS);
            return { arn: key.arn };
        });
        expect(inv.outputs.arn).toMatch(/^arn:aws:kms:eu-central-1:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it("summarises in one line what AWS receives", async () => {
        const inv = await plan(() => new KmsKey("main", { ...ARGS, services: ["logs", "cloudwatch"], deletionProtection: true }));
        expect(summarize(KmsKey.TYPE, inv.resources)).toBe(
            "alias/acme-prod-main · SYMMETRIC_DEFAULT · rotation every 365 d · deletion window 30 d · services: logs, cloudwatch · protected",
        );
    });

    it.each<[string, Partial<KmsKeyArgs>]>([
        ["a name prefix of 64 characters", { namePrefix: `a${"-".repeat(62)}9` }],
        ["a purpose of 32 characters", { purpose: "p".repeat(32) }],
        ["a one-letter name prefix and purpose", { namePrefix: "a", purpose: "b" }],
        ["every service once", { services: ["logs", "cloudwatch", "budgets"] }],
    ])("accepts %s", (_, args) => {
        expect(problems(args)).toEqual([]);
    });

    it.each<[string, Partial<KmsKeyArgs>, string]>([
        ["a name prefix of 65 characters", { namePrefix: "a".repeat(65) }, `namePrefix: expected ${PREFIX}, got "${"a".repeat(65)}"`],
        ["a name prefix starting with a digit", { namePrefix: "1acme" }, `namePrefix: expected ${PREFIX}, got "1acme"`],
        ["a name prefix with text after it", { namePrefix: "acme." }, `namePrefix: expected ${PREFIX}, got "acme."`],
        ["a purpose of 33 characters", { purpose: "p".repeat(33) }, `purpose: expected ${PURPOSE}, got "${"p".repeat(33)}"`],
        ["a purpose starting with a hyphen", { purpose: "-logs" }, `purpose: expected ${PURPOSE}, got "-logs"`],
        ["a purpose with text after it", { purpose: "logs/" }, `purpose: expected ${PURPOSE}, got "logs/"`],
        ["a fractional rotation", { rotationPeriodDays: 90.5 }, "rotationPeriodDays: expected an integer from 90 to 2560, got 90.5"],
        ["a fractional deletion window", { deletionWindowDays: 7.5 }, "deletionWindowDays: expected an integer from 7 to 30, got 7.5"],
    ])("rejects %s", (_, args, problem) => {
        expect(problems(args)).toEqual([problem]);
    });

    it("rejects bad args with every problem named, before registering anything", async () => {
        const { error, inv } = await rejectedArgs(() => new KmsKey("main", {
            namePrefix: "Acme",
            purpose: "main key",
            region: "eu-central",
            services: ["logs", "s3" as never],
            rotationPeriodDays: 89,
            deletionWindowDays: 31,
        }));
        expect(error.problems).toEqual([
            'namePrefix: expected up to 64 lowercase letters, digits or hyphens, starting with a letter, got "Acme"',
            'purpose: expected up to 32 lowercase letters, digits or hyphens, starting with a letter, got "main key"',
            'region: expected an AWS region such as "eu-central-1", got "eu-central"',
            'services[1]: expected one of "logs", "cloudwatch", "budgets", "events", got "s3"',
            "rotationPeriodDays: expected an integer from 90 to 2560, got 89",
            "deletionWindowDays: expected an integer from 7 to 30, got 31",
        ]);
        expect(inv.resources).toHaveLength(0);
        const low = await rejectedArgs(() => new KmsKey("main", { ...ARGS, rotationPeriodDays: 2561, deletionWindowDays: 6 }));
        expect(low.error.problems).toEqual([
            "rotationPeriodDays: expected an integer from 90 to 2560, got 2561",
            "deletionWindowDays: expected an integer from 7 to 30, got 6",
        ]);
    });
});
