import { missingPeersMessage } from "../../infra/peers";

const resolving = (missing: string[]) => (id: string) => {
    if (missing.includes(id)) throw new Error(`Cannot find module '${id}'`);
    return `/node_modules/${id}/index.js`;
};

describe("the prodstack command's optional peers", () => {
    it("says nothing when yaml, zod and @pulumi/gcp resolve", () => {
        expect(missingPeersMessage(resolving([]))).toBeUndefined();
    });

    it("names each missing peer with the range prodstack declares, and the command to install them", () => {
        expect(missingPeersMessage(resolving(["yaml", "zod"]))).toBe(
            "prodstack: the prodstack command needs yaml, zod, optional peer dependencies of prodstack that are not installed " +
                "(programs that only import components do not need them).\n" +
                'Install them next to prodstack: npm install --save-dev yaml@"^2.9.1" zod@"^4.6.7"\n',
        );
    });

    it("asks for the cloud SDK the stack program loads", () => {
        expect(missingPeersMessage(resolving(["@pulumi/gcp"]))).toContain('npm install --save-dev @pulumi/gcp@"^9.37.0"');
    });
});
