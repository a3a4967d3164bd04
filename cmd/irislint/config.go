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

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/lint"
	"github.com/irislint/irislint/scopes"
)

// mdLine finds the line number in a scopes.ParseMarkdown error.
var mdLine = regexp.MustCompile(`^line (\d+): `)

// loadCatalogue reads --scopes FILE: JSON in the embedded format, or a
// markdown table copied from Trackunit's docs page, which carries no
// history, so the embedded renamed and removed scopes are kept beside it.
func loadCatalogue(workDir, file string) (*scopes.Catalogue, error) {
	p := fsx.Abs(workDir, file)
	shown := fsx.Shown(workDir, p)
	data, err := readSmallFile(p, maxCatalogue)
	if err != nil {
		return nil, &lint.UsageError{Msg: fmt.Sprintf("--scopes %s: %v", file, err)}
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
				return nil, &lint.UsageError{Msg: fmt.Sprintf("%s:%s: %s", shown, m[1], strings.TrimPrefix(msg, m[0]))}
			}
			return nil, &lint.UsageError{Msg: fmt.Sprintf("%s: %s", shown, msg)}
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
			return nil, &lint.UsageError{Msg: fmt.Sprintf("%s:%d: invalid JSON: %v", shown, lineAt(data, se.Offset), se)}
		case errors.As(err, &te):
			return nil, &lint.UsageError{Msg: fmt.Sprintf("%s:%d: %s must be a %s, not a JSON %s", shown, lineAt(data, te.Offset), te.Field, te.Type, te.Value)}
		}
		return nil, &lint.UsageError{Msg: fmt.Sprintf("%s: %v", shown, err)}
	}
	if len(cat.Scopes) == 0 {
		return nil, &lint.UsageError{Msg: fmt.Sprintf("%s: lists no scopes (want {\"scopes\": [{\"name\": ..., \"description\": ...}]})", shown)}
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
