package rules

import (
	"fmt"
)

// EnvDependent reports a manifest that reads process.env when no
// environments are chosen: irislint evaluated it with an empty process.env,
// so it checked only the branch for "unset", and a typo in a production
// branch went unseen.
var EnvDependent = &Rule{
	ID:       "env-dependent",
	Severity: Warning,
	Summary:  "the manifest reads process.env and no environments are configured",
	Check:    checkEnvDependent,
}

func checkEnvDependent(p *Pass) {
	if p.Environments {
		return
	}
	for _, r := range p.Manifest.EnvReads {
		if r.Name == "" {
			p.Report(r.Pos, "the manifest lists process.env, but no environments are configured: it was checked with an empty process.env only; list them under environments: in .irislint.yaml, or pass --env KEY=VALUE")
			continue
		}
		p.Report(r.Pos, fmt.Sprintf("process.env.%s is read, but no environments are configured: only the branch where it is unset was checked; list them under environments: in .irislint.yaml, or pass --env %s=VALUE", r.Name, r.Name))
	}
}
