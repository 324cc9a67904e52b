import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import { usePlainStructs } from "../../../infra/plan/plain-struct";

/** Runs `body` with plain Structs in use, restoring the real encoding after. */
function withPlainStructs<T>(body: () => T): T {
    const restore = usePlainStructs();
    try {
        return body();
    } finally {
        restore();
    }
}

describe("usePlainStructs", () => {
    const value = { zone: "b", app: { tags: ["x", 2, true, null], name: "n" }, count: -0.5 };

    it("gives back what the protobuf encoding gives back: a copy, object keys sorted at every depth", () => {
        const plain = withPlainStructs(() => Struct.fromJavaScript(value).toJavaScript());
        expect(plain).toEqual(Struct.fromJavaScript(value).toJavaScript());
        expect(plain).toEqual({ app: { name: "n", tags: ["x", 2, true, null] }, count: -0.5, zone: "b" });
        expect(Object.keys(plain)).toEqual(["app", "count", "zone"]);
        expect(Object.keys(plain.app as object)).toEqual(["name", "tags"]);
        expect(plain.app).not.toBe(value.app);
    });

    it("does not encode the value Value by Value (the cost it saves)", () => {
        const encode = jest.spyOn(Value, "fromJavaScript");
        try {
            withPlainStructs(() => Struct.fromJavaScript(value).toJavaScript());
            expect(encode).not.toHaveBeenCalled();
        } finally {
            encode.mockRestore();
        }
    });

    it("copies the value when encoding, as protobuf does: later changes are not seen, each read is a fresh copy", () => {
        const source = { list: [1] };
        const struct = withPlainStructs(() => Struct.fromJavaScript(source));
        source.list.push(2);
        const first = struct.toJavaScript() as { list: number[] };
        first.list.push(3);
        expect(struct.toJavaScript()).toEqual({ list: [1] });
    });

    it("rejects what protobuf rejects, when encoding", () => {
        withPlainStructs(() => {
            expect(() => Struct.fromJavaScript({ a: undefined } as never)).toThrow("Unexpected struct type.");
            expect(() => Struct.fromJavaScript({ a: [() => 1] } as never)).toThrow("Unexpected struct type.");
            expect(Struct.fromJavaScript({ a: "" }).toJavaScript()).toEqual({ a: "" });
        });
    });

    it("still answers readers of the protobuf fields, and encodes anything but a plain object as before", () => {
        withPlainStructs(() => {
            const fields = Struct.fromJavaScript({ urn: "u", state: { b: 1 } }).getFieldsMap();
            expect(fields.get("urn")!.getStringValue()).toBe("u");
            expect(fields.get("state")!.getStructValue()!.toJavaScript()).toEqual({ b: 1 });
            expect(Struct.fromJavaScript(null as never).toJavaScript()).toEqual({});
        });
    });

    it("restores the real encoding", () => {
        const original = Struct.fromJavaScript;
        withPlainStructs(() => expect(Struct.fromJavaScript).not.toBe(original));
        expect(Struct.fromJavaScript).toBe(original);
        expect(Struct.fromJavaScript({ a: 1 }).getFieldsMap().get("a")!.getNumberValue()).toBe(1);
    });
});
