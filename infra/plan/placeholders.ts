import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { AWS_CALLS, awsComputed } from "./aws-placeholders";

/**
 * Stand-ins for values only the cloud computes (IDs, IPs, emails, digests). They are
 * derived from the resource's own name and inputs, so plans stay deterministic, and
 * they use reserved ranges (TEST-NET-3, example IDs) so nobody mistakes them for real.
 */
type Inputs = Record<string, unknown>;
type Computed = (name: string, inputs: Inputs) => Inputs;

/** A stable short hash, used for fake digests and addresses. */
export function stableHash(text: string, length = 64): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** The project placeholder used when a resource names none. */
export const PLACEHOLDER_PROJECT = "placeholder-project";
/** The project number placeholder returned for project look-ups. */
export const PLACEHOLDER_PROJECT_NUMBER = "123456789012";

export function testNetAddress(seed: string): string {
    return `203.0.113.${(parseInt(stableHash(seed, 2), 16) % 250) + 1}`;
}

function privateAddress(seed: string): string {
    const h = stableHash(seed, 4);
    return `10.200.${parseInt(h.slice(0, 2), 16)}.${(parseInt(h.slice(2), 16) % 250) + 2}`;
}

const project = (inputs: Inputs) => (inputs.project as string | undefined) ?? PLACEHOLDER_PROJECT;
const resourceNameOf = (name: string, inputs: Inputs) => (inputs.name as string | undefined) ?? name;

/** Computed outputs by resource type token; anything not listed gets only `id` and `name`. */
const COMPUTED: Record<string, Computed> = {
    "gcp:serviceaccount/account:Account": (_name, inputs) => ({
        email: `${inputs.accountId}@${project(inputs)}.iam.gserviceaccount.com`,
        name: `projects/${project(inputs)}/serviceAccounts/${inputs.accountId}@${project(inputs)}.iam.gserviceaccount.com`,
        member: `serviceAccount:${inputs.accountId}@${project(inputs)}.iam.gserviceaccount.com`,
    }),
    // Pools and providers are named by project number, not ID.
    "gcp:iam/workloadIdentityPool:WorkloadIdentityPool": (_name, inputs) => ({
        name: `projects/${PLACEHOLDER_PROJECT_NUMBER}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}`,
    }),
    "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider": (_name, inputs) => ({
        name: `projects/${PLACEHOLDER_PROJECT_NUMBER}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}/providers/${inputs.workloadIdentityPoolProviderId}`,
    }),
    "gcp:compute/globalAddress:GlobalAddress": (name, inputs) => ({
        address: inputs.addressType === "INTERNAL"
            ? "10.100.0.0"
            : inputs.ipVersion === "IPV6"
                ? `2001:db8::${stableHash(name, 4)}` // documentation range (RFC 3849)
                : testNetAddress(name),
    }),
    // The CNAME Certificate Manager asks for: `_acme-challenge.<domain>.` → `<id>.<n>.authorize.certificatemanager.goog.`
    "gcp:certificatemanager/dnsAuthorization:DnsAuthorization": (name, inputs) => ({
        dnsResourceRecords: [{
            name: `_acme-challenge.${inputs.domain}.`,
            type: "CNAME",
            data: `${stableHash(name, 12)}.9.authorize.certificatemanager.goog.`,
        }],
    }),
    "gcp:compute/address:Address": (name, inputs) => ({
        address: testNetAddress(name),
        selfLink: `https://www.googleapis.com/compute/v1/projects/${project(inputs)}/regions/${inputs.region}/addresses/${resourceNameOf(name, inputs)}`,
    }),
    "gcp:sql/databaseInstance:DatabaseInstance": (name, inputs) => ({
        connectionName: `${project(inputs)}:${inputs.region}:${resourceNameOf(name, inputs)}`,
        privateIpAddress: privateAddress(name),
        publicIpAddress: "",
        serverCaCerts: [{ cert: "-----BEGIN CERTIFICATE-----\n(placeholder)\n-----END CERTIFICATE-----" }],
    }),
    "gcp:redis/instance:Instance": (name) => ({
        host: privateAddress(name),
        port: 6378,
        // Not "[secret]": tests must see a leak if code forgets to keep the value secret.
        authString: `placeholder-redis-auth-${stableHash(name, 12)}`,
        serverCaCerts: [{ cert: "-----BEGIN CERTIFICATE-----\n(placeholder)\n-----END CERTIFICATE-----" }],
    }),
    "gcp:secretmanager/secret:Secret": (name, inputs) => ({
        name: `projects/${PLACEHOLDER_PROJECT_NUMBER}/secrets/${inputs.secretId ?? name}`,
    }),
    "gcp:secretmanager/secretVersion:SecretVersion": (_name, inputs) => ({
        name: `${inputs.secret}/versions/1`,
        version: "1",
    }),
    "gcp:cloudrunv2/service:Service": (name, inputs) => ({
        uri: `https://${resourceNameOf(name, inputs)}-placeholder.a.run.app`,
    }),
    "gcp:artifactregistry/repository:Repository": (name, inputs) => ({
        name: resourceNameOf(name, inputs),
        registryUri: `${inputs.location}-docker.pkg.dev/${project(inputs)}/${inputs.repositoryId ?? name}`,
    }),
    "docker:index/image:Image": (name, inputs) => ({
        repoDigest: `${String(inputs.imageName).split(":")[0]}@sha256:${stableHash(name)}`,
        imageName: inputs.imageName,
    }),
    // Mocks do not apply additionalSecretOutputs, so a value that looks like a real result
    // lets tests catch a password that is not explicitly kept secret.
    "random:index/randomPassword:RandomPassword": (name) => ({ result: `placeholder-password-${stableHash(name, 12)}` }),
    "random:index/randomId:RandomId": (name) => ({ hex: stableHash(name, 8) }),
    "random:index/randomBytes:RandomBytes": (name, inputs) => ({ hex: stableHash(name, 64).repeat(64).slice(0, 2 * Number(inputs.length)) }),
    "gcp:monitoring/notificationChannel:NotificationChannel": (name, inputs) => ({
        name: `projects/${project(inputs)}/notificationChannels/${parseInt(stableHash(name, 12), 16)}`,
    }),
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": (name, inputs) => {
        const id = `${String(inputs.displayName ?? name).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40)}-${stableHash(name, 8)}`;
        return { uptimeCheckId: id, name: `projects/${project(inputs)}/uptimeCheckConfigs/${id}` };
    },
    "gcp:monitoring/alertPolicy:AlertPolicy": (name, inputs) => ({
        name: `projects/${project(inputs)}/alertPolicies/${parseInt(stableHash(name, 12), 16)}`,
    }),
    "gcp:logging/projectSink:ProjectSink": () => ({
        writerIdentity: `serviceAccount:service-${PLACEHOLDER_PROJECT_NUMBER}@gcp-sa-logging.iam.gserviceaccount.com`,
    }),
};

/** Invoke results (data sources) by function token. */
const CALLS: Record<string, (inputs: Inputs) => Inputs> = {
    "gcp:organizations/getProject:getProject": (inputs) => ({
        projectId: inputs.projectId ?? PLACEHOLDER_PROJECT,
        number: PLACEHOLDER_PROJECT_NUMBER,
    }),
    "gcp:organizations/getClientConfig:getClientConfig": () => ({ project: PLACEHOLDER_PROJECT, accessToken: "placeholder-access-token" }),
    ...AWS_CALLS,
};

/** Region of each explicit AWS provider, by provider ID, so ARNs of its resources name it. */
const awsProviderRegions = new Map<string, string>();
/** The account each explicit AWS provider is limited to (`allowedAccountIds[0]`), by provider ID. */
const awsProviderAccounts = new Map<string, string>();

const providerIdOf = (ref: string | undefined) => ref?.slice(ref.lastIndexOf("::") + 2);

/** The first allowed account of a provider's inputs (the engine passes lists JSON-encoded). */
function allowedAccount(value: unknown): string | undefined {
    let list = value;
    if (typeof value === "string") {
        try {
            list = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    return Array.isArray(list) && typeof list[0] === "string" ? list[0] : undefined;
}

function computedOf(args: pulumi.runtime.MockResourceArgs): Inputs {
    if (args.type === "pulumi:providers:aws") {
        if (typeof args.inputs.region === "string") awsProviderRegions.set(`${args.name}-id`, args.inputs.region);
        const account = allowedAccount(args.inputs.allowedAccountIds);
        if (account) awsProviderAccounts.set(`${args.name}-id`, account);
    }
    if (args.type.startsWith("aws:")) {
        const providerId = providerIdOf(args.provider);
        return awsComputed(
            args.type,
            args.name,
            args.inputs,
            providerId ? awsProviderRegions.get(providerId) : undefined,
            providerId ? awsProviderAccounts.get(providerId) : undefined,
        );
    }
    return COMPUTED[args.type]?.(args.name, args.inputs) ?? {};
}

/** The Pulumi mocks used by `plan` and the tests: inputs echoed back plus placeholders. */
export const placeholderMocks: pulumi.runtime.Mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const computed = computedOf(args);
        return {
            // A type whose ID has a shape of its own (a Route 53 health check's UUID) computes it.
            id: typeof computed.id === "string" ? computed.id : `${args.name}-id`,
            state: { name: resourceNameOf(args.name, args.inputs), ...args.inputs, ...computed },
        };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const providerId = providerIdOf(args.provider);
        if (args.token in AWS_CALLS) return AWS_CALLS[args.token](args.inputs, providerId ? awsProviderAccounts.get(providerId) : undefined);
        return CALLS[args.token]?.(args.inputs) ?? {};
    },
};
