/**
 * Code of the CloudFront Functions (viewer request, `cloudfront-js-2.0`) a {@link Distribution}
 * attaches: a host that only redirects, a site's index and single-page-app rewrite, and the
 * 404 of paths no route serves. Internal: not exported from `prodstack/aws`.
 *
 * The rewrite runs before the cache and the origin, so a single-page app answers every route
 * with its `index.html` and status 200 without turning S3's 403/404 into error pages (which
 * would also hide real errors of every other path of the distribution).
 */

/** The runtime every function uses (the 2.0 runtime: ES 2020-ish, `const`, template strings). */
export const FUNCTION_RUNTIME = "cloudfront-js-2.0";

/** A JavaScript string literal of `value` (hosts and prefixes are validated, but never trust a splice). */
const literal = (value: string): string => JSON.stringify(value);

/**
 * Answers every request with a 301 to `https://<to><path>?<query>`: path and query kept,
 * as the GCP edge's redirect hosts do.
 */
export function redirectFunctionCode(to: string): string {
    return [
        "function handler(event) {",
        "    var request = event.request;",
        "    var parts = [];",
        "    for (var key in request.querystring) {",
        "        var param = request.querystring[key];",
        "        var values = param.multiValue ? param.multiValue : [param];",
        "        for (var i = 0; i < values.length; i++) {",
        "            parts.push(values[i].value === '' ? key : key + '=' + values[i].value);",
        "        }",
        "    }",
        "    var query = parts.length ? '?' + parts.join('&') : '';",
        "    return {",
        "        statusCode: 301,",
        "        statusDescription: 'Moved Permanently',",
        `        headers: { location: { value: 'https://' + ${literal(to)} + request.uri + query } },`,
        "    };",
        "}",
        "",
    ].join("\n");
}

/**
 * Rewrites a site's request URIs to objects: a directory (`/docs/`, or the prefix itself)
 * gets its `index.html`; with `spaFallback`, every path whose last segment has no file
 * extension gets the site's `index.html` (client-side routes such as `/orders/42`).
 */
export function siteFunctionCode(pathPrefix: string, spaFallback: boolean): string {
    const base = pathPrefix === "/" ? "" : pathPrefix;
    return [
        "function handler(event) {",
        "    var request = event.request;",
        "    var uri = request.uri;",
        `    var base = ${literal(base)};`,
        "    if (uri === base || uri.endsWith('/')) {",
        "        request.uri = (uri === base ? base + '/' : uri) + 'index.html';",
        ...(spaFallback
            ? [
                "    } else if (uri.substring(uri.lastIndexOf('/') + 1).indexOf('.') === -1) {",
                "        request.uri = base + '/index.html';",
            ]
            : []),
        "    }",
        "    return request;",
        "}",
        "",
    ].join("\n");
}

/** Answers 404 without contacting any origin: the default behaviour of a host where no route serves `/`. */
export function notFoundFunctionCode(): string {
    return [
        "function handler(event) {",
        "    return { statusCode: 404, statusDescription: 'Not Found' };",
        "}",
        "",
    ].join("\n");
}
