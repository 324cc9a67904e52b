/**
 * The CloudFront Functions' code, run on viewer-request events shaped as CloudFront's
 * `cloudfront-js-2.0` runtime passes them (`request.uri`, `request.querystring` with
 * `multiValue` for repeated keys): the best proof offline that the code works.
 */
import { FUNCTION_RUNTIME, notFoundFunctionCode, redirectFunctionCode, siteFunctionCode } from "../../../components/aws/edge-functions";

type Querystring = Record<string, { value: string; multiValue?: Array<{ value: string }> }>;

/** Runs a function's code on a viewer request, as the runtime would (a `handler(event)` at top level). */
function run(code: string, uri: string, querystring: Querystring = {}): Record<string, any> {
    return new Function(`${code}; return handler;`)()({ version: "1.0", request: { method: "GET", uri, querystring, headers: {}, cookies: {} } });
}

describe("aws CloudFront Functions", () => {
    it("run on the 2.0 runtime", () => {
        expect(FUNCTION_RUNTIME).toBe("cloudfront-js-2.0");
    });

    describe("redirect", () => {
        const code = redirectFunctionCode("example.com");
        it.each<[string, string, Querystring, string]>([
            ["the root", "/", {}, "https://example.com/"],
            ["a path", "/pricing/teams", {}, "https://example.com/pricing/teams"],
            ["a query", "/search", { q: { value: "shoes" } }, "https://example.com/search?q=shoes"],
            ["several keys in order", "/", { a: { value: "1" }, b: { value: "2" } }, "https://example.com/?a=1&b=2"],
            ["a repeated key", "/", { tag: { value: "a", multiValue: [{ value: "a" }, { value: "b" }, { value: "c" }] } }, "https://example.com/?tag=a&tag=b&tag=c"],
            ["a key without a value", "/", { flag: { value: "" }, x: { value: "1" } }, "https://example.com/?flag&x=1"],
        ])("answers %s with a 301 keeping path and query", (_label, uri, querystring, location) => {
            expect(run(code, uri, querystring)).toEqual({ statusCode: 301, statusDescription: "Moved Permanently", headers: { location: { value: location } } });
        });

        it("embeds the target as a string literal, never as code", () => {
            expect(run(redirectFunctionCode("a'b\"c.example.com"), "/").headers.location.value).toBe("https://a'b\"c.example.com/");
        });
    });

    describe("site at /", () => {
        it.each<[string, boolean, string, string]>([
            ["the root", false, "/", "/index.html"],
            ["a directory", false, "/docs/", "/docs/index.html"],
            ["a file", false, "/app.3f2a.js", "/app.3f2a.js"],
            ["a path without an extension (no fallback)", false, "/about", "/about"],
            ["the root", true, "/", "/index.html"],
            ["a directory", true, "/docs/", "/docs/index.html"],
            ["an app route", true, "/orders/42", "/index.html"],
            ["an app route under a dotted directory", true, "/v1.2/orders", "/index.html"],
            ["a nested file", true, "/assets/app.3f2a.js", "/assets/app.3f2a.js"],
            ["a file at the root", true, "/favicon.ico", "/favicon.ico"],
        ])("rewrites %s (fallback %s): %s → %s", (_label, spa, uri, expected) => {
            const request = run(siteFunctionCode("/", spa), uri);
            expect(request).toEqual({ method: "GET", uri: expected, querystring: {}, headers: {}, cookies: {} });
        });
    });

    describe("site under a prefix", () => {
        it.each<[boolean, string, string]>([
            [false, "/docs", "/docs/index.html"],
            [false, "/docs/", "/docs/index.html"],
            [false, "/docs/guide/", "/docs/guide/index.html"],
            [false, "/docs/guide", "/docs/guide"],
            [false, "/docs/logo.svg", "/docs/logo.svg"],
            [true, "/docs", "/docs/index.html"],
            [true, "/docs/", "/docs/index.html"],
            [true, "/docs/guide/", "/docs/guide/index.html"],
            [true, "/docs/guide/intro", "/docs/index.html"],
            [true, "/docs/logo.svg", "/docs/logo.svg"],
        ])("with fallback %s rewrites %s → %s", (spa, uri, expected) => {
            expect(run(siteFunctionCode("/docs", spa), uri).uri).toBe(expected);
        });
    });

    it("answers 404 to any request where no route serves, contacting no origin", () => {
        const code = notFoundFunctionCode();
        expect(run(code, "/")).toEqual({ statusCode: 404, statusDescription: "Not Found" });
        expect(run(code, "/wp-admin/setup.php", { a: { value: "1" } })).toEqual({ statusCode: 404, statusDescription: "Not Found" });
    });
});
