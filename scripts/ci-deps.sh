#!/usr/bin/env bash
# scripts/ci-deps.sh — install the outside tools irislint's tests drive, so
# that those tests run rather than skip:
#
#   git              Debian's package; TestPreCommitHook, TestVersionOfABuildFromTheClone
#   pre-commit       Debian's package; TestPreCommitHook drives it
#   sarif-multitool  Microsoft's SARIF validator (npm @microsoft/sarif-multitool),
#                    into .cache/npm (git-ignored); TestSARIFValidates finds it there
#
# (The benchmarks' tools, hyperfine and GNU time, are installed by the bench/
# scripts that use them.)
#
# Idempotent: what is present is left alone, and `apt-get update` runs at
# most once, only when a Debian package is missing. A tool that cannot be
# installed here (apt-get needs a Debian-like system and root or sudo; the
# validator needs npm) gets one line saying why and which test skips, and
# the script goes on: the tests run without it. With IRISLINT_CI=1 (CI,
# where a skipped test would hide one that never ran) every tool is
# required, and the script exits 1 at the first one it cannot install.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NPM_DIR="$ROOT/.cache/npm"
SARIF_MULTITOOL_VERSION=${SARIF_MULTITOOL_VERSION:-5.7.0}
CI_MODE=${IRISLINT_CI:-0}

log() { printf 'ci-deps: %s\n' "$*" >&2; }
die() { printf 'ci-deps: %s\n' "$*" >&2; exit 1; }

# cannot TOOL WHY TESTS: a tool that cannot be installed. One line, and the
# tests that need it skip; in CI that is an error.
cannot() {
	if [ "$CI_MODE" = 1 ]; then
		die "cannot install $1: $2 (IRISLINT_CI=1: every tool the tests drive is required)"
	fi
	log "not installing $1: $2; $3 will skip"
}

# --- Debian packages ----------------------------------------------------------
# tests_of PACKAGE: the tests that skip without it.
tests_of() {
	case $1 in
		git) echo "TestPreCommitHook and TestVersionOfABuildFromTheClone" ;;
		pre-commit) echo "TestPreCommitHook" ;;
	esac
}

missing=()
command -v git >/dev/null || missing+=(git)
command -v pre-commit >/dev/null || missing+=(pre-commit)
if [ ${#missing[@]} -gt 0 ]; then
	why=""
	SUDO=()
	if ! command -v apt-get >/dev/null; then
		why="apt-get is not here (not a Debian-like system): install it with your package manager"
	elif [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
			SUDO=(sudo -n)
		else
			why="apt-get needs root, or sudo without a password: run 'sudo apt-get install ${missing[*]}'"
		fi
	fi
	if [ -z "$why" ]; then
		log "apt-get install ${missing[*]}"
		if ! "${SUDO[@]}" apt-get update -qq >&2; then
			why="apt-get update failed"
		elif ! DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; then
			why="apt-get install ${missing[*]} failed"
		fi
	fi
	for pkg in "${missing[@]}"; do
		if ! command -v "$pkg" >/dev/null; then
			cannot "$pkg" "${why:-apt-get installed no $pkg command}" "$(tests_of "$pkg")"
		fi
	done
fi
command -v git >/dev/null && log "git: $(git --version | awk '{print $3}')"
command -v pre-commit >/dev/null && log "pre-commit: $(pre-commit --version | awk '{print $2}')"

# --- Microsoft's SARIF validator ----------------------------------------------
native="$NPM_DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
sarif_runs() {
	DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$native" --version >/dev/null 2>&1
}
have=$(grep -o '"version": *"[^"]*"' "$NPM_DIR/node_modules/@microsoft/sarif-multitool/package.json" 2>/dev/null |
	head -1 | grep -o '[0-9][^"]*' || true)
if [ -x "$native" ] && [ "$have" = "$SARIF_MULTITOOL_VERSION" ]; then
	log "sarif-multitool: $have, in ${NPM_DIR#"$ROOT"/}"
elif [ "$(uname -s)" != Linux ]; then
	cannot sarif-multitool "the tests run its Linux executable, and this is $(uname -s)" TestSARIFValidates
elif ! command -v npm >/dev/null; then
	cannot sarif-multitool "npm is not installed (Debian: apt-get install npm)" TestSARIFValidates
else
	log "npm install @microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION into ${NPM_DIR#"$ROOT"/}"
	mkdir -p "$NPM_DIR"
	[ -f "$NPM_DIR/package.json" ] || printf '{ "name": "irislint-ci-deps", "private": true }\n' >"$NPM_DIR/package.json"
	if ! (cd "$NPM_DIR" && npm install --no-audit --no-fund --loglevel=error --save-exact \
		"@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION" >&2); then
		cannot sarif-multitool "npm install @microsoft/sarif-multitool failed" TestSARIFValidates
	elif [ ! -x "$native" ]; then
		cannot sarif-multitool "@microsoft/sarif-multitool installed no Linux executable at $native" TestSARIFValidates
	else
		log "sarif-multitool: $SARIF_MULTITOOL_VERSION, in ${NPM_DIR#"$ROOT"/}"
	fi
fi
if [ -x "$native" ] && ! sarif_runs; then
	cannot sarif-multitool "$native does not run" TestSARIFValidates
fi
exit 0
