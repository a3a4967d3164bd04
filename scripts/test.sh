#!/usr/bin/env bash
# scripts/test.sh — the README's test command: installs the outside tools
# the tests drive (scripts/ci-deps.sh: git, pre-commit, Microsoft's SARIF
# validator; each that cannot be installed here is said in one line, and
# the tests that need it skip), then runs every test, with the race
# detector where it can run. Extra arguments go to `go test` (e.g.
# -run TestHostile, -count=1).
#
# The race detector needs cgo and a C compiler: without them
# (CGO_ENABLED=0, the README's install setting, or no compiler) the tests
# run without -race, and the script says so. In CI (IRISLINT_CI=1) every
# tool and -race are required: a missing one fails the run.
#
# IRISLINT_TEST_DRY_RUN=1 prints the go test command instead of running it
# (scripts' own test uses it).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'test.sh: %s\n' "$*" >&2; }

bash scripts/ci-deps.sh

# -race where cgo works.
race=(-race)
why=""
if [ "$(go env CGO_ENABLED)" != 1 ]; then
	why="cgo is off (CGO_ENABLED=0)"
else
	cc=$(go env CC)
	cc=${cc%% *} # the compiler, without its flags
	command -v "$cc" >/dev/null || why="there is no C compiler ($cc is not on PATH)"
fi
if [ -n "$why" ]; then
	if [ "${IRISLINT_CI:-0}" = 1 ]; then
		say "CI runs the tests with -race, which needs cgo and a C compiler, but $why"
		exit 1
	fi
	say "running the tests without -race: the race detector needs cgo and a C compiler, and $why"
	race=()
fi

cmd=(go test "${race[@]}" "$@" ./...)
if [ "${IRISLINT_TEST_DRY_RUN:-0}" = 1 ]; then
	echo "${cmd[*]}"
	exit 0
fi
exec "${cmd[@]}"
