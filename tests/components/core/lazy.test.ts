import { lazyLoad } from "../../../components/core/lazy";

describe("lazyLoad", () => {
    it("loads the module on first use of a name only, and lists the names as the module's exports", () => {
        const exports = {} as Record<string, unknown>;
        const load = jest.fn(() => ({ Network: "network class", Cache: "cache class", Other: "not exported" }));
        lazyLoad(exports, ["Network", "Cache"], load);
        expect(load).not.toHaveBeenCalled();
        expect(Object.keys(exports)).toEqual(["Network", "Cache"]);
        expect(load).not.toHaveBeenCalled();
        expect(exports.Network).toBe("network class");
        expect(exports.Cache).toBe("cache class");
        expect(exports.Other).toBeUndefined();
        expect(load).toHaveBeenCalledTimes(2);
    });

    it("defines configurable getters, as Pulumi's SDKs do (jest and re-exports may redefine them)", () => {
        const exports = {};
        lazyLoad(exports, ["Network"], () => ({ Network: 1 }));
        expect(Object.getOwnPropertyDescriptor(exports, "Network")).toMatchObject({ enumerable: true, configurable: true });
        Object.defineProperty(exports, "Network", { value: 2 });
        expect((exports as { Network: number }).Network).toBe(2);
    });
});
