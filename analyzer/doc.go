// Package analyzer turns an iris-app-manifest file into a typed Manifest.
//
// It owns everything between a path on disk and plain Go data: finding the
// workspace root, bundling the manifest and what it imports with esbuild (in
// memory, never writing), evaluating the bundle in a goja sandbox that sees
// nothing of the host and runs under a time budget, exporting the default
// export into a Value tree, and locating the source literal each value came
// from. It knows nothing of rules or output formats: a manifest that cannot
// be bundled or evaluated comes back as a *LoadError listing Problems, which
// callers turn into diagnostics.
package analyzer
