/**
 * `prodstack deploy-site`: the commands that upload a built frontend to its site bucket with
 * the right cache headers and invalidate the CDN in front of it, from the stack's
 * `siteDeploys` output (`pulumi stack output --json`).
 *
 * Cache headers: content-hashed files (a hash in the name, `index-BkT1x3Ab.js`,
 * `main.3f2a1b9c.css`, or anything under an `--immutable` directory) never change under
 * their name, so browsers and the CDN keep them for a year; HTML is revalidated on every
 * request (`no-cache`), so a deploy is visible at once; other files (favicon, robots.txt,
 * manifest) are cached briefly. Upload order keeps every page whole during the deploy:
 * hashed assets first, then other files, then the HTML that references them, then the
 * invalidation. Nothing is deleted: pages still open in browsers keep loading the previous
 * build's assets.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
export const CACHE_HTML = "no-cache";
export const CACHE_OTHER = "public, max-age=300";

/** Bad input (missing or incomplete outputs, unknown site, empty build directory): exit 2. */
export class DeploySiteError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DeploySiteError";
    }
}

/** Where one site's files go and which CDN serves them, read from the `siteDeploys` output. */
export type SiteTarget =
    | { cloud: "gcp"; bucket: string; pathPrefix: string; project: string; urlMap: string }
    | { cloud: "aws"; bucket: string; pathPrefix: string; distributionIds: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v !== "[secret]";

/** Reads `site` from stack outputs (`pulumi stack output --json`); `source` names them in errors. */
export function siteTarget(outputs: unknown, site: string, source: string): SiteTarget {
    if (!isRecord(outputs)) throw new DeploySiteError(`${source}: expected the JSON object of \`pulumi stack output --json\`.`);
    const deploys = outputs.siteDeploys;
    if (!isRecord(deploys)) {
        throw new DeploySiteError(`${source} has no "siteDeploys" output: the stack has no static sites, or was last deployed by a prodstack without it (run pulumi up first).`);
    }
    const entry = deploys[site];
    if (!isRecord(entry)) {
        const known = Object.keys(deploys);
        throw new DeploySiteError(`${source}: no site "${site}" in siteDeploys (sites: ${known.length ? known.join(", ") : "none"}).`);
    }
    const at = `${source}: siteDeploys.${site}`;
    const text = (key: string): string => {
        if (!isText(entry[key])) throw new DeploySiteError(`${at}.${key}: expected a non-empty string, got ${JSON.stringify(entry[key]) ?? "nothing"}.`);
        return entry[key] as string;
    };
    const bucket = text("bucket");
    const pathPrefix = text("pathPrefix");
    if (!pathPrefix.startsWith("/")) throw new DeploySiteError(`${at}.pathPrefix: expected a path starting with "/", got "${pathPrefix}".`);
    if ("distributionIds" in entry) {
        const ids = entry.distributionIds;
        if (!Array.isArray(ids) || ids.length === 0 || !ids.every(isText)) {
            throw new DeploySiteError(`${at}.distributionIds: expected a non-empty list of CloudFront distribution IDs, got ${JSON.stringify(ids)}.`);
        }
        return { cloud: "aws", bucket, pathPrefix, distributionIds: ids as string[] };
    }
    if ("urlMap" in entry || "project" in entry) return { cloud: "gcp", bucket, pathPrefix, project: text("project"), urlMap: text("urlMap") };
    throw new DeploySiteError(`${at}: expected "urlMap" and "project" (GCP) or "distributionIds" (AWS): no CDN to invalidate.`);
}

/** A content hash in the file name: a dot- or dash-separated run of 8+ letters/digits with a digit in it. */
const HASHED = /[.-](?=[A-Za-z0-9_]*\d)[A-Za-z0-9_]{8,}\.[A-Za-z0-9]+$/;
/** …but not a size (`icon-1024x1024.png`), which a new build may change under the same name. */
const SIZE = /[.-]\d+x\d+\.[A-Za-z0-9]+$/;
const HTML = /\.html?$/i;

export type CacheClass = "immutable" | "html" | "other";

/** How a file (path relative to the build directory, `/`-separated) is cached. */
export function cacheClassOf(file: string, immutableDirs: string[] = []): CacheClass {
    if (HTML.test(file)) return "html";
    const name = path.posix.basename(file);
    if ((HASHED.test(name) && !SIZE.test(name)) || immutableDirs.some((d) => file.startsWith(`${d.replace(/\/+$/, "")}/`))) return "immutable";
    return "other";
}

function listFiles(dir: string, rel = ""): string[] {
    return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
        const child = rel ? `${rel}/${e.name}` : e.name;
        return e.isDirectory() ? listFiles(dir, child) : e.isFile() ? [child] : [];
    });
}

/** The build's files by cache class, sorted; throws when the directory is missing or empty. */
export function classifyBuild(dir: string, immutableDirs: string[] = []): Record<CacheClass, string[]> {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new DeploySiteError(`--dir ${dir}: no such directory (build the frontend first).`);
    const files = listFiles(dir).sort();
    if (files.length === 0) throw new DeploySiteError(`--dir ${dir}: the directory is empty (build the frontend first).`);
    const bad = files.find((f) => /[,*?[\]\\]/.test(f));
    if (bad) throw new DeploySiteError(`--dir ${dir}: "${bad}": file names with , * ? [ ] or \\ cannot be passed to the upload filters; rename it.`);
    const classes: Record<CacheClass, string[]> = { immutable: [], other: [], html: [] };
    for (const f of files) classes[cacheClassOf(f, immutableDirs)].push(f);
    return classes;
}

/** The object-key prefix of a site: `/` → bucket root, `/docs` → `docs/`. */
function keyPrefix(pathPrefix: string): string {
    const trimmed = pathPrefix.replace(/^\/+|\/+$/g, "");
    return trimmed ? `${trimmed}/` : "";
}

/** CDN paths to invalidate: everything under the prefix (and the prefix itself). */
export function invalidationPaths(pathPrefix: string): string[] {
    const trimmed = pathPrefix.replace(/\/+$/, "");
    return trimmed ? [trimmed, `${trimmed}/*`] : ["/*"];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * The commands, in order, as argument vectors: per cache class (in upload order) one sync of
 * exactly that class's files with its Cache-Control, then the CDN invalidation(s).
 */
export function deployCommands(target: SiteTarget, dir: string, classes: Record<CacheClass, string[]>): string[][] {
    const order: Array<[CacheClass, string]> = [["immutable", CACHE_IMMUTABLE], ["other", CACHE_OTHER], ["html", CACHE_HTML]];
    const prefix = keyPrefix(target.pathPrefix);
    const commands: string[][] = [];
    for (const [cls, cacheControl] of order) {
        const files = classes[cls];
        if (files.length === 0) continue;
        if (target.cloud === "gcp") {
            // rsync has no include filter: exclude every path but exactly these (Python regex).
            const only = `^(?!(?:${files.map(escapeRegex).join("|")})$)`;
            commands.push(["gcloud", "storage", "rsync", dir, `gs://${target.bucket}/${prefix}`, "--recursive", `--cache-control=${cacheControl}`, `--exclude=${only}`]);
        } else {
            commands.push(["aws", "s3", "sync", dir, `s3://${target.bucket}/${prefix}`, "--cache-control", cacheControl, "--exclude", "*", ...files.flatMap((f) => ["--include", f])]);
        }
    }
    const paths = invalidationPaths(target.pathPrefix);
    if (target.cloud === "gcp") {
        for (const p of paths) {
            commands.push(["gcloud", "compute", "url-maps", "invalidate-cdn-cache", target.urlMap, `--path=${p}`, "--global", `--project=${target.project}`, "--async"]);
        }
    } else {
        for (const id of target.distributionIds) {
            commands.push(["aws", "cloudfront", "create-invalidation", "--distribution-id", id, "--paths", ...paths]);
        }
    }
    return commands;
}

/** One command as a POSIX shell line (single quotes where needed). */
export function shellLine(argv: string[]): string {
    return argv.map((a) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** What `prodstack deploy-site` was given. */
export interface DeploySiteOptions {
    /** The stack, for `pulumi stack output` when no outputs file is given, and for messages. */
    stack?: string;
    site?: string;
    dir?: string;
    /** A file holding `pulumi stack output --json`, or "-" for stdin. */
    outputs?: string;
    immutable: string[];
    execute: boolean;
}

function readOutputs(opts: DeploySiteOptions): { outputs: unknown; source: string } {
    let text: string;
    let source: string;
    if (opts.outputs !== undefined) {
        source = opts.outputs === "-" ? "stdin" : opts.outputs;
        try {
            text = fs.readFileSync(opts.outputs === "-" ? 0 : opts.outputs, "utf8");
        } catch (err) {
            throw new DeploySiteError(`Cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
        }
    } else {
        if (!opts.stack) throw new DeploySiteError("deploy-site needs --outputs FILE (or -, `pulumi stack output --json` piped in) or --stack NAME");
        source = `pulumi stack output --json --stack ${opts.stack}`;
        const run = spawnSync("pulumi", ["stack", "output", "--json", "--stack", opts.stack], { encoding: "utf8", env: process.env });
        if (run.status !== 0) throw new DeploySiteError(`${source} failed (${run.error ? run.error.message : `exit ${run.status}: ${run.stderr.trim()}`}); or give --outputs FILE.`);
        text = run.stdout;
    }
    try {
        return { outputs: JSON.parse(text) as unknown, source };
    } catch {
        throw new DeploySiteError(`${source}: not JSON (expected the output of \`pulumi stack output --json\`).`);
    }
}

/**
 * Prints (or with `execute`, runs, stopping at the first failure) the deploy of one site.
 * Returns the exit code: 0 done, 1 a command failed; throws `DeploySiteError` on bad input.
 */
export function deploySite(opts: DeploySiteOptions, write: (text: string) => void): number {
    if (!opts.site) throw new DeploySiteError("deploy-site needs --site NAME (a key of prodstack:sites)");
    if (!opts.dir) throw new DeploySiteError("deploy-site needs --dir BUILD_DIR (the built frontend)");
    const { outputs, source } = readOutputs(opts);
    const target = siteTarget(outputs, opts.site, source);
    const classes = classifyBuild(opts.dir, opts.immutable);
    const commands = deployCommands(target, opts.dir, classes);
    write(`# prodstack deploy-site: site ${opts.site}${opts.stack ? ` of stack ${opts.stack}` : ""} → ${target.cloud === "gcp" ? "gs" : "s3"}://${target.bucket}/${keyPrefix(target.pathPrefix)} ` +
        `(${classes.immutable.length} hashed, ${classes.other.length} other, ${classes.html.length} HTML)\n`);
    for (const argv of commands) {
        write(`${shellLine(argv)}\n`);
        if (!opts.execute) continue;
        const run = spawnSync(argv[0], argv.slice(1), { stdio: "inherit", env: process.env });
        if (run.status !== 0) {
            write(`# failed: ${argv.slice(0, 3).join(" ")} (${run.error ? run.error.message : `exit ${run.status}`}); later steps skipped\n`);
            return 1;
        }
    }
    return 0;
}
