/** GCP compute rules: Cloud Run services and jobs, their identities, env and images. */
import type { PolicyResource, ResourceCheck, StackCheck } from "../../types";
import {
    arr,
    GENERATED_SECRETS,
    generatedSecrets,
    get,
    isPinnedImage,
    isSet,
    known,
    linked,
    listing,
    OFFLINE_SECRET,
    ofTypes,
    plainSecretReason,
    reportGeneratedSecretUse,
    skip,
    str,
    type Props,
} from "../common";
import { T, what, whatLower } from "./types";

export { OFFLINE_SECRET };

/** Where each workload type keeps its containers and its service account. */
const WORKLOAD: Record<string, { containers: string; serviceAccount: string }> = {
    [T.runService]: { containers: "template.containers", serviceAccount: "template.serviceAccount" },
    [T.runJob]: { containers: "template.template.containers", serviceAccount: "template.template.serviceAccount" },
    [T.runWorkerPool]: { containers: "template.containers", serviceAccount: "template.serviceAccount" },
    [T.runServiceV1]: { containers: "template.spec.containers", serviceAccount: "template.spec.serviceAccountName" },
};

function containersOf(type: string, props: Props): Props[] {
    return arr(get(props, WORKLOAD[type].containers)) as Props[];
}

// ---------------------------------------------------------------------------
// secrets-not-in-plain-env
// ---------------------------------------------------------------------------

/** A Secret Manager reference is not the secret itself. */
const SECRET_REFERENCE = /^projects\/[^/]+\/secrets\/[^/]+/;

/** Why a literal env var holds a secret, or undefined. */
function secretReason(name: string, env: Props): string | undefined {
    if (!isSet(env, "value")) return undefined;
    return plainSecretReason(name, known(() => env.value, undefined), (v) => SECRET_REFERENCE.test(v));
}

export const secretsNotInPlainEnv: ResourceCheck = {
    types: Object.keys(WORKLOAD),
    check(args, report) {
        for (const container of containersOf(args.type, args.props)) {
            for (const env of arr(container.envs ?? container.env) as Props[]) {
                const name = str(env.name);
                const reason = secretReason(name, env);
                if (reason) {
                    report(
                        `${what(args)} passes ${name} as a plain environment variable although ${reason}; ` +
                            "mount it from Secret Manager (valueSource.secretKeyRef) instead.",
                    );
                }
            }
        }
    },
};

// ---------------------------------------------------------------------------
// generated-secrets-not-in-plain-env
// ---------------------------------------------------------------------------

/** Plain env values of a workload, by variable name. */
function plainEnv(w: PolicyResource): Array<[string, unknown]> {
    return containersOf(w.type, w.props).flatMap((c) =>
        (arr(c.envs ?? c.env) as Props[]).filter((e) => isSet(e, "value")).map((e): [string, unknown] => [str(e.name), known(() => e.value, undefined)]));
}

/**
 * A generated secret reaches workloads only through the secret store: no workload takes an
 * input straight from a random resource, and no plain env value contains a generated value.
 */
export const generatedSecretsNotInPlainEnv: StackCheck = {
    types: [...Object.keys(WORKLOAD), ...Object.keys(GENERATED_SECRETS)],
    check(resources, report, ctx) {
        const secrets = generatedSecrets(resources);
        if (!secrets.generated.length) skip("no generated secret (random password, bytes or string) in this stack");
        ctx.examined(...secrets.generated);
        const wording = {
            what,
            whatLower,
            storeIt: "store it in Secret Manager and mount it as secret env (valueSource.secretKeyRef) instead",
            readIt: "mount it from Secret Manager instead",
        };
        for (const w of ofTypes(resources, ...Object.keys(WORKLOAD))) {
            ctx.examined(w);
            reportGeneratedSecretUse(w, secrets, plainEnv(w), wording, report);
        }
    },
};

// ---------------------------------------------------------------------------
// dedicated-service-identities
// ---------------------------------------------------------------------------

/** Google-managed default identities: shared by everything in the project and over-privileged. */
const DEFAULT_IDENTITY = /(-compute@developer\.gserviceaccount\.com|@appspot\.gserviceaccount\.com)$/;

function identityOf(w: PolicyResource, accounts: PolicyResource[]): { key?: string; label?: string; isDefault?: boolean } {
    const path = WORKLOAD[w.type].serviceAccount;
    const email = known(() => get(w.props, path), undefined);
    if (typeof email === "string" && DEFAULT_IDENTITY.test(email)) return { isDefault: true, label: email };
    if (typeof email === "string" && email !== "") {
        const [account] = accounts.filter((a) => {
            const accountId = str(known(() => a.props.accountId, ""));
            const outputs = [known(() => a.props.email, undefined), known(() => a.props.name, undefined)];
            return outputs.includes(email) || (accountId !== "" && email.startsWith(`${accountId}@`));
        });
        return account ? { key: account.urn, label: whatLower(account) } : { key: email, label: email };
    }
    if (!isSet(w.props, path)) return {};
    // Set but unknown (real preview): the engine's property dependencies name the account.
    const [account, ...more] = linked(w, accounts, [path.split(".")[0]], false);
    return account && !more.length ? { key: account.urn, label: whatLower(account) } : { key: `${w.urn}#identity`, label: "(computed)" };
}

export const dedicatedServiceIdentities: StackCheck = {
    types: [...Object.keys(WORKLOAD), T.serviceAccount],
    check(resources, report, ctx) {
        const workloads = ofTypes(resources, ...Object.keys(WORKLOAD));
        if (!workloads.length) return skip("no Cloud Run service, job or worker pool in this stack");
        ctx.examined(...workloads);
        const accounts = ofTypes(resources, T.serviceAccount);
        const byIdentity = new Map<string, PolicyResource[]>();
        const labels = new Map<string, string>();
        for (const w of workloads) {
            const id = identityOf(w, accounts);
            if (id.isDefault) {
                report(`${what(w)} runs as the default service account ${id.label}; give it a dedicated service account.`, w.urn);
            } else if (!id.key) {
                report(
                    `${what(w)} sets no service account, so it runs as the project's default Compute Engine identity; ` +
                        "give it a dedicated service account.",
                    w.urn,
                );
            } else {
                byIdentity.set(id.key, [...(byIdentity.get(id.key) ?? []), w]);
                labels.set(id.key, id.label ?? id.key);
            }
        }
        for (const [key, group] of byIdentity) {
            if (group.length < 2) continue;
            for (const w of group) {
                const others = group.filter((o) => o !== w).map(whatLower);
                report(
                    `${what(w)} shares its identity (${labels.get(key)}) with ${listing(others)}; ` +
                        "give each workload its own service account so one compromise does not grant the other's access.",
                    w.urn,
                );
            }
        }
    },
};

// ---------------------------------------------------------------------------
// autoscaling-bounded, images-pinned
// ---------------------------------------------------------------------------

export const autoscalingBounded: ResourceCheck = {
    types: [T.runService],
    check(args, report) {
        const max = Number(get(args.props, "template.scaling.maxInstanceCount") ?? get(args.props, "scaling.maxInstanceCount") ?? 0);
        if (!(max > 0)) {
            report(
                `${what(args)} has no maximum instance count; set template.scaling.maxInstanceCount so a traffic spike ` +
                    "cannot run up cost or exhaust the database's connections.",
            );
        }
    },
};

export const imagesPinned: ResourceCheck = {
    types: [T.runService, T.runJob, T.runWorkerPool],
    check(args, report) {
        for (const container of containersOf(args.type, args.props)) {
            // An image built in the same run is unknown during preview; the build yields a digest.
            const image = known(() => container.image, undefined);
            if (typeof image === "string" && image !== "" && !isPinnedImage(image)) {
                report(`${what(args)} runs the unpinned image ${image}; deploy by digest or by an immutable version tag.`);
            }
        }
    },
};
