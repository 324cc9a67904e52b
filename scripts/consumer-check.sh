#!/usr/bin/env bash
# The package as an engineer installs it: packs prodstack, installs the tarball into a fresh
# GCP-only consumer project on the newest @pulumi/pulumi 3.x the registry serves, and checks it
# from the outside:
#   - one copy of @pulumi/pulumi; @pulumi/aws and the CLI-only peers (yaml, zod, @pulumi/policy)
#     not installed;
#   - a strict TypeScript program (scripts/consumer/index.ts) that wires `project` from config
#     and from another resource's output type-checks with moduleResolution nodenext and node16,
#     and runs under Pulumi's mocks with the resources asserted (scripts/consumer/run.ts);
#   - require("prodstack/gcp") loads no @pulumi/aws, require("prodstack/aws") no @pulumi/gcp;
#   - the `prodstack` command says which optional peers it needs;
#   - the policy pack loads from node_modules/prodstack/policy and from a standalone copy of
#     policy/ installed with its own package.json (tests/policy/real-pack.test.ts drives both
#     over the analyzer gRPC API).
# Prints the install size and the require time of prodstack/gcp.
# Needs the npm registry, so it is a CI step of its own, not part of `npm test`.
# Usage: scripts/consumer-check.sh [--keep]   (--keep leaves the work directory for inspection)
# shellcheck disable=SC2016  # single-quoted snippets are JavaScript template literals
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
if [ "${1:-}" = "--keep" ]; then echo "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi
started=$SECONDS

step() { printf '\n-- %s (%ss)\n' "$*" "$((SECONDS - started))"; }
fail() { printf 'consumer-check: %s\n' "$*" >&2; exit 1; }
npm_install() { npm install --no-audit --no-fund --loglevel=error "$@"; }
# Size of a directory in MB (apparent size, as `du -sm`).
mb() { du -sm "$1" | cut -f1; }

step "pack"
tarball="$work/$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)"
[ -f "$tarball" ] || fail "npm pack produced no tarball"
echo "tarball: $(du -k "$tarball" | cut -f1) kB, $(tar -tzf "$tarball" | wc -l) files"
if tar -tzf "$tarball" | grep -E '^package/(policy/.*\.ts|tests/|infra/|components/)'; then
    fail "the tarball ships sources or tests (listed above)"
fi

step "a fresh GCP-only consumer on the newest @pulumi/pulumi 3.x"
pulumi_version="$(npm view '@pulumi/pulumi@^3' version --json | node -e '
    const all = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
    const key = (v) => v.split(".").map(Number);
    all.sort((a, b) => { const [x, y] = [key(a), key(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    console.log(all[all.length - 1]);
')"
ts_version="$(node -p 'require(process.argv[1] + "/node_modules/typescript/package.json").version' "$repo")"
types_node="$(node -p 'require(process.argv[1] + "/node_modules/@types/node/package.json").version' "$repo")"
consumer="$work/consumer"
mkdir -p "$consumer"
cp "$repo/scripts/consumer/index.ts" "$repo/scripts/consumer/run.ts" "$consumer/"
cat > "$consumer/package.json" <<JSON
{
  "name": "gcp-consumer",
  "version": "1.0.0",
  "private": true,
  "dependencies": {
    "@pulumi/gcp": "^9",
    "@pulumi/pulumi": "$pulumi_version",
    "prodstack": "file:$tarball"
  },
  "devDependencies": {
    "@types/node": "$types_node",
    "typescript": "$ts_version"
  }
}
JSON
for resolution in nodenext node16; do
    cat > "$consumer/tsconfig.$resolution.json" <<JSON
{
  "compilerOptions": {
    "strict": true,
    "target": "ES2022",
    "module": "$resolution",
    "moduleResolution": "$resolution",
    "types": ["node"],
    "noImplicitReturns": true,
    "noUnusedLocals": true,
    "forceConsistentCasingInFileNames": true,
    "outDir": "out-$resolution"
  },
  "files": ["index.ts", "run.ts"]
}
JSON
done
(cd "$consumer" && npm_install)

step "what got installed"
cd "$consumer"
copies="$(find node_modules -path '*/@pulumi/pulumi/package.json' | wc -l)"
installed="$(node -p 'require("@pulumi/pulumi/package.json").version')"
echo "@pulumi/pulumi: $installed ($copies cop$([ "$copies" -eq 1 ] && echo y || echo ies))"
[ "$copies" -eq 1 ] || fail "expected one @pulumi/pulumi, found $copies: $(find node_modules -path '*/@pulumi/pulumi/package.json')"
[ "$installed" = "$pulumi_version" ] || fail "expected @pulumi/pulumi $pulumi_version, got $installed"
for absent in @pulumi/aws @pulumi/policy yaml zod; do
    found="$(find node_modules -path "*/node_modules/$absent/package.json" -print -quit)"
    [ -z "$found" ] || fail "$absent is installed ($found), a GCP-only consumer should not get it"
done
tools=$(( $(mb node_modules/typescript) + $(mb node_modules/@types) ))
echo "install size: $(mb node_modules) MB node_modules, $(( $(mb node_modules) - tools )) MB without the consumer's own typescript and @types ($(mb node_modules/@pulumi/gcp) MB of it @pulumi/gcp, $(mb node_modules/prodstack) MB prodstack)"

step "strict type check: moduleResolution nodenext and node16"
npx --no-install tsc -p tsconfig.nodenext.json
npx --no-install tsc -p tsconfig.node16.json

step "the program under mocks"
node out-nodenext/run.js

step "loading one cloud loads only its SDK, and only once a component is used"
node -e '
    const loaded = (sdk) => Object.keys(require.cache).some((k) => k.includes(`/node_modules/${sdk}/`));
    require("prodstack");
    if (loaded("@pulumi/gcp") || loaded("@pulumi/aws")) throw new Error("require(\"prodstack\") loaded a cloud SDK");
    const gcp = require("prodstack/gcp");
    if (loaded("@pulumi/gcp")) throw new Error("require(\"prodstack/gcp\") loaded @pulumi/gcp before a component was used");
    if (gcp.Network.TYPE !== "prodstack:gcp:Network" || !loaded("@pulumi/gcp")) throw new Error("gcp.Network did not load");
    if (loaded("@pulumi/aws")) throw new Error("prodstack/gcp loaded @pulumi/aws");
    require("prodstack/aws");
'
# Median of five runs, in ms, of the given snippet timed from before the first require.
time_ms() {
    local runs=()
    for _ in 1 2 3 4 5; do
        runs+=("$(node -e "const t = process.hrtime.bigint(); $1; console.log(Math.round(Number(process.hrtime.bigint() - t) / 1e6))")")
    done
    printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p
}
echo "require(\"prodstack/gcp\"): median $(time_ms 'require("prodstack/gcp")') ms; with its first component (Network): median $(time_ms 'require("prodstack/gcp").Network') ms"

step "the prodstack command names the optional peers it needs"
status=0
cli_err="$(./node_modules/.bin/prodstack plan 2>&1 >/dev/null)" || status=$?
[ "$status" -eq 1 ] || fail "prodstack without its peers: expected exit 1, got $status"
grep -q 'npm install --save-dev yaml@"^' <<<"$cli_err" || fail "prodstack without its peers printed: $cli_err"
echo "$cli_err" | head -n 1

step "the policy pack from node_modules/prodstack/policy (with @pulumi/policy installed)"
policy_range="$(node -p 'require(process.argv[1] + "/package.json").peerDependencies["@pulumi/policy"]' "$repo")"
npm_install "@pulumi/policy@$policy_range"
cd "$repo"
PRODSTACK_POLICY_PACK_DIR="$consumer/node_modules/prodstack/policy" npx --no-install jest --ci tests/policy/real-pack.test.ts

step "the policy pack as a standalone copy of policy/ with its own npm install"
cp -r "$repo/policy" "$work/pack"
(cd "$work/pack" && npm_install)
PRODSTACK_POLICY_PACK_DIR="$work/pack" npx --no-install jest --ci tests/policy/real-pack.test.ts

step "consumer check passed"
