/**
 * What reviewers must not lose: stateful resources (their replacement or deletion loses data
 * or identity) and the protections of a resource.
 */
import type { PlannedResource } from "../plan/engine";
import type { InputChange } from "./inputs";

/**
 * Resource types that hold data, keys or identity on both clouds: databases, caches, buckets,
 * secrets, keys, registries (and the DNS zones and disks that come with them).
 */
const STATEFUL = [
    // GCP
    /^gcp:sql\/(databaseInstance|database|user):/,
    /^gcp:alloydb\/(cluster|instance):/,
    /^gcp:redis\/(instance|cluster):/,
    /^gcp:memorystore\/instance:/,
    /^gcp:storage\/bucket:/,
    /^gcp:secretmanager\/(secret|secretVersion|regionalSecret|regionalSecretVersion):/,
    /^gcp:kms\/(keyRing|cryptoKey):/,
    /^gcp:artifactregistry\/repository:/,
    /^gcp:firestore\/database:/,
    /^gcp:compute\/disk:/,
    /^gcp:dns\/managedZone:/,
    // AWS
    /^aws:rds\/(instance|cluster|clusterInstance|globalCluster):/,
    /^aws:elasticache\/(replicationGroup|cluster|serverlessCache):/,
    /^aws:memorydb\/cluster:/,
    /^aws:s3\/(bucket|bucketV2):/,
    /^aws:secretsmanager\/(secret|secretVersion):/,
    /^aws:kms\/(key|replicaKey):/,
    /^aws:ecr\/repository:/,
    /^aws:dynamodb\/table:/,
    /^aws:efs\/fileSystem:/,
    /^aws:ebs\/volume:/,
    /^aws:route53\/zone:/,
    // Generated secrets: a new value breaks whatever stored the old one.
    /^random:index\/randomPassword:/,
];

export function isStateful(type: string): boolean {
    return STATEFUL.some((re) => re.test(type));
}

/** Inputs that guard against deletion, by the name of their last path segment: on when true. */
const GUARDS_ON_TRUE = /(^|\.)(deletionProtection|deletionProtectionEnabled)$/;
/** Inputs whose turning true lets a delete destroy data (non-empty buckets, registries). */
const GUARDS_ON_FALSE = /(^|\.)(forceDestroy|forceDelete)$/;

/** The protections `head` loses relative to `base`: the `protect` option and deletion-protection inputs. */
export function protectionsLost(base: PlannedResource, head: PlannedResource, changes: InputChange[]): string[] {
    const lost: string[] = [];
    if (base.protect && !head.protect) lost.push("protect");
    for (const c of changes) {
        if (c.secret) continue;
        if (GUARDS_ON_TRUE.test(c.path) && c.before === true && c.after !== true) lost.push(c.path);
        if (GUARDS_ON_FALSE.test(c.path) && c.before !== true && c.after === true) lost.push(c.path);
    }
    return lost;
}
