import { checkSecretFiles, secretVolumes, type SecretFile } from "../../../components/gcp/secret-files";
import { recordedProblems } from "../../helpers/checker";

const problemsOf = (files: Record<string, SecretFile>) => recordedProblems((check) => checkSecretFiles(check, files));
const PATH = 'expected an absolute file path in a directory, such as "/etc/app/ca.pem", got';
const SYSTEM = "expected a path outside /dev, /proc and /sys (Cloud Run refuses mounts there), got";

describe("gcp secret files", () => {
    it.each<[string, Record<string, SecretFile>]>([
        ["a hidden file and a file named with dots", { "/etc/app/.env": { secretId: "a" }, "/etc/app/..pem": { secretId: "a" } }],
        ["a deep path with every allowed character", { "/srv/My_App-2/certs.d/ca.pem": { secretId: "a" } }],
        ["a directory named like a system one, deeper down", { "/etc/dev/ca.pem": { secretId: "a" }, "/devices/ca.pem": { secretId: "b" } }],
        ["version numbers and latest", { "/etc/a/x": { secretId: "a", version: "1" }, "/etc/b/x": { secretId: "b", version: "100" }, "/etc/c/x": { secretId: "c", version: "latest" } }],
        ["a version known only at deployment", { "/etc/app/ca.pem": { secretId: "a", version: Promise.resolve("v?") } }],
        ["keys of 1 and 100 characters", { "/etc/a/x": { secretId: "a", key: "a" }, "/etc/b/x": { secretId: "b", key: "0" + "a-".repeat(49) + "a" } }],
        ["two versions of one secret in one directory", { "/etc/app/new.pem": { secretId: "a", version: "2" }, "/etc/app/old.pem": { secretId: "a", version: "1" } }],
        ["sibling directories whose names share a prefix", { "/etc/app/ca.pem": { secretId: "a" }, "/etc/app2/ca.pem": { secretId: "b" } }],
    ])("accepts %s", (_label, files) => {
        expect(problemsOf(files)).toEqual([]);
    });

    it.each<[string, Record<string, SecretFile>, string[]]>([
        ["a relative path", { "etc/app/ca.pem": { secretId: "a" } }, [`secretFiles["etc/app/ca.pem"]: ${PATH} "etc/app/ca.pem"`]],
        ["a file in the root directory", { "/ca.pem": { secretId: "a" } }, [`secretFiles["/ca.pem"]: ${PATH} "/ca.pem"`]],
        ["a path ending in a slash", { "/etc/app/": { secretId: "a" } }, [`secretFiles["/etc/app/"]: ${PATH} "/etc/app/"`]],
        ["a space in the path", { "/etc/my app/ca.pem": { secretId: "a" } }, [`secretFiles["/etc/my app/ca.pem"]: ${PATH} "/etc/my app/ca.pem"`]],
        ["a current-directory segment", { "/etc/./ca.pem": { secretId: "a" } }, [`secretFiles["/etc/./ca.pem"]: ${PATH} "/etc/./ca.pem"`]],
        ["a parent-directory segment at the end", { "/etc/app/..": { secretId: "a" } }, [`secretFiles["/etc/app/.."]: ${PATH} "/etc/app/.."`]],
        ["/dev", { "/dev/shm/ca.pem": { secretId: "a" } }, [`secretFiles["/dev/shm/ca.pem"]: ${SYSTEM} "/dev/shm/ca.pem"`]],
        ["/sys", { "/sys/ca.pem": { secretId: "a", version: "x" } }, [`secretFiles["/sys/ca.pem"]: ${SYSTEM} "/sys/ca.pem"`]],
        ["version 0", { "/etc/app/ca.pem": { secretId: "a", version: "0" } }, ['secretFiles["/etc/app/ca.pem"].version: expected a version number or "latest", got "0"']],
        ["a version with text after it", { "/etc/app/ca.pem": { secretId: "a", version: "1x" } }, ['secretFiles["/etc/app/ca.pem"].version: expected a version number or "latest", got "1x"']],
        ["a key of 101 characters", { "/etc/app/ca.pem": { secretId: "a", key: "a".repeat(101) } }, [`secretFiles["/etc/app/ca.pem"].key: expected a key of up to 100 lowercase letters, digits and hyphens such as "db-ca", got "${"a".repeat(101)}"`]],
        ["a key starting with a hyphen", { "/etc/app/ca.pem": { secretId: "a", key: "-ca" } }, ['secretFiles["/etc/app/ca.pem"].key: expected a key of up to 100 lowercase letters, digits and hyphens such as "db-ca", got "-ca"']],
        ["a key with an underscore after it", { "/etc/app/ca.pem": { secretId: "a", key: "ca_" } }, ['secretFiles["/etc/app/ca.pem"].key: expected a key of up to 100 lowercase letters, digits and hyphens such as "db-ca", got "ca_"']],
        [
            "another secret between two files of the first one, naming the first",
            { "/etc/app/a.pem": { secretId: "a" }, "/etc/app/b.pem": { secretId: "b" }, "/etc/app/c.pem": { secretId: "a" } },
            ['secretFiles["/etc/app/b.pem"]: expected a directory of its own: /etc/app/a.pem mounts another secret in /etc/app (one secret volume per directory), got "/etc/app/b.pem"'],
        ],
        [
            "volumes nested two deep, reported by directory, naming the outermost",
            { "/a/b/c/d.pem": { secretId: "c" }, "/a/b/c.pem": { secretId: "b" }, "/a/b.pem": { secretId: "a" } },
            [
                'secretFiles["/a/b/c.pem"]: expected a directory not inside another secret volume (/a), got "/a/b"',
                'secretFiles["/a/b/c/d.pem"]: expected a directory not inside another secret volume (/a), got "/a/b/c"',
            ],
        ],
    ])("rejects %s", (_label, files, problems) => {
        expect(problemsOf(files)).toEqual(problems);
    });

    it("mounts one read-only volume per directory, files and directories in name order", () => {
        expect(secretVolumes({
            "/etc/App._conf/z.pem": { secretId: "projects/p/secrets/conf", version: "4" },
            "/etc/App._conf/a.pem": { secretId: "projects/p/secrets/conf" },
            "/etc/app_/ca.pem": { secretId: "ca" },
        })).toEqual({
            volumes: [
                {
                    name: "secret-etc-app-conf",
                    secret: { secret: "projects/p/secrets/conf", defaultMode: 0o444, items: [{ path: "a.pem", version: "latest" }, { path: "z.pem", version: "4" }] },
                },
                { name: "secret-etc-app", secret: { secret: "ca", defaultMode: 0o444, items: [{ path: "ca.pem", version: "latest" }] } },
            ],
            mounts: [
                { name: "secret-etc-app-conf", mountPath: "/etc/App._conf" },
                { name: "secret-etc-app", mountPath: "/etc/app_" },
            ],
        });
    });

    it("cuts a long directory's volume name to 63 characters", () => {
        const dir = `/${"d".repeat(70)}`;
        const { volumes, mounts } = secretVolumes({ [`${dir}/ca.pem`]: { secretId: "ca" } });
        expect(volumes.map((v) => v.name)).toEqual([`secret-${"d".repeat(56)}`]);
        expect(mounts).toEqual([{ name: `secret-${"d".repeat(56)}`, mountPath: dir }]);
    });
});
