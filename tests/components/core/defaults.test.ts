import { definedOnly } from "../../../components/core/defaults";

describe("definedOnly", () => {
    it("drops only the keys whose value is undefined, keeping falsy values", () => {
        expect(definedOnly({ a: 1, b: undefined, c: null, d: 0, e: "", f: false })).toStrictEqual({ a: 1, c: null, d: 0, e: "", f: false });
    });

    it("lets defaults stand where the caller left a field unset", () => {
        const defaults = { length: 64, charset: "alphanumeric" };
        expect({ ...defaults, ...definedOnly({ length: undefined, charset: "hex" }) }).toStrictEqual({ length: 64, charset: "hex" });
    });
});
