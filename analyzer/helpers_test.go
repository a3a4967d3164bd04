package analyzer

import "github.com/google/go-cmp/cmp/cmpopts"

// cmpManifest compares Manifests by what they export, not by the bundle
// they keep for Source and Via.
var cmpManifest = cmpopts.IgnoreUnexported(Manifest{})
