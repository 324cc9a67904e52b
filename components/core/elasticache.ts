/**
 * What ElastiCache runs: engine versions and node sizes. The spec (for `cloud: aws`) and the
 * AWS `Cache` component check against the same tables, so a size or version the service
 * cannot run is an error naming the key, never a failed deploy or a silent rounding.
 */

/** An ElastiCache engine: Valkey (the default), or Redis OSS. */
export type CacheEngine = "valkey" | "redis";

/**
 * Engine versions a replication group may run, by engine (ElastiCache "Supported engines and
 * versions"). Redis OSS 7.1 is the last Redis OSS release ElastiCache offers and the only one
 * accepted (older ones lack the features the component relies on or near end of support);
 * Valkey 7.2 is the drop-in successor of Redis OSS 7.2.
 */
export const CACHE_ENGINE_VERSIONS: Readonly<Record<CacheEngine, readonly string[]>> = {
    valkey: ["7.2", "8.0", "8.1", "8.2", "9.0"],
    redis: ["7.1"],
};

/**
 * The engine behind a cloud-neutral Redis version (the spec's `cache.version`): `7.1` is
 * Redis OSS 7.1, every Valkey version (7.2 and later) is Valkey, which speaks the Redis
 * protocol and commands of Redis OSS 7.2. Undefined when ElastiCache runs no such version.
 */
export function cacheEngineOf(version: string): { engine: CacheEngine; engineVersion: string } | undefined {
    for (const engine of ["redis", "valkey"] as const) {
        if (CACHE_ENGINE_VERSIONS[engine].includes(version)) return { engine, engineVersion: version };
    }
    return undefined;
}

/** What a cache version check expects, for error messages. */
export const CACHE_VERSION_EXPECTED =
    `a version ElastiCache runs: "7.1" (Redis OSS) or ${CACHE_ENGINE_VERSIONS.valkey.map((v) => `"${v}"`).join(", ")} (Valkey)`;

/**
 * Node types by memory, smallest first: Graviton burstable nodes for small caches, then the
 * memory-optimised r7g family. `memoryGiB` is the node's memory as ElastiCache lists it
 * ("Supported node types"); a cache of N GB gets the smallest node with at least N GiB.
 */
export const CACHE_NODE_TYPES: ReadonlyArray<{ nodeType: string; memoryGiB: number }> = [
    { nodeType: "cache.t4g.small", memoryGiB: 1.37 },
    { nodeType: "cache.t4g.medium", memoryGiB: 3.09 },
    { nodeType: "cache.m7g.large", memoryGiB: 6.38 },
    { nodeType: "cache.r7g.large", memoryGiB: 13.07 },
    { nodeType: "cache.r7g.xlarge", memoryGiB: 26.32 },
    { nodeType: "cache.r7g.2xlarge", memoryGiB: 52.82 },
    { nodeType: "cache.r7g.4xlarge", memoryGiB: 105.81 },
    { nodeType: "cache.r7g.8xlarge", memoryGiB: 209.55 },
    { nodeType: "cache.r7g.12xlarge", memoryGiB: 317.77 },
    { nodeType: "cache.r7g.16xlarge", memoryGiB: 419.09 },
];

/** The largest whole cache size a node type holds (GB). */
export const CACHE_MAX_MEMORY_GB = Math.floor(CACHE_NODE_TYPES[CACHE_NODE_TYPES.length - 1].memoryGiB);

/** The smallest node type with at least `memoryGb` GiB, or undefined when none is that large (or the size is not a positive integer). */
export function cacheNodeTypeFor(memoryGb: number): string | undefined {
    if (!Number.isInteger(memoryGb) || memoryGb < 1) return undefined;
    return CACHE_NODE_TYPES.find((n) => n.memoryGiB >= memoryGb)?.nodeType;
}
