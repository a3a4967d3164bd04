#!/usr/bin/env bash
# bench/monorepo.sh — whole-process time and peak memory of `irislint lint .`
# over a 200-app Nx workspace made from testdata/workspace.
#
#   bench/monorepo.sh             # build, generate, measure, print a markdown report
#   APPS=500 bench/monorepo.sh    # another size
#   bench/monorepo.sh --generate DIR   # only write the workspace into DIR
#
# The workspace is shaped like testdata/workspace, scaled up: APPS apps, each
# with its own two extension libs reached through tsconfig.base.json paths
# (2 x APPS path aliases, as Nx adds one per lib), all spreading the shared
# scope lib, all requiring the root package.json and their own. Nine apps in
# ten are copies of apps/fleet-insights (clean), one in twenty of
# apps/service-planner (broken on purpose: 6 errors each, one of them in a
# shared lib) and one in twenty of apps/legacy-js (CommonJS). No
# node_modules, as where a pre-commit hook or a CI lint step runs.
#
# Measured: hyperfine (warmup WARMUP, at least RUNS runs) of the whole
# process, then /usr/bin/time -v for its maximum resident set size, at the
# default -j (the number of CPUs) and at -j 1. The markdown table goes to
# stdout and to bench/.cache/monorepo/results.md; hyperfine's raw numbers to
# bench/.cache/monorepo/hyperfine.json.
#
# Needs go, node (to read hyperfine's JSON), hyperfine and GNU time (the
# script installs the last two with apt-get when it can: root or sudo).
# Knobs (environment): APPS (default 200), RUNS (default 20), WARMUP
# (default 3), IRISLINT_BIN (measure this binary instead of building one),
# BENCH_QUIET_WAIT (seconds to wait for idle CPUs first, default 600),
# BENCH_ENFORCE=1 (exit 1 when the target is missed).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SRC="$ROOT/testdata/workspace"
CACHE="$HERE/.cache"
OUT_DIR="$CACHE/monorepo"
BIN="$CACHE/bin/irislint"

APPS=${APPS:-200}
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}

# Targets from the monorepo issue.
TARGET_MEAN_S=1.0
TARGET_RSS_MIB=200

log() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
die() { printf 'bench: %s\n' "$*" >&2; exit 2; }

# generate DIR: write the APPS-app workspace into DIR (which must be empty
# or absent).
generate() {
	local ws=$1 i n kind app paths
	mkdir -p "$ws"
	[ -z "$(ls -A "$ws")" ] || die "$ws is not empty"
	cp "$SRC/nx.json" "$SRC/package.json" "$ws/"
	mkdir -p "$ws/libs" "$ws/apps"
	cp -R "$SRC/libs/shared" "$SRC/libs/planner" "$ws/libs/"
	paths=$(mktemp)
	for ((i = 1; i <= APPS; i++)); do
		n=$(printf '%03d' "$i")
		app="app-$n"
		case $((i % 20)) in
			0) kind=service-planner ;;
			10) kind=legacy-js ;;
			*) kind=fleet-insights ;;
		esac
		mkdir -p "$ws/apps/$app"
		cp -R "$SRC/apps/$kind/." "$ws/apps/$app/"
		sed -i "s/\"name\": \"@acme\/$kind\"/\"name\": \"@acme\/$app\"/" "$ws/apps/$app/package.json"
		[ -f "$ws/apps/$app/project.json" ] && sed -i "s/$kind/$app/g" "$ws/apps/$app/project.json"
		case $kind in
			fleet-insights)
				sed -i -e "s/@acme\/fleet-insights-/@acme\/$app-/" \
					-e "s/fleet-insights\.acme\.example/$app.acme.example/g" \
					-e "s/name: 'Fleet Insights'/name: 'Fleet Insights $n'/" \
					"$ws/apps/$app/iris-app-manifest.ts"
				for ext in fleet-extension asset-home-extension; do
					mkdir -p "$ws/libs/$app/$ext"
					sed -e "s/fleet-insights/$app/g" "$SRC/libs/fleet-insights/$ext/extension-manifest.ts" \
						>"$ws/libs/$app/$ext/extension-manifest.ts"
					printf '      "@acme/%s-%s": ["libs/%s/%s/extension-manifest.ts"],\n' "$app" "$ext" "$app" "$ext" >>"$paths"
				done
				;;
			service-planner)
				sed -i -e "s/@acme\/service-planner-/@acme\/$app-/" \
					"$ws/apps/$app/iris-app-manifest.ts"
				for ext in fleet-extension settings-extension; do
					mkdir -p "$ws/libs/$app/$ext"
					sed -e "s/service-planner/$app/g" "$SRC/libs/service-planner/$ext/extension-manifest.ts" \
						>"$ws/libs/$app/$ext/extension-manifest.ts"
					printf '      "@acme/%s-%s": ["libs/%s/%s/extension-manifest.ts"],\n' "$app" "$ext" "$app" "$ext" >>"$paths"
				done
				;;
		esac
	done
	{
		# tsconfig.base.json with the workspace's own paths, then every app's.
		sed -n '1,/"paths": {/p' "$SRC/tsconfig.base.json"
		printf '      // shared scope lists\n'
		printf '      "@acme/shared-scopes": ["libs/shared/scopes/src/index.ts"],\n'
		printf '      "@acme/planner-scopes": ["libs/planner/scopes/src/index.ts"],\n'
		printf '      // one line per generated library\n'
		cat "$paths"
		sed -n '/^    },$/,$p' "$SRC/tsconfig.base.json"
	} >"$ws/tsconfig.base.json"
	rm -f "$paths"
}

if [ "${1-}" = --generate ]; then
	[ $# -eq 2 ] || die "usage: bench/monorepo.sh --generate DIR"
	generate "$2"
	exit 0
fi

for tool in go node; do
	command -v "$tool" >/dev/null || die "$tool is needed and not on PATH"
done
need_debian hyperfine:hyperfine /usr/bin/time:time # bench/lib.sh

mkdir -p "$(dirname "$BIN")" "$OUT_DIR"
if [ -n "${IRISLINT_BIN:-}" ]; then
	BIN=$IRISLINT_BIN
	log "measuring $BIN"
else
	log "building irislint"
	(cd "$ROOT" && CGO_ENABLED=0 go build -trimpath -o "$BIN" ./cmd/irislint)
fi

WS=$(mktemp -d "${TMPDIR:-/tmp}/irislint-monorepo.XXXXXX")
trap 'rm -rf "$WS"' EXIT
log "generating a $APPS-app workspace in $WS"
generate "$WS"
cd "$WS"
files=$(find . -name 'iris-app-manifest.*' -not -path './node_modules/*' | wc -l)
[ "$files" -eq "$APPS" ] || die "generated $files manifests, want $APPS"

# Every run must do the whole job: exit 1 (the broken apps), a summary line
# counting all the manifests, and the same output at -j 1 and the default.
set +e
"$BIN" lint --color never . >"$OUT_DIR/out-default.txt"
code=$?
"$BIN" lint --color never -j 1 . >"$OUT_DIR/out-j1.txt"
set -e
[ "$code" -eq 1 ] || die "irislint lint . exited $code, want 1 (the broken apps); output in $OUT_DIR/out-default.txt"
cmp -s "$OUT_DIR/out-default.txt" "$OUT_DIR/out-j1.txt" || die "output differs between -j 1 and the default"
SUMMARY=$(tail -1 "$OUT_DIR/out-default.txt")
log "irislint: $SUMMARY"
case $SUMMARY in *"($APPS manifests checked)") ;; *) die "unexpected summary line: $SUMMARY" ;; esac

# Anything else running skews the figures: wait for idle CPUs (bench/lib.sh).
wait_for_idle

log "measuring: warmup $WARMUP, at least $RUNS runs (CPUs ${IDLE_BEFORE}% idle)"
hyperfine -N -i --warmup "$WARMUP" --min-runs "$RUNS" --style basic \
	--export-json "$OUT_DIR/hyperfine.json" \
	-n "lint ." "$BIN lint --color never ." \
	-n "lint -j 1 ." "$BIN lint --color never -j 1 ." >&2

rss_kib() { # the largest max RSS of 5 runs of "$@", in KiB
	local best=0 r f
	f=$(mktemp)
	for _ in 1 2 3 4 5; do
		/usr/bin/time -o "$f" -f '%M' "$@" >/dev/null 2>&1 || true
		r=$(tail -1 "$f")
		[ "$r" -gt "$best" ] && best=$r
	done
	rm -f "$f"
	echo "$best"
}
RSS_DEFAULT=$(rss_kib "$BIN" lint --color never .)
RSS_J1=$(rss_kib "$BIN" lint --color never -j 1 .)

CPU=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
GO_V=$(go version | awk '{print $3}')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
status=0

hyperfine_rows() {
	# hyperfine.json -> name|mean|stddev|median|min|max, one line per command.
	node -e '
		for (const r of require(process.argv[1]).results)
			console.log([r.command, r.mean, r.stddev, r.median, r.min, r.max].join("|"));
	' "$OUT_DIR/hyperfine.json"
}
{
	status=0
	printf 'Linting a generated %d-app Nx workspace (bench/monorepo.sh), whole process, `irislint lint .`:\n\n' "$APPS"
	printf '| Command | Mean ± σ | Median | Min … max | Max RSS |\n'
	printf '|---|---:|---:|---:|---:|\n'
	hyperfine_rows | while IFS='|' read -r name mean sd median mn mx; do
		rss=$RSS_DEFAULT
		[ "$name" = "lint -j 1 ." ] && rss=$RSS_J1
		awk -v n="$name" -v mean="$mean" -v sd="$sd" -v med="$median" -v mn="$mn" -v mx="$mx" -v rss="$rss" \
			'BEGIN { printf "| `irislint %s` | %.0f ms ± %.0f ms | **%.0f ms** | %.0f … %.0f ms | %.0f MiB |\n", n, mean*1000, sd*1000, med*1000, mn*1000, mx*1000, rss/1024 }'
	done
	printf '\n'
	mean_default=$(hyperfine_rows | awk -F'|' '$1 == "lint ." { print $2 }')
	awk -v m="$mean_default" -v t="$TARGET_MEAN_S" -v rss="$RSS_DEFAULT" -v tr="$TARGET_RSS_MIB" 'BEGIN {
		ok1 = (m < t); ok2 = (rss/1024 < tr)
		printf "Targets: mean under %.1f s: %.0f ms %s; peak RSS under %d MiB: %.0f MiB %s.\n", t, m*1000, ok1 ? "✅" : "❌", tr, rss/1024, ok2 ? "✅" : "❌"
		exit !(ok1 && ok2)
	}' || status=3
	printf '\nOutput: %s. Machine: %s CPUs, %s, %s MiB of memory, Linux %s; %s, hyperfine %s; CPUs %s%% idle before, load average %s after.\n' \
		"$SUMMARY" "$(nproc)" "$CPU" "$(awk '/^MemTotal/ { printf "%d", $2/1024 }' /proc/meminfo)" "$(uname -r)" "$GO_V" \
		"$(hyperfine --version | awk '{print $2}')" "$IDLE_BEFORE" "$LOAD"
	exit "$status"
} | tee "$OUT_DIR/results.md" || status=$?
if [ "$status" -ne 0 ] && [ "${BENCH_ENFORCE:-0}" = 1 ]; then
	exit 1
fi
