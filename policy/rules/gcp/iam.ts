/** GCP IAM and Cloud Storage access rules. */
import type { PolicyResource, ResourceCheck, ResourceValidationArgs, StackCheck } from "../../types";
import { arr, known, linked, ofTypes, PUBLIC_PRINCIPALS, skip, str } from "../common";
import { T, what } from "./types";

interface Grant {
    role: string;
    member: string;
}

const MEMBER_TYPES: readonly string[] = [T.projectIamMember, T.orgIamMember, T.serviceAccountIamMember, T.secretIamMember, T.runServiceIamMember, T.runJobIamMember];
const BINDING_TYPES: readonly string[] = [T.projectIamBinding, T.orgIamBinding, T.serviceAccountIamBinding, T.secretIamBinding, T.runServiceIamBinding];
const POLICY_TYPES: readonly string[] = [T.projectIamPolicy, T.orgIamPolicy, T.serviceAccountIamPolicy, T.secretIamPolicy, T.runServiceIamPolicy];
/** Grants on a Cloud Run service. */
const RUN_IAM: readonly string[] = [T.runServiceIamMember, T.runServiceIamBinding, T.runServiceIamPolicy];
/** Grants that cover a whole project or organization rather than one resource. */
const PROJECT_WIDE: readonly string[] = [T.projectIamMember, T.projectIamBinding, T.projectIamPolicy, T.orgIamMember, T.orgIamBinding, T.orgIamPolicy];
/** Authoritative for the whole project: replaces every grant made elsewhere. */
const WHOLE_POLICY: readonly string[] = [T.projectIamPolicy, T.orgIamPolicy];

const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];
/** Roles that, granted project-wide, reach every resource of a kind or let a holder become someone else. */
const PROJECT_WIDE_TOO_BROAD = [
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.serviceAccountKeyAdmin",
    "roles/iam.workloadIdentityUser",
    "roles/secretmanager.secretAccessor",
    "roles/storage.objectAdmin",
];

/**
 * A CI deployer (`DeployIdentity`: `<prefix>-<environment>-deployer`), whose job is to create
 * the project's resources: the documented exception to "no project-wide admin roles". Basic
 * roles and public grants stay refused; `ci-short-lived-credentials` judges who may act as it.
 */
const DEPLOYER = /^serviceAccount:[a-z][a-z0-9-]*-deployer@[a-z0-9-]+\.iam\.gserviceaccount\.com$/;

/** Grants on one service account. */
const SERVICE_ACCOUNT_IAM: readonly string[] = [T.serviceAccountIamMember, T.serviceAccountIamBinding, T.serviceAccountIamPolicy];
/** Lets the holder mint tokens (and sign blobs) as the account: fine for the account itself only. */
const TOKEN_CREATOR = "roles/iam.serviceAccountTokenCreator";

/** The email in `projects/<p>/serviceAccounts/<email>` (or a bare email), or undefined when unknown. */
function accountEmail(id: unknown): string | undefined {
    return typeof id === "string" && id.includes("@") ? id.slice(id.lastIndexOf("/") + 1) : undefined;
}

/** `policyData` of an IAM policy resource: `{"bindings":[{"role","members"}]}`. */
function grantsInPolicyData(data: unknown): Grant[] {
    let parsed: unknown = data;
    if (typeof data === "string") {
        try {
            parsed = JSON.parse(data);
        } catch {
            return [];
        }
    }
    const bindings = arr((parsed as { bindings?: unknown })?.bindings);
    return bindings.flatMap((b) => {
        const binding = b as { role?: unknown; members?: unknown };
        return arr(binding.members).map((m) => ({ role: str(binding.role), member: str(m) }));
    });
}

/**
 * The grants a member, binding or policy resource makes. Members unknown during a real
 * preview (the email of a service account created in the same run) are "(computed)": every
 * read of `props` happens inside `known`, so the role is still judged.
 */
export function grantsOf(args: Pick<ResourceValidationArgs, "type" | "props">): Grant[] {
    const p = args.props;
    const role = known(() => str(p.role) || "(computed)", "(computed)");
    const member = (read: () => unknown) => known(() => str(read()) || "(computed)", "(computed)");
    if (MEMBER_TYPES.includes(args.type) || args.type === T.bucketIamMember) return [{ role, member: member(() => p.member) }];
    if (BINDING_TYPES.includes(args.type) || args.type === T.bucketIamBinding) {
        const count = known(() => arr(p.members).length, -1);
        if (count < 0) return [{ role, member: "(computed)" }];
        return Array.from({ length: count }, (_, i) => ({ role, member: member(() => arr(p.members)[i]) }));
    }
    return known(() => grantsInPolicyData(p.policyData), []);
}

const isPublic = (member: string) => PUBLIC_PRINCIPALS.includes(member);

// An admin role, also in its versioned form (`roles/compute.instanceAdmin.v1`).
const ADMIN_ROLE = /[aA]dmin(\.v\d+)?$/;

export const iamNoBroadRoles: ResourceCheck = {
    types: [...MEMBER_TYPES, ...BINDING_TYPES, ...POLICY_TYPES],
    check(args, report) {
        const projectWide = PROJECT_WIDE.includes(args.type);
        if (WHOLE_POLICY.includes(args.type)) {
            report(
                `${what(args)} replaces the entire IAM policy, removing every grant made outside this stack (Google's ` +
                    "service agents included); grant roles with IAMMember resources instead.",
            );
        }
        for (const { role, member } of grantsOf(args)) {
            if (BASIC_ROLES.includes(role)) {
                report(
                    `${what(args)} gives ${member} the basic role ${role}, which carries thousands of permissions; ` +
                        "grant a predefined role that fits the job instead.",
                );
            } else if (projectWide && !DEPLOYER.test(member) && (PROJECT_WIDE_TOO_BROAD.includes(role) || ADMIN_ROLE.test(role))) {
                report(`${what(args)} gives ${member} ${role} on the whole project; grant it on the individual resource instead.`);
            }
            // Signing URLs without a key file needs token creation on oneself; on another
            // account it is impersonation. Unknown (computed) values get the benefit of the doubt.
            const account = SERVICE_ACCOUNT_IAM.includes(args.type) ? accountEmail(known(() => args.props.serviceAccountId, undefined)) : undefined;
            const self = `serviceAccount:${account}`;
            if (role === TOKEN_CREATOR && account && member !== self && member !== "(computed)" && !isPublic(member)) {
                report(`${what(args)} lets ${member} create tokens as ${account}, i.e. act as it; grant ${TOKEN_CREATOR} to an account on itself only.`);
            }
            // Anyone may invoke a Cloud Run service that only the load balancer can reach.
            const publicInvoker = role === "roles/run.invoker" && RUN_IAM.includes(args.type);
            if (isPublic(member) && !publicInvoker) {
                report(`${what(args)} gives ${role} to ${member}, which is anyone on the internet; grant it to named identities only.`);
            }
        }
    },
};

// ---------------------------------------------------------------------------
// buckets-private-uniform
// ---------------------------------------------------------------------------

const PUBLIC_ACLS = ["publicRead", "publicReadWrite", "authenticatedRead"];

/** ACL resources: whole lists (`roleEntities`, `predefinedAcl`) and single entries (`entity`, `role`). */
const ACL_TYPES: readonly string[] = [
    T.bucketAcl,
    T.defaultObjectAcl,
    T.objectAcl,
    T.bucketAccessControl,
    T.defaultObjectAccessControl,
    T.objectAccessControl,
];

function publicAclEntries(args: { props: ResourceValidationArgs["props"] }): string[] {
    const entries = known(() => arr(args.props.roleEntities).map(str), []);
    const out = entries.filter((e) => PUBLIC_PRINCIPALS.some((p) => e.endsWith(`:${p}`)));
    const predefined = str(known(() => args.props.predefinedAcl, ""));
    if (PUBLIC_ACLS.includes(predefined)) out.push(`predefinedAcl ${predefined}`);
    const entity = str(known(() => args.props.entity, ""));
    if (PUBLIC_PRINCIPALS.includes(entity)) out.push(`${str(known(() => args.props.role, "")) || "a role"} for ${entity}`);
    return out;
}

/** Read-only object access: the one grant a public static-site origin may give allUsers. */
const SITE_ORIGIN_PUBLIC_ROLE = "roles/storage.objectViewer";

/** A CDN-enabled backend bucket of the external load balancer that serves `bucket`. */
function cdnOriginFor(bucket: PolicyResource, resources: PolicyResource[]): PolicyResource | undefined {
    return ofTypes(resources, T.backendBucket)
        .filter((b) => b.props.enableCdn === true && str(known(() => b.props.loadBalancingScheme, "")) !== "INTERNAL_MANAGED")
        .find((b) => linked(b, [bucket], ["bucketName"], false).length > 0);
}

/**
 * Buckets are private, with uniform access and public access prevention enforced. The one
 * exception is a static-site origin: a bucket a CDN-enabled backend bucket serves may let
 * allUsers read objects (Cloud CDN fetches from the bucket anonymously; its content is
 * public by nature), but nothing more: no listing, no writes, no ACLs.
 */
export const bucketsPrivateUniform: StackCheck = {
    types: [T.bucket, T.bucketIamMember, T.bucketIamBinding, T.bucketIamPolicy, ...ACL_TYPES],
    check(resources, report, ctx) {
        const buckets = ofTypes(resources, T.bucket);
        const grants = ofTypes(resources, T.bucketIamMember, T.bucketIamBinding, T.bucketIamPolicy);
        const acls = ofTypes(resources, ...ACL_TYPES);
        if (buckets.length + grants.length + acls.length === 0) skip("no storage bucket");
        ctx.examined(...buckets, ...grants, ...acls);

        const origins = new Map(buckets.map((b) => [b, cdnOriginFor(b, resources)]));
        for (const [bucket, origin] of origins) {
            const missing: string[] = [];
            if (bucket.props.uniformBucketLevelAccess !== true) missing.push("uniformBucketLevelAccess: true");
            if (!origin && str(bucket.props.publicAccessPrevention) !== "enforced") missing.push('publicAccessPrevention: "enforced"');
            if (missing.length) {
                const why = missing.some((m) => m.startsWith("publicAccessPrevention")) ? " (only a CDN site origin may serve public objects)" : "";
                report(`${what(bucket)} is not locked down: set ${missing.join(" and ")}${why}.`, bucket.urn);
            }
        }
        for (const acl of acls) {
            for (const entry of publicAclEntries(acl)) {
                report(`${what(acl)} makes objects public (${entry}); remove it and use uniform bucket-level access.`, acl.urn);
            }
        }
        for (const grant of grants) {
            const target = linked(grant, buckets, ["bucket"]);
            const siteOrigin = target.length > 0 && target.every((b) => origins.get(b));
            for (const { role, member } of grantsOf(grant)) {
                if (!isPublic(member)) continue;
                if (siteOrigin && role === SITE_ORIGIN_PUBLIC_ROLE && member === "allUsers") continue;
                report(
                    siteOrigin
                        ? `${what(grant)} gives ${role} to ${member} on a site origin; allUsers may only read objects (${SITE_ORIGIN_PUBLIC_ROLE}).`
                        : `${what(grant)} gives ${role} to ${member}, making a bucket that no CDN backend serves public; keep it private.`,
                    grant.urn,
                );
            }
        }
    },
};
