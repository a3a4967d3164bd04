#!/usr/bin/env bash
# scripts/fuzz.sh — run every Go fuzz target in the module, one after
# another, for FUZZTIME each (default 20s; any -fuzztime value, e.g. 5m or
# 10000x). Targets are found by grepping `func FuzzX(` in the *_test.go
# files, so a new one is picked up without touching this script.
#
#   scripts/fuzz.sh             # every target
#   scripts/fuzz.sh Load Check  # only targets whose name contains Load or Check
#   FUZZTIME=3m FUZZPARALLEL=2 scripts/fuzz.sh
#
# FUZZMINIMIZETIME (default 2s) bounds how long the Go tool minimizes each
# input: every input that finds new coverage is minimized before fuzzing
# goes on, and at Go's default of 60s a slow target such as FuzzLoad (a
# bundle and an evaluation per input) spends whole runs minimizing. A
# failing input is minimized for as long, and is written either way.
#
# Stops at the first failure, exit status 1, naming the input that failed:
# the Go tool writes it under <package>/testdata/fuzz/<FuzzName>/. Fix the
# bug and commit that file: `go test` runs it as a seed from then on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
FUZZTIME=${FUZZTIME:-20s}
FUZZPARALLEL=${FUZZPARALLEL:-}
FUZZMINIMIZETIME=${FUZZMINIMIZETIME:-2s}

log() { printf 'fuzz: %s\n' "$*" >&2; }

# "dir<TAB>FuzzName" for each target, sorted.
targets=$(grep -rEo --include='*_test.go' \
	--exclude-dir=.git --exclude-dir=node_modules --exclude-dir=.cache --exclude-dir=testdata \
	'^func Fuzz[A-Za-z0-9_]*\(' . |
	sed -E 's#^\./##; s#^(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\($#\1\t\2#; s#^[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\($#.\t\1#' |
	sort -u) || true
if [ -z "$targets" ]; then
	log "no fuzz targets found"
	exit 1
fi

selected=()
while IFS=$'\t' read -r dir name; do
	if [ $# -gt 0 ]; then
		keep=
		for want in "$@"; do
			case $name in *"$want"*) keep=1 ;; esac
		done
		[ -n "$keep" ] || continue
	fi
	selected+=("$dir"$'\t'"$name")
done <<<"$targets"
if [ ${#selected[@]} -eq 0 ]; then
	log "no fuzz target matches $*"
	exit 1
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
n=0
flaked=0
for t in "${selected[@]}"; do
	dir=${t%%$'\t'*}
	name=${t#*$'\t'}
	n=$((n + 1))
	log "[$n/${#selected[@]}] $name in ./$dir for $FUZZTIME"
	args=(test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "$FUZZMINIMIZETIME")
	[ -z "$FUZZPARALLEL" ] || args+=(-parallel "$FUZZPARALLEL")
	if ! go "${args[@]}" "./$dir" 2>&1 | tee "$out"; then
		# go test prints "Failing input written to testdata/fuzz/FuzzX/<id>",
		# relative to the package folder.
		input=$(sed -nE 's#.*Failing input written to (.*)$#\1#p' "$out" | tail -n 1)
		if [ -n "$input" ]; then
			log "FAIL: $name in ./$dir; failing input: $dir/$input"
			log "re-run: go test -run '^$name/$(basename "$input")\$' ./$dir"
			exit 1
		fi
		# Go 1.26's coordinator can fail a target that found nothing, with a
		# bare "context deadline exceeded", as -fuzztime runs out
		# (go.dev/issue/75804, fixed in Go 1.27). That, and nothing else,
		# under the target's FAIL line, with the seed corpus passing when
		# run again, is no finding.
		if [ "$(sed -n "/^--- FAIL: $name /,/^FAIL\$/p" "$out" | sed '1d;$d' | sed -E 's/^[[:space:]]+//')" = "context deadline exceeded" ] &&
			go test -run "^${name}\$" "./$dir" >/dev/null 2>&1; then
			log "warning: $name in ./$dir stopped with Go's fuzztime deadline race (go.dev/issue/75804), not a finding"
			flaked=$((flaked + 1))
			continue
		fi
		log "FAIL: $name in ./$dir (no failing input was written: see the output above)"
		exit 1
	fi
done
if [ "$flaked" -gt 0 ]; then
	log "all ${#selected[@]} fuzz targets passed, $FUZZTIME each ($flaked stopped by Go's deadline race)"
else
	log "all ${#selected[@]} fuzz targets passed, $FUZZTIME each"
fi
