package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/pflag"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/rules"
	"github.com/irislint/irislint/scopes"
)

// addConfigFlags registers --config and --scopes, shared by lint and gen.
func (o *checkOptions) addConfigFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.configFile, "config", "", "use the configuration `FILE` for every manifest instead of the nearest .irislint.yaml")
	fs.StringVar(&o.scopesFile, "scopes", "", "check against the scope table in `FILE` (JSON as irislint embeds it, or a markdown table from Trackunit's docs) instead of the embedded one")
}

// configure reads --scopes and the configuration of every manifest (the
// --config file, or the nearest .irislint.yaml up to the repository root)
// into o.perFile, and returns files without the ones an ignore glob skips
// (when skipIgnored). A configuration or scope table that cannot be used is
// a usageError naming the file and line, relative to workDir.
func (o *checkOptions) configure(workDir string, files []string, skipIgnored bool) ([]string, error) {
	base := scopes.Default()
	if o.scopesFile != "" {
		cat, err := loadCatalogue(workDir, o.scopesFile)
		if err != nil {
			return nil, err
		}
		base = cat
	}
	var fixed *rules.Config
	if o.configFile != "" {
		p := absPath(workDir, o.configFile)
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			return nil, &usageError{fmt.Sprintf("--config %s: %v", o.configFile, fsx.Cause(err))}
		case fi.IsDir():
			return nil, &usageError{fmt.Sprintf("--config %s is a folder, not a configuration file", o.configFile)}
		}
		if fixed, err = rules.LoadConfig(p); err != nil {
			return nil, configError(workDir, err)
		}
	}

	type resolved struct {
		cfg  *rules.Config
		opts rules.Options
	}
	byConfig := map[string]*resolved{} // by configuration file, "" for none
	byDir := map[string]string{}       // folder: its configuration file
	o.perFile = make(map[string]rules.Options, len(files))
	var kept []string
	for _, f := range files {
		cfgPath := ""
		if fixed != nil {
			cfgPath = fixed.Path
		} else {
			dir := filepath.Dir(f)
			p, ok := byDir[dir]
			if !ok {
				var err error
				if p, err = rules.FindConfig(dir, rules.RepositoryRoot(dir)); err != nil {
					return nil, configError(workDir, err)
				}
				byDir[dir] = p
			}
			cfgPath = p
		}
		r, ok := byConfig[cfgPath]
		if !ok {
			r = &resolved{opts: rules.Options{Catalogue: base}}
			switch {
			case fixed != nil:
				r.cfg = fixed
			case cfgPath != "":
				var err error
				if r.cfg, err = rules.LoadConfig(cfgPath); err != nil {
					return nil, configError(workDir, err)
				}
			}
			if r.cfg != nil {
				var err error
				if r.opts, err = r.cfg.Options(base); err != nil {
					return nil, configError(workDir, err)
				}
			}
			byConfig[cfgPath] = r
		}
		if skipIgnored && r.cfg.Ignored(f) {
			continue
		}
		o.perFile[f] = r.opts
		kept = append(kept, f)
	}
	return kept, nil
}

// optionsFor is the rule options for the manifest at path: its
// configuration's, with the buffer of --stdin-filename.
func (o checkOptions) optionsFor(path string) rules.Options {
	opts, ok := o.perFile[path]
	if !ok {
		return o.rules
	}
	opts.ManifestSource = o.rules.ManifestSource
	return opts
}

// configError shows a *rules.ConfigError's file relative to workDir.
func configError(workDir string, err error) error {
	var ce *rules.ConfigError
	if errors.As(err, &ce) {
		shown := *ce
		shown.File = relPath(workDir, ce.File)
		return &usageError{shown.Error()}
	}
	return &usageError{err.Error()}
}

// mdLine finds the line number in a scopes.ParseMarkdown error.
var mdLine = regexp.MustCompile(`^line (\d+): `)

// loadCatalogue reads --scopes FILE: JSON in the embedded format, or a
// markdown table copied from Trackunit's docs page, which carries no
// history, so the embedded renamed and removed scopes are kept beside it.
func loadCatalogue(workDir, file string) (*scopes.Catalogue, error) {
	p := absPath(workDir, file)
	shown := relPath(workDir, p)
	data, err := readSmallFile(p, maxCatalogue)
	if err != nil {
		return nil, &usageError{fmt.Sprintf("--scopes %s: %v", file, err)}
	}
	isJSON := false
	switch strings.ToLower(filepath.Ext(p)) {
	case ".json":
		isJSON = true
	case ".md", ".markdown":
	default:
		isJSON = bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n"), []byte("{"))
	}
	if !isJSON {
		cat, err := scopes.ParseMarkdown(data)
		if err != nil {
			msg := err.Error()
			if m := mdLine.FindStringSubmatch(msg); m != nil {
				return nil, &usageError{fmt.Sprintf("%s:%s: %s", shown, m[1], strings.TrimPrefix(msg, m[0]))}
			}
			return nil, &usageError{fmt.Sprintf("%s: %s", shown, msg)}
		}
		def := scopes.Default()
		cat.Renamed = append(cat.Renamed, def.Renamed...)
		cat.Removed = append(cat.Removed, def.Removed...)
		return cat, nil
	}
	cat, err := scopes.Parse(data)
	if err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, &usageError{fmt.Sprintf("%s:%d: invalid JSON: %v", shown, lineAt(data, se.Offset), se)}
		case errors.As(err, &te):
			return nil, &usageError{fmt.Sprintf("%s:%d: %s must be a %s, not a JSON %s", shown, lineAt(data, te.Offset), te.Field, te.Type, te.Value)}
		}
		return nil, &usageError{fmt.Sprintf("%s: %v", shown, err)}
	}
	if len(cat.Scopes) == 0 {
		return nil, &usageError{fmt.Sprintf("%s: lists no scopes (want {\"scopes\": [{\"name\": ..., \"description\": ...}]})", shown)}
	}
	return cat, nil
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

func absPath(workDir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(workDir, p)
}

// relPath is p relative to workDir when it lies under it, else p.
func relPath(workDir, p string) string {
	if !filepath.IsAbs(p) {
		return p
	}
	if rel, ok := fsx.Under(workDir, p); ok {
		return rel
	}
	return p
}

// closestID is the id that id most likely misspells, or "".
func closestID(id string, ids []string) string {
	return scopes.Closest(id, ids, strings.ToLower)
}

// maxCatalogue bounds what --scopes reads: the table is a few KiB.
const maxCatalogue = 4 << 20

// readSmallFile reads a file of at most max bytes, refusing named pipes and
// sockets (reading one could wait forever) and folders.
func readSmallFile(p string, max int64) ([]byte, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fsx.Cause(err)
	}
	switch m := fi.Mode(); {
	case m.IsDir():
		return nil, errors.New("is a folder")
	case m&(os.ModeNamedPipe|os.ModeSocket) != 0:
		return nil, errors.New("is not a regular file")
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fsx.Cause(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fsx.Cause(err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("is larger than %d MiB", max>>20)
	}
	return data, nil
}
