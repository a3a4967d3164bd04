package analyzer

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A reader for tsconfig.json files, which are JSON with comments and
// trailing commas ("JSONC"). It serves the tsconfig sharing (tsconfig.go):
// irislint may only tell esbuild to use one tsconfig for many files when
// it knows what every file's own tsconfig says, so this reader must never
// accept a file esbuild would reject, nor read a value differently.
//
// It therefore accepts a strict subset of what esbuild's tsconfig parser
// (js_parser.ParseJSON with the TSConfigJSON flavor) accepts: standard
// JSON, plus // and /* */ comments and one trailing comma before a closing
// bracket or brace. It refuses what esbuild accepts more loosely (control
// characters in strings, numbers JSON does not allow, a non-object at the
// top), what esbuild reads in a way this reader would not model (duplicate
// keys: esbuild takes the first; U+2028 and U+2029, which end a // comment
// in esbuild; a byte-order mark or any other white space than JSON's; lone
// UTF-16 surrogates) and invalid UTF-8. Refusing only means the files it
// configures are built the usual way. (Packages that parse JSONC, such as
// tailscale/hujson, end // comments at \n only and keep duplicate keys;
// checking for both around one would be as long as this file.)

// jsonObject is a JSON object read by readJSONC; values are string, bool,
// nil, jsonNumber, []any and jsonObject.
type jsonObject map[string]any

// jsonNumber is a number's text: the tsconfig settings esbuild reads are
// never numbers, so none is converted.
type jsonNumber string

var errJSONC = errors.New("not JSON with comments")

// readJSONC reads a JSONC document whose top level is an object.
func readJSONC(src []byte) (jsonObject, error) {
	if !utf8.Valid(src) {
		return nil, fmt.Errorf("%w: invalid UTF-8", errJSONC)
	}
	r := &jsoncReader{src: src}
	if err := r.space(); err != nil {
		return nil, err
	}
	if r.peek() != '{' {
		return nil, fmt.Errorf("%w: the top level is not an object", errJSONC)
	}
	v, err := r.value(0)
	if err != nil {
		return nil, err
	}
	if err := r.space(); err != nil {
		return nil, err
	}
	if r.off != len(src) {
		return nil, r.fail("text after the top-level object")
	}
	return v.(jsonObject), nil
}

type jsoncReader struct {
	src []byte
	off int
}

const jsoncMaxDepth = 64

func (r *jsoncReader) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", errJSONC, what, r.off)
}

func (r *jsoncReader) peek() byte {
	if r.off < len(r.src) {
		return r.src[r.off]
	}
	return 0
}

// space skips JSON white space and comments.
func (r *jsoncReader) space() error {
	for r.off < len(r.src) {
		switch c := r.src[r.off]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			r.off++
		case c == '/' && r.off+1 < len(r.src) && r.src[r.off+1] == '/':
			for r.off < len(r.src) && r.src[r.off] != '\n' && r.src[r.off] != '\r' {
				if err := r.refuseLineSeparator(); err != nil {
					return err
				}
				r.off++
			}
		case c == '/' && r.off+1 < len(r.src) && r.src[r.off+1] == '*':
			end := -1
			for i := r.off + 2; i+1 < len(r.src); i++ {
				if r.src[i] == '*' && r.src[i+1] == '/' {
					end = i + 2
					break
				}
			}
			if end < 0 {
				return r.fail("unterminated comment")
			}
			r.off = end
		default:
			return nil
		}
	}
	return nil
}

// refuseLineSeparator fails at U+2028 or U+2029 (E2 80 A8/A9), which end a
// line comment in esbuild's lexer but not in this reader.
func (r *jsoncReader) refuseLineSeparator() error {
	s := r.src[r.off:]
	if len(s) >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9) {
		return r.fail("U+2028 or U+2029")
	}
	return nil
}

func (r *jsoncReader) value(depth int) (any, error) {
	if depth > jsoncMaxDepth {
		return nil, r.fail("nesting too deep")
	}
	switch c := r.peek(); {
	case c == '{':
		return r.object(depth)
	case c == '[':
		return r.array(depth)
	case c == '"':
		return r.str()
	case c == '-' || c >= '0' && c <= '9':
		return r.number()
	}
	for _, lit := range []struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if end := r.off + len(lit.text); end <= len(r.src) && string(r.src[r.off:end]) == lit.text {
			if end < len(r.src) && isIdentByte(r.src[end]) {
				break // "trueish"
			}
			r.off = end
			return lit.v, nil
		}
	}
	return nil, r.fail("unexpected character")
}

func (r *jsoncReader) object(depth int) (any, error) {
	r.off++ // {
	obj := jsonObject{}
	for {
		if err := r.space(); err != nil {
			return nil, err
		}
		if r.peek() == '}' {
			r.off++
			return obj, nil
		}
		if r.peek() != '"' {
			return nil, r.fail("expected a key")
		}
		key, err := r.str()
		if err != nil {
			return nil, err
		}
		if _, dup := obj[key]; dup {
			return nil, r.fail(fmt.Sprintf("duplicate key %q", key))
		}
		if err := r.space(); err != nil {
			return nil, err
		}
		if r.peek() != ':' {
			return nil, r.fail("expected ':'")
		}
		r.off++
		if err := r.space(); err != nil {
			return nil, err
		}
		v, err := r.value(depth + 1)
		if err != nil {
			return nil, err
		}
		obj[key] = v
		if done, err := r.afterItem('}'); err != nil || done {
			return obj, err
		}
	}
}

func (r *jsoncReader) array(depth int) (any, error) {
	r.off++ // [
	arr := []any{}
	for {
		if err := r.space(); err != nil {
			return nil, err
		}
		if r.peek() == ']' {
			r.off++
			return arr, nil
		}
		v, err := r.value(depth + 1)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		if done, err := r.afterItem(']'); err != nil || done {
			return arr, err
		}
	}
}

// afterItem reads what follows an array item or object member: the closing
// character (done), or a comma, after which the caller loops: to the next
// item, or, for a trailing comma, to the closing character. An empty
// container with a comma ("[,]") never gets here: the item is read first.
func (r *jsoncReader) afterItem(closing byte) (done bool, err error) {
	if err := r.space(); err != nil {
		return false, err
	}
	switch r.peek() {
	case closing:
		r.off++
		return true, nil
	case ',':
		r.off++
		if err := r.space(); err != nil {
			return false, err
		}
		if r.peek() == ',' {
			return false, r.fail("two commas")
		}
		return false, nil
	}
	return false, r.fail("expected ',' or '" + string(closing) + "'")
}

// str reads a JSON string, decoding its escapes as esbuild does (to UTF-16,
// then to UTF-8), refusing lone surrogates.
func (r *jsoncReader) str() (string, error) {
	r.off++ // "
	var units []uint16
	for {
		if r.off >= len(r.src) {
			return "", r.fail("unterminated string")
		}
		c := r.src[r.off]
		switch {
		case c == '"':
			r.off++
			if loneSurrogate(units) {
				return "", r.fail("lone surrogate in string")
			}
			return string(utf16.Decode(units)), nil
		case c < 0x20:
			return "", r.fail("control character in string")
		case c == '\\':
			if r.off+1 >= len(r.src) {
				return "", r.fail("unterminated string")
			}
			e := r.src[r.off+1]
			r.off += 2
			switch e {
			case '"', '\\', '/':
				units = append(units, uint16(e))
			case 'b':
				units = append(units, '\b')
			case 'f':
				units = append(units, '\f')
			case 'n':
				units = append(units, '\n')
			case 'r':
				units = append(units, '\r')
			case 't':
				units = append(units, '\t')
			case 'u':
				if r.off+4 > len(r.src) {
					return "", r.fail("short \\u escape")
				}
				n, err := strconv.ParseUint(string(r.src[r.off:r.off+4]), 16, 16)
				if err != nil {
					return "", r.fail("bad \\u escape")
				}
				units = append(units, uint16(n))
				r.off += 4
			default:
				return "", r.fail("escape JSON does not have")
			}
		default:
			ch, size := utf8.DecodeRune(r.src[r.off:])
			if ch == 0x2028 || ch == 0x2029 || ch == 0xFEFF {
				return "", r.fail("U+2028, U+2029 or U+FEFF in string")
			}
			units = utf16.AppendRune(units, ch)
			r.off += size
		}
	}
}

// loneSurrogate reports whether units hold a surrogate that is not half
// of a pair (utf16.Decode would turn it into U+FFFD; esbuild keeps it).
func loneSurrogate(units []uint16) bool {
	for i := 0; i < len(units); i++ {
		switch u := units[i]; {
		case u >= 0xD800 && u < 0xDC00:
			if i+1 >= len(units) || units[i+1] < 0xDC00 || units[i+1] >= 0xE000 {
				return true
			}
			i++ // the pair's low half
		case u >= 0xDC00 && u < 0xE000:
			return true
		}
	}
	return false
}

// number reads a number as JSON writes them.
func (r *jsoncReader) number() (any, error) {
	start := r.off
	digits := func() int {
		n := 0
		for r.off < len(r.src) && r.src[r.off] >= '0' && r.src[r.off] <= '9' {
			r.off++
			n++
		}
		return n
	}
	if r.peek() == '-' {
		r.off++
	}
	if r.peek() == '0' {
		r.off++
	} else if digits() == 0 {
		return nil, r.fail("bad number")
	}
	if r.peek() == '.' {
		r.off++
		if digits() == 0 {
			return nil, r.fail("bad number")
		}
	}
	if c := r.peek(); c == 'e' || c == 'E' {
		r.off++
		if c := r.peek(); c == '+' || c == '-' {
			r.off++
		}
		if digits() == 0 {
			return nil, r.fail("bad number")
		}
	}
	if r.off < len(r.src) && (isIdentByte(r.src[r.off]) || r.src[r.off] == '.') {
		return nil, r.fail("bad number")
	}
	return jsonNumber(r.src[start:r.off]), nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
