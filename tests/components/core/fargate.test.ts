import { FARGATE_VCPUS, fargateMemoryChoices, fargateSizeProblem, fargateTaskSize } from "../../../components/core/fargate";

describe("Fargate task sizes", () => {
    it("offers the seven Fargate CPU sizes", () => {
        expect(FARGATE_VCPUS).toEqual([0.25, 0.5, 1, 2, 4, 8, 16]);
    });

    // Boundaries of every CPU size, both sides, from the ECS developer guide's table.
    it.each([
        [0.25, 512, "256", "512"],
        [0.25, 1024, "256", "1024"],
        [0.25, 2048, "256", "2048"],
        [0.5, 1024, "512", "1024"],
        [0.5, 4096, "512", "4096"],
        [1, 2048, "1024", "2048"],
        [1, 8192, "1024", "8192"],
        [2, 4096, "2048", "4096"],
        [2, 16384, "2048", "16384"],
        [4, 8192, "4096", "8192"],
        [4, 30720, "4096", "30720"],
        [8, 16384, "8192", "16384"],
        [8, 20480, "8192", "20480"],
        [8, 61440, "8192", "61440"],
        [16, 32768, "16384", "32768"],
        [16, 40960, "16384", "40960"],
        [16, 122880, "16384", "122880"],
    ])("accepts %s vCPU with %s MiB as cpu %s / memory %s", (vcpu, mib, cpu, memory) => {
        expect(fargateSizeProblem(vcpu, mib)).toBeUndefined();
        expect(fargateTaskSize(vcpu, mib)).toEqual({ cpu, memory });
    });

    it.each([
        [0.25, 256, "memory of 512, 1024, 2048 MiB for 0.25 vCPU on Fargate"],
        [0.25, 1536, "memory of 512, 1024, 2048 MiB for 0.25 vCPU on Fargate"],
        [0.25, 3072, "memory of 512, 1024, 2048 MiB for 0.25 vCPU on Fargate"],
        [0.5, 512, "memory from 1024 to 4096 MiB in steps of 1024 MiB for 0.5 vCPU on Fargate"],
        [0.5, 5120, "memory from 1024 to 4096 MiB in steps of 1024 MiB for 0.5 vCPU on Fargate"],
        // The shipped staging stack: 1 vCPU / 512 MiB.
        [1, 512, "memory from 2048 to 8192 MiB in steps of 1024 MiB for 1 vCPU on Fargate"],
        [1, 1024, "memory from 2048 to 8192 MiB in steps of 1024 MiB for 1 vCPU on Fargate"],
        [1, 9216, "memory from 2048 to 8192 MiB in steps of 1024 MiB for 1 vCPU on Fargate"],
        [1, 2560, "memory from 2048 to 8192 MiB in steps of 1024 MiB for 1 vCPU on Fargate"],
        // The shipped prod stack: 2 vCPU / 1 GiB.
        [2, 1024, "memory from 4096 to 16384 MiB in steps of 1024 MiB for 2 vCPU on Fargate"],
        [2, 17408, "memory from 4096 to 16384 MiB in steps of 1024 MiB for 2 vCPU on Fargate"],
        [4, 7168, "memory from 8192 to 30720 MiB in steps of 1024 MiB for 4 vCPU on Fargate"],
        [4, 31744, "memory from 8192 to 30720 MiB in steps of 1024 MiB for 4 vCPU on Fargate"],
        [8, 17408, "memory from 16384 to 61440 MiB in steps of 4096 MiB for 8 vCPU on Fargate"],
        [8, 65536, "memory from 16384 to 61440 MiB in steps of 4096 MiB for 8 vCPU on Fargate"],
        [16, 36864, "memory from 32768 to 122880 MiB in steps of 8192 MiB for 16 vCPU on Fargate"],
        [16, 131072, "memory from 32768 to 122880 MiB in steps of 8192 MiB for 16 vCPU on Fargate"],
    ])("rejects %s vCPU with %s MiB, naming the range for that CPU", (vcpu, mib, expected) => {
        expect(fargateSizeProblem(vcpu, mib)).toEqual({ field: "memoryMiB", expected });
        expect(() => fargateTaskSize(vcpu, mib)).toThrow(`memoryMiB: expected ${expected}`);
    });

    it.each([0.08, 0.3, 1.5, 3, 32, 0, -1, NaN])("rejects %s vCPU, never rounding to a size", (vcpu) => {
        expect(fargateSizeProblem(vcpu, 2048)).toEqual({ field: "cpu", expected: "a Fargate vCPU size (0.25, 0.5, 1, 2, 4, 8, 16)" });
    });

    it("lists the memory choices of a size", () => {
        expect(fargateMemoryChoices(0.5)).toEqual([1024, 2048, 3072, 4096]);
        expect(fargateMemoryChoices(8)).toEqual([16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440]);
        expect(fargateMemoryChoices(3)).toEqual([]);
    });
});
