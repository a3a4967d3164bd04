package analyzer

import "strings"

// Problem kinds: each is also the rule id under which the problem is
// reported, so they are public API.
const (
	ProblemRead    = "read"              // the manifest or an imported file cannot be read
	ProblemSyntax  = "syntax"            // a parse error in any bundled file
	ProblemResolve = "unresolved-import" // an import that resolves to nothing
	ProblemBundle  = "bundle"            // any other esbuild error
	ProblemEval    = "eval"              // the manifest threw while evaluating
	ProblemTimeout = "timeout"           // evaluation ran past its time budget
	ProblemStack   = "stack-overflow"    // evaluation recursed past the stack bound
	ProblemMemory  = "memory-limit"      // evaluation went past its memory budget
	ProblemForbid  = "forbidden-import"  // a Node built-in, or a file outside the workspace or not a regular file
	ProblemExport  = "export"            // the default export is missing or not an object
	// ProblemTooComplex: a source (or text given to eval, Function or
	// JSON.parse) refused before a parser saw it, over a bound of
	// parselimits.go
	ProblemTooComplex = "too-complex"
)

// Problem is one reason a manifest could not be loaded.
type Problem struct {
	Kind    string   // one of the Problem* constants
	Message string   // one line, no trailing period
	Pos     Position // where, or the manifest's line 1
}

// LoadError is returned by Load when the manifest cannot be bundled or
// evaluated. It lists every problem found (esbuild may report several).
type LoadError struct {
	Path     string // the manifest
	Problems []Problem
	// Inputs lists the files read before the failure (the manifest, the
	// files bundling loaded, their tsconfig and package.json files), so a
	// broken lib is known to break the manifests that read it.
	Inputs []string
	// Dirs and Scopes are as in Bundle: the folders where resolution
	// looked, the npm scopes of the bare imports.
	Dirs   []string
	Scopes []string
}

func (e *LoadError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message
	}
	return e.Path + ": " + strings.Join(msgs, "; ")
}
