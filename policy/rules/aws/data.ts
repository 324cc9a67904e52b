/** AWS rules for what holds data: KMS keys, Secrets Manager secrets, ECR repositories, deletion safety (RDS rules: database.ts). */
import type { ResourceCheck } from "../../types";
import { arr, get, known, listing, str } from "../common";
import { missingDbProtection } from "./database";
import { BUCKETS, T, what } from "./types";

// ---------------------------------------------------------------------------
// secrets-store-encrypted
// ---------------------------------------------------------------------------

/** Key specs that AWS can rotate automatically (symmetric encryption keys only). */
const ROTATABLE = ["", "SYMMETRIC_DEFAULT"];

export const secretsStoreEncrypted: ResourceCheck = {
    types: [T.secret, T.kmsKey],
    check(args, report) {
        const p = args.props;
        if (args.type === T.secret) {
            const key = str(known(() => p.kmsKeyId, "(computed)"));
            if (key === "" || key === "alias/aws/secretsmanager") {
                report(
                    `${what(args)} is encrypted with the AWS-managed key aws/secretsmanager, whose use no key policy limits; ` +
                        "set kmsKeyId to a customer-managed KMS key.",
                );
            }
            return;
        }
        const spec = str(p.customerMasterKeySpec ?? p.keySpec);
        if (ROTATABLE.includes(spec) && str(p.keyUsage || "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT" && p.enableKeyRotation !== true) {
            report(`${what(args)} never rotates its key material; set enableKeyRotation: true.`);
        }
    },
};

// ---------------------------------------------------------------------------
// registry-hardened
// ---------------------------------------------------------------------------

export const registryHardened: ResourceCheck = {
    types: [T.repository],
    check(args, report) {
        const p = args.props;
        const missing: string[] = [];
        if (str(p.imageTagMutability) !== "IMMUTABLE") {
            missing.push(`imageTagMutability: "IMMUTABLE" (it is ${str(p.imageTagMutability) || "not set, so MUTABLE"}: a pushed tag can be moved to other code)`);
        }
        if (get(p, "imageScanningConfiguration.scanOnPush") !== true) missing.push("imageScanningConfiguration.scanOnPush: true (images are scanned for known CVEs)");
        const encryption = known(() => arr(p.encryptionConfigurations)[0], undefined);
        if (str(get(encryption, "encryptionType")) !== "KMS" || !known(() => str(get(encryption, "kmsKey")) !== "", true)) {
            missing.push('encryptionConfigurations with encryptionType "KMS" and a customer-managed kmsKey');
        }
        if (missing.length) report(`${what(args)} lacks ${listing(missing)}.`);
    },
};

// ---------------------------------------------------------------------------
// stateful-deletion-protection (prod)
// ---------------------------------------------------------------------------

/** AWS's waiting period before a KMS key is gone (7–30 days; 30 unless set). */
const MIN_KEY_DELETION_WINDOW = 30;

export const statefulDeletionProtection: ResourceCheck = {
    types: [T.kmsKey, T.secret, T.repository, T.dbInstance, ...BUCKETS],
    check(args, report) {
        const p = args.props;
        const missing = args.opts.protect ? [] : ["the protect resource option"];
        switch (args.type) {
            case T.kmsKey: {
                const window = Number(p.deletionWindowInDays ?? MIN_KEY_DELETION_WINDOW);
                if (window < MIN_KEY_DELETION_WINDOW) missing.push(`a ${MIN_KEY_DELETION_WINDOW}-day deletionWindowInDays (it is ${window}; everything encrypted with the key is lost with it)`);
                break;
            }
            case T.secret:
                // 0 deletes at once; unset is AWS's 30 days.
                if (p.recoveryWindowInDays !== undefined && !(Number(p.recoveryWindowInDays) >= 7)) {
                    missing.push(`a recovery window (recoveryWindowInDays is ${String(p.recoveryWindowInDays)}; 7 to 30 lets a deleted secret be restored)`);
                }
                break;
            case T.dbInstance:
                missing.push(...missingDbProtection(args));
                break;
            case T.repository:
                if (p.forceDelete === true) missing.push("forceDelete: false (it deletes the repository with its images)");
                break;
            default:
                if (p.forceDestroy === true) missing.push("forceDestroy: false (it deletes the bucket with its objects)");
        }
        if (missing.length) report(`${what(args)} can be deleted by mistake: it lacks ${listing(missing)}.`);
    },
};
