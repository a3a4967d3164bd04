#!/usr/bin/env bash
# scripts/test.sh — the README's test command: installs the outside tools
# two tests drive (scripts/ci-deps.sh: Debian's pre-commit, Microsoft's SARIF
# validator from npm into .cache/), then runs every test with the race
# detector. Extra arguments go to `go test` (e.g. -run TestHostile, -count=1).
#
# Plain `go test ./...` works too; without the tools, TestPreCommitHook and
# TestSARIFValidates skip (in CI, IRISLINT_CI=1, they fail instead).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ci-deps.sh
go test -race "$@" ./...
