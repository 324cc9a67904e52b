/**
 * How workloads reach a {@link Database} (database.ts): the application database and user,
 * the connection URL, the server CA bundle, and the secrets holding them and the passwords.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";
import type { DatabaseConfig, DatabaseEngine } from "./database";
import { Secrets } from "./secrets";

/**
 * The connection URL most frameworks read (`DATABASE_URL`): TLS verified against the server
 * CA file, without hostname check, as Cloud SQL's server certificates name the instance,
 * not its IP (`sslmode=verify-ca` for libpq and Prisma; `ssl-mode=VERIFY_CA` for MySQL).
 * The generated user names and passwords need no URL escaping.
 */
export function databaseUrl(
    engine: DatabaseEngine,
    parts: { user: pulumi.Input<string>; password: pulumi.Input<string>; host: pulumi.Input<string>; port: number; database: pulumi.Input<string> },
    caCertPath: string,
): pulumi.Output<string> {
    const { user, password, host, port, database } = parts;
    return engine === "postgres"
        ? pulumi.interpolate`postgresql://${user}:${password}@${host}:${port}/${database}?sslmode=verify-ca&sslrootcert=${caCertPath}`
        : pulumi.interpolate`mysql://${user}:${password}@${host}:${port}/${database}?ssl-mode=VERIFY_CA&ssl-ca=${caCertPath}`;
}

/** Joins the PEM certificates of `certs` into one bundle (several during a CA rotation). */
export function pemBundle(certs: pulumi.Input<Array<{ cert?: string }>>): pulumi.Output<string> {
    // A CA certificate is public; the provider marks Cloud SQL's as secret only because it
    // marks the whole list. Unsecret it so apps can receive it as plain env.
    return pulumi.unsecret(pulumi.output(certs).apply((list) => (list ?? []).map((c) => c.cert ?? "").filter(Boolean).join("\n")));
}

/**
 * The application database and user on `instance`, and the secrets holding the passwords, the
 * connection URL and the CA bundle `caCert`.
 */
export function databaseAccess(
    name: string,
    cfg: DatabaseConfig,
    instance: gcp.sql.DatabaseInstance,
    port: number,
    passwords: { app: random.RandomPassword; admin: random.RandomPassword },
    caCert: pulumi.Output<string>,
    stateful: pulumi.CustomResourceOptions,
): { database: gcp.sql.Database; user: gcp.sql.User; secrets: Secrets } {
    const postgres = cfg.engine === "postgres";
    const password = passwords.app;
    const adminPassword = passwords.admin;
    const database = new gcp.sql.Database(`${name}-database`, {
        name: cfg.databaseName,
        instance: instance.name,
        charset: postgres ? "UTF8" : "utf8mb4",
        collation: postgres ? "en_US.UTF8" : "utf8mb4_0900_ai_ci",
        // The instance takes its databases with it; abandoning avoids a failed destroy
        // when sessions are still open.
        deletionPolicy: "ABANDON",
    }, stateful);

    const user = new gcp.sql.User(`${name}-user`, {
        name: cfg.user,
        instance: instance.name,
        type: "BUILT_IN",
        password: pulumi.secret(password.result),
        // PostgreSQL refuses to drop a role that owns objects; leave it with the instance.
        ...(postgres ? { deletionPolicy: "ABANDON" } : {}),
    }, { ...stateful, dependsOn: [database] });

    const url = databaseUrl(cfg.engine, {
        user: user.name,
        password: password.result,
        host: instance.privateIpAddress,
        port,
        database: database.name,
    }, cfg.caCertPath);
    const secrets = new Secrets(`${name}-secrets`, {
        namePrefix: cfg.namePrefix,
        secrets: {
            "db-password": { value: password.result },
            "db-admin-password": { value: adminPassword.result },
            "db-url": { value: url },
            "db-ca": { value: caCert },
        },
        deletionProtection: cfg.deletionProtection,
    }, stateful);

    return { database, user, secrets };
}
