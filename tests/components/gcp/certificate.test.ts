import { InvalidArgsError } from "../../../components/core";
import { ManagedCertificates, type ManagedCertificatesArgs, validateManagedCertificatesArgs } from "../../../components/gcp/certificate";
import { argProblems, plan, type Inventory, rejectedArgs } from "../../helpers/inventory";

const AUTH = "gcp:certificatemanager/dnsAuthorization:DnsAuthorization";
const CERT = "gcp:certificatemanager/certificate:Certificate";
const MAP = "gcp:certificatemanager/certificateMap:CertificateMap";
const ENTRY = "gcp:certificatemanager/certificateMapEntry:CertificateMapEntry";
const CLASSIC = "gcp:compute/managedSslCertificate:ManagedSslCertificate";

const ARGS: ManagedCertificatesArgs = { namePrefix: "acme-prod", domains: ["api.example.com", "app.example.com"] };

/** Plans the certificates and exposes what a proxy and DNS would consume as stack outputs. */
const certs = (args: Partial<ManagedCertificatesArgs> = {}) =>
    plan(() => {
        const c = new ManagedCertificates("certs", { ...ARGS, ...args });
        return {
            mode: c.mode,
            ...(c.certificateMapUri ? { mapUri: c.certificateMapUri } : {}),
            sslCertificateIds: c.sslCertificateIds,
            names: c.certificateNames,
            records: c.dnsAuthorizationRecords.map((r) => ({ domain: r.domain, name: r.name, type: r.type, data: r.data })),
        };
    });

async function rejected(args: ManagedCertificatesArgs): Promise<{ error: InvalidArgsError; inv: Inventory }> {
    return rejectedArgs(() => new ManagedCertificates("certs", args));
}

describe("gcp ManagedCertificates", () => {
    it("issues one DNS-authorized Certificate Manager certificate per domain, published through one map", async () => {
        const inv = await certs();
        expect(inv.counts()).toEqual({
            "prodstack:gcp:ManagedCertificates": 1,
            [MAP]: 1,
            [AUTH]: 2,
            [CERT]: 2,
            [ENTRY]: 3,
        });
        for (const [domain, slug] of [["api.example.com", "api-example-com"], ["app.example.com", "app-example-com"]]) {
            const auth = inv.named(`certs-${slug}-auth`, AUTH);
            expect(auth.inputs).toMatchObject({ name: `acme-prod-dnsauth-${slug}`, domain, type: "FIXED_RECORD", description: `DNS authorization for ${domain}` });
            const cert = inv.named(`certs-${slug}`, CERT);
            expect(cert.inputs).toMatchObject({
                name: `acme-prod-${slug}`,
                description: `Google-managed certificate for ${domain} (managed by prodstack)`,
                managed: { domains: [domain], dnsAuthorizations: [`certs-${slug}-auth-id`] },
            });
            expect(cert.inputs.selfManaged).toBeUndefined();
            expect(inv.named(`certs-${slug}-entry`, ENTRY).inputs).toMatchObject({
                name: `acme-prod-${slug}`,
                map: "acme-prod-certs",
                hostname: domain,
                certificates: [`certs-${slug}-id`],
            });
        }
        expect(inv.named("certs-map", MAP).inputs).toEqual({ name: "acme-prod-certs", description: "Certificates of acme-prod (managed by prodstack)" });
        expect(inv.named("certs-primary", ENTRY).inputs).toMatchObject({ name: "acme-prod-primary", map: "acme-prod-certs", matcher: "PRIMARY", certificates: ["certs-api-example-com-id"] });
        expect(inv.named("certs-primary", ENTRY).inputs.hostname).toBeUndefined();
        expect(inv.outputs.mapUri).toBe("//certificatemanager.googleapis.com/certs-map-id");
        expect(inv.outputs.sslCertificateIds).toEqual([]);
        expect(inv.outputs.names).toEqual(["acme-prod-api-example-com", "acme-prod-app-example-com"]);
        expect(inv.outputs.mode).toBe("certificate-manager");
        const component = inv.one(ManagedCertificates.TYPE).urn;
        expect(inv.resources.filter((r) => r.urn !== component).every((r) => r.parent === component)).toBe(true);
    });

    it("reports the CNAME each domain needs before Certificate Manager issues it", async () => {
        const inv = await certs();
        expect(inv.outputs.records).toEqual([
            { domain: "api.example.com", name: "_acme-challenge.api.example.com.", type: "CNAME", data: expect.stringMatching(/\.authorize\.certificatemanager\.goog\.$/) },
            { domain: "app.example.com", name: "_acme-challenge.app.example.com.", type: "CNAME", data: expect.stringMatching(/\.authorize\.certificatemanager\.goog\.$/) },
        ]);
    });

    it("keys every resource by its domain, so changing the list never touches the other domains", async () => {
        const before = await certs({ domains: ["api.example.com", "app.example.com"] });
        const after = await certs({ domains: ["app.example.com", "www.example.com"] });
        const kept = (inv: Inventory) =>
            inv.resources
                .filter((r) => r.name.startsWith("certs-app-example-com"))
                .map((r) => ({ urn: r.urn, inputs: r.inputs }));
        expect(kept(after)).toEqual(kept(before));
        expect(kept(after)).toHaveLength(3);
        // The proxy only references the map, whose identity does not depend on the domains.
        expect(after.named("certs-map", MAP).inputs).toEqual(before.named("certs-map", MAP).inputs);
        expect(after.outputs.mapUri).toBe(before.outputs.mapUri);
        expect(after.named("certs-www-example-com", CERT).inputs).toMatchObject({ managed: { domains: ["www.example.com"] } });
        expect(after.resources.some((r) => r.name.includes("api-example-com"))).toBe(false);
    });

    it("issues one classic managed SSL certificate per domain, named by domain, on request", async () => {
        const inv = await certs({ mode: "classic" });
        expect(inv.counts()).toEqual({ "prodstack:gcp:ManagedCertificates": 1, [CLASSIC]: 2 });
        expect(inv.ofType(CLASSIC).map((c) => c.inputs)).toEqual([
            { name: "acme-prod-api-example-com", type: "MANAGED", managed: { domains: ["api.example.com"] }, description: "Google-managed certificate for api.example.com (managed by prodstack)" },
            { name: "acme-prod-app-example-com", type: "MANAGED", managed: { domains: ["app.example.com"] }, description: "Google-managed certificate for app.example.com (managed by prodstack)" },
        ]);
        expect(inv.outputs.mode).toBe("classic");
        const component = inv.one(ManagedCertificates.TYPE).urn;
        expect(inv.ofType(CLASSIC).map((c) => c.parent)).toEqual([component, component]);
        expect(inv.outputs.sslCertificateIds).toEqual(["certs-api-example-com-id", "certs-app-example-com-id"]);
        expect(inv.outputs.mapUri).toBeUndefined();
        expect(inv.outputs.records).toEqual([]);
        for (const c of inv.ofType(CLASSIC)) expect(c.deleteBeforeReplace).toBe(false);
    });

    it("rejects bad, duplicate and colliding domains and unknown modes before registering anything", async () => {
        const { error, inv } = await rejected({
            namePrefix: "Acme",
            domains: ["api.example.com", "*.example.com", "api.example.com", "api-example.com", "api.example-com.io", "api-example-com.io"],
            mode: "self-managed" as never,
        });
        expect(error.problems).toEqual([
            'namePrefix: expected a lowercase name prefix such as "acme-prod", got "Acme"',
            'mode: expected one of "certificate-manager", "classic", got "self-managed"',
            'domains[1]: expected a lowercase DNS hostname such as "api.example.com", got "*.example.com"',
            'domains[2]: expected each domain once, got "api.example.com"',
            'domains[3]: expected a domain that differs from "api.example.com" by more than "." vs "-" (both would name resources "api-example-com"), got "api-example.com"',
            'domains[5]: expected a domain that differs from "api.example-com.io" by more than "." vs "-" (both would name resources "api-example-com-io"), got "api-example-com.io"',
        ]);
        expect(inv.resources).toHaveLength(0);
    });

    it("needs at least one domain, and at most 15 in classic mode (one proxy certificate each)", async () => {
        expect((await rejected({ ...ARGS, domains: [] })).error.problems).toEqual([
            "domains: expected at least one domain to issue a certificate for, got []",
        ]);
        const many = Array.from({ length: 16 }, (_, i) => `host${i}.example.com`);
        expect((await rejected({ ...ARGS, domains: many, mode: "classic" })).error.problems).toEqual([
            'domains: expected at most 15 domains with classic certificates (use "certificate-manager" for more), got 16',
        ]);
    });

    describe("validation", () => {
        const problemsOf = (args: Partial<ManagedCertificatesArgs>) => argProblems(() => validateManagedCertificatesArgs("certs", { ...ARGS, ...args }));
        const PREFIX = 'namePrefix: expected a lowercase name prefix such as "acme-prod", got';
        const hosts = (n: number) => Array.from({ length: n }, (_, i) => `host${i}.example.com`);

        it.each([
            ["a", []],
            [`a${"b".repeat(29)}`, []],
            [`a${"b".repeat(30)}`, [`${PREFIX} "a${"b".repeat(30)}"`]],
            ["1acme", [`${PREFIX} "1acme"`]],
            [undefined, [`${PREFIX} nothing`]],
            ["-acme", [`${PREFIX} "-acme"`]],
            ["acme-prod!", [`${PREFIX} "acme-prod!"`]],
        ])("name prefix %j", (namePrefix, problems) => {
            expect(problemsOf({ namePrefix })).toEqual(problems);
        });

        it.each([
            ["certificate-manager", 16, []],
            [undefined, 16, []],
            ["classic", 15, []],
            ["classic", 16, ['domains: expected at most 15 domains with classic certificates (use "certificate-manager" for more), got 16']],
        ] as const)("mode %j with %i domains", (mode, n, problems) => {
            expect(problemsOf({ mode, domains: hosts(n) })).toEqual(problems);
        });

        it("rejects domains that are no list of strings", () => {
            expect(problemsOf({ domains: "api.example.com" as never })).toEqual([
                'domains: expected at least one domain to issue a certificate for, got "api.example.com"',
            ]);
            // A one-element array would pass the pattern as text ("api.example.com").
            expect(problemsOf({ domains: [["api.example.com"]] as never })).toEqual([
                'domains[0]: expected a lowercase DNS hostname such as "api.example.com", got ["api.example.com"]',
            ]);
        });
    });
});
