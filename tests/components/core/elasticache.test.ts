import { CACHE_MAX_MEMORY_GB, CACHE_VERSION_EXPECTED, cacheEngineOf, cacheNodeTypeFor } from "../../../components/core/elasticache";

describe("ElastiCache engines and node sizes", () => {
    it.each([
        ["7.1", "redis"],
        ["7.2", "valkey"],
        ["8.0", "valkey"],
        ["8.1", "valkey"],
        ["8.2", "valkey"],
        ["9.0", "valkey"],
    ])("runs version %s on %s", (version, engine) => {
        expect(cacheEngineOf(version)).toEqual({ engine, engineVersion: version });
    });

    it.each(["7.0", "6.2", "8", "7.1 ", "", "valkey"])("runs no version %j", (version) => {
        expect(cacheEngineOf(version)).toBeUndefined();
    });

    it("names the versions it runs in errors", () => {
        expect(CACHE_VERSION_EXPECTED).toBe('a version ElastiCache runs: "7.1" (Redis OSS) or "7.2", "8.0", "8.1", "8.2", "9.0" (Valkey)');
    });

    // Each node type at both sides of its memory (ElastiCache "Supported node types").
    it.each([
        [1, "cache.t4g.small"],
        [2, "cache.t4g.medium"],
        [3, "cache.t4g.medium"],
        [4, "cache.m7g.large"],
        [6, "cache.m7g.large"],
        [7, "cache.r7g.large"],
        [13, "cache.r7g.large"],
        [14, "cache.r7g.xlarge"],
        [26, "cache.r7g.xlarge"],
        [27, "cache.r7g.2xlarge"],
        [52, "cache.r7g.2xlarge"],
        [53, "cache.r7g.4xlarge"],
        [105, "cache.r7g.4xlarge"],
        [106, "cache.r7g.8xlarge"],
        [209, "cache.r7g.8xlarge"],
        [210, "cache.r7g.12xlarge"],
        [317, "cache.r7g.12xlarge"],
        [318, "cache.r7g.16xlarge"],
        [419, "cache.r7g.16xlarge"],
    ])("holds %s GB on the smallest node type large enough: %s", (gb, nodeType) => {
        expect(cacheNodeTypeFor(gb)).toBe(nodeType);
    });

    it.each([420, 0, -1, 1.5, NaN])("has no node type for %s GB", (gb) => {
        expect(cacheNodeTypeFor(gb)).toBeUndefined();
    });

    it("caps a cache at the largest node's whole GiB", () => {
        expect(CACHE_MAX_MEMORY_GB).toBe(419);
    });
});
