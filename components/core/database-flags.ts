/**
 * Database flags applications may tune (connection limits, timeouts, memory for pooling
 * setups), per engine. The names are the engines' own settings, so they mean the same on
 * Cloud SQL and RDS. Everything else is refused: the hardening flags the components set
 * (logging, auditing, `local_infile`) cannot be changed through this list.
 */

/** Engines with tunable flags. */
export type FlagEngine = "postgres" | "mysql";

/** Accepted integer values of one flag (Cloud SQL's documented ranges). */
export interface FlagRange {
    /**
     * Smallest accepted value.
     * @default none (required)
     */
    min: number;
    /**
     * Largest accepted value.
     * @default none (required)
     */
    max: number;
    /**
     * What the number counts, for messages.
     * @default none (required)
     */
    unit: string;
    /**
     * The value must be a multiple of this.
     * @default none (any integer)
     */
    multipleOf?: number;
}

const INT32 = 2_147_483_647;
const YEAR_SECONDS = 31_536_000;

/** Flags the spec and the database components accept, with their ranges. */
export const TUNABLE_DATABASE_FLAGS: Readonly<Record<FlagEngine, Readonly<Record<string, FlagRange>>>> = {
    postgres: {
        max_connections: { min: 14, max: 262_143, unit: "connections" },
        idle_in_transaction_session_timeout: { min: 0, max: INT32, unit: "ms" },
        idle_session_timeout: { min: 0, max: INT32, unit: "ms" },
        statement_timeout: { min: 0, max: INT32, unit: "ms" },
        lock_timeout: { min: 0, max: INT32, unit: "ms" },
        tcp_keepalives_idle: { min: 0, max: INT32, unit: "s" },
        tcp_keepalives_interval: { min: 0, max: INT32, unit: "s" },
        tcp_keepalives_count: { min: 0, max: INT32, unit: "probes" },
        work_mem: { min: 64, max: INT32, unit: "kB" },
        maintenance_work_mem: { min: 1024, max: INT32, unit: "kB" },
    },
    mysql: {
        max_connections: { min: 1, max: 100_000, unit: "connections" },
        wait_timeout: { min: 1, max: YEAR_SECONDS, unit: "s" },
        interactive_timeout: { min: 1, max: YEAR_SECONDS, unit: "s" },
        net_read_timeout: { min: 1, max: YEAR_SECONDS, unit: "s" },
        net_write_timeout: { min: 1, max: YEAR_SECONDS, unit: "s" },
        innodb_lock_wait_timeout: { min: 1, max: 1_073_741_824, unit: "s" },
        max_allowed_packet: { min: 16_384, max: 1_073_741_824, unit: "bytes", multipleOf: 1024 },
    },
};

/** One problem with a flag: which flag, what was expected, what was given. */
export interface FlagProblem {
    /**
     * The flag's name.
     * @default none (always set)
     */
    flag: string;
    /**
     * What was expected, as the `expected …` text of an error.
     * @default none (always set)
     */
    expected: string;
    /**
     * The value (or name) given.
     * @default none (always set)
     */
    given: unknown;
}

/**
 * Problems with `flags` for `engine`: unknown names (listing the tunable ones), hardening
 * flags (`hardening`: the flags the component sets, which cannot be changed) and values
 * outside the flag's range. Values are integers, as numbers or decimal strings.
 */
export function databaseFlagProblems(
    engine: FlagEngine,
    flags: Readonly<Record<string, unknown>>,
    hardening: Readonly<Record<string, string>> = {},
): FlagProblem[] {
    const tunable = TUNABLE_DATABASE_FLAGS[engine];
    const problems: FlagProblem[] = [];
    for (const [flag, value] of Object.entries(flags)) {
        if (flag in hardening) {
            problems.push({ flag, expected: `a flag other than the hardening flags (${flag} stays "${hardening[flag]}")`, given: flag });
            continue;
        }
        const range = tunable[flag];
        if (!range) {
            problems.push({ flag, expected: `one of the tunable ${engine} flags (${Object.keys(tunable).join(", ")})`, given: flag });
            continue;
        }
        const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : NaN;
        const step = range.multipleOf ? ` in multiples of ${range.multipleOf}` : "";
        if (!Number.isSafeInteger(n) || n < range.min || n > range.max || (range.multipleOf !== undefined && n % range.multipleOf !== 0)) {
            problems.push({ flag, expected: `an integer from ${range.min} to ${range.max}${step} (${range.unit})`, given: value });
        }
    }
    return problems;
}
