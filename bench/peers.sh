#!/usr/bin/env bash
# bench/peers.sh — irislint against what a user would run instead: Bun
# importing the manifests with a 15-line script (bench/peers/check-scopes.mts:
# import, then check every scope against the catalogue), and tsx (the same
# script on Node), tsc 5.9 and tsc 7 (type-checking only). Whole processes,
# interleaved in one run (bench/interleave: one run of each command per
# round, the order rotating), medians, the ratio per pair, peak RSS.
#
#   bench/peers.sh                          # both scenarios; markdown on stdout
#   ROUNDS=30 bench/peers.sh                # a quick look
#   IRISLINT_BASE_REF=main bench/peers.sh   # this tree and main, side by side
#   IRISLINT_BIN=./a IRISLINT_BASE_BIN=./b SCENARIOS=apps bench/peers.sh
#
# Scenarios (SCENARIOS, default "one apps"):
#   one   one manifest, apps/fleet-insights in a copy of testdata/workspace
#         (3 tsconfig paths through `extends`, 2 JSON requires, 2 extensions),
#         and bench/floor on it (esbuild and goja alone: irislint's floor)
#   apps  APPS apps (bench/monorepo.sh --generate), each with a tsconfig.json
#         extending a base with 2 x APPS paths: `irislint lint .` against
#         one Bun process importing every manifest, `bun check-scopes.mts .`
#         (what replaces `irislint lint .`: one command over the workspace,
#         in CI or a pre-commit hook) and one Bun process per manifest, as
#         many at once as there are CPUs (what a per-project Nx target
#         runs, less Nx's own time); and bench/floor on every manifest
#
# Both workspaces get node_modules, which Bun and the Node tools need and
# irislint does not: the pinned packages below (linked) and the SDK
# stand-in bench/shim (the registry has no @trackunit/iris-app-api). irislint
# runs in the same workspace; the "bare" row runs it in a copy without
# node_modules, as a CI lint step or pre-commit hook would.
#
# Before timing, every command runs once and must do its job: irislint and
# the script flag the same unknown scopes (bench/peers/verify.js), the
# clean manifest passes, tsc reports only the broken apps' type errors.
# The markdown goes to stdout and bench/.cache/peers/results.md; every run
# to bench/.cache/peers/<scenario>.json. Progress on stderr.
#
# Needs go, node, npm, git, find and xargs; installs the rest (npm, into
# bench/.cache/peers/node). Timing and peak RSS (the kernel's ru_maxrss, as
# GNU time reports it) come from bench/interleave, so neither hyperfine
# nor GNU time is needed.
#
# Knobs (environment):
#   ROUNDS              interleaved rounds per scenario (default 100)
#   WARMUP              untimed rounds first (default 3)
#   SLOW_RUNS           runs of each slow command (tsx, tsc, tsc 7, Bun per
#                       app), spread over the rounds (default 10; 0 skips them)
#   APPS                apps in the "apps" scenario (default 200)
#   SCENARIOS           "one apps", "one" or "apps"
#   IRISLINT_BIN        measure this binary (default: a CGO_ENABLED=0 build
#                       of this tree, as the README installs it)
#   IRISLINT_BASE_BIN   a second irislint to measure beside it ("base")
#   IRISLINT_BASE_REF   or a git ref (commit, branch) to build as the base
#   BARE=0              skip irislint without node_modules
#   BUN_VERSION (1.4.4), TSX_VERSION (4.23.15), TS_VERSION (5.9.3),
#   TS7_VERSION (7.0.2; empty skips tsc 7), TYPES_NODE_VERSION (20.19.43)
#   BENCH_QUIET_WAIT    seconds to wait for idle CPUs first (default 600)
# irislint is timed twice: cold ("irislint": its result cache off, as on a
# fresh CI machine) and warm ("warm": the cache filled by its check run, as
# a developer's second run or CI with a persisted cache), and the base and
# bare rows cold.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT_DIR="$HERE/.cache/peers"
BIN_DIR="$OUT_DIR/bin"
NODE_DIR="$OUT_DIR/node"
PEERS="$HERE/peers"

ROUNDS=${ROUNDS:-100}
WARMUP=${WARMUP:-3}
SLOW_RUNS=${SLOW_RUNS:-10}
APPS=${APPS:-200}
SCENARIOS=${SCENARIOS:-one apps}
BARE=${BARE:-1}
BUN_VERSION=${BUN_VERSION:-1.4.4}
TSX_VERSION=${TSX_VERSION:-4.23.15}
TS_VERSION=${TS_VERSION:-5.9.3}
TS7_VERSION=${TS7_VERSION-7.0.2}
TYPES_NODE_VERSION=${TYPES_NODE_VERSION:-20.19.43}

log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
die() { printf 'bench/peers: %s\n' "$*" >&2; exit 2; }

missing=()
for tool in go node npm git find xargs; do
	command -v "$tool" >/dev/null || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} (install them first; nothing else is needed)"
for s in $SCENARIOS; do
	case $s in one | apps) ;; *) die "SCENARIOS: unknown scenario $s (one, apps)" ;; esac
done
[ "$ROUNDS" -ge 1 ] && [ "$SLOW_RUNS" -ge 0 ] && [ "$APPS" -ge 20 ] || die "ROUNDS ≥ 1, SLOW_RUNS ≥ 0 and APPS ≥ 20, please"
# bench/interleave splits commands on spaces.
case "$ROOT${TMPDIR:-}${IRISLINT_BIN:-}${IRISLINT_BASE_BIN:-}" in *[[:space:]]*) die "paths with spaces are not supported" ;; esac

# --- irislint, and the timer --------------------------------------------------
mkdir -p "$BIN_DIR" "$OUT_DIR"
rm -rf "$OUT_DIR"/cache-*   # the warm rows fill their cache afresh
rm -f "$OUT_DIR"/*.out "$OUT_DIR"/*.json "$OUT_DIR"/*.txt "$OUT_DIR/results.md" # a previous run's
build_irislint() { # build_irislint SRC_DIR OUT: as the README installs it (static)
	(cd "$1" && CGO_ENABLED=0 go build -trimpath -o "$2" ./cmd/irislint)
}
if [ -n "${IRISLINT_BIN:-}" ]; then
	BIN=$(cd "$(dirname "$IRISLINT_BIN")" && pwd)/$(basename "$IRISLINT_BIN")
	[ -x "$BIN" ] || die "IRISLINT_BIN=$IRISLINT_BIN is not an executable"
	BIN_WHAT="$IRISLINT_BIN"
else
	BIN_WHAT="this tree, $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo 'not a git checkout')"
	log "building irislint ($BIN_WHAT)"
	BIN="$BIN_DIR/irislint"
	build_irislint "$ROOT" "$BIN"
fi
BASE_BIN= BASE_WHAT=
if [ -n "${IRISLINT_BASE_BIN:-}" ]; then
	BASE_BIN=$(cd "$(dirname "$IRISLINT_BASE_BIN")" && pwd)/$(basename "$IRISLINT_BASE_BIN")
	[ -x "$BASE_BIN" ] || die "IRISLINT_BASE_BIN=$IRISLINT_BASE_BIN is not an executable"
	BASE_WHAT="$IRISLINT_BASE_BIN"
elif [ -n "${IRISLINT_BASE_REF:-}" ]; then
	commit=$(git -C "$ROOT" rev-parse --verify --short "$IRISLINT_BASE_REF^{commit}") ||
		die "IRISLINT_BASE_REF=$IRISLINT_BASE_REF is not a commit"
	log "building irislint at $IRISLINT_BASE_REF ($commit) as the base"
	src=$(mktemp -d "${TMPDIR:-/tmp}/irislint-peers-base.XXXXXX")
	git -C "$ROOT" archive --format=tar "$commit" | tar -x -C "$src"
	BASE_BIN="$BIN_DIR/irislint-base"
	build_irislint "$src" "$BASE_BIN" || { rm -rf "$src"; die "cannot build $IRISLINT_BASE_REF"; }
	rm -rf "$src"
	BASE_WHAT=$commit
	case $commit in "$IRISLINT_BASE_REF"*) ;; *) BASE_WHAT="$IRISLINT_BASE_REF, $commit" ;; esac
fi
INTERLEAVE="$BIN_DIR/interleave"
(cd "$ROOT" && go build -tags irislint_tools -o "$INTERLEAVE" ./bench/interleave)
FLOOR="$BIN_DIR/floor"
(cd "$ROOT" && CGO_ENABLED=0 go build -tags irislint_tools -trimpath -o "$FLOOR" ./bench/floor)

# --- Bun and the Node tools, pinned ------------------------------------------
# Bun from npm's platform package: a bare binary, which npm unpacks without
# its executable bit.
log "installing Bun $BUN_VERSION, tsx $TSX_VERSION, TypeScript $TS_VERSION${TS7_VERSION:+ and $TS7_VERSION} into ${NODE_DIR#"$ROOT"/}"
mkdir -p "$NODE_DIR"
node - "$NODE_DIR/package.json" "$BUN_VERSION" "$TSX_VERSION" "$TS_VERSION" "$TS7_VERSION" "$TYPES_NODE_VERSION" <<'EOF'
const [file, bun, tsx, ts, ts7, typesNode] = process.argv.slice(2);
const dependencies = { '@oven/bun-linux-x64': bun, tsx, typescript: ts, '@types/node': typesNode };
if (ts7) dependencies['typescript-7'] = `npm:typescript@${ts7}`;
const pkg = { name: 'irislint-bench-peers', private: true, dependencies };
require('fs').writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
EOF
(cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error >&2) ||
	die "npm install failed in $NODE_DIR (is the registry reachable? the versions are pinned above; Bun's package is for Linux x64 only)"
BUN="$NODE_DIR/node_modules/@oven/bun-linux-x64/bin/bun"
chmod +x "$BUN"
got=$("$BUN" --version) || die "$BUN does not run (Bun needs an x86-64 CPU with AVX2)"
[ "$got" = "$BUN_VERSION" ] || die "installed Bun is $got, want $BUN_VERSION"
installed() { node -p "require('$NODE_DIR/node_modules/$1/package.json').version"; }
TSX_V=$(installed tsx)
TS_V=$(installed typescript)
TS7_V=
[ -n "$TS7_VERSION" ] && TS7_V=$(installed typescript-7)
node "$PEERS/verify.js" catalogue "$PEERS/check-scopes.mts" "$ROOT/scopes/scopes.json" >/dev/null ||
	die "bench/peers/check-scopes.mts must list the catalogue's scopes (scopes/scopes.json)"

# --- workspaces ---------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/irislint-peers.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# equip WS: node_modules (the packages, linked; the SDK stand-in, copied),
# the script in tools/ as a user would keep it, a copy without node_modules
# in WS.bare, and the tsc configurations for the manifests given.
equip() {
	local ws=$1 entry
	shift
	[ "$BARE" = 1 ] && cp -R "$ws" "$ws.bare"
	mkdir -p "$ws/node_modules/@trackunit" "$ws/tools"
	for entry in "$NODE_DIR"/node_modules/* "$NODE_DIR"/node_modules/.bin; do
		ln -s "$entry" "$ws/node_modules/$(basename "$entry")"
	done
	cp -R "$HERE/shim/iris-app-api" "$ws/node_modules/@trackunit/iris-app-api"
	cp "$PEERS/check-scopes.mts" "$ws/tools/"
	# One Bun process per manifest, found as irislint finds them.
	cat >"$ws/tools/check-each.sh" <<-EOF
		#!/bin/sh
		# One Bun process per manifest, $(nproc) at a time: what a per-project
		# target (nx run-many -t check-scopes) runs, without Nx itself.
		find . \\( -name node_modules -o -name dist -o -name tmp -o -name '.?*' \\) -prune -o \\
		  -name 'iris-app-manifest.*' -print | xargs -P $(nproc) -n 1 $BUN --no-install tools/check-scopes.mts
	EOF
	node "$PEERS/tsconfigs.js" "$ws" "$@"
}

# words CMD: run a command string as bench/interleave will (split on spaces).
words() {
	local -a w
	read -ra w <<<"$1"
	"${w[@]}"
}

# check NAME EXPECTED CMD EVERY: run CMD once (output in
# OUT_DIR/SCENARIO-NAME.out); dies unless it exits EXPECTED ("any" takes
# what it gives: tsc 5 and 7 differ). Adds it to the commands to time, in
# one round of EVERY, with the status every timed run must repeat.
NAMES=() CMDS=() EVERY=() EXITS=()
check() {
	local name=$1 want=$2 cmd=$3 every=$4 code=0
	words "$cmd" >"$OUT_DIR/$SCENARIO-$name.out" 2>&1 || code=$?
	if [ "$want" != any ] && [ "$code" != "$want" ]; then
		die "$name exited $code, want $want: $cmd (output in $OUT_DIR/$SCENARIO-$name.out)"
	fi
	NAMES+=("$name") CMDS+=("$cmd") EVERY+=("$every") EXITS+=("$code")
}

SLOW_EVERY=$((ROUNDS / (SLOW_RUNS > 0 ? SLOW_RUNS : 1)))
[ "$SLOW_EVERY" -ge 1 ] || SLOW_EVERY=1
TSX_CMD="env TSX_TSCONFIG_PATH=tsconfig.base.json node_modules/.bin/tsx tools/check-scopes.mts"
BUN_CMD="$BUN --no-install tools/check-scopes.mts"

# add_commands TARGET BARE_TARGET EXIT TSC_EXIT: the commands both
# scenarios time: irislint (and its base, and bare), Bun, and the slow
# tools, over TARGET (a manifest or "."), each expected to exit EXIT, tsc
# TSC_EXIT.
add_commands() {
	local target=$1 bare_target=$2 want=$3 tsc_want=$4
	check irislint "$want" "env IRISLINT_CACHE=off $BIN lint --color never $target" 1
	check warm "$want" "env IRISLINT_CACHE=$OUT_DIR/cache-$SCENARIO $BIN lint --color never $target" 1
	[ -n "$BASE_BIN" ] && check base any "env IRISLINT_CACHE=off $BASE_BIN lint --color never $target" 1
	[ "$BARE" = 1 ] && check bare "$want" "env IRISLINT_CACHE=off $BIN lint --color never $bare_target" 1
	check bun "$want" "$BUN_CMD $target" 1
	[ "$SLOW_RUNS" -gt 0 ] || return 0
	check tsx "$want" "$TSX_CMD $target" "$SLOW_EVERY"
	check tsc "$tsc_want" "node node_modules/typescript/bin/tsc --noEmit -p tsconfig.peers.json" "$SLOW_EVERY"
	[ -n "$TS7_VERSION" ] && check tsc7 "$tsc_want" "node node_modules/typescript-7/bin/tsc --noEmit -p tsconfig.peers-tsc7.json" "$SLOW_EVERY"
	return 0
}

# same_findings DIR TARGET: irislint and the Bun script flag the same scopes.
same_findings() {
	local json="$OUT_DIR/$SCENARIO-findings.json" found="$OUT_DIR/$SCENARIO-findings.txt" out
	(cd "$1" && "$BIN" lint --format json "$2" >"$json") || true
	(cd "$1" && words "$BUN_CMD $2" >"$found") || true
	out=$(node "$PEERS/verify.js" findings "$json" "$found") || die "irislint and the Bun script disagree on $2"
	log "$2: $out"
}

# tsc_errors_only_in_broken_apps: each broken app (the Bun script's
# findings) has one type error (optional: 'yes'), nothing else does.
tsc_errors_only_in_broken_apps() {
	local name want got
	want=$(sed 's/^\.\///; s/: unknown scope.*//' "$OUT_DIR/$SCENARIO-bun.out" | sort -u)
	for name in "${NAMES[@]}"; do
		case $name in tsc | tsc7) ;; *) continue ;; esac
		got=$(grep 'error TS' "$OUT_DIR/$SCENARIO-$name.out" | sed 's/(.*//' | sort) || true
		[ "$got" = "$want" ] || die "$name's errors are not one per broken app: see $OUT_DIR/$SCENARIO-$name.out"
	done
}

REPORT_ARGS=() IDLE_NOTES=()
measure() { # measure: time the commands collected, write OUT_DIR/SCENARIO.json
	wait_for_idle
	log "$SCENARIO: ${#NAMES[@]} commands, $ROUNDS rounds$([ "$SLOW_RUNS" -eq 0 ] || echo " (the slow ones in one of $SLOW_EVERY)"), CPUs ${IDLE_BEFORE}% idle"
	local IFS=,
	"$INTERLEAVE" -rounds "$ROUNDS" -warmup "$WARMUP" -json "$OUT_DIR/$SCENARIO.json" \
		-names "${NAMES[*]}" -every "${EVERY[*]}" -exit "${EXITS[*]}" -- "${CMDS[@]}" >&2 ||
		die "$SCENARIO: a command failed while timed"
	IDLE_NOTES+=("${IDLE_BEFORE}% idle before $SCENARIO, load average $(cut -d' ' -f1-3 /proc/loadavg) after")
	REPORT_ARGS+=(--scenario "$SCENARIO=$OUT_DIR/$SCENARIO.json")
	NAMES=() CMDS=() EVERY=() EXITS=()
}

for SCENARIO in $SCENARIOS; do
	ws="$TMP/$SCENARIO"
	case $SCENARIO in
	one)
		manifest=apps/fleet-insights/iris-app-manifest.ts
		mkdir -p "$ws"
		cp -R "$ROOT/testdata/workspace/." "$ws/"
		equip "$ws" "$manifest"
		cd "$ws"
		same_findings "$ws" apps/service-planner/iris-app-manifest.ts
		add_commands "$manifest" "$ws.bare/$manifest" 0 0
		# the floor: esbuild's build and goja's run of the manifest, nothing
		# else; what irislint's design cannot go below (see bench/run.sh)
		check floor 0 "$FLOOR $manifest" 1
		REPORT_ARGS+=(--short "one=one manifest"
			--title "one=One manifest: testdata/workspace's apps/fleet-insights (3 paths, 2 JSON requires, 2 extensions)")
		;;
	apps)
		log "generating a $APPS-app workspace (bench/monorepo.sh --generate)"
		APPS=$APPS "$HERE/monorepo.sh" --generate "$ws"
		mapfile -t manifests < <(cd "$ws" && find apps -name 'iris-app-manifest.*' | sort)
		[ "${#manifests[@]}" -eq "$APPS" ] || die "generated ${#manifests[@]} manifests, want $APPS"
		equip "$ws" "${manifests[@]}"
		cd "$ws"
		same_findings "$ws" .
		add_commands . "$ws.bare" 1 any
		# the floor: one esbuild build per 48 manifests, the base tsconfig
		# forced on every file (as irislint's tsconfig sharing does), and a
		# goja run of each, on every CPU; nothing else
		check floor 0 "$FLOOR -tsconfig tsconfig.base.json ." 1
		if [ "$SLOW_RUNS" -gt 0 ]; then
			check bun-each 123 "sh tools/check-each.sh" "$SLOW_EVERY"
			[ "$(sed 's/^\.\///' "$OUT_DIR/apps-bun-each.out" | sort)" = "$(sort "$OUT_DIR/apps-bun.out")" ] ||
				die "Bun prints other findings one process per manifest than in one process (see $OUT_DIR/apps-bun{,-each}.out)"
		fi
		tsc_errors_only_in_broken_apps
		REPORT_ARGS+=(--short "apps=$APPS apps"
			--title "apps=$APPS apps, each with its own tsconfig.json extending a base with $((2 * APPS)) paths")
		;;
	esac
	if [ "$BARE" = 1 ]; then # node_modules must not change irislint's verdict
		(cd "$ws.bare" && "$BIN" lint --format json .) >"$OUT_DIR/$SCENARIO-bare.json" || true
		(cd "$ws" && "$BIN" lint --format json .) >"$OUT_DIR/$SCENARIO-irislint.json" || true
		cmp -s "$OUT_DIR/$SCENARIO-bare.json" "$OUT_DIR/$SCENARIO-irislint.json" ||
			log "warning: irislint's report differs with and without node_modules ($OUT_DIR/$SCENARIO-{irislint,bare}.json)"
	fi
	measure
	cd "$ROOT"
done

# --- report --------------------------------------------------------------------
CPU=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
IRISLINT_V=$("$BIN" version 2>/dev/null | head -1 || echo unknown)
machine="Machine: $(nproc) CPUs ($CPU), $(awk '/^MemTotal/ { printf "%d", $2/1024 }' /proc/meminfo) MiB, Linux $(uname -r); $(go version | awk '{print $3}'), node $(node --version); CPUs $(printf '%s; ' "${IDLE_NOTES[@]}" | sed 's/; $//')."
labels=(
	--label "irislint=irislint \`lint\`, result cache off ($BIN_WHAT; $IRISLINT_V)"
	--label "base=irislint base ($BASE_WHAT; $([ -z "$BASE_BIN" ] || "$BASE_BIN" version 2>/dev/null | head -1))"
	--label "warm=irislint \`lint\` with a warm result cache"
	--label "bare=irislint \`lint\`, the same workspace without node_modules"
	--label "floor=bench/floor: esbuild's build and goja's run of the manifests, nothing else (irislint's floor)"
	--label "bun=Bun $BUN_VERSION, \`check-scopes.mts\`, one process"
	--label "bun-each=Bun $BUN_VERSION, one process per manifest, $(nproc) at a time (peak RSS: the largest process)"
	--label "tsx=tsx $TSX_V (node $(node --version)), the same script"
	--label "tsc=tsc $TS_V \`--noEmit\`: type-check only"
	--label "tsc7=tsc $TS7_V (native) \`--noEmit\`: type-check only"
)
node "$PEERS/report.js" --machine "$machine" "${labels[@]}" "${REPORT_ARGS[@]}" >"$OUT_DIR/results.md" ||
	die "could not write the report"
cat "$OUT_DIR/results.md"
