/** AWS S3 rules: buckets private (public access block, owner-enforced, encryption, TLS-only) and versioned. */
import type { PolicyResource, StackCheck } from "../../types";
import { arr, dependsOn, get, known, linked, listing, ofTypes, parseJson, skip, str, type Props } from "../common";
import { BUCKETS, T, what } from "./types";

/**
 * The bucket a configuration resource (`bucket` input) belongs to: by the engine's property
 * dependencies, by name, else (an autonamed bucket offline, whose name is computed) by the
 * dependency its `bucket` input creates.
 */
function configsOf(bucket: PolicyResource, resources: PolicyResource[], ...types: string[]): PolicyResource[] {
    const name = str(known(() => bucket.props.bucket, ""));
    return ofTypes(resources, ...types).filter((c) => {
        if (linked(c, [bucket], ["bucket"], false).length) return true;
        const value = str(known(() => c.props.bucket, ""));
        return (name !== "" && value === name) || (value !== "" && name === "" && dependsOn(c, bucket));
    });
}

function statements(doc: unknown): Props[] {
    const s = (parseJson(doc) as Props | undefined)?.Statement;
    return (Array.isArray(s) ? s : s ? [s] : []) as Props[];
}

const isAnyone = (principal: unknown) =>
    principal === "*" || arr((principal as Props | undefined)?.AWS).includes("*") || get(principal, "AWS") === "*";

/** A Deny for requests without TLS (`aws:SecureTransport` false). */
const deniesPlainHttp = (s: Props) => str(s.Effect) === "Deny" && isAnyone(s.Principal) && String(get(s, "Condition.Bool.aws:SecureTransport")) === "false";

const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const BLOCKS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/**
 * Every bucket: a public access block with all four settings on, ownership BucketOwnerEnforced
 * (ACLs off), default encryption, and a policy denying plain HTTP; no statement or ACL lets
 * anyone in. (A CloudFront site origin reads through its origin access control, a named
 * service principal, so it needs no exception.)
 */
export const bucketsPrivate: StackCheck = {
    types: [...BUCKETS, T.publicAccessBlock, T.ownershipControls, T.encryption, T.encryptionV2, T.bucketPolicy, T.bucketAcl],
    check(resources, report, ctx) {
        const buckets = ofTypes(resources, ...BUCKETS);
        if (!buckets.length) return skip("no S3 bucket in this stack");
        for (const bucket of buckets) {
            const blocks = configsOf(bucket, resources, T.publicAccessBlock);
            const ownership = configsOf(bucket, resources, T.ownershipControls);
            const encryption = configsOf(bucket, resources, T.encryption, T.encryptionV2);
            const policies = configsOf(bucket, resources, T.bucketPolicy);
            const acls = configsOf(bucket, resources, T.bucketAcl);
            ctx.examined(bucket, ...blocks, ...ownership, ...encryption, ...policies, ...acls);

            const missing: string[] = [];
            if (!blocks.some((b) => BLOCKS.every((k) => b.props[k] === true))) missing.push(`a public access block with ${listing(BLOCKS)} all true`);
            if (!ownership.some((o) => str(get(o.props, "rule.objectOwnership")) === "BucketOwnerEnforced")) missing.push('ownership controls "BucketOwnerEnforced" (ACLs off)');
            const encrypted = encryption.some((e) => known(() => arr(e.props.rules), []).some((r) => str(get(r, "applyServerSideEncryptionByDefault.sseAlgorithm")) !== ""));
            if (!encrypted) missing.push("default encryption (a server-side encryption configuration)");
            const docs = [...policies.map((p) => known(() => p.props.policy, undefined)), known(() => bucket.props.policy, undefined)];
            const all = docs.flatMap(statements);
            const unknownPolicy = policies.some((p) => known(() => p.props.policy, undefined) === undefined);
            if (!unknownPolicy && !all.some(deniesPlainHttp)) missing.push('a bucket policy denying requests without TLS (aws:SecureTransport "false")');
            if (missing.length) report(`${what(bucket)} is not locked down: it lacks ${listing(missing)}.`, bucket.urn);

            for (const s of all.filter((x) => str(x.Effect) === "Allow" && isAnyone(x.Principal))) {
                report(`${what(bucket)} has a policy statement${s.Sid ? ` ${str(s.Sid)}` : ""} allowing anyone ("*"); grant named roles or services only.`, bucket.urn);
            }
            const acl = [str(known(() => bucket.props.acl, "")), ...acls.map((a) => str(known(() => a.props.acl, "")))].filter((a) => PUBLIC_ACLS.includes(a));
            for (const a of acl) report(`${what(bucket)} has the public canned ACL ${a}; remove it (BucketOwnerEnforced turns ACLs off).`, bucket.urn);
        }
    },
};

/** Every bucket keeps earlier object versions (or S3 Object Lock retains them). */
export const bucketsVersioned: StackCheck = {
    types: [...BUCKETS, T.versioning, T.versioningV2],
    check(resources, report, ctx) {
        const buckets = ofTypes(resources, ...BUCKETS);
        if (!buckets.length) return skip("no S3 bucket in this stack");
        for (const bucket of buckets) {
            const versioning = configsOf(bucket, resources, T.versioning, T.versioningV2);
            ctx.examined(bucket, ...versioning);
            const enabled = versioning.some((v) => str(known(() => get(v.props, "versioningConfiguration.status"), "Enabled")) === "Enabled");
            if (enabled || bucket.props.objectLockEnabled === true) continue;
            const suspended = versioning.map((v) => str(get(v.props, "versioningConfiguration.status"))).filter(Boolean);
            report(
                `${what(bucket)} keeps no earlier versions of its objects${suspended.length ? ` (versioning is ${listing(suspended)})` : ""}, so an ` +
                    'overwrite or delete is final; add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled".',
                bucket.urn,
            );
        }
    },
};
