/**
 * Read replicas of a {@link Database} (database.ts): same region, network, TLS, flags and
 * maintenance window as the primary, zonal, without backups of their own.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { DatabaseConfig } from "./database";

/** `cfg.readReplicas` replicas of `primary`, in order; `common` holds the settings they share with it. */
export function readReplicas(
    name: string,
    cfg: DatabaseConfig,
    primary: gcp.sql.DatabaseInstance,
    instanceName: pulumi.Output<string>,
    databaseVersion: string,
    common: gcp.types.input.sql.DatabaseInstanceSettings,
    maintenanceWindow: gcp.types.input.sql.DatabaseInstanceSettingsMaintenanceWindow,
    opts: pulumi.CustomResourceOptions,
): gcp.sql.DatabaseInstance[] {
    const replicas: gcp.sql.DatabaseInstance[] = [];
    for (let i = 1; i <= cfg.readReplicas; i++) {
        replicas.push(new gcp.sql.DatabaseInstance(`${name}-replica-${i}`, {
            name: pulumi.interpolate`${instanceName}-replica-${i}`,
            region: cfg.region,
            databaseVersion,
            masterInstanceName: primary.name,
            deletionProtection: cfg.deletionProtection,
            settings: {
                ...common,
                availabilityType: "ZONAL",
                // Replicas take no backups and keep no transaction logs of their own.
                backupConfiguration: { enabled: false },
                maintenanceWindow,
            },
        }, { ...opts }));
    }
    return replicas;
}
