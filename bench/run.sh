#!/usr/bin/env bash
# bench/run.sh — whole-process time to lint one Iris App manifest:
# irislint against the Node ways of reading the same file.
#
#   irislint  irislint lint apps/fleet-insights/iris-app-manifest.ts
#   floor     bench/floor: esbuild's build and goja's run of the same manifest,
#             nothing else (the least any lint on esbuild and goja costs)
#   version   irislint version (the binary's start-up alone)
#   tsx       tsx evaluating the manifest and printing its default export as JSON
#   tsc       tsc --noEmit type-checking it (TypeScript 5, as Nx Iris workspaces pin)
#   tsc 7     the same with TypeScript 7 (native), when the registry has it
#
# Everything is measured in one copy of testdata/workspace with node_modules
# installed, so the Node tools can resolve @trackunit/iris-app-api and the
# tsconfig paths. The markdown table goes to stdout (progress to stderr) and
# to bench/.cache/results/results.md; hyperfine's raw numbers to
# bench/.cache/results/hyperfine.json.
#
# The machine may be fresh: the script builds irislint, installs hyperfine
# (apt) and the Node packages (npm, into bench/.cache/node) itself. Needs go,
# node and npm.
#
# Then irislint, floor and version again, interleaved (bench/interleave:
# one run of each per round, ROUNDS rounds), since this VM's speed drifts
# more between hyperfine's back-to-back batches than these three differ.
#
# Knobs (environment): RUNS (min runs, default 30), ROUNDS (interleaved
# rounds, default 300), WARMUP (default 3),
# TSX_VERSION (default latest), TS_VERSION (default 5), TS_NATIVE_VERSION
# (default 7; empty to skip that row), BENCH_ENFORCE=1 (exit 1 when a target
# is missed).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CACHE="$HERE/.cache"
BIN="$CACHE/bin/irislint"
NODE_DIR="$CACHE/node"
OUT_DIR="$CACHE/results"
SHIM="$HERE/shim/iris-app-api"
MANIFEST=apps/fleet-insights/iris-app-manifest.ts
APP_TSCONFIG=apps/fleet-insights/tsconfig.json

RUNS=${RUNS:-30}
ROUNDS=${ROUNDS:-300}
WARMUP=${WARMUP:-3}
TSX_VERSION=${TSX_VERSION:-latest}
TS_VERSION=${TS_VERSION:-5}
TS_NATIVE_VERSION=${TS_NATIVE_VERSION-7}

# Targets from the performance issue.
TARGET_MEDIAN_MS=12
TARGET_TSX_RATIO=60
TARGET_TSC_RATIO=150

log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
die() { printf 'bench: %s\n' "$*" >&2; exit 2; }

for tool in go node npm; do
	command -v "$tool" >/dev/null || die "$tool is needed and not on PATH"
done

# --- hyperfine ---------------------------------------------------------------
need_debian hyperfine:hyperfine # bench/lib.sh

# --- irislint ----------------------------------------------------------------
# Built as the README's install line builds it: CGO_ENABLED=0 gives a static
# binary (esbuild's and pflag's use of package net otherwise links libc
# dynamically, which cost 0.4 ms a lint here).
log "building irislint"
mkdir -p "$(dirname "$BIN")" "$OUT_DIR"
(cd "$ROOT" && CGO_ENABLED=0 go build -trimpath -o "$BIN" ./cmd/irislint)
FLOOR_BIN="$CACHE/bin/floor"
# floor and interleave build only with -tags irislint_tools (kept out of
# `go install ./...`, which pre-commit runs).
(cd "$ROOT" && CGO_ENABLED=0 go build -tags irislint_tools -trimpath -o "$FLOOR_BIN" ./bench/floor)
INTERLEAVE_BIN="$CACHE/bin/interleave"
(cd "$ROOT" && go build -tags irislint_tools -o "$INTERLEAVE_BIN" ./bench/interleave)

# --- Node packages -----------------------------------------------------------
# Ask the registry first, so a missing package is a clear message rather than
# an npm stack; @trackunit/iris-app-api may be absent from the registry in
# use, and then the bench stand-in in bench/shim takes its place.
npm_has() { npm view "$1" version --loglevel=error >/dev/null 2>&1; }

NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
deps=("tsx@$TSX_VERSION" "typescript@$TS_VERSION" "@types/node@$NODE_MAJOR")
[ -n "$TS_NATIVE_VERSION" ] && deps+=("typescript@$TS_NATIVE_VERSION")
for spec in "${deps[@]}"; do
	npm_has "$spec" || die "the npm registry has no $spec (is it reachable?)"
done
IRIS_API=shim
if npm_has "@trackunit/iris-app-api"; then
	IRIS_API=registry
fi

log "installing Node packages into ${NODE_DIR#"$ROOT"/}"
mkdir -p "$NODE_DIR"
node - "$NODE_DIR/package.json" "$TSX_VERSION" "$TS_VERSION" "$NODE_MAJOR" "$TS_NATIVE_VERSION" "$IRIS_API" <<'EOF'
const [file, tsx, ts, nodeMajor, tsNative, irisApi] = process.argv.slice(2);
const dependencies = { tsx, typescript: ts, '@types/node': nodeMajor };
if (tsNative) dependencies['typescript-native'] = `npm:typescript@${tsNative}`;
if (irisApi === 'registry') dependencies['@trackunit/iris-app-api'] = 'latest';
const pkg = { name: 'irislint-bench-node', private: true, dependencies };
require('fs').writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
EOF
(cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error >&2)

# --- the workspace copy ------------------------------------------------------
WS=$(mktemp -d "${TMPDIR:-/tmp}/irislint-bench.XXXXXX")
trap 'rm -rf "$WS"' EXIT
cp -R "$ROOT/testdata/workspace/." "$WS/"
mkdir -p "$WS/node_modules"
for entry in "$NODE_DIR"/node_modules/* "$NODE_DIR"/node_modules/.bin; do
	ln -s "$entry" "$WS/node_modules/$(basename "$entry")"
done
if [ "$IRIS_API" = shim ]; then
	mkdir -p "$WS/node_modules/@trackunit"
	cp -R "$SHIM" "$WS/node_modules/@trackunit/iris-app-api"
fi
cd "$WS"

TSX=node_modules/.bin/tsx
# Both TypeScripts install a `tsc` bin; call each package's own.
TSC="node node_modules/typescript/bin/tsc"
TSX_EVAL="process.stdout.write(JSON.stringify(require('./$MANIFEST').default))"
# tsx ignores --tsconfig together with -e; its environment variable works.
TSX_CMD="env TSX_TSCONFIG_PATH=$APP_TSCONFIG $TSX -e \"$TSX_EVAL\""
LINT_CMD="$BIN lint $MANIFEST"
TSC_CMD="$TSC --noEmit -p $APP_TSCONFIG"

# TypeScript 7 has removed baseUrl and moduleResolution "node", which Nx
# workspaces still use: give it the same paths, made relative to the app.
TSC7_CMD=
if [ -n "$TS_NATIVE_VERSION" ]; then
	node - "$APP_TSCONFIG" <<'EOF'
const ts = require(require('path').resolve('node_modules/typescript'));
const path = require('path');
const appConfig = process.argv[2];
const appDir = path.dirname(appConfig);
const base = ts.readConfigFile('tsconfig.base.json', ts.sys.readFile).config;
const baseUrl = base.compilerOptions.baseUrl || '.';
const paths = {};
for (const [alias, targets] of Object.entries(base.compilerOptions.paths || {})) {
  paths[alias] = targets.map((t) => path.relative(appDir, path.join(baseUrl, t)));
}
const config = {
  extends: './' + path.basename(appConfig),
  compilerOptions: { baseUrl: null, moduleResolution: 'bundler', paths },
};
require('fs').writeFileSync(path.join(appDir, 'tsconfig.tsc7.json'), JSON.stringify(config, null, 2));
EOF
	TSC7_CMD="node node_modules/typescript-native/bin/tsc --noEmit -p ${APP_TSCONFIG%.json}.tsc7.json"
fi

# --- each way must work before it is timed -----------------------------------
log "checking that each command succeeds"
out=$($BIN lint "$MANIFEST") || die "irislint does not lint the manifest cleanly: $out"
log "irislint: $out"
out=$("$FLOOR_BIN" "$MANIFEST") || die "bench/floor cannot evaluate the manifest"
log "floor: $out"
json=$(env TSX_TSCONFIG_PATH="$APP_TSCONFIG" "$TSX" -e "$TSX_EVAL") || die "tsx cannot evaluate the manifest"
# shellcheck disable=SC2016 # the single-quoted text is JavaScript
log "tsx: $(node -e 'const m = JSON.parse(process.argv[1]); console.log(`${m.moduleFederationName}: ${m.scopes.length} scopes, ${m.extensions.length} extensions`)' "$json")"
$TSC_CMD >&2 || die "tsc does not type-check the manifest"
log "tsc: no errors"
if [ -n "$TSC7_CMD" ]; then
	$TSC7_CMD >&2 || die "tsc 7 does not type-check the manifest"
	log "tsc 7: no errors"
fi

# --- measure -----------------------------------------------------------------
# Anything else running skews the figures: wait for idle CPUs (bench/lib.sh).
wait_for_idle
log "measuring: warmup $WARMUP, at least $RUNS runs each (CPUs ${IDLE_BEFORE}% idle)"
args=(-N --warmup "$WARMUP" --min-runs "$RUNS" --style basic --export-json "$OUT_DIR/hyperfine.json"
	-n irislint "$LINT_CMD" -n floor "$FLOOR_BIN $MANIFEST" -n version "$BIN version"
	-n tsx "$TSX_CMD" -n tsc "$TSC_CMD")
[ -n "$TSC7_CMD" ] && args+=(-n "tsc 7" "$TSC7_CMD")
hyperfine "${args[@]}" >&2
log "interleaving irislint, floor and version: $ROUNDS rounds"
INTERLEAVED=$("$INTERLEAVE_BIN" -rounds "$ROUNDS" -names "irislint \`lint\`,floor (bench/floor),irislint \`version\`" \
	-- "$LINT_CMD" "$FLOOR_BIN $MANIFEST" "$BIN version")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ------------------------------------------------------------------
TSX_V=$("$TSX" --version | head -1 | sed 's/^tsx v//')
TS_V=$(node -p 'require("./node_modules/typescript/package.json").version')
TS7_V=
[ -n "$TSC7_CMD" ] && TS7_V=$(node -p 'require("./node_modules/typescript-native/package.json").version')
if [ "$IRIS_API" = registry ]; then
	IRIS_API_V="@trackunit/iris-app-api $(node -p 'require("./node_modules/@trackunit/iris-app-api/package.json").version')"
else
	IRIS_API_V="bench/shim stand-in for @trackunit/iris-app-api (not in the registry used)"
fi
CPU=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
GO_V=$(go version | awk '{print $3}')
IRISLINT_V=$($BIN version 2>/dev/null | head -1 || echo unknown)

status=0
node - "$OUT_DIR/hyperfine.json" > "$OUT_DIR/results.md" <<EOF || status=$?
const r = require(process.argv[2]).results;
const byName = Object.fromEntries(r.map((x) => [x.command, x]));
const ms = (s) => { const v = s * 1000; return v < 100 ? v.toFixed(1) + ' ms' : Math.round(v) + ' ms'; };
const lint = byName['irislint'].median;
const ratio = (name) => byName[name].median / lint;
const label = {
  irislint: 'irislint \`lint\` (Go: esbuild + goja)',
  floor: 'floor: esbuild build + goja run, nothing else (bench/floor)',
  version: 'irislint \`version\` (start-up alone)',
  tsx: 'tsx $TSX_V, evaluate and print the manifest',
  tsc: 'tsc $TS_V \`--noEmit\`, type-check it',
  'tsc 7': 'tsc $TS7_V (native) \`--noEmit\`, type-check it',
};
const times = (x) => (x < 10 ? x.toFixed(2) : Math.round(x)) + '×';
const rows = [
  '| Way | Median | Mean ± σ | Min … max | Runs | × irislint |',
  '|---|---:|---:|---:|---:|---:|',
];
for (const x of r) {
  rows.push('| ' + [label[x.command] || x.command, '**' + ms(x.median) + '**',
    ms(x.mean) + ' ± ' + ms(x.stddev), ms(x.min) + ' … ' + ms(x.max), x.times.length,
    x.command === 'irislint' ? '1×' : times(ratio(x.command))].join(' | ') + ' |');
}
const checks = [
  ['irislint median ≤ $TARGET_MEDIAN_MS ms', lint * 1000 <= $TARGET_MEDIAN_MS, ms(lint)],
  ['tsx / irislint ≥ ${TARGET_TSX_RATIO}×', ratio('tsx') >= $TARGET_TSX_RATIO, ratio('tsx').toFixed(1) + '×'],
  ['tsc / irislint ≥ ${TARGET_TSC_RATIO}×', ratio('tsc') >= $TARGET_TSC_RATIO, ratio('tsc').toFixed(1) + '×'],
];
const out = [
  'Linting \`testdata/workspace/$MANIFEST\`, whole process, wall time (hyperfine, warmup $WARMUP, at least $RUNS runs):',
  '',
  ...rows,
  '',
  'Targets: ' + checks.map(([what, ok, got]) => what + ': ' + got + ' ' + (ok ? '✅' : '❌')).join('; ') + '.',
  '',
  'Machine: $(nproc) CPUs, ${CPU//\'/}, Linux $(uname -r); $GO_V, node $(node --version), hyperfine $(hyperfine --version | awk '{print $2}'); ' +
    'irislint $IRISLINT_V; types from $IRIS_API_V. ' +
    'CPUs ${IDLE_BEFORE}% idle before measuring, load average $LOAD_AFTER after. ' +
    'tsx runs with its on-disk transform cache warm (its default).',
];
console.log(out.join('\n'));
process.exit(checks.every((c) => c[1]) ? 0 : 3);
EOF
{
	echo
	echo "The first three again, interleaved: $ROUNDS rounds of one run each (bench/interleave; CPU is user + system):"
	echo
	echo "$INTERLEAVED"
} >> "$OUT_DIR/results.md"
cat "$OUT_DIR/results.md"
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
	die "could not build the report from $OUT_DIR/hyperfine.json"
fi
if [ "$status" -eq 3 ] && [ "${BENCH_ENFORCE:-0}" = 1 ]; then
	exit 1
fi
