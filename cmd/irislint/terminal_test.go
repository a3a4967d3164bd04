package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestColorOnATerminal runs the irislint binary on a real terminal (a
// pseudo-terminal made by util-linux's script) and through a pipe: colour
// on the terminal only, never with NO_COLOR or --color never, and the
// summary line last either way.
func TestColorOnATerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("util-linux's script is not installed: no pseudo-terminal to test on")
	}
	bin := irislintBinary(t)
	ws := testdataDir(t, "workspace")
	const red = "\x1b[1;31merror\x1b[0m"
	for _, tt := range []struct {
		name     string
		terminal bool
		env      []string
		args     string
		color    bool
	}{
		{"terminal", true, nil, "", true},
		{"terminal, NO_COLOR", true, []string{"NO_COLOR=1"}, "", false},
		{"terminal, TERM=dumb", true, []string{"TERM=dumb"}, "", false},
		{"terminal, --color never", true, nil, "--color never", false},
		{"pipe", false, nil, "", false},
		{"pipe, --color always", false, nil, "--color always", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var cmd *exec.Cmd
			line := bin + " lint " + tt.args
			if tt.terminal {
				// script -q -e -c CMD /dev/null: CMD on a new pseudo-terminal,
				// its output copied to ours, its exit code returned.
				cmd = exec.Command(script, "-q", "-e", "-c", line, "/dev/null")
			} else {
				cmd = exec.Command("sh", "-c", line)
			}
			cmd.Dir = ws
			cmd.Env = append(os.Environ(), "TERM=xterm-256color")
			for _, kv := range os.Environ() {
				if strings.HasPrefix(kv, "NO_COLOR=") {
					t.Skip("NO_COLOR is set for the tests themselves")
				}
			}
			cmd.Env = append(cmd.Env, tt.env...)
			out, err := cmd.Output()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitProblems {
				t.Fatalf("exit: %v, want 1\n%s", err, out)
			}
			got := string(out)
			if has := strings.Contains(got, red); has != tt.color {
				t.Errorf("colour = %v, want %v:\n%q", has, tt.color, got)
			}
			if !tt.color && strings.Contains(got, "\x1b[") {
				t.Errorf("an escape sequence without colour:\n%q", got)
			}
			lines := strings.Split(strings.TrimRight(strings.ReplaceAll(got, "\r\n", "\n"), "\n"), "\n")
			if last := lines[len(lines)-1]; last != "6 errors in 2 files (3 manifests checked); 1 fixable with --fix (4 more with --unsafe-fixes)" {
				t.Errorf("last line = %q, want the summary", last)
			}
		})
	}
}
