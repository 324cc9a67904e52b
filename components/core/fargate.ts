/**
 * Fargate task sizes. Fargate runs only the CPU/memory pairs listed in the ECS developer
 * guide ("Task CPU and memory"); anything else fails at deploy time with "No Fargate
 * configuration exists for given values". The spec and the components reject an invalid
 * pair with the memory range allowed for the CPU asked, and never round either value.
 */

/** Memory choices of one Fargate CPU size, in MiB: from `min` to `max` in steps of `step`. */
interface FargateMemoryRange {
    readonly cpuUnits: number;
    readonly min: number;
    readonly max: number;
    readonly step: number;
    /** Explicit choices where the range has gaps (0.25 vCPU: 512, 1024 or 2048 MiB only). */
    readonly only?: readonly number[];
}

const GIB = 1024;

/** The Fargate (Linux, platform 1.4.0) CPU sizes, by vCPU, with their allowed memory. */
const FARGATE_SIZES: ReadonlyMap<number, FargateMemoryRange> = new Map([
    [0.25, { cpuUnits: 256, min: 512, max: 2 * GIB, step: 512, only: [512, 1024, 2048] }],
    [0.5, { cpuUnits: 512, min: 1 * GIB, max: 4 * GIB, step: GIB }],
    [1, { cpuUnits: 1024, min: 2 * GIB, max: 8 * GIB, step: GIB }],
    [2, { cpuUnits: 2048, min: 4 * GIB, max: 16 * GIB, step: GIB }],
    [4, { cpuUnits: 4096, min: 8 * GIB, max: 30 * GIB, step: GIB }],
    [8, { cpuUnits: 8192, min: 16 * GIB, max: 60 * GIB, step: 4 * GIB }],
    [16, { cpuUnits: 16384, min: 32 * GIB, max: 120 * GIB, step: 8 * GIB }],
]);

/** The vCPU sizes Fargate offers: 0.25, 0.5, 1, 2, 4, 8, 16. */
export const FARGATE_VCPUS: readonly number[] = [...FARGATE_SIZES.keys()];

/** A Fargate size as the task definition takes it: CPU units and MiB, both as strings. */
export interface FargateTaskSize {
    /**
     * CPU units, e.g. `"1024"` for 1 vCPU.
     * @default none (required)
     */
    cpu: string;
    /**
     * Memory in MiB, e.g. `"2048"`.
     * @default none (required)
     */
    memory: string;
}

/** A reason a CPU/memory pair is not a Fargate size: which field, and what was expected. */
export interface FargateSizeProblem {
    /**
     * Which arg is wrong.
     * @default none (required)
     */
    field: "cpu" | "memoryMiB";
    /**
     * What would be accepted, for the error message.
     * @default none (required)
     */
    expected: string;
}

/** Every memory size (MiB) Fargate accepts with `vcpu`, or [] when `vcpu` is not a Fargate size. */
export function fargateMemoryChoices(vcpu: number): number[] {
    const range = FARGATE_SIZES.get(vcpu);
    if (!range) return [];
    if (range.only) return [...range.only];
    const out: number[] = [];
    for (let m = range.min; m <= range.max; m += range.step) out.push(m);
    return out;
}

/**
 * Why (`vcpu`, `memoryMiB`) is not a Fargate task size, or undefined when it is one.
 * The memory message names the allowed range for the CPU asked, e.g. "memory from 2048 to
 * 8192 MiB in steps of 1024 MiB for 1 vCPU on Fargate".
 */
export function fargateSizeProblem(vcpu: number, memoryMiB: number): FargateSizeProblem | undefined {
    const range = FARGATE_SIZES.get(vcpu);
    if (!range) return { field: "cpu", expected: `a Fargate vCPU size (${FARGATE_VCPUS.join(", ")})` };
    if (!fargateMemoryChoices(vcpu).includes(memoryMiB)) {
        const allowed = range.only
            ? `memory of ${range.only.join(", ")} MiB`
            : `memory from ${range.min} to ${range.max} MiB in steps of ${range.step} MiB`;
        return { field: "memoryMiB", expected: `${allowed} for ${vcpu} vCPU on Fargate` };
    }
    return undefined;
}

/** The task-definition size of a valid pair; throws on an invalid one (validate first). */
export function fargateTaskSize(vcpu: number, memoryMiB: number): FargateTaskSize {
    const problem = fargateSizeProblem(vcpu, memoryMiB);
    if (problem) throw new RangeError(`${problem.field}: expected ${problem.expected}`);
    return { cpu: String(FARGATE_SIZES.get(vcpu)!.cpuUnits), memory: String(memoryMiB) };
}
