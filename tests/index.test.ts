import * as prodstack from "../index";

describe("package entry point", () => {
    it("exposes the components as gcp, aws and core namespaces", () => {
        expect(Object.keys(prodstack).sort()).toEqual(["aws", "core", "gcp"]);
        expect(prodstack.gcp.Network.TYPE).toBe("prodstack:gcp:Network");
        expect(prodstack.gcp.Secrets.TYPE).toBe("prodstack:gcp:Secrets");
        expect(prodstack.core.resourceName(["acme", "prod", "vpc"])).toBe("acme-prod-vpc");
    });
});
