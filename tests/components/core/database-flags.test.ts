import { databaseFlagProblems, type FlagEngine } from "../../../components/core/database-flags";

/** The `expected` text of a value problem, or undefined when `value` is accepted. */
const valueProblem = (engine: FlagEngine, flag: string, value: unknown) => databaseFlagProblems(engine, { [flag]: value })[0]?.expected;

describe("databaseFlagProblems", () => {
    // Each tunable flag at both sides of both bounds, with the range and unit its message names.
    it.each([
        ["postgres", "max_connections", 14, 262143, "an integer from 14 to 262143 (connections)"],
        ["postgres", "idle_in_transaction_session_timeout", 0, 2147483647, "an integer from 0 to 2147483647 (ms)"],
        ["postgres", "idle_session_timeout", 0, 2147483647, "an integer from 0 to 2147483647 (ms)"],
        ["postgres", "statement_timeout", 0, 2147483647, "an integer from 0 to 2147483647 (ms)"],
        ["postgres", "lock_timeout", 0, 2147483647, "an integer from 0 to 2147483647 (ms)"],
        ["postgres", "tcp_keepalives_idle", 0, 2147483647, "an integer from 0 to 2147483647 (s)"],
        ["postgres", "tcp_keepalives_interval", 0, 2147483647, "an integer from 0 to 2147483647 (s)"],
        ["postgres", "tcp_keepalives_count", 0, 2147483647, "an integer from 0 to 2147483647 (probes)"],
        ["postgres", "work_mem", 64, 2147483647, "an integer from 64 to 2147483647 (kB)"],
        ["postgres", "maintenance_work_mem", 1024, 2147483647, "an integer from 1024 to 2147483647 (kB)"],
        ["mysql", "max_connections", 1, 100000, "an integer from 1 to 100000 (connections)"],
        ["mysql", "wait_timeout", 1, 31536000, "an integer from 1 to 31536000 (s)"],
        ["mysql", "interactive_timeout", 1, 31536000, "an integer from 1 to 31536000 (s)"],
        ["mysql", "net_read_timeout", 1, 31536000, "an integer from 1 to 31536000 (s)"],
        ["mysql", "net_write_timeout", 1, 31536000, "an integer from 1 to 31536000 (s)"],
        ["mysql", "innodb_lock_wait_timeout", 1, 1073741824, "an integer from 1 to 1073741824 (s)"],
    ] as const)("%s %s: %d to %d", (engine, flag, min, max, expected) => {
        expect([min, max, String(min), String(max)].map((v) => valueProblem(engine, flag, v))).toEqual([undefined, undefined, undefined, undefined]);
        expect([min - 1, max + 1, String(min - 1), String(max + 1)].map((v) => valueProblem(engine, flag, v))).toEqual([expected, expected, expected, expected]);
    });

    it("takes max_allowed_packet in multiples of 1024 bytes only", () => {
        const expected = "an integer from 16384 to 1073741824 in multiples of 1024 (bytes)";
        expect([16384, 17408, 1073741824, "65536"].map((v) => valueProblem("mysql", "max_allowed_packet", v))).toEqual([undefined, undefined, undefined, undefined]);
        expect([15360, 16385, 17407, 1073742848].map((v) => valueProblem("mysql", "max_allowed_packet", v))).toEqual([expected, expected, expected, expected]);
    });

    it("refuses values that are not integers, as numbers or decimal strings, naming the value given", () => {
        for (const bad of [1.5, "1.5", " 100", "100 ", "x100", "100x", "1e3", "", true, null, NaN, Infinity, 2 ** 53, ["100"], { valueOf: () => 100 }]) {
            expect(databaseFlagProblems("postgres", { statement_timeout: bad })).toEqual([
                { flag: "statement_timeout", expected: "an integer from 0 to 2147483647 (ms)", given: bad },
            ]);
        }
        expect(databaseFlagProblems("postgres", { statement_timeout: "-0", lock_timeout: "007" })).toEqual([]);
    });

    it("refuses unknown flags, listing the engine's tunable ones", () => {
        expect(databaseFlagProblems("postgres", { wait_timeout: 60 })).toEqual([{
            flag: "wait_timeout",
            expected: "one of the tunable postgres flags (max_connections, idle_in_transaction_session_timeout, idle_session_timeout, statement_timeout, " +
                "lock_timeout, tcp_keepalives_idle, tcp_keepalives_interval, tcp_keepalives_count, work_mem, maintenance_work_mem)",
            given: "wait_timeout",
        }]);
        expect(databaseFlagProblems("mysql", { work_mem: 64 })).toEqual([{
            flag: "work_mem",
            expected: "one of the tunable mysql flags (max_connections, wait_timeout, interactive_timeout, net_read_timeout, net_write_timeout, " +
                "innodb_lock_wait_timeout, max_allowed_packet)",
            given: "work_mem",
        }]);
    });

    it("refuses the hardening flags the component sets, once each, even a tunable one", () => {
        const hardening = { log_connections: "on", max_connections: "100" };
        expect(databaseFlagProblems("postgres", { log_connections: "off", max_connections: 200, work_mem: 64 }, hardening)).toEqual([
            { flag: "log_connections", expected: 'a flag other than the hardening flags (log_connections stays "on")', given: "log_connections" },
            { flag: "max_connections", expected: 'a flag other than the hardening flags (max_connections stays "100")', given: "max_connections" },
        ]);
    });

    it("accepts no flags, and several good ones at once", () => {
        expect(databaseFlagProblems("mysql", {})).toEqual([]);
        expect(databaseFlagProblems("mysql", { max_connections: 500, wait_timeout: "3600" }, { local_infile: "off" })).toEqual([]);
    });
});
