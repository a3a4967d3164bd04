// Package jsonc reads JSON with comments and trailing commas, as
// TypeScript allows in tsconfig.json: it turns such text into standard
// JSON for encoding/json, keeping every byte offset of the values it keeps
// (comments and dropped commas become spaces), so that a position in the
// standard text is the same position in the file.
package jsonc

// Standard returns data with its // and /* */ comments and its trailing
// commas (before a } or ]) replaced by spaces. Strings are left as they
// are. Malformed input (an unterminated string or comment) is returned
// with what could be blanked blanked: encoding/json then reports it.
func Standard(data []byte) []byte {
	out := append([]byte(nil), data...)
	lastComma := -1 // a comma not yet followed by anything but space
	for i := 0; i < len(out); i++ {
		switch c := out[i]; {
		case c == '"':
			lastComma = -1
			for i++; i < len(out) && out[i] != '"'; i++ {
				if out[i] == '\\' {
					i++
				}
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for ; i < len(out) && out[i] != '\n'; i++ {
				out[i] = ' '
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			out[i], out[i+1] = ' ', ' '
			for i += 2; i < len(out) && !(out[i] == '*' && i+1 < len(out) && out[i+1] == '/'); i++ {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
			if i+1 < len(out) {
				out[i], out[i+1] = ' ', ' '
				i++
			}
		case c == ',':
			lastComma = i
		case c == '}' || c == ']':
			if lastComma >= 0 {
				out[lastComma] = ' '
			}
			lastComma = -1
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			lastComma = -1
		}
	}
	return out
}
