import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    cacheClassOf, classifyBuild, deployCommands, deploySite, DeploySiteError, invalidationPaths, shellLine, siteTarget,
} from "../../infra/deploy-site";

const GCP_OUTPUTS = { siteDeploys: { web: { bucket: "acme-web-staging-web", pathPrefix: "/", project: "acme-web-staging", urlMap: "acme-stg-edge-https" } } };
const AWS_OUTPUTS = { siteDeploys: { docs: { bucket: "acme-stg-site-docs-123456789012", pathPrefix: "/docs", distributionIds: ["E2QWRUHEXAMPLE", "E3ABCDEXAMPLE"] } } };

/** A built frontend: index.html, a Vite asset, a webpack-style hashed file, a favicon. */
function build(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-site-"));
    fs.mkdirSync(path.join(dir, "assets"));
    fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html>");
    fs.writeFileSync(path.join(dir, "assets", "index-BkT1x3Ab.js"), "js");
    fs.writeFileSync(path.join(dir, "main.3f2a1b9c.css"), "css");
    fs.writeFileSync(path.join(dir, "favicon.ico"), "ico");
    return dir;
}

function json(value: unknown): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-outputs-")), "outputs.json");
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
}

describe("deploy-site: cache classes", () => {
    it.each([
        ["index.html", "html"], ["docs/guide.HTM", "html"], ["404.html", "html"],
        ["assets/index-BkT1x3Ab.js", "immutable"], ["main.3f2a1b9c.css", "immutable"], ["static/js/787.a1b2c3d4.chunk.js", "other"],
        ["chunk-5F6G7H8J.mjs", "immutable"],
        // Not hashes: too short, no digit, a size.
        ["app-1234567.js", "other"], ["bootstrap.bundle.js", "other"], ["icon-1024x1024.png", "other"],
        ["favicon.ico", "other"], ["robots.txt", "other"], ["manifest.webmanifest", "other"],
    ])("%s → %s", (file, cls) => {
        expect(cacheClassOf(file)).toBe(cls);
    });

    it("counts everything under an --immutable directory as hashed, HTML excepted", () => {
        expect(cacheClassOf("static/js/787.a1b2c3d4.chunk.js", ["static"])).toBe("immutable");
        expect(cacheClassOf("static/logo.svg", ["static/"])).toBe("immutable");
        expect(cacheClassOf("staticfile.svg", ["static"])).toBe("other");
        expect(cacheClassOf("static/page.html", ["static"])).toBe("html");
    });

    it("classifies a build directory, and refuses a missing or empty one or unfilterable names", () => {
        const dir = build();
        expect(classifyBuild(dir)).toEqual({
            immutable: ["assets/index-BkT1x3Ab.js", "main.3f2a1b9c.css"], other: ["favicon.ico"], html: ["index.html"],
        });
        expect(() => classifyBuild(path.join(dir, "nope"))).toThrow(`--dir ${path.join(dir, "nope")}: no such directory (build the frontend first).`);
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-site-"));
        expect(() => classifyBuild(empty)).toThrow("the directory is empty");
        fs.writeFileSync(path.join(dir, "a,b.js"), "");
        expect(() => classifyBuild(dir)).toThrow('"a,b.js": file names with , * ? [ ] or \\ cannot be passed to the upload filters');
    });
});

describe("deploy-site: reading the stack outputs", () => {
    it("reads a GCP and an AWS site", () => {
        expect(siteTarget(GCP_OUTPUTS, "web", "o.json")).toEqual({ cloud: "gcp", bucket: "acme-web-staging-web", pathPrefix: "/", project: "acme-web-staging", urlMap: "acme-stg-edge-https" });
        expect(siteTarget(AWS_OUTPUTS, "docs", "o.json")).toEqual({ cloud: "aws", bucket: "acme-stg-site-docs-123456789012", pathPrefix: "/docs", distributionIds: ["E2QWRUHEXAMPLE", "E3ABCDEXAMPLE"] });
    });

    it.each<[string, unknown, string]>([
        ["not an object", [], "o.json: expected the JSON object of `pulumi stack output --json`."],
        ["no siteDeploys", { siteBuckets: { web: "b" } }, 'o.json has no "siteDeploys" output'],
        ["unknown site", GCP_OUTPUTS, 'o.json: no site "docs" in siteDeploys (sites: web).'],
        ["no bucket", { siteDeploys: { docs: { pathPrefix: "/", distributionIds: ["E1"] } } }, "o.json: siteDeploys.docs.bucket: expected a non-empty string, got nothing."],
        ["a secret bucket", { siteDeploys: { docs: { bucket: "[secret]", pathPrefix: "/", distributionIds: ["E1"] } } }, 'siteDeploys.docs.bucket: expected a non-empty string, got "[secret]".'],
        ["relative prefix", { siteDeploys: { docs: { bucket: "b", pathPrefix: "docs", distributionIds: ["E1"] } } }, 'siteDeploys.docs.pathPrefix: expected a path starting with "/", got "docs".'],
        ["no distributions", { siteDeploys: { docs: { bucket: "b", pathPrefix: "/", distributionIds: [] } } }, "siteDeploys.docs.distributionIds: expected a non-empty list of CloudFront distribution IDs, got []."],
        ["GCP without url map", { siteDeploys: { docs: { bucket: "b", pathPrefix: "/", project: "p" } } }, "siteDeploys.docs.urlMap: expected a non-empty string, got nothing."],
        ["no CDN at all", { siteDeploys: { docs: { bucket: "b", pathPrefix: "/" } } }, 'expected "urlMap" and "project" (GCP) or "distributionIds" (AWS): no CDN to invalidate.'],
    ])("%s: a clear error", (_name, outputs, message) => {
        const site = _name === "unknown site" ? "docs" : _name === "not an object" || _name === "no siteDeploys" ? "web" : "docs";
        expect(() => siteTarget(outputs, site, "o.json")).toThrow(DeploySiteError);
        expect(() => siteTarget(outputs, site, "o.json")).toThrow(message);
    });
});

describe("deploy-site: commands", () => {
    const classes = { immutable: ["assets/index-BkT1x3Ab.js", "main.3f2a1b9c.css"], other: ["favicon.ico"], html: ["index.html"] };

    it("GCP: hashed files for a year, others briefly, HTML no-cache, in that order, then the Cloud CDN invalidation", () => {
        expect(deployCommands(siteTarget(GCP_OUTPUTS, "web", "o"), "dist", classes)).toEqual([
            ["gcloud", "storage", "rsync", "dist", "gs://acme-web-staging-web/", "--recursive", "--cache-control=public, max-age=31536000, immutable", "--exclude=^(?!(?:assets\\/index\\-BkT1x3Ab\\.js|main\\.3f2a1b9c\\.css)$)"],
            ["gcloud", "storage", "rsync", "dist", "gs://acme-web-staging-web/", "--recursive", "--cache-control=public, max-age=300", "--exclude=^(?!(?:favicon\\.ico)$)"],
            ["gcloud", "storage", "rsync", "dist", "gs://acme-web-staging-web/", "--recursive", "--cache-control=no-cache", "--exclude=^(?!(?:index\\.html)$)"],
            ["gcloud", "compute", "url-maps", "invalidate-cdn-cache", "acme-stg-edge-https", "--path=/*", "--global", "--project=acme-web-staging", "--async"],
        ]);
    });

    it("AWS: the site's prefix in the bucket, exact includes per class, one invalidation per distribution", () => {
        expect(deployCommands(siteTarget(AWS_OUTPUTS, "docs", "o"), "dist", { ...classes, other: [] })).toEqual([
            ["aws", "s3", "sync", "dist", "s3://acme-stg-site-docs-123456789012/docs/", "--cache-control", "public, max-age=31536000, immutable", "--exclude", "*", "--include", "assets/index-BkT1x3Ab.js", "--include", "main.3f2a1b9c.css"],
            ["aws", "s3", "sync", "dist", "s3://acme-stg-site-docs-123456789012/docs/", "--cache-control", "no-cache", "--exclude", "*", "--include", "index.html"],
            ["aws", "cloudfront", "create-invalidation", "--distribution-id", "E2QWRUHEXAMPLE", "--paths", "/docs", "/docs/*"],
            ["aws", "cloudfront", "create-invalidation", "--distribution-id", "E3ABCDEXAMPLE", "--paths", "/docs", "/docs/*"],
        ]);
    });

    it.each([["/", ["/*"]], ["/docs", ["/docs", "/docs/*"]], ["/docs/", ["/docs", "/docs/*"]]])("invalidates %s as %j", (prefix, paths) => {
        expect(invalidationPaths(prefix)).toEqual(paths);
    });

    it("quotes for a POSIX shell only what needs it", () => {
        expect(shellLine(["aws", "s3", "sync", "dist", "--cache-control", "public, max-age=300", "--exclude", "*", "it's"])).toBe(
            "aws s3 sync dist --cache-control 'public, max-age=300' --exclude '*' 'it'\\''s'",
        );
    });
});

describe("deploy-site: printing and running", () => {
    it("prints a header and the commands, runs nothing without --execute", () => {
        let out = "";
        const code = deploySite({ site: "web", dir: build(), outputs: json(GCP_OUTPUTS), stack: "staging", immutable: [], execute: false }, (t) => (out += t));
        expect(code).toBe(0);
        const lines = out.trimEnd().split("\n");
        expect(lines[0]).toBe("# prodstack deploy-site: site web of stack staging → gs://acme-web-staging-web/ (2 hashed, 1 other, 1 HTML)");
        expect(lines.slice(1).map((l) => l.split(" ").slice(0, 3).join(" "))).toEqual([
            "gcloud storage rsync", "gcloud storage rsync", "gcloud storage rsync", "gcloud compute url-maps",
        ]);
    });

    it("with --execute runs each command and stops at the first failure (exit 1)", () => {
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-bin-"));
        const log = path.join(bin, "log");
        // A stand-in `aws` that records its arguments and fails on the invalidation.
        fs.writeFileSync(path.join(bin, "aws"), `#!/bin/sh\necho "$1 $2" >> ${log}\n[ "$1" = cloudfront ] && exit 3\nexit 0\n`, { mode: 0o755 });
        const pathBefore = process.env.PATH;
        process.env.PATH = `${bin}${path.delimiter}${pathBefore}`;
        try {
            let out = "";
            const code = deploySite({ site: "docs", dir: build(), outputs: json(AWS_OUTPUTS), immutable: [], execute: true }, (t) => (out += t));
            expect(code).toBe(1);
            expect(fs.readFileSync(log, "utf8")).toBe("s3 sync\ns3 sync\ns3 sync\ncloudfront create-invalidation\n");
            expect(out.trimEnd().split("\n").pop()).toBe("# failed: aws cloudfront create-invalidation (exit 3); later steps skipped");
        } finally {
            process.env.PATH = pathBefore;
        }
    });

    it("without --outputs, reads them with `pulumi stack output --json --stack NAME`; a failing pulumi is bad input", () => {
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "prodstack-bin-"));
        const log = path.join(bin, "log");
        fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho "$@" >> ${log}\n[ "$5" = broken ] && { echo "no stack named broken" >&2; exit 255; }\necho '${JSON.stringify(AWS_OUTPUTS)}'\n`, { mode: 0o755 });
        const pathBefore = process.env.PATH;
        process.env.PATH = `${bin}${path.delimiter}${pathBefore}`;
        try {
            let out = "";
            expect(deploySite({ site: "docs", dir: build(), stack: "aws-staging", immutable: [], execute: false }, (t) => (out += t))).toBe(0);
            expect(out.split("\n")[0]).toBe("# prodstack deploy-site: site docs of stack aws-staging → s3://acme-stg-site-docs-123456789012/docs/ (2 hashed, 1 other, 1 HTML)");
            expect(() => deploySite({ site: "docs", dir: build(), stack: "broken", immutable: [], execute: false }, () => undefined))
                .toThrow("pulumi stack output --json --stack broken failed (exit 255: no stack named broken); or give --outputs FILE.");
            expect(fs.readFileSync(log, "utf8")).toBe("stack output --json --stack aws-staging\nstack output --json --stack broken\n");
        } finally {
            process.env.PATH = pathBefore;
        }
    });

    it("needs --site, --dir and outputs; an unreadable or non-JSON outputs file is bad input", () => {
        const dir = build();
        const run = (opts: Partial<Parameters<typeof deploySite>[0]>) => () => deploySite({ immutable: [], execute: false, ...opts }, () => undefined);
        expect(run({ dir })).toThrow("deploy-site needs --site NAME");
        expect(run({ site: "web" })).toThrow("deploy-site needs --dir BUILD_DIR");
        expect(run({ site: "web", dir })).toThrow("deploy-site needs --outputs FILE (or -, `pulumi stack output --json` piped in) or --stack NAME");
        expect(run({ site: "web", dir, outputs: path.join(dir, "missing.json") })).toThrow(`Cannot read ${path.join(dir, "missing.json")}: ENOENT.`);
        const notJson = path.join(dir, "index.html");
        expect(run({ site: "web", dir, outputs: notJson })).toThrow(`${notJson}: not JSON`);
    });
});
