/**
 * The real pack, as `pulumi preview --policy-pack DIR` runs it: Pulumi's nodejs policy
 * runtime (`@pulumi/pulumi/cmd/run-policy-pack`, resolved from the pack directory) loads the
 * pack in that directory and serves the analyzer gRPC API. The test plays the engine's part
 * (no Pulumi CLI needed) and checks the pack reports what the offline runner reports.
 *
 * The pack runs from a standalone copy of policy/ (nothing of the repository around it but
 * node_modules, linked in place of its own `npm install`), so it cannot lean on files outside
 * its directory. PRODSTACK_POLICY_PACK_DIR points the test at another installed pack instead:
 * `scripts/consumer-check.sh` uses it for a copy installed from the registry and for
 * node_modules/prodstack/policy in a consumer project.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { POLICIES } from "../../policy/policies";
import { validateResource } from "./harness";

/* eslint-disable @typescript-eslint/no-require-imports -- generated protobuf modules have no typings worth importing */
const analyzerpb = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.resolve(__dirname, "../..");
const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const URN = `urn:pulumi:prod::prodstack::prodstack:gcp:Database$${SQL}::database-primary`;

jest.setTimeout(180_000);

let pack: ChildProcess;
let client: any;
let stderr = "";
let copy: string | undefined;

/** A standalone copy of policy/ with the repository's node_modules linked in. */
function standaloneCopy(): string {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-pack-"));
    fs.cpSync(path.join(ROOT, "policy"), copy, { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
    return copy;
}

/** Promisified unary call. */
const call = <T>(method: string, request: unknown): Promise<T> =>
    new Promise((resolve, reject) => client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));

const options = (protect: boolean) => {
    const o = new analyzerpb.AnalyzerResourceOptions();
    o.setProtect(protect);
    return o;
};

function analyzeRequest(type: string, name: string, urn: string, props: Record<string, unknown>) {
    const req = new analyzerpb.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(urn);
    req.setProperties(Struct.fromJavaScript(props));
    req.setOptions(options(false));
    return req;
}

/**
 * The engine's diagnostics. The SDK prefixes each message with the policy's description and
 * a newline; the sentence after it is what the policy reported.
 */
const diagnostics = (res: any) =>
    res.getDiagnosticsList().map((d: any) => {
        const description = POLICIES.find((p) => p.name === d.getPolicyname())?.description;
        const [head, ...rest] = String(d.getMessage()).split("\n");
        expect(head).toBe(description);
        return { policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: rest.join("\n"), urn: d.getUrn() };
    });

beforeAll(async () => {
    const dir = process.env.PRODSTACK_POLICY_PACK_DIR ? path.resolve(process.env.PRODSTACK_POLICY_PACK_DIR) : standaloneCopy();
    // Exactly how the engine starts a nodejs pack: `node run-policy-pack <engine address> .` in the pack
    // directory, with the runtime of the @pulumi/pulumi that resolves from there.
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
    pack = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    pack.stderr!.on("data", (d) => (stderr += String(d)));
    const port = await new Promise<string>((resolve, reject) => {
        let out = "";
        pack.stdout!.on("data", (d) => {
            out += String(d);
            const line = out.split("\n")[0].trim();
            if (out.includes("\n") && /^\d+$/.test(line)) resolve(line);
        });
        pack.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
    });
    client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(() => {
    client?.close();
    if (pack && pack.exitCode === null) pack.kill();
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

it("loads through Pulumi's policy runtime and declares every policy at its prod level", async () => {
    const info: any = await call("getAnalyzerInfo", new Empty());
    expect(info.getName()).toBe("prodstack-hardening");
    const declared = info.getPoliciesList().map((p: any) => [p.getName(), p.getEnforcementlevel()]);
    const levels: Record<string, number> = { advisory: analyzerpb.EnforcementLevel.ADVISORY, mandatory: analyzerpb.EnforcementLevel.MANDATORY };
    expect(declared).toEqual(POLICIES.map((p) => [p.name, levels[p.enforcementLevel!]]));
});

it("reports on a resource exactly what the offline runner reports", async () => {
    const props = {
        databaseVersion: "POSTGRES_17",
        settings: { tier: "db-custom-1-3840", availabilityType: "ZONAL", ipConfiguration: { ipv4Enabled: true } },
    };
    const res = await call("analyze", analyzeRequest(SQL, "database-primary", URN, props));
    const real = diagnostics(res).map((d: any) => [d.policy, d.message]);

    const offline: string[][] = [];
    for (const p of POLICIES.filter((x) => x.kind === "resource" && x.appliesTo.includes(SQL))) {
        const out = await validateResource(p.name, SQL, props, { name: "database-primary" });
        offline.push(...out.messages.map((m) => [p.name, m]));
    }
    expect(real).toEqual(offline);
    expect(real.map((d: string[]) => d[0])).toEqual(
        expect.arrayContaining(["db-no-public-ip", "db-tls-required", "db-backups-pitr", "stateful-ha", "stateful-deletion-protection"]),
    );
});

it("takes the tier and enforcement levels from pack config (policy/config/non-prod.json)", async () => {
    const req = new analyzerpb.ConfigureAnalyzerRequest();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nonProd: Record<string, { enforcementLevel: string; tier: string }> = require("../../policy/config/non-prod.json");
    for (const [name, { enforcementLevel, tier }] of Object.entries(nonProd)) {
        const c = new analyzerpb.PolicyConfig();
        c.setEnforcementlevel(enforcementLevel === "mandatory" ? analyzerpb.EnforcementLevel.MANDATORY : analyzerpb.EnforcementLevel.ADVISORY);
        c.setProperties(Struct.fromJavaScript({ tier }));
        req.getPolicyconfigMap().set(name, c);
    }
    await call("configure", req);
    const props = {
        databaseVersion: "POSTGRES_17",
        settings: {
            tier: "db-custom-1-3840",
            availabilityType: "ZONAL",
            ipConfiguration: { ipv4Enabled: false, sslMode: "ENCRYPTED_ONLY" },
            // Five backups: under the prod floor, over the non-prod one.
            backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, backupRetentionSettings: { retainedBackups: 5 } },
        },
    };
    const found = diagnostics(await call("analyze", analyzeRequest(SQL, "database-primary", URN, props)));
    expect(found.filter((d: any) => d.policy === "db-backups-pitr")).toEqual([]);
    expect(found.find((d: any) => d.policy === "stateful-ha")).toMatchObject({ level: analyzerpb.EnforcementLevel.ADVISORY });
});

/** How the engine sends a value not known until the update: the SDK's unknown sentinel. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A resource of a stack as the engine sends it to AnalyzeStack. */
function resource(type: string, name: string, props: Record<string, unknown>, deps: string[] = []) {
    const r = new analyzerpb.AnalyzerResource();
    r.setType(type);
    r.setName(name);
    r.setUrn(`urn:pulumi:prod::prodstack::${type}::${name}`);
    r.setProperties(Struct.fromJavaScript(props));
    r.setOptions(options(false));
    r.setDependenciesList(deps);
    return r;
}

it("runs stack policies over the engine's resource graph", async () => {
    const mapType = "gcp:compute/uRLMap:URLMap";
    const proxyType = "gcp:compute/targetHttpProxy:TargetHttpProxy";
    const req = new analyzerpb.AnalyzeStackRequest();
    req.setResourcesList([
        resource(mapType, "edge-https", { name: "acme-prod-edge", defaultService: "projects/p/global/backendServices/api" }),
        resource(proxyType, "edge-http", { name: "acme-prod-edge-http", urlMap: "projects/p/global/urlMaps/acme-prod-edge" }, [
            `urn:pulumi:prod::prodstack::${mapType}::edge-https`,
        ]),
    ]);
    const https = diagnostics(await call("analyzeStack", req)).filter((d: any) => d.policy === "https-only");
    expect(https.map((d: any) => [d.message, d.urn])).toEqual([
        [
            'HTTP proxy "edge-http" serves plain HTTP: its URL map "edge-https" must only redirect to HTTPS ' +
                "(defaultUrlRedirect.httpsRedirect: true and no backend services).",
            `urn:pulumi:prod::prodstack::${proxyType}::edge-http`,
        ],
    ]);
});

it("judges grants whose member is unknown during preview (a service account created in the same run)", async () => {
    const type = "gcp:projects/iAMMember:IAMMember";
    const req = analyzeRequest(type, "api-editor", `urn:pulumi:prod::prodstack::${type}::api-editor`, {
        project: "acme-web-prod",
        role: "roles/editor",
        member: UNKNOWN,
    });
    // Not the advisory "can't run … during preview": the role alone decides.
    const found = diagnostics(await call("analyze", req)).map((d: any) => [d.policy, d.level, d.message]);
    expect(found).toEqual([
        [
            "iam-no-broad-roles",
            analyzerpb.EnforcementLevel.MANDATORY,
            'Project IAM grant "api-editor" gives (computed) the basic role roles/editor, which carries thousands of permissions; ' +
                "grant a predefined role that fits the job instead.",
        ],
    ]);
});

it("runs stack policies on a first preview, where references between new resources are unknown", async () => {
    const backendType = "gcp:compute/backendBucket:BackendBucket";
    const mapType = "gcp:compute/uRLMap:URLMap";
    const req = new analyzerpb.AnalyzeStackRequest();
    req.setResourcesList([
        resource(backendType, "site", { bucketName: UNKNOWN, enableCdn: true }),
        // The headers come from the URL map's path matcher, which names the backend by an unknown self link.
        resource(
            mapType,
            "edge",
            {
                defaultService: UNKNOWN,
                hostRules: [{ hosts: ["app.example.com"], pathMatcher: "app" }],
                pathMatchers: [
                    {
                        name: "app",
                        defaultService: UNKNOWN,
                        headerAction: {
                            responseHeadersToAdds: [
                                ["Strict-Transport-Security", "max-age=31536000"],
                                ["X-Content-Type-Options", "nosniff"],
                                ["Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"],
                                ["Referrer-Policy", "no-referrer"],
                            ].map(([headerName, headerValue]) => ({ headerName, headerValue, replace: true })),
                        },
                    },
                ],
            },
            [`urn:pulumi:prod::prodstack::${backendType}::site`],
        ),
    ]);
    const found = diagnostics(await call("analyzeStack", req)).filter((d: any) => d.policy === "security-headers");
    expect(found).toEqual([]);
});

it("judges AWS resources exactly as the offline runner does", async () => {
    const TD = "aws:ecs/taskDefinition:TaskDefinition";
    const containers = [{
        name: "api",
        image: "123456789012.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/api:latest",
        environment: [{ name: "DB_PASSWORD", value: "hunter2" }],
        privileged: true,
    }];
    const props = { family: "acme-prod-api", taskRoleArn: "arn:aws:iam::123456789012:role/t", containerDefinitions: JSON.stringify(containers) };
    const urn = `urn:pulumi:prod::prodstack::prodstack:aws:FargateService$${TD}::api-task`;
    const real = diagnostics(await call("analyze", analyzeRequest(TD, "api-task", urn, props))).map((d: any) => [d.policy, d.message]);

    const offline: string[][] = [];
    for (const p of POLICIES.filter((x) => x.kind === "resource" && x.appliesTo.includes(TD))) {
        const out = await validateResource(p.name, TD, props, { name: "api-task" });
        offline.push(...out.messages.map((m) => [p.name, m]));
    }
    expect(real).toEqual(offline);
    expect([...new Set(real.map((d: string[]) => d[0]))]).toEqual(["secrets-not-in-plain-env", "containers-hardened", "labels-present", "images-pinned"]);
});

it("runs the AWS stack policies over the engine's resource graph", async () => {
    const vpcType = "aws:ec2/vpc:Vpc";
    const req = new analyzerpb.AnalyzeStackRequest();
    req.setResourcesList([resource(vpcType, "network-vpc", { cidrBlock: "10.20.0.0/16" })]);
    const found = diagnostics(await call("analyzeStack", req)).filter((d: any) => ["default-security-group-closed", "network-flow-logs"].includes(d.policy));
    expect(found.map((d: any) => [d.policy, d.urn])).toEqual([
        ["network-flow-logs", `urn:pulumi:prod::prodstack::${vpcType}::network-vpc`],
        ["default-security-group-closed", `urn:pulumi:prod::prodstack::${vpcType}::network-vpc`],
    ]);
});

it("leaves a task definition whose containers are unknown during a first preview to the engine's can't-run note", async () => {
    const TD = "aws:ecs/taskDefinition:TaskDefinition";
    const urn = `urn:pulumi:prod::prodstack::${TD}::api-task`;
    const res: any = await call("analyze", analyzeRequest(TD, "api-task", urn, { family: "acme-prod-api", containerDefinitions: UNKNOWN }));
    const notes = res.getDiagnosticsList().map((d: any) => [d.getPolicyname(), d.getEnforcementlevel(), String(d.getMessage())]);
    const images = notes.filter((n: string[]) => n[0] === "images-pinned");
    expect(images).toEqual([["images-pinned", analyzerpb.EnforcementLevel.ADVISORY, expect.any(String)]]);
    expect(images[0][2]).toMatch(/^can't run policy 'images-pinned' from policy pack 'prodstack-hardening@[^']+' during preview: string value at \.containerDefinitions can't be known during preview$/);
});
