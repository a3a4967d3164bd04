package analyzer

import (
	"sort"

	"github.com/dop251/goja"
)

// EnvRead is one environment variable the manifest read from process.env,
// at the first place it read it. Name is "" when the manifest listed
// process.env's keys rather than reading one.
type EnvRead struct {
	Name string
	Pos  Position
}

// maxEnvReads bounds the reads recorded: a manifest reads a handful.
const maxEnvReads = 64

// processEnv is process.env in the sandbox: read-only, holding only the
// environment's variables (nothing of the host's), and recording what the
// manifest asks of it, so that a manifest whose shape depends on its
// environment can be told apart from one that does not.
type processEnv struct {
	s *sandbox
}

func (e *processEnv) Get(key string) goja.Value {
	e.read(key)
	if v, ok := e.s.env.Vars[key]; ok {
		return e.s.vm.ToValue(v)
	}
	return nil
}

func (e *processEnv) Has(key string) bool {
	e.read(key)
	_, ok := e.s.env.Vars[key]
	return ok
}

// Set and Delete refuse: the manifest's environment is the configuration's.
func (e *processEnv) Set(string, goja.Value) bool { return false }
func (e *processEnv) Delete(string) bool          { return false }

func (e *processEnv) Keys() []string {
	e.read("")
	keys := make([]string, 0, len(e.s.env.Vars))
	for k := range e.s.env.Vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// read records the first read of key and where the manifest made it.
func (e *processEnv) read(key string) {
	s := e.s
	if len(s.envReads) >= maxEnvReads {
		return
	}
	for _, r := range s.envReads {
		if r.Name == key {
			return
		}
	}
	pos := line1(s.b.Path)
	if where := s.where(s.vm.CaptureCallStack(1, nil)); where != nil {
		pos = *where
		if f, ok := s.b.files.Has(pos.File); ok {
			// the variable's name, and its brackets: env['X']
			end := tokenEndAt(f, pos)
			if off, ok := f.Offset(end.Line, end.Column); ok && off < len(f.Data) && f.Data[off] == '[' {
				end = tokenEndAt(f, end)
			}
			pos.EndLine, pos.EndColumn = end.Line, end.Column
		}
	}
	s.envReads = append(s.envReads, EnvRead{Name: key, Pos: pos})
}
