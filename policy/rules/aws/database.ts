/** AWS database rules: RDS instances, their parameter groups and backup replications. */
import type { PolicyResource, ResourceCheck, ResourceValidationArgs, StackCheck } from "../../types";
import { arr, known, listing, ofTypes, skip, str } from "../common";
import { T, what } from "./types";

/** A read replica: it has no backups of its own and fails over through its primary. */
export function isRdsReplica(props: Record<string, unknown>): boolean {
    return str(props.replicateSourceDb) !== "";
}

const REPLICA = "read replica: backups, Multi-AZ and the final snapshot belong to its primary";

/** The parameter that makes the server refuse unencrypted connections, by engine family. */
function tlsParameter(family: string): { name: string; on: string[] } | undefined {
    if (family.startsWith("postgres")) return { name: "rds.force_ssl", on: ["1"] };
    if (family.startsWith("mysql") || family.startsWith("mariadb")) return { name: "require_secure_transport", on: ["1", "ON", "on"] };
    return undefined;
}

// ---------------------------------------------------------------------------

export const dbNoPublicIp: ResourceCheck = {
    types: [T.dbInstance],
    check(args, report) {
        if (args.props.publiclyAccessible === true) {
            report(`${what(args)} is publicly accessible (publiclyAccessible is true); set it to false and reach it from the VPC only.`);
        }
    },
};

export const dbTlsRequired: ResourceCheck = {
    types: [T.dbParameterGroup, T.dbInstance],
    check(args, report) {
        const p = args.props;
        if (args.type === T.dbInstance) {
            // Replicas follow their own group, checked as a group; a default group does not force TLS.
            if (str(p.parameterGroupName) === "" && !isRdsReplica(p)) {
                report(`${what(args)} uses the engine's default parameter group, which accepts unencrypted connections; set parameterGroupName to a group that requires TLS.`);
            }
            return;
        }
        const tls = tlsParameter(str(p.family));
        if (!tls) return skip(`engine family ${str(p.family) || "(not set)"} has no TLS parameter this rule knows`);
        const value = arr(p.parameters).map((x) => x as Record<string, unknown>).find((x) => str(x.name) === tls.name);
        if (!value || !tls.on.includes(str(value.value))) {
            report(`${what(args)} lets clients connect without TLS (${tls.name} is ${value ? str(value.value) : "not set"}); set ${tls.name} to 1.`);
        }
    },
};

export const dbEncryptedAtRest: ResourceCheck = {
    types: [T.dbInstance],
    check(args, report) {
        const p = args.props;
        if (isRdsReplica(p)) return skip("read replica: it inherits its primary's encryption");
        const missing: string[] = [];
        if (p.storageEncrypted !== true) missing.push("storageEncrypted: true");
        if (!known(() => str(p.kmsKeyId) !== "", true)) missing.push("kmsKeyId (a customer-managed key; without it RDS uses aws/rds, whose use no key policy limits)");
        if (p.performanceInsightsEnabled === true && !known(() => str(p.performanceInsightsKmsKeyId) !== "", true)) {
            missing.push("performanceInsightsKmsKeyId (Performance Insights keeps query text)");
        }
        if (missing.length) report(`${what(args)} is not encrypted at rest with a customer-managed key: it lacks ${listing(missing)}.`);
    },
};

export const dbBackupsPitr: ResourceCheck = {
    types: [T.dbInstance],
    check(args, report, ctx) {
        if (isRdsReplica(args.props)) return skip(REPLICA);
        // RDS keeps daily snapshots and transaction logs for one retention period: it is both the count and the PITR window.
        const days = Number(args.props.backupRetentionPeriod ?? 0);
        const floor = Math.max(Number(ctx.config.minRetainedBackups), Number(ctx.config.minPitrDays));
        if (days < 1) {
            report(`${what(args)} has automated backups and point-in-time recovery off (backupRetentionPeriod is ${days}); set it to at least ${floor} days.`);
        } else if (days < floor) {
            report(`${what(args)} keeps ${days} ${days === 1 ? "day" : "days"} of automated backups and point-in-time recovery; keep at least ${floor} (backupRetentionPeriod).`);
        }
    },
};

/** The primaries whose automated backups no replication copies to another region. */
export const dbBackupsCrossRegion: StackCheck = {
    types: [T.dbInstance, T.dbBackupReplication],
    check(resources, report, ctx) {
        const primaries = ofTypes(resources, T.dbInstance).filter((r) => !isRdsReplica(r.props));
        if (!primaries.length) return skip("no RDS primary in this stack");
        if (ctx.tier !== "prod") return skip("not prod: a second region's copy is asked of prod databases only");
        const copies = ofTypes(resources, T.dbBackupReplication);
        for (const db of primaries) {
            ctx.examined(db);
            const identifier = str(db.props.identifier) || db.name;
            const copy = copies.find((c) => str(c.props.sourceDbInstanceArn).endsWith(`:db:${identifier}`));
            if (!copy) {
                report(
                    `${whatOf(db)} keeps its backups in its own region only; replicate them to another region ` +
                        "(an InstanceAutomatedBackupsReplication there; prodstack: database.backups.location).",
                    db.urn,
                );
            } else {
                ctx.examined(copy);
                if (!known(() => str(copy.props.kmsKeyId) !== "", true)) {
                    report(`${whatOf(copy)} copies ${identifier}'s backups without a customer-managed key of the destination region; set kmsKeyId.`, copy.urn);
                }
            }
        }
    },
};

const whatOf = (r: PolicyResource) => what({ type: r.type, name: r.name } as ResourceValidationArgs);

export const dbMultiAz: ResourceCheck = {
    types: [T.dbInstance],
    check(args, report) {
        if (isRdsReplica(args.props)) return skip(REPLICA);
        if (args.props.multiAz !== true) {
            report(`${what(args)} runs in a single availability zone (multiAz is ${args.props.multiAz === false ? "false" : "not set"}); set multiAz: true for automatic failover.`);
        }
    },
};

/** What keeps an RDS instance from being deleted: the Pulumi option and the API's switch. */
export function missingDbProtection(args: ResourceValidationArgs): string[] {
    return args.props.deletionProtection === true ? [] : ["deletionProtection: true"];
}

export const dbBackupsSurviveDeletion: ResourceCheck = {
    types: [T.dbInstance],
    check(args, report) {
        const p = args.props;
        if (isRdsReplica(p)) return skip("read replica: RDS takes no final snapshot of a replica");
        const missing: string[] = [];
        if (p.skipFinalSnapshot !== false || !known(() => str(p.finalSnapshotIdentifier) !== "", true)) {
            missing.push("a final snapshot (skipFinalSnapshot: false and a finalSnapshotIdentifier)");
        }
        // The provider deletes automated backups with the instance unless told otherwise.
        if (p.deleteAutomatedBackups !== false) missing.push("deleteAutomatedBackups: false (the automated backups are deleted with the instance)");
        if (missing.length) report(`${what(args)} loses its backups when deleted: it lacks ${listing(missing)}.`);
    },
};

export const dbIamAuth: ResourceCheck = {
    types: [T.dbInstance],
    check(args, report) {
        if (args.props.iamDatabaseAuthenticationEnabled !== true) {
            report(
                `${what(args)} accepts database passwords only (iamDatabaseAuthenticationEnabled is not true); ` +
                    "turn IAM authentication on so people connect with their own IAM identity, not the master password.",
            );
        }
    },
};

/** Logs each engine must export to CloudWatch Logs. */
const REQUIRED_LOGS: Array<[string, string[]]> = [["postgres", ["postgresql"]], ["mysql", ["error", "slowquery"]], ["mariadb", ["error", "slowquery"]]];

export const dbLogsExported: ResourceCheck = {
    types: [T.dbInstance],
    check(args, report) {
        const p = args.props;
        const engine = str(p.engine);
        if (engine === "" && isRdsReplica(p)) return skip("read replica: its engine is its primary's, checked there");
        const required = REQUIRED_LOGS.find(([prefix]) => engine.startsWith(prefix))?.[1];
        if (!required) return skip(`engine ${engine || "(not set)"} has no log list this rule knows`);
        const exported = arr(p.enabledCloudwatchLogsExports).map(str);
        const missing = required.filter((l) => !exported.includes(l));
        if (missing.length) {
            report(`${what(args)} does not export its ${listing(missing)} ${missing.length === 1 ? "log" : "logs"} to CloudWatch Logs; add ${missing.length === 1 ? "it" : "them"} to enabledCloudwatchLogsExports.`);
        }
    },
};

export const dbMaintenanceWindow: ResourceCheck = {
    types: [T.dbInstance],
    check(args, report) {
        if (str(args.props.maintenanceWindow) === "") {
            report(`${what(args)} has no maintenance window, so AWS picks a random weekly slot for restarts; set maintenanceWindow (e.g. "sun:03:00-sun:04:00").`);
        }
    },
};
