/** Runs the `prodstack` CLI in-process and captures what it prints. */
import { runCli } from "../../infra/cli";

export interface CliResult {
    code: number;
    out: string;
    err: string;
}

export async function cli(...argv: string[]): Promise<CliResult> {
    let out = "";
    let err = "";
    const o = jest.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
    const e = jest.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
    try {
        return { code: await runCli(argv), out, err };
    } finally {
        o.mockRestore();
        e.mockRestore();
    }
}
