/**
 * Protobuf Structs that stay plain JavaScript values while a program runs under mocks. The SDK
 * encodes every registration's inputs (and every invoke's arguments and the stack's outputs)
 * with `Struct.fromJavaScript`, Value by Value, and the mock monitor, in the same process,
 * decodes them again with `toJavaScript`: that round trip and the garbage it leaves were about
 * a twentieth of `plan --all`. Nothing is sent anywhere under mocks, so the encoding is skipped.
 */
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";

/** The Struct class of the protobuf copy the SDK itself loads. */
function sdkStruct(): typeof StructType {
    const file = require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [require.resolve("@pulumi/pulumi")] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's own copy, found at run time
    return (require(file) as { Struct: typeof StructType }).Struct;
}

/** A value as a protobuf Struct round trip returns it: a copy with object keys sorted; undefined, functions and symbols rejected. */
export function structValue(value: unknown): unknown {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
    if (Array.isArray(value)) return value.map(structValue);
    if (typeof value !== "object") throw new Error("Unexpected struct type.");
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) out[key] = structValue(obj[key]);
    return out;
}

/**
 * A Struct holding a plain copy of its value. `toJavaScript`, all the SDK and the mock monitor
 * read of a Struct in process, returns a fresh copy as the real one does (keys sorted); any other
 * reader (`getFieldsMap`, as the SDK's getResource invoke uses) gets the real encoding, built on
 * first use. Its binary form is empty: nothing serializes a message under mocks.
 */
function plainStructClass(Struct: typeof StructType, encode: (value: Record<string, unknown>) => StructType) {
    return class PlainStruct extends Struct {
        private encoded?: StructType;

        constructor(private readonly plain: Record<string, unknown>) {
            super();
        }

        override toJavaScript(): ReturnType<StructType["toJavaScript"]> {
            return structValue(this.plain) as ReturnType<StructType["toJavaScript"]>;
        }

        override getFieldsMap(): ReturnType<StructType["getFieldsMap"]> {
            this.encoded ??= encode(this.plain);
            return this.encoded.getFieldsMap();
        }
    };
}

/**
 * Makes `Struct.fromJavaScript` return PlainStructs until the returned function is called. The
 * value is copied (and checked, "Unexpected struct type.") at once, as the real encoding does,
 * so later changes to it are not seen.
 */
export function usePlainStructs(): () => void {
    const Struct = sdkStruct();
    const original = Struct.fromJavaScript;
    const PlainStruct = plainStructClass(Struct, (value) => original.call(Struct, value as Parameters<typeof original>[0]));
    // Only a plain object takes the short cut: anything else (never the SDK's case) is encoded as before.
    Struct.fromJavaScript = (value) =>
        value !== null && typeof value === "object" && !Array.isArray(value)
            ? new PlainStruct(structValue(value) as Record<string, unknown>)
            : original.call(Struct, value);
    return () => {
        Struct.fromJavaScript = original;
    };
}
