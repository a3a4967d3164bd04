//go:build irislint_tools

// Command interleave times whole commands in rounds, one run of each per
// round, so that a machine whose speed drifts (a shared VM) slows them
// all alike. hyperfine runs each command's runs back to back, and on this
// project's VM two hyperfine runs of the same binary a minute apart have
// differed by 20%: good enough against tools 40 times slower, not to
// compare commands within a millisecond of each other.
//
//	go run -tags irislint_tools ./bench/interleave -rounds 300 -names lint,floor -- 'irislint lint m.ts' 'floor m.ts'
//
// Each command is split on spaces (no shell); its output is discarded. The
// order of the commands rotates from round to round, so that none always
// runs right after the same other one. It prints a markdown table: median,
// 25th and 10th percentile wall time, median CPU time (user + system) and
// median peak RSS; -json also writes every run, for reports that pair the
// runs of one round (bench/peers.sh).
//
// A command that exits otherwise than expected (-exit; default 0) stops
// everything: a benchmark of a run that failed measures nothing. Slow
// commands can run in fewer rounds (-every).
//
// Peak RSS is the kernel's ru_maxrss for the child, as GNU time reports it.
// Go starts children with vfork, so the child's figure is at least this
// timer's own peak RSS (a few MiB; -json records it as timerMaxRSSKiB).
//
// It builds only with -tags irislint_tools, so that `go install ./...` (what
// pre-commit's golang hooks run) installs irislint alone.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// sample is one timed run of one command.
type sample struct {
	Round     int   `json:"round"`
	WallNs    int64 `json:"wallNs"`
	CPUNs     int64 `json:"cpuNs"` // user + system
	MaxRSSKiB int64 `json:"maxRSSKiB"`
}

// series is one command with all its timed runs.
type series struct {
	Name    string   `json:"name"`
	Command string   `json:"command"`
	Every   int      `json:"every"` // runs in one round of this many
	Exit    int      `json:"exit"`  // the exit status every run had
	Runs    []sample `json:"runs"`
}

func main() {
	rounds := flag.Int("rounds", 300, "rounds to time, after the warmup rounds")
	warmup := flag.Int("warmup", 5, "untimed rounds first")
	names := flag.String("names", "", "comma-separated labels for the commands in the table (default: the commands)")
	every := flag.String("every", "", "comma-separated, one per command: run it in one round of N only (default 1: every round)")
	exits := flag.String("exit", "", "comma-separated, one per command or one for all: the exit status each run must have (default 0)")
	jsonOut := flag.String("json", "", "also write every run to this file, as JSON")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: interleave [-rounds N] [-warmup N] [-names A,B] [-every 1,10] [-exit 0,1] [-json FILE] -- COMMAND...")
		flag.PrintDefaults()
	}
	flag.Parse()
	cmds := flag.Args()
	if len(cmds) == 0 || *rounds < 1 {
		flag.Usage()
		os.Exit(2)
	}
	labels := cmds
	if *names != "" {
		labels = strings.Split(*names, ",")
	}
	strides, err := perCommand(*every, len(cmds), 1)
	var wantExit []int
	if err == nil {
		wantExit, err = perCommand(*exits, len(cmds), 0)
	}
	if err == nil && len(labels) != len(cmds) {
		err = fmt.Errorf("%d names for %d commands", len(labels), len(cmds))
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "interleave: %v\n", err)
		os.Exit(2)
	}

	all := make([]series, len(cmds))
	for i, c := range cmds {
		all[i] = series{Name: labels[i], Command: c, Every: max(strides[i], 1), Exit: wantExit[i]}
	}
	for r := 0; r < *warmup+*rounds; r++ {
		for k := range cmds {
			i := (r + k) % len(cmds) // rotate the order
			if r%all[i].Every != 0 {
				continue
			}
			s, code, err := run(cmds[i])
			if err == nil && code != wantExit[i] {
				err = fmt.Errorf("exited %d, want %d", code, wantExit[i])
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "interleave: %s: %v\n", cmds[i], err)
				os.Exit(1)
			}
			if r >= *warmup {
				s.Round = r - *warmup
				all[i].Runs = append(all[i].Runs, s)
			}
		}
	}

	fmt.Printf("| Command | Median | p25 | p10 | CPU (median) | Peak RSS (median) | Runs |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range all {
		wall, cpu, rss := s.column(func(x sample) int64 { return x.WallNs }),
			s.column(func(x sample) int64 { return x.CPUNs }), s.column(func(x sample) int64 { return x.MaxRSSKiB })
		if len(wall) == 0 {
			fmt.Printf("| %s | no runs (every %d rounds) | | | | | 0 |\n", s.Name, s.Every)
			continue
		}
		fmt.Printf("| %s | **%s** | %s | %s | %s | %.1f MiB | %d |\n", s.Name,
			ms(quantile(wall, 0.5)), ms(quantile(wall, 0.25)), ms(quantile(wall, 0.1)), ms(quantile(cpu, 0.5)),
			float64(quantile(rss, 0.5))/1024, len(wall))
	}
	if *jsonOut != "" {
		if err := writeJSON(*jsonOut, *rounds, *warmup, all); err != nil {
			fmt.Fprintf(os.Stderr, "interleave: %v\n", err)
			os.Exit(1)
		}
	}
}

// perCommand parses a comma-separated list of integers with one value per
// command, or a single value for all; empty means def for all.
func perCommand(list string, n, def int) ([]int, error) {
	out := make([]int, n)
	if list == "" {
		for i := range out {
			out[i] = def
		}
		return out, nil
	}
	parts := strings.Split(list, ",")
	if len(parts) != 1 && len(parts) != n {
		return nil, fmt.Errorf("%q: want 1 or %d values", list, n)
	}
	for i := range out {
		p := parts[0]
		if len(parts) == n {
			p = parts[i]
		}
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("%q: %v", list, err)
		}
		out[i] = v
	}
	return out, nil
}

// run runs one command and returns its wall time, CPU time, peak RSS and
// exit status; err is for a command that could not run at all or was
// killed by a signal.
func run(command string) (s sample, code int, err error) {
	f := strings.Fields(command)
	cmd := exec.Command(f[0], f[1:]...)
	start := time.Now()
	err = cmd.Run()
	s.WallNs = int64(time.Since(start))
	if cmd.ProcessState == nil {
		return s, 0, err
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return s, 0, fmt.Errorf("killed by %v", ws.Signal())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.CPUNs = ru.Utime.Nano() + ru.Stime.Nano()
		s.MaxRSSKiB = ru.Maxrss // KiB on Linux
	}
	return s, cmd.ProcessState.ExitCode(), nil
}

func (s series) column(get func(sample) int64) []int64 {
	out := make([]int64, len(s.Runs))
	for i, x := range s.Runs {
		out[i] = get(x)
	}
	return out
}

func writeJSON(path string, rounds, warmup int, all []series) error {
	var self syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	data, err := json.MarshalIndent(struct {
		Rounds         int      `json:"rounds"`
		Warmup         int      `json:"warmup"`
		TimerMaxRSSKiB int64    `json:"timerMaxRSSKiB"`
		Commands       []series `json:"commands"`
	}{rounds, warmup, self.Maxrss, all}, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func quantile(d []int64, q float64) int64 {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}

func ms(ns int64) string { return fmt.Sprintf("%.1f ms", float64(ns)/1e6) }
