# bench/lib.sh — shared by bench/run.sh and bench/monorepo.sh (sourced;
# they define log() and die()).

# wait_for_idle waits up to BENCH_QUIET_WAIT seconds (default 600) for the
# CPUs to be mostly idle (85%), since anything else running skews the
# figures, and sets IDLE_BEFORE to the share idle when measuring starts.
wait_for_idle() {
	local waited=0 idle
	while idle=$(idle_pct) && [ "$idle" -lt 85 ]; do
		if [ "$waited" -ge "${BENCH_QUIET_WAIT:-600}" ]; then
			log "warning: the CPUs are only ${idle}% idle: the figures will be noisy"
			break
		fi
		[ "$waited" -eq 0 ] && log "the CPUs are only ${idle}% idle: waiting for other work to finish"
		sleep 7; waited=$((waited + 10))
	done
	IDLE_BEFORE=$idle
}

# idle_pct prints the share of CPU time idle over the next 3 seconds, in percent.
idle_pct() {
	local a b a1 a2 a3 a4 a5 b1 b2 b3 b4 b5
	read -r _ a1 a2 a3 a4 a5 _ </proc/stat
	sleep 3
	read -r _ b1 b2 b3 b4 b5 _ </proc/stat
	a=$((a1 + a2 + a3 + a4 + a5)); b=$((b1 + b2 + b3 + b4 + b5))
	echo $(((b4 + b5 - a4 - a5) * 100 / (b - a > 0 ? b - a : 1)))
}

# need_debian COMMAND:PACKAGE...: installs with apt-get (as root, or with
# sudo) the Debian package of each command that is not on PATH (a command
# may be a path: /usr/bin/time:time), or dies saying what to install.
need_debian() {
	local pair cmd pkgs=() sudo=()
	for pair in "$@"; do
		cmd=${pair%%:*}
		command -v "$cmd" >/dev/null || pkgs+=("${pair#*:}")
	done
	[ ${#pkgs[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null || die "needs ${pkgs[*]}: install them with your package manager (no apt-get here)"
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null && sudo -n true 2>/dev/null ||
			die "needs ${pkgs[*]}: run 'sudo apt-get install ${pkgs[*]}' first (apt-get needs root)"
		sudo=(sudo -n)
	fi
	log "installing ${pkgs[*]} (apt-get)"
	"${sudo[@]}" apt-get update -qq >&2 || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2 ||
		die "apt-get install ${pkgs[*]} failed"
}
