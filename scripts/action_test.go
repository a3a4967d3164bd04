package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// The repository's GitHub Action (action.yml, composite) and the workflow
// that uses it from the checkout (.github/workflows/irislint-action.yml)
// are checked three ways: their shape here, actionlint over the workflow
// (which also reads the action's inputs), and the action's own scripts run
// on this machine as a runner would run them.

// actionlintVersion is the actionlint these tests run (a Go module,
// fetched through the Go module proxy and built once per machine).
const actionlintVersion = "v1.7.12"

type action struct {
	Name        string
	Description string
	Inputs      map[string]struct {
		Description string
		Default     *string
	}
	Outputs map[string]struct {
		Description string
		Value       string
	}
	Runs struct {
		Using string
		Steps []actionStep
	}
}

type actionStep struct {
	ID               string
	Name             string
	Uses             string
	Shell            string
	Run              string
	WorkingDirectory string `yaml:"working-directory"`
	Env              map[string]string
	With             map[string]string
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func readAction(t *testing.T) (action, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return a, string(data)
}

var (
	inputRef   = regexp.MustCompile(`\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}`)
	stepRef    = regexp.MustCompile(`\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\s*\}\}`)
	envRef     = regexp.MustCompile(`\$\{?([A-Z][A-Z0-9_]*)`)
	outputLine = regexp.MustCompile(`echo "([a-z0-9-]+)=[^"]*" >>"\$GITHUB_OUTPUT"`)
)

// TestActionShape checks what actionlint does not: that every input is
// described and used, that every ${{ inputs.X }} names one, that scripts
// take inputs through env (never pasted into the script), use only the
// variables their step sets, and that outputs come from a step that writes
// them.
func TestActionShape(t *testing.T) {
	a, text := readAction(t)
	if a.Name != "irislint" || a.Description == "" || a.Runs.Using != "composite" {
		t.Errorf("name %q, description %q, runs.using %q: want irislint, a description, composite", a.Name, a.Description, a.Runs.Using)
	}
	if d := a.Inputs["format"].Default; d == nil || *d != "github" {
		t.Errorf("format's default = %v, want github (annotations)", d)
	}
	used := map[string]bool{}
	for _, m := range inputRef.FindAllStringSubmatch(text, -1) {
		used[m[1]] = true
		if _, ok := a.Inputs[m[1]]; !ok {
			t.Errorf("${{ inputs.%s }}: no such input", m[1])
		}
	}
	for name, in := range a.Inputs {
		if !used[name] {
			t.Errorf("input %s is never used", name)
		}
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}

	writes := map[string]bool{} // "step.output"
	runner := map[string]bool{"RUNNER_TEMP": true, "GITHUB_PATH": true, "GITHUB_OUTPUT": true}
	for i, s := range a.Runs.Steps {
		if s.Name == "" {
			t.Errorf("step %d has no name", i)
		}
		if s.Run == "" {
			continue
		}
		if s.Shell != "bash" {
			t.Errorf("step %q: shell %q, want bash (a composite action's run steps need one)", s.Name, s.Shell)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q pastes an expression into its script: pass it through env", s.Name)
		}
		for _, m := range envRef.FindAllStringSubmatch(s.Run, -1) {
			if _, ok := s.Env[m[1]]; !ok && !runner[m[1]] {
				t.Errorf("step %q reads $%s, which neither its env nor the runner sets", s.Name, m[1])
			}
		}
		for _, m := range outputLine.FindAllStringSubmatch(s.Run, -1) {
			writes[s.ID+"."+m[1]] = true
		}
	}
	for name, out := range a.Outputs {
		m := stepRef.FindStringSubmatch(out.Value)
		if m == nil || !writes[m[1]+"."+m[2]] {
			t.Errorf("output %s = %q: no step writes it", name, out.Value)
		}
		if out.Description == "" {
			t.Errorf("output %s has no description", name)
		}
	}
}

// TestActionlint runs actionlint over .github/workflows: the syntax and
// expressions of the workflow that uses the action, and the `with:` of
// each `uses: ./` against action.yml's inputs. actionlint is fetched
// through the Go module proxy; only outside CI may a failed fetch skip.
func TestActionlint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds actionlint")
	}
	bin := filepath.Join(t.TempDir(), "bin")
	install := exec.Command("go", "install", "github.com/rhysd/actionlint/cmd/actionlint@"+actionlintVersion)
	install.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=") // built as its module says
	if out, err := install.CombinedOutput(); err != nil {
		why := "cannot fetch and build actionlint " + actionlintVersion + ": " + err.Error() + "\n" + string(out)
		if os.Getenv("IRISLINT_CI") == "1" {
			t.Fatal(why)
		}
		t.Skip(why)
	}
	// shellcheck and pyflakes off: the result must not depend on what else
	// the machine has installed.
	lint := exec.Command(filepath.Join(bin, "actionlint"), "-shellcheck=", "-pyflakes=", "-no-color")
	lint.Dir = repoRoot(t)
	out, err := lint.CombinedOutput()
	if err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
	workflows, _ := filepath.Glob(filepath.Join(repoRoot(t), ".github", "workflows", "*.yml"))
	if len(workflows) == 0 {
		t.Error("no workflow under .github/workflows: actionlint checked nothing")
	}
	for _, w := range workflows {
		data, _ := os.ReadFile(w)
		if !strings.Contains(string(data), "uses: ./\n") {
			t.Errorf("%s does not use the action from the checkout (uses: ./)", filepath.Base(w))
		}
	}
}

// runner runs the action's run steps on this machine, as GitHub's runner
// would after actions/setup-go: expressions in env and working-directory
// evaluated from the inputs, GITHUB_PATH and GITHUB_OUTPUT as files.
type runner struct {
	t         *testing.T
	a         action
	workspace string // GITHUB_WORKSPACE
	temp      string // RUNNER_TEMP
	path      string // PATH for the steps
	actionRef string
	files     string // GITHUB_PATH and GITHUB_OUTPUT live here
}

var expr = regexp.MustCompile(`\$\{\{\s*([a-z_]+)\.([A-Za-z0-9_-]+)\s*\}\}`)

// eval replaces the expressions the action uses; any other is an error.
func (r *runner) eval(s string, inputs map[string]string) string {
	return expr.ReplaceAllStringFunc(s, func(e string) string {
		m := expr.FindStringSubmatch(e)
		switch {
		case m[1] == "inputs":
			if v, ok := inputs[m[2]]; ok {
				return v
			}
			if d := r.a.Inputs[m[2]].Default; d != nil {
				return *d
			}
			return ""
		case m[1] == "github" && m[2] == "action_path":
			return repoRoot(r.t)
		case m[1] == "github" && m[2] == "action_ref":
			return r.actionRef
		}
		r.t.Fatalf("the test runner cannot evaluate %s", e)
		return ""
	})
}

// step runs the run step with id, returns its exit code and output, and
// the lines it added to GITHUB_OUTPUT.
func (r *runner) step(id string, inputs map[string]string) (code int, out string, outputs []string) {
	t := r.t
	t.Helper()
	var s *actionStep
	for i := range r.a.Runs.Steps {
		if r.a.Runs.Steps[i].ID == id {
			s = &r.a.Runs.Steps[i]
		}
	}
	if s == nil {
		t.Fatalf("action.yml has no step %q", id)
	}
	output := filepath.Join(r.files, "output")
	os.WriteFile(output, nil, 0o644)
	cmd := exec.Command("bash", "-e", "-c", s.Run)
	cmd.Dir = filepath.Join(r.workspace, r.eval(s.WorkingDirectory, inputs))
	cmd.Env = append(os.Environ(),
		"PATH="+r.path,
		"GITHUB_WORKSPACE="+r.workspace,
		"RUNNER_TEMP="+r.temp,
		"GITHUB_PATH="+filepath.Join(r.files, "path"),
		"GITHUB_OUTPUT="+output,
		"GOFLAGS=", // as on a runner
	)
	for k, v := range s.Env {
		cmd.Env = append(cmd.Env, k+"="+r.eval(v, inputs))
	}
	b, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(output)
	return code, string(b), strings.Fields(string(data))
}

func newRunner(t *testing.T) *runner {
	a, _ := readAction(t)
	return &runner{t: t, a: a, workspace: repoRoot(t), temp: t.TempDir(), files: t.TempDir(), path: os.Getenv("PATH")}
}

// TestActionScripts runs the install and lint steps: irislint built from
// the action's files, annotations for the example workspace (exit 1: one
// app is broken on purpose), a SARIF file and the output naming it, a bad
// format, and the go install a version input asks for.
func TestActionScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds irislint")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the action's scripts are bash")
	}
	r := newRunner(t)
	r.actionRef = "v9.8.7"
	code, out, _ := r.step("install", nil)
	if code != 0 {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	bin := filepath.Join(r.temp, "irislint-bin")
	if added, _ := os.ReadFile(filepath.Join(r.files, "path")); string(added) != bin+"\n" {
		t.Errorf("GITHUB_PATH got %q, want %s", added, bin)
	}
	if !strings.HasPrefix(out, "irislint v9.8.7 (") {
		t.Errorf("install: want the action's tag as the version, got:\n%s", out)
	}
	r.path = bin + string(os.PathListSeparator) + r.path

	ws := map[string]string{"working-directory": "testdata/workspace"}
	code, out, _ = r.step("lint", ws)
	if code != 1 || !strings.Contains(out, "::error file=testdata/workspace/apps/service-planner/iris-app-manifest.ts,line=41,col=14,") {
		t.Errorf("lint the workspace: exit %d, want 1 and annotations with paths from the repository root:\n%s", code, out)
	}
	code, out, _ = r.step("lint", map[string]string{"working-directory": "testdata/workspace", "paths": "apps/fleet-insights\napps/legacy-js", "args": "--strict"})
	if code != 0 || out != "" {
		t.Errorf("lint two clean apps: exit %d, output %q", code, out)
	}

	sarif := map[string]string{"working-directory": "testdata/workspace", "format": "sarif", "sarif-file": filepath.Join(t.TempDir(), "out.sarif"), "paths": "."}
	code, out, outputs := r.step("lint", sarif)
	if code != 1 || len(outputs) != 1 || outputs[0] != "sarif-file="+sarif["sarif-file"] {
		t.Errorf("sarif: exit %d (want 1: errors), outputs %q\n%s", code, outputs, out)
	}
	if data, err := os.ReadFile(sarif["sarif-file"]); err != nil || !strings.Contains(string(data), `"ruleId": "unknown-scope"`) {
		t.Errorf("sarif file: %v\n%.300s", err, data)
	}

	code, out, _ = r.step("lint", map[string]string{"format": "text"})
	if code != 2 || out != "::error title=irislint action::format must be github or sarif, not \"text\"\n" {
		t.Errorf("format text: exit %d, output %q", code, out)
	}

	// With a version, the step asks the module proxy for that release: a
	// stand-in go shows what it runs.
	fake := t.TempDir()
	log := filepath.Join(fake, "go.log")
	script := "#!/bin/sh\necho \"CGO_ENABLED=$CGO_ENABLED GOBIN=$GOBIN $*\" >>" + log + "\nmkdir -p \"$GOBIN\"\nprintf '#!/bin/sh\\necho irislint v0.4.0\\n' >\"$GOBIN/irislint\"\nchmod +x \"$GOBIN/irislint\"\n"
	if err := os.WriteFile(filepath.Join(fake, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	r.path = fake + string(os.PathListSeparator) + os.Getenv("PATH")
	if code, out, _ := r.step("install", map[string]string{"version": "v0.4.0"}); code != 0 || out != "irislint v0.4.0\n" {
		t.Errorf("install v0.4.0: exit %d\n%s", code, out)
	}
	got, _ := os.ReadFile(log)
	if want := "CGO_ENABLED=0 GOBIN=" + bin + " install github.com/irislint/irislint/cmd/irislint@v0.4.0\n"; string(got) != want {
		t.Errorf("install v0.4.0 ran\n%s\nwant\n%s", got, want)
	}
}

// TestWorkflowInputs: the workflow passes the action only inputs it has
// (actionlint checks the same; this keeps the check when actionlint cannot
// be fetched).
func TestWorkflowInputs(t *testing.T) {
	a, _ := readAction(t)
	data, err := os.ReadFile(filepath.Join(repoRoot(t), ".github", "workflows", "irislint-action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []actionStep
		}
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for job, j := range wf.Jobs {
		for _, s := range j.Steps {
			if s.Uses != "./" {
				continue
			}
			for k := range s.With {
				if _, ok := a.Inputs[k]; !ok {
					t.Errorf("job %s: with %s: the action has no such input", job, k)
				}
				seen++
			}
		}
	}
	if seen == 0 {
		t.Error("the workflow never uses the action (uses: ./)")
	}
}
