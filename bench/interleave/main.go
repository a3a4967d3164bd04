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
// Each command is split on spaces (no shell); its output is discarded and
// a failure stops everything. It prints a markdown table: median, 25th and
// 10th percentile wall time, and median CPU time (user + system).
//
// It builds only with -tags irislint_tools, so that `go install ./...` (what
// pre-commit's golang hooks run) installs irislint alone.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	rounds := flag.Int("rounds", 300, "rounds to time, after the warmup rounds")
	warmup := flag.Int("warmup", 5, "untimed rounds first")
	names := flag.String("names", "", "comma-separated labels for the commands in the table (default: the commands)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: interleave [-rounds N] [-warmup N] -- COMMAND...")
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
		if labels = strings.Split(*names, ","); len(labels) != len(cmds) {
			fmt.Fprintf(os.Stderr, "interleave: %d names for %d commands\n", len(labels), len(cmds))
			os.Exit(2)
		}
	}
	wall := make([][]time.Duration, len(cmds))
	cpu := make([][]time.Duration, len(cmds))
	for r := 0; r < *warmup+*rounds; r++ {
		for i, c := range cmds {
			w, u, err := run(c)
			if err != nil {
				fmt.Fprintf(os.Stderr, "interleave: %s: %v\n", c, err)
				os.Exit(1)
			}
			if r >= *warmup {
				wall[i] = append(wall[i], w)
				cpu[i] = append(cpu[i], u)
			}
		}
	}
	fmt.Printf("| Command | Median | p25 | p10 | CPU (median) |\n|---|---:|---:|---:|---:|\n")
	for i := range cmds {
		fmt.Printf("| %s | **%s** | %s | %s | %s |\n", labels[i],
			ms(quantile(wall[i], 0.5)), ms(quantile(wall[i], 0.25)), ms(quantile(wall[i], 0.1)), ms(quantile(cpu[i], 0.5)))
	}
}

// run runs one command and returns its wall time and CPU time.
func run(command string) (wall, cpu time.Duration, err error) {
	f := strings.Fields(command)
	cmd := exec.Command(f[0], f[1:]...)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, err
	}
	wall = time.Since(start)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return wall, cpu, nil
}

func quantile(d []time.Duration, q float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
