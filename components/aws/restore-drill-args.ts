/**
 * The args of a `RestoreDrill` (restore-drill.ts), their defaults and checks, and the
 * verification the drill's task runs. Kept apart from the resources: the public args types
 * must not pull `@pulumi/aws` into the declarations a GCP-only consumer type-checks.
 */
import type * as pulumi from "@pulumi/pulumi";
import { eventBridgeCron } from "../core/eventbridge-cron";
import { type ArgsChecker, AWS_REGION, CRON } from "../core/internal";

/** The database a `RestoreDrill` restores, as a `Database` describes it. */
export interface RestoreDrillDatabase {
    /**
     * Identifier of the RDS instance (`Database.identifier`). Plain string: the scratch
     * instance's identifier, `<identifier>-drill`, derives from it.
     * @default none (required)
     */
    identifier: string;
    /**
     * ARN of the instance (`Database.arn`): the only source the drill may restore from.
     * @default none (required)
     */
    arn: pulumi.Input<string>;
    /**
     * Engine. Plain string: it picks the client of the verification and the default option group.
     * @default none (required)
     */
    engine: "postgres" | "mysql";
    /**
     * Major version (`Database.version`), e.g. `17` or `8.4`. Plain string: the default option
     * group's name (`default:postgres-17`) derives from it.
     * @default none (required)
     */
    version: string;
    /**
     * Port the engine listens on.
     * @default none (required)
     */
    port: number;
    /**
     * Application database the verification connects to.
     * @default none (required)
     */
    databaseName: string;
    /**
     * Application user the verification connects as.
     * @default none (required)
     */
    user: string;
    /**
     * ARN of the secret holding that user's password (`Database.passwordSecretArn`).
     * @default none (required)
     */
    passwordSecretArn: pulumi.Input<string>;
    /**
     * The instance's security group: the scratch instance gets the same one.
     * @default none (required)
     */
    securityGroupId: pulumi.Input<string>;
    /**
     * The instance's DB subnet group (isolated subnets): the scratch instance lives there too.
     * @default none (required)
     */
    subnetGroupName: pulumi.Input<string>;
    /**
     * The instance's parameter group (TLS forced): the scratch instance takes it.
     * @default none (required)
     */
    parameterGroupName: pulumi.Input<string>;
    /**
     * ARN of the key encrypting the instance: the restored copy is encrypted with it, and the
     * drill may create grants on it through RDS only.
     * @default none (required)
     */
    kmsKeyArn: pulumi.Input<string>;
}

/** Arguments of `RestoreDrill`. */
export interface RestoreDrillArgs {
    /**
     * Prefix of every name, e.g. `acme-prod`. Plain string: names derive from it.
     * @default none (required)
     */
    namePrefix: string;
    /**
     * Region of the database and of everything the drill creates. Plain string: ARNs name it.
     * @default none (required)
     */
    region: string;
    /**
     * The database to restore.
     * @default none (required)
     */
    database: RestoreDrillDatabase;
    /**
     * When to drill: five-field unix cron in UTC (the spec's form), e.g. `0 5 * * 1`; it runs
     * through EventBridge Scheduler, so it may restrict the day of the month or of the week,
     * not both. Plain string: it is converted, and the alarms wait two of its periods.
     * @default none (required)
     */
    schedule: string;
    /**
     * How far back the restore goes: the execution's start minus this many minutes (5 at
     * least: RDS's latest restorable time trails by about five minutes).
     * @default 60
     */
    pointInTimeOffsetMinutes?: number;
    /**
     * One SQL statement that must return at least one row on the restored copy, e.g.
     * `SELECT 1 FROM users LIMIT 1`. Without it the drill checks that the application user can
     * log in and run `SELECT 1`.
     * @default none (a login and `SELECT 1`)
     */
    verifyQuery?: string;
    /**
     * RDS class of the scratch instance: the smallest both engines' supported versions run on.
     * @default "db.t4g.micro"
     */
    instanceClass?: string;
    /**
     * Image with the engine's command-line client (`psql` or `mysql`) and `wget` or `curl`
     * (the verification downloads the region's RDS CA bundle to verify the server).
     * @default "public.ecr.aws/docker/library/postgres:17-alpine" (postgres), "public.ecr.aws/docker/library/mysql:8.4" (mysql)
     */
    clientImage?: string;
    /**
     * VPC of the verification task's security group.
     * @default none (required)
     */
    vpcId: pulumi.Input<string>;
    /**
     * Private subnets the verification task runs in (it pulls its image through NAT).
     * @default none (required)
     */
    subnetIds: pulumi.Input<string>[];
    /**
     * The environment's ECS cluster, where the verification task runs.
     * @default none (required)
     */
    cluster: {
        /**
         * Cluster ARN.
         * @default none (required)
         */
        arn: pulumi.Input<string>;
        /**
         * Cluster name.
         * @default none (required)
         */
        name: pulumi.Input<string>;
    };
    /**
     * ARN of the key of the verification task's log group (its policy must allow `logs`) and
     * of the password secret.
     * @default none (required)
     */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Days the verification task's logs are kept; a CloudWatch Logs retention value.
     * @default 30
     */
    logRetentionDays?: number;
    /**
     * Seconds between two checks of the scratch instance's status.
     * @default 60
     */
    pollSeconds?: number;
    /**
     * Minutes the restore may take before the drill gives up (and deletes the instance).
     * @default 360
     */
    maxRestoreMinutes?: number;
}

/** Defaults of {@link RestoreDrillArgs}. */
export const RESTORE_DRILL_DEFAULTS = {
    pointInTimeOffsetMinutes: 60,
    instanceClass: "db.t4g.micro",
    logRetentionDays: 30,
    pollSeconds: 60,
    maxRestoreMinutes: 360,
};

/** Client images of the verification, per engine (tags other than `latest`, from ECR Public's Docker official images). */
export const RESTORE_DRILL_CLIENT_IMAGES = {
    postgres: "public.ecr.aws/docker/library/postgres:17-alpine",
    mysql: "public.ecr.aws/docker/library/mysql:8.4",
};

/** The scratch instance's identifier: `<database identifier>-drill`. */
export function scratchIdentifierOf(databaseIdentifier: string): string {
    return `${databaseIdentifier}-drill`;
}

/** The query without surrounding blanks and its trailing semicolon. */
function statementOf(query: string): string {
    return query.trim().replace(/;$/, "").trimEnd();
}

/** The statement the verification runs: one row back when the given query returns any. */
export function verificationQuery(verifyQuery: string | undefined): string {
    const q = verifyQuery === undefined ? "" : statementOf(verifyQuery);
    return q ? `SELECT 1 FROM (${q}) AS drill_verify LIMIT 1` : "SELECT 1";
}

/**
 * The verification script: fetch the region's RDS CA bundle, connect with full certificate
 * and host name checks (the parameter group forces TLS), run the query, fail on no row.
 */
export function verificationScript(engine: "postgres" | "mysql"): string {
    const fetchCa = "(wget -qO /tmp/rds-ca.pem \"$CA_BUNDLE_URL\" || curl -fsSo /tmp/rds-ca.pem \"$CA_BUNDLE_URL\")";
    const client = engine === "postgres"
        ? "psql \"host=$DB_HOST port=$DB_PORT dbname=$DB_NAME user=$DB_USER sslmode=verify-full sslrootcert=/tmp/rds-ca.pem\" -X -q -t -A -v ON_ERROR_STOP=1 -c \"$VERIFY_QUERY\""
        : "mysql --host=\"$DB_HOST\" --port=\"$DB_PORT\" --user=\"$DB_USER\" --ssl-mode=VERIFY_IDENTITY --ssl-ca=/tmp/rds-ca.pem -N -B -e \"$VERIFY_QUERY\" \"$DB_NAME\"";
    return `set -eu; ${fetchCa}; rows=$(${client}); if [ -z "$rows" ]; then echo "restore drill: the verification query returned no row"; exit 1; fi; echo "restore drill: verified"`;
}

/** Records the problems of {@link RestoreDrillArgs}. */
export function checkRestoreDrillArgs(check: ArgsChecker, args: RestoreDrillArgs): void {
    check.matches("namePrefix", args.namePrefix, /^[a-z][a-z0-9-]{0,29}$/, "1-30 lowercase letters, digits or hyphens such as \"acme-prod\"");
    check.matches("region", args.region, AWS_REGION, "an AWS region such as \"eu-central-1\"");
    // RDS identifiers: a letter, then letters, digits and single hyphens, 63 at most with "-drill".
    check.matches("database.identifier", args.database.identifier, /^[a-z](?!.*--)[a-z0-9-]{0,55}[a-z0-9]$/, "an RDS identifier of at most 57 characters (the scratch instance adds \"-drill\")");
    check.oneOf("database.engine", args.database.engine, ["postgres", "mysql"] as const);
    check.matches("database.version", args.database.version, /^\d+(\.\d+)?$/, "a major version such as \"17\" or \"8.4\"");
    check.intInRange("database.port", args.database.port, 1150, 65535);
    check.matches("schedule", args.schedule, CRON, "five-field unix cron such as \"0 5 * * 1\"");
    if (CRON.test(args.schedule)) {
        const converted = eventBridgeCron(args.schedule);
        if ("problem" in converted) check.fail("schedule", converted.problem, args.schedule);
    }
    check.intInRange("pointInTimeOffsetMinutes", args.pointInTimeOffsetMinutes, 5, 35 * 24 * 60);
    if (args.verifyQuery !== undefined) {
        const q = statementOf(args.verifyQuery);
        check.check(q.length > 0 && q.length <= 1000 && !q.includes(";"), "verifyQuery", "one SQL statement of at most 1000 characters", args.verifyQuery);
    }
    check.matchesIfGiven("instanceClass", args.instanceClass, /^db\.[a-z0-9-]+\.[a-z0-9]+$/, "an RDS instance class such as \"db.t4g.micro\"");
    check.check(Array.isArray(args.subnetIds) && args.subnetIds.length > 0, "subnetIds", "at least one private subnet", args.subnetIds);
    check.intInRange("pollSeconds", args.pollSeconds, 30, 3600);
    check.intInRange("maxRestoreMinutes", args.maxRestoreMinutes, 10, 24 * 60);
}
