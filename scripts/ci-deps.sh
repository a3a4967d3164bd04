#!/usr/bin/env bash
# scripts/ci-deps.sh — install the outside tools irislint's tests and
# benchmarks run for real, so that they run rather than skip:
#
#   sarif-multitool  Microsoft's SARIF validator (npm @microsoft/sarif-multitool),
#                    into .cache/npm (git-ignored); TestSARIFValidates finds it there
#   pre-commit       Debian's package; TestPreCommitHook drives it
#   hyperfine, time  Debian's packages; bench/monorepo.sh measures with them
#
# Idempotent: what is present is left alone, and `apt-get update` runs at
# most once, only when a Debian package is missing. Needs root (or sudo)
# for apt, and npm for the validator. Exits non-zero, with one line saying
# why, when an install fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NPM_DIR="$ROOT/.cache/npm"
SARIF_MULTITOOL_VERSION=${SARIF_MULTITOOL_VERSION:-5.7.0}

log() { printf 'ci-deps: %s\n' "$*" >&2; }
die() { printf 'ci-deps: %s\n' "$*" >&2; exit 1; }

# --- Debian packages ----------------------------------------------------------
missing=()
command -v pre-commit >/dev/null || missing+=(pre-commit)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v git >/dev/null || missing+=(git)
if [ ${#missing[@]} -gt 0 ]; then
	SUDO=
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || die "need root or sudo to install ${missing[*]}"
		SUDO=sudo
	fi
	log "apt-get install ${missing[*]}"
	$SUDO apt-get update -qq >&2 || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
		die "apt-get install ${missing[*]} failed"
else
	log "pre-commit, hyperfine and time are installed"
fi

# --- Microsoft's SARIF validator ----------------------------------------------
native="$NPM_DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
have=$(node -p "try { require('$NPM_DIR/node_modules/@microsoft/sarif-multitool/package.json').version } catch { '' }" 2>/dev/null || true)
if [ -x "$native" ] && [ "$have" = "$SARIF_MULTITOOL_VERSION" ]; then
	log "sarif-multitool $have is installed in ${NPM_DIR#"$ROOT"/}"
else
	command -v npm >/dev/null || die "npm is needed to install @microsoft/sarif-multitool"
	log "npm install @microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION into ${NPM_DIR#"$ROOT"/}"
	mkdir -p "$NPM_DIR"
	[ -f "$NPM_DIR/package.json" ] || printf '{ "name": "irislint-ci-deps", "private": true }\n' >"$NPM_DIR/package.json"
	(cd "$NPM_DIR" && npm install --no-audit --no-fund --loglevel=error --save-exact \
		"@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION" >&2) ||
		die "npm install @microsoft/sarif-multitool failed"
	[ -x "$native" ] || die "@microsoft/sarif-multitool installed no Linux executable at $native"
fi
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$native" --version >/dev/null 2>&1 ||
	die "$native does not run"
log "ready: pre-commit $(pre-commit --version | awk '{print $2}'), hyperfine $(hyperfine --version | awk '{print $2}'), sarif-multitool $SARIF_MULTITOOL_VERSION"
