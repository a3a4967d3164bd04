package lint

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/internal/config"
	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/rules"
	"github.com/irislint/irislint/scopes"
)

// setting is how one manifest is checked: its configuration's rule
// options and the environments it is evaluated in.
type setting struct {
	configFile string // "" when no configuration applies
	opts       rules.Options
	envs       []analyzer.Environment // at least one
	cfg        *config.Config         // nil when none
}

// configurer finds each manifest's configuration (Options.ConfigFile, or
// the nearest .irislint.yaml up to the repository root), reading each file
// once per run.
type configurer struct {
	workDir  string
	fixed    *config.Config // Options.ConfigFile's
	base     *scopes.Catalogue
	env      map[string]string // Options.Env
	finder   config.Finder     // the configuration file of each manifest's folder
	byConfig map[string]*setting
}

func newConfigurer(o Options) (*configurer, error) {
	c := &configurer{workDir: o.WorkDir, base: o.Catalogue, env: o.Env, byConfig: map[string]*setting{}}
	if c.base == nil {
		c.base = scopes.Default()
	}
	if o.ConfigFile != "" {
		p := fsx.Abs(o.WorkDir, o.ConfigFile)
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			return nil, usagef("--config %s: %v", o.ConfigFile, fsx.Cause(err))
		case fi.IsDir():
			return nil, usagef("--config %s is a folder, not a configuration file", o.ConfigFile)
		}
		if c.fixed, err = config.Load(p); err != nil {
			return nil, c.configError(err)
		}
	}
	return c, nil
}

// settingFor is the setting of the manifest (or changed file) at path.
func (c *configurer) settingFor(path string) (*setting, error) {
	cfgPath := ""
	if c.fixed != nil {
		cfgPath = c.fixed.Path
	} else {
		p, err := c.finder.Find(filepath.Dir(path))
		if err != nil {
			return nil, c.configError(err)
		}
		cfgPath = p
	}
	if s, ok := c.byConfig[cfgPath]; ok {
		return s, nil
	}
	s := &setting{configFile: cfgPath, opts: rules.Options{Catalogue: c.base}}
	switch {
	case c.fixed != nil:
		s.cfg = c.fixed
	case cfgPath != "":
		var err error
		if s.cfg, err = config.Load(cfgPath); err != nil {
			return nil, c.configError(err)
		}
	}
	if s.cfg != nil {
		var err error
		if s.opts, err = s.cfg.Options(c.base); err != nil {
			return nil, c.configError(err)
		}
	}
	switch {
	case c.env != nil:
		s.envs = []analyzer.Environment{{Vars: c.env}}
		s.opts.Environments = true
	case s.cfg != nil && len(s.cfg.Environments) > 0:
		for _, e := range s.cfg.Environments {
			s.envs = append(s.envs, analyzer.Environment{Name: e.Name, Vars: e.Vars})
		}
		s.opts.Environments = true
	default:
		s.envs = []analyzer.Environment{{}}
	}
	c.byConfig[cfgPath] = s
	return s, nil
}

// configError shows a configuration error's file relative to the working
// folder.
func (c *configurer) configError(err error) error {
	var ce *config.Error
	if errors.As(err, &ce) {
		shown := *ce
		shown.File = fsx.Shown(c.workDir, ce.File)
		return &UsageError{shown.Error()}
	}
	return &UsageError{err.Error()}
}
