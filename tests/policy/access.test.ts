import { r, unknownAt, urn, validateResource, validateStack, type StackResource } from "./harness";

const T = {
    backendBucket: "gcp:compute/backendBucket:BackendBucket",
    projectMember: "gcp:projects/iAMMember:IAMMember",
    projectBinding: "gcp:projects/iAMBinding:IAMBinding",
    projectPolicy: "gcp:projects/iAMPolicy:IAMPolicy",
    secretMember: "gcp:secretmanager/secretIamMember:SecretIamMember",
    runMember: "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
    bucket: "gcp:storage/bucket:Bucket",
    bucketMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
    bucketAcl: "gcp:storage/bucketACL:BucketACL",
    firewall: "gcp:compute/firewall:Firewall",
};
const SA = "serviceAccount:acme-prod-api@acme-web-prod.iam.gserviceaccount.com";

describe("iam-no-broad-roles", () => {
    it("passes narrow project roles, per-secret access and a public invoker on Cloud Run", async () => {
        const cases: Array<[string, Record<string, unknown>]> = [
            [T.projectMember, { project: "acme-web-prod", role: "roles/cloudsql.client", member: SA }],
            [T.projectBinding, { project: "acme-web-prod", role: "roles/logging.logWriter", members: [SA] }],
            [T.secretMember, { secretId: "db-password-id", role: "roles/secretmanager.secretAccessor", member: SA }],
            [T.runMember, { name: "api", location: "europe-west1", role: "roles/run.invoker", member: "allUsers" }],
        ];
        for (const [type, props] of cases) expect((await validateResource("iam-no-broad-roles", type, props)).messages).toEqual([]);
    });

    it("fails basic roles", async () => {
        const out = await validateResource("iam-no-broad-roles", T.projectMember, { project: "p", role: "roles/editor", member: SA }, { name: "api-editor" });
        expect(out.messages).toEqual([
            `Project IAM grant "api-editor" gives ${SA} the basic role roles/editor, which carries thousands of permissions; ` +
                "grant a predefined role that fits the job instead.",
        ]);
    });

    it("fails project-wide admin, impersonation and secret access roles", async () => {
        const binding = { project: "p", role: "roles/secretmanager.secretAccessor", members: [SA, "group:ops@example.com"] };
        expect((await validateResource("iam-no-broad-roles", T.projectBinding, binding, { name: "secrets" })).messages).toEqual([
            `Project IAM binding "secrets" gives ${SA} roles/secretmanager.secretAccessor on the whole project; grant it on the individual resource instead.`,
            'Project IAM binding "secrets" gives group:ops@example.com roles/secretmanager.secretAccessor on the whole project; grant it on the individual resource instead.',
        ]);
        const admin = await validateResource("iam-no-broad-roles", T.projectMember, { project: "p", role: "roles/cloudsql.admin", member: SA }, { name: "db-admin" });
        expect(admin.messages[0]).toBe(`Project IAM grant "db-admin" gives ${SA} roles/cloudsql.admin on the whole project; grant it on the individual resource instead.`);
    });

    it("fails public principals outside Cloud Run invoker", async () => {
        const out = await validateResource("iam-no-broad-roles", T.secretMember, { secretId: "s", role: "roles/secretmanager.secretAccessor", member: "allAuthenticatedUsers" }, { name: "leak" });
        expect(out.messages).toEqual([
            'Secret IAM grant "leak" gives roles/secretmanager.secretAccessor to allAuthenticatedUsers, which is anyone on the internet; grant it to named identities only.',
        ]);
    });

    it("fails an authoritative project IAM policy and the grants inside it", async () => {
        const policyData = JSON.stringify({ bindings: [{ role: "roles/owner", members: ["user:me@example.com"] }] });
        const out = await validateResource("iam-no-broad-roles", T.projectPolicy, { project: "p", policyData }, { name: "project-policy" });
        expect(out.messages).toEqual([
            'Project IAM policy "project-policy" replaces the entire IAM policy, removing every grant made outside this stack ' +
                "(Google's service agents included); grant roles with IAMMember resources instead.",
            'Project IAM policy "project-policy" gives user:me@example.com the basic role roles/owner, which carries thousands of ' +
                "permissions; grant a predefined role that fits the job instead.",
        ]);
    });
});

describe("iam-no-broad-roles: each role list, the deployer exception and unknown values", () => {
    const IAM = "iam-no-broad-roles";
    const SA_MEMBER = "gcp:serviceaccount/iAMMember:IAMMember";
    const wide = (role: string, member = SA) => `Project IAM grant "g" gives ${member} ${role} on the whole project; grant it on the individual resource instead.`;

    it.each([
        "roles/iam.serviceAccountUser",
        "roles/iam.serviceAccountTokenCreator",
        "roles/iam.serviceAccountKeyAdmin",
        "roles/iam.workloadIdentityUser",
        "roles/storage.objectAdmin",
        "roles/compute.networkAdmin",
        "roles/compute.instanceAdmin.v1",
    ])("fails %s granted project-wide", async (role) => {
        expect((await validateResource(IAM, T.projectMember, { project: "p", role, member: SA }, { name: "g" })).messages).toEqual([wide(role)]);
    });

    it.each(["roles/compute.instanceAdmin.v1x", "roles/compute.admin.beta", "roles/compute.adminViewer"])("lets %s (no admin role) pass project-wide", async (role) => {
        expect((await validateResource(IAM, T.projectMember, { project: "p", role, member: SA }, { name: "g" })).messages).toEqual([]);
    });

    it("fails roles/viewer as a basic role", async () => {
        expect((await validateResource(IAM, T.projectMember, { project: "p", role: "roles/viewer", member: SA }, { name: "g" })).messages).toEqual([
            `Project IAM grant "g" gives ${SA} the basic role roles/viewer, which carries thousands of permissions; grant a predefined role that fits the job instead.`,
        ]);
    });

    it("lets a CI deployer hold project-wide admin roles, but only an exact deployer member", async () => {
        const deployer = "serviceAccount:acme-prod-deployer@acme-web-prod.iam.gserviceaccount.com";
        expect((await validateResource(IAM, T.projectMember, { project: "p", role: "roles/run.admin", member: deployer })).messages).toEqual([]);
        for (const member of [`deleted:${deployer}`, `${deployer}?uid=123`]) {
            expect((await validateResource(IAM, T.projectMember, { project: "p", role: "roles/run.admin", member }, { name: "g" })).messages).toEqual([
                wide("roles/run.admin", member),
            ]);
        }
    });

    it("judges the role when members are unknown or blank during preview", async () => {
        const binding = unknownAt({ project: "p", role: "roles/owner" }, "members");
        const basic = (member: string) =>
            `Project IAM binding "g" gives ${member} the basic role roles/owner, which carries thousands of permissions; grant a predefined role that fits the job instead.`;
        expect((await validateResource(IAM, T.projectBinding, binding, { name: "g" })).messages).toEqual([basic("(computed)")]);
        expect((await validateResource(IAM, T.projectBinding, { project: "p", role: "roles/owner", members: ["", SA] }, { name: "g" })).messages).toEqual([
            basic("(computed)"),
            basic(SA),
        ]);
        expect((await validateResource(IAM, T.projectMember, { project: "p", role: "", member: "" }, { name: "g" })).messages).toEqual([]);
        expect((await validateResource(IAM, T.projectBinding, { project: "p", role: "roles/owner", members: [] }, { name: "g" })).messages).toEqual([]);
        const anyone = (role: string) => [`Secret IAM grant "g" gives ${role} to allUsers, which is anyone on the internet; grant it to named identities only.`];
        expect((await validateResource(IAM, T.secretMember, unknownAt({ secretId: "s", member: "allUsers" }, "role"), { name: "g" })).messages).toEqual(anyone("(computed)"));
        expect((await validateResource(IAM, T.secretMember, { secretId: "s", role: "", member: "allUsers" }, { name: "g" })).messages).toEqual(anyone("(computed)"));
    });

    it("reads policyData given as an object, and ignores data that is no policy", async () => {
        const whole =
            'Project IAM policy "g" replaces the entire IAM policy, removing every grant made outside this stack ' +
            "(Google's service agents included); grant roles with IAMMember resources instead.";
        const policyData = { bindings: [{ role: "roles/editor", members: ["user:me@example.com"] }] };
        expect((await validateResource(IAM, T.projectPolicy, { project: "p", policyData }, { name: "g" })).messages).toEqual([
            whole,
            'Project IAM policy "g" gives user:me@example.com the basic role roles/editor, which carries thousands of permissions; grant a predefined role that fits the job instead.',
        ]);
        for (const data of ["not json", "null", JSON.stringify({ etag: "x" })]) {
            expect((await validateResource(IAM, T.projectPolicy, { project: "p", policyData: data }, { name: "g" })).messages).toEqual([whole]);
        }
    });

    it("allows token creation on the account itself only", async () => {
        const id = "projects/acme-web-prod/serviceAccounts/acme-prod-api@acme-web-prod.iam.gserviceaccount.com";
        const role = "roles/iam.serviceAccountTokenCreator";
        const grant = (props: Record<string, unknown>) => validateResource(IAM, SA_MEMBER, { role, ...props }, { name: "g" });
        expect((await grant({ serviceAccountId: id, member: SA })).messages).toEqual([]);
        const other = "serviceAccount:acme-prod-worker@acme-web-prod.iam.gserviceaccount.com";
        expect((await grant({ serviceAccountId: id, member: other })).messages).toEqual([
            `Service account IAM grant "g" lets ${other} create tokens as acme-prod-api@acme-web-prod.iam.gserviceaccount.com, i.e. act as it; ` +
                "grant roles/iam.serviceAccountTokenCreator to an account on itself only.",
        ]);
        // A numeric unique ID, a missing ID or an unknown member: nothing to compare, no finding.
        expect((await grant({ serviceAccountId: "projects/p/serviceAccounts/1234567890", member: other })).messages).toEqual([]);
        expect((await grant({ member: other })).messages).toEqual([]);
        expect((await validateResource(IAM, SA_MEMBER, unknownAt({ role, serviceAccountId: id }, "member"))).messages).toEqual([]);
    });

    it("fails a public grant of any other role on a Cloud Run service, and a public invoker project-wide", async () => {
        const run = await validateResource(IAM, T.runMember, { name: "api", location: "europe-west1", role: "roles/run.viewer", member: "allUsers" }, { name: "g" });
        expect(run.messages).toEqual(['Cloud Run IAM grant "g" gives roles/run.viewer to allUsers, which is anyone on the internet; grant it to named identities only.']);
        const project = await validateResource(IAM, T.projectMember, { project: "p", role: "roles/run.invoker", member: "allUsers" }, { name: "g" });
        expect(project.messages).toEqual(['Project IAM grant "g" gives roles/run.invoker to allUsers, which is anyone on the internet; grant it to named identities only.']);
    });
});

describe("buckets-private-uniform", () => {
    const privateBucket = () =>
        r(T.bucket, "archive", { name: "acme-prod-logs", location: "EU", uniformBucketLevelAccess: true, publicAccessPrevention: "enforced" });
    const siteBucket = () =>
        r(T.bucket, "edge-web-bucket", { name: "acme-prod-web", location: "EU", uniformBucketLevelAccess: true, publicAccessPrevention: "inherited" });
    const cdnBackend = (bucket: ReturnType<typeof siteBucket>, enableCdn = true) =>
        r(T.backendBucket, "edge-web-backend", { name: "acme-prod-web", bucketName: "acme-prod-web", enableCdn, loadBalancingScheme: "EXTERNAL_MANAGED" }, [bucket]);

    it("passes a private bucket, and a CDN site origin that lets allUsers read objects only", async () => {
        const site = siteBucket();
        const publicRead = r(T.bucketMember, "edge-web-public-read", { bucket: "acme-prod-web", role: "roles/storage.objectViewer", member: "allUsers" }, [site]);
        const out = await validateStack("buckets-private-uniform", [privateBucket(), site, cdnBackend(site), publicRead]);
        expect(out.messages).toEqual([]);
    });

    it("fails a bucket no CDN backend serves when it may become public or is granted to allUsers", async () => {
        const site = siteBucket();
        const publicRead = r(T.bucketMember, "edge-web-public-read", { bucket: "acme-prod-web", role: "roles/storage.objectViewer", member: "allUsers" }, [site]);
        const out = await validateStack("buckets-private-uniform", [site, cdnBackend(site, false), publicRead]);
        expect(out.messages).toEqual([
            'Storage bucket "edge-web-bucket" is not locked down: set publicAccessPrevention: "enforced" (only a CDN site origin may serve public objects).',
            'Bucket IAM grant "edge-web-public-read" gives roles/storage.objectViewer to allUsers, making a bucket that no CDN backend serves public; keep it private.',
        ]);
        expect(out.urns).toEqual([urn(site), urn(publicRead)]);
    });

    it("fails a site origin that grants more than object reads, or to allAuthenticatedUsers", async () => {
        const site = siteBucket();
        const lister = r(T.bucketMember, "lister", { bucket: "acme-prod-web", role: "roles/storage.legacyBucketReader", member: "allUsers" }, [site]);
        const authed = r(T.bucketMember, "authed", { bucket: "acme-prod-web", role: "roles/storage.objectViewer", member: "allAuthenticatedUsers" }, [site]);
        expect((await validateStack("buckets-private-uniform", [site, cdnBackend(site), lister, authed])).messages).toEqual([
            'Bucket IAM grant "lister" gives roles/storage.legacyBucketReader to allUsers on a site origin; allUsers may only read objects (roles/storage.objectViewer).',
            'Bucket IAM grant "authed" gives roles/storage.objectViewer to allAuthenticatedUsers on a site origin; allUsers may only read objects (roles/storage.objectViewer).',
        ]);
    });

    it("fails buckets without uniform access and public ACLs, origin or not", async () => {
        const legacy = r(T.bucket, "legacy", { name: "web", location: "EU" });
        const acl = r(T.bucketAcl, "acl", { bucket: "web", predefinedAcl: "publicRead" }, [legacy]);
        expect((await validateStack("buckets-private-uniform", [legacy, acl])).messages).toEqual([
            'Storage bucket "legacy" is not locked down: set uniformBucketLevelAccess: true and publicAccessPrevention: "enforced" (only a CDN site origin may serve public objects).',
            'Bucket ACL "acl" makes objects public (predefinedAcl publicRead); remove it and use uniform bucket-level access.',
        ]);
    });

    it("fails public object ACLs and single ACL entries, and asks only for what is missing", async () => {
        const bucket = r(T.bucket, "uploads", { name: "uploads", location: "EU", publicAccessPrevention: "enforced" });
        const objectAcl = r("gcp:storage/objectACL:ObjectACL", "logo-acl", { bucket: "uploads", object: "logo.png", roleEntities: ["READER:allUsers"] }, [bucket]);
        const entry = r("gcp:storage/objectAccessControl:ObjectAccessControl", "logo-entry", { bucket: "uploads", object: "logo.png", entity: "allAuthenticatedUsers", role: "READER" }, [bucket]);
        const named = r("gcp:storage/bucketAccessControl:BucketAccessControl", "ops", { bucket: "uploads", entity: "user-ops@example.com", role: "READER" }, [bucket]);
        expect((await validateStack("buckets-private-uniform", [bucket, objectAcl, entry, named])).messages).toEqual([
            'Storage bucket "uploads" is not locked down: set uniformBucketLevelAccess: true.',
            'Object ACL "logo-acl" makes objects public (READER:allUsers); remove it and use uniform bucket-level access.',
            'Object ACL entry "logo-entry" makes objects public (READER for allAuthenticatedUsers); remove it and use uniform bucket-level access.',
        ]);
    });

    it("takes only a CDN backend of the external load balancer that serves this bucket as its origin", async () => {
        const site = siteBucket();
        const read = (deps: StackResource[]) => r(T.bucketMember, "read", { bucket: "acme-prod-web", role: "roles/storage.objectViewer", member: "allUsers" }, deps);
        const notServed = ['Storage bucket "edge-web-bucket" is not locked down: set publicAccessPrevention: "enforced" (only a CDN site origin may serve public objects).'];
        const internal = r(T.backendBucket, "b", { bucketName: "acme-prod-web", enableCdn: true, loadBalancingScheme: "INTERNAL_MANAGED" }, [site]);
        const other = r(T.backendBucket, "b", { bucketName: "acme-prod-other", enableCdn: true, loadBalancingScheme: "EXTERNAL_MANAGED" });
        for (const backend of [internal, other]) {
            expect((await validateStack("buckets-private-uniform", [site, backend])).messages).toEqual(notServed);
        }
        // An unknown bucketName is not taken from the dependencies: the bucket stays unserved.
        const unknownName = r(T.backendBucket, "b", unknownAt({ enableCdn: true, loadBalancingScheme: "EXTERNAL_MANAGED" }, "bucketName"), [site]);
        expect((await validateStack("buckets-private-uniform", [site, unknownName])).messages).toEqual(notServed);
        const binding = r("gcp:storage/bucketIAMBinding:BucketIAMBinding", "read", { bucket: "acme-prod-logs", role: "roles/storage.objectViewer", members: ["allUsers"] });
        expect((await validateStack("buckets-private-uniform", [privateBucket(), binding])).messages).toEqual([
            'Bucket IAM binding "read" gives roles/storage.objectViewer to allUsers, making a bucket that no CDN backend serves public; keep it private.',
        ]);
        const unknownScheme = r(T.backendBucket, "b", unknownAt({ bucketName: "acme-prod-web", enableCdn: true }, "loadBalancingScheme"), [site]);
        expect((await validateStack("buckets-private-uniform", [site, unknownScheme, read([site])])).messages).toEqual([]);
        // A grant on no bucket of the stack, or on an origin and a private bucket at once, is no site-origin grant.
        const privateOne = privateBucket();
        const gives = 'Bucket IAM grant "read" gives roles/storage.objectViewer to allUsers, making a bucket that no CDN backend serves public; keep it private.';
        const orphan = r(T.bucketMember, "read", { bucket: "elsewhere", role: "roles/storage.objectViewer", member: "allUsers" });
        expect((await validateStack("buckets-private-uniform", [site, cdnBackend(site), orphan])).messages).toEqual([gives]);
        expect((await validateStack("buckets-private-uniform", [site, privateOne, cdnBackend(site), { ...read([]), propertyDeps: { bucket: [site, privateOne] } }])).messages).toEqual([gives]);
    });

    it("reports only the public entries of an ACL, and reads unknown ACL fields as private", async () => {
        const bucket = privateBucket();
        const acl = r(T.bucketAcl, "acl", { bucket: "acme-prod-logs", roleEntities: ["OWNER:user-ops@example.com", "READER:allAuthenticatedUsers"] }, [bucket]);
        const entry = r("gcp:storage/bucketAccessControl:BucketAccessControl", "entry", { bucket: "acme-prod-logs", entity: "allUsers" }, [bucket]);
        expect((await validateStack("buckets-private-uniform", [bucket, acl, entry])).messages).toEqual([
            'Bucket ACL "acl" makes objects public (READER:allAuthenticatedUsers); remove it and use uniform bucket-level access.',
            'Bucket ACL entry "entry" makes objects public (a role for allUsers); remove it and use uniform bucket-level access.',
        ]);
        const unknowns = ["roleEntities", "predefinedAcl", "entity"].map((key) => r(T.bucketAcl, `acl-${key}`, unknownAt({ bucket: "acme-prod-logs" }, key), [bucket]));
        const unknownRole = r("gcp:storage/bucketAccessControl:BucketAccessControl", "entry", unknownAt({ bucket: "acme-prod-logs", entity: "allUsers" }, "role"), [bucket]);
        expect((await validateStack("buckets-private-uniform", [bucket, ...unknowns, unknownRole])).messages).toEqual([
            'Bucket ACL entry "entry" makes objects public (a role for allUsers); remove it and use uniform bucket-level access.',
        ]);
    });

    it("does not apply to a stack without buckets", async () => {
        expect((await validateStack("buckets-private-uniform", [])).notApplicable).toBe("no storage bucket; no S3 bucket in this stack");
    });
});

describe("firewall-no-world-open-ingress", () => {
    it("passes the deny-all rule, rules from known ranges and egress rules", async () => {
        const denyAll = { network: "vpc", direction: "INGRESS", priority: 65534, denies: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"] };
        expect((await validateResource("firewall-no-world-open-ingress", T.firewall, denyAll)).messages).toEqual([]);
        const healthChecks = { network: "vpc", allows: [{ protocol: "tcp", ports: ["8080"] }], sourceRanges: ["35.191.0.0/16", "130.211.0.0/22"] };
        expect((await validateResource("firewall-no-world-open-ingress", T.firewall, healthChecks)).messages).toEqual([]);
        const egress = { network: "vpc", direction: "EGRESS", allows: [{ protocol: "all" }], destinationRanges: ["0.0.0.0/0"] };
        expect((await validateResource("firewall-no-world-open-ingress", T.firewall, egress)).notApplicable).toBe("egress rule");
    });

    it("fails ingress allowed from anywhere, explicitly or by omitting sources", async () => {
        const ssh = { network: "vpc", allows: [{ protocol: "tcp", ports: ["22", "3389"] }], sourceRanges: ["0.0.0.0/0", "::/0"] };
        expect((await validateResource("firewall-no-world-open-ingress", T.firewall, ssh, { name: "allow-ssh" })).messages).toEqual([
            'Firewall rule "allow-ssh" allows tcp:22,3389 from anywhere (0.0.0.0/0 and ::/0); restrict sourceRanges to known ' +
                "networks, or let traffic in only through the load balancer.",
        ]);
        const implicit = { network: "vpc", allows: [{ protocol: "icmp" }] };
        expect((await validateResource("firewall-no-world-open-ingress", T.firewall, implicit, { name: "ping" })).messages).toEqual([
            'Firewall rule "ping" allows icmp from anywhere (0.0.0.0/0 (no source is set)); restrict sourceRanges to known ' +
                "networks, or let traffic in only through the load balancer.",
        ]);
    });

    it("fails ranges that together span the internet, and reads the direction case-insensitively", async () => {
        const halves = { network: "vpc", direction: "ingress", allows: [{ protocol: "tcp", ports: ["22"] }], sourceRanges: ["0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8"] };
        expect((await validateResource("firewall-no-world-open-ingress", T.firewall, halves, { name: "allow-ssh" })).messages).toEqual([
            'Firewall rule "allow-ssh" allows tcp:22 from most of the internet (0.0.0.0/1 and 128.0.0.0/1); restrict sourceRanges to known ' +
                "networks, or let traffic in only through the load balancer.",
        ]);
        const v6 = { network: "vpc", allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: ["2000::/3"] };
        expect((await validateResource("firewall-no-world-open-ingress", T.firewall, v6, { name: "web" })).messages).toHaveLength(1);
        // The widest private ranges, and a single host, are not the internet.
        const internal = { network: "vpc", allows: [{ protocol: "tcp", ports: ["5432"] }], sourceRanges: ["10.0.0.0/8", "fc00::/7", "203.0.113.7"] };
        expect((await validateResource("firewall-no-world-open-ingress", T.firewall, internal)).messages).toEqual([]);
    });

    it("names every allow, and says anywhere when one open range is the whole internet", async () => {
        const allows = [{ protocol: "tcp", ports: ["80", ""] }, { protocol: "udp" }, { ports: ["53"] }];
        const mixed = { network: "vpc", direction: "INGRESS", allows, sourceRanges: ["0.0.0.0/1", "0.0.0.0/0"] };
        expect((await validateResource("firewall-no-world-open-ingress", T.firewall, mixed, { name: "web" })).messages).toEqual([
            'Firewall rule "web" allows tcp:80 and udp and all:53 from anywhere (0.0.0.0/1 and 0.0.0.0/0); restrict sourceRanges to known ' +
                "networks, or let traffic in only through the load balancer.",
        ]);
    });

    it("passes disabled rules, rules from tags or service accounts only, and sources unknown during preview", async () => {
        const open = { network: "vpc", allows: [{ protocol: "tcp", ports: ["22"] }] };
        const passing: Array<Record<string, unknown>> = [
            { ...open, sourceRanges: ["0.0.0.0/0"], disabled: true },
            { ...open, sourceTags: ["bastion"] },
            { ...open, sourceServiceAccounts: ["bastion@acme-web-prod.iam.gserviceaccount.com"] },
            unknownAt(open, "sourceRanges"),
        ];
        for (const props of passing) {
            expect((await validateResource("firewall-no-world-open-ingress", T.firewall, props)).messages).toEqual([]);
        }
        const enabled = { ...open, sourceRanges: ["0.0.0.0/0"], disabled: false };
        expect((await validateResource("firewall-no-world-open-ingress", T.firewall, enabled)).messages).toHaveLength(1);
    });
});
