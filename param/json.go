package param

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// ValueKind is the JSON type of a Value.
type ValueKind uint8

const (
	JSONNull ValueKind = iota
	JSONBool
	JSONNumber
	JSONString
	JSONArray
	JSONObject
)

var valueKindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

func (k ValueKind) String() string {
	if int(k) < len(valueKindNames) {
		return valueKindNames[k]
	}
	return "kind(?)"
}

// Value is one JSON value of a document read by ParseJSON. Numbers keep their text
// (Text), so that they are read as exact decimals; objects keep their keys in the
// order written.
type Value struct {
	Kind  ValueKind
	Text  string   // JSONString: the string; JSONNumber: the number as written
	Bool  bool     // JSONBool
	Elems []*Value // JSONArray
	Keys  []string // JSONObject: the keys in the order written (each once)
	Vals  []*Value // JSONObject: Vals[i] is the value of Keys[i]
	Line  int      // the line the value starts on (1-based)
	// Default says the value is a field's default (Defaults), not the
	// document's: a decoder that records what a policy wrote can tell them apart.
	Default bool
}

// Get returns the value of key in an object, or nil (absent, or v not an object).
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != JSONObject {
		return nil
	}
	if i := slices.Index(v.Keys, key); i >= 0 {
		return v.Vals[i]
	}
	return nil
}

// IsNull reports whether v is absent (nil) or JSON null.
func (v *Value) IsNull() bool { return v == nil || v.Kind == JSONNull }

// Show is how the value is written in an error: a string without quotes, a number
// as written, anything else as compact JSON cut to 60 bytes.
func (v *Value) Show() string {
	if v == nil {
		return ""
	}
	switch v.Kind {
	case JSONNull:
		return "null"
	case JSONString, JSONNumber:
		return v.Text
	case JSONBool:
		return strconv.FormatBool(v.Bool)
	}
	s := string(v.appendJSON(nil))
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// JSON returns v as compact JSON.
func (v *Value) JSON() string { return string(v.appendJSON(nil)) }

func (v *Value) appendJSON(b []byte) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	switch v.Kind {
	case JSONNull:
		return append(b, "null"...)
	case JSONBool:
		return strconv.AppendBool(b, v.Bool)
	case JSONNumber:
		return append(b, v.Text...)
	case JSONString:
		q, _ := json.Marshal(v.Text)
		return append(b, q...)
	case JSONArray:
		b = append(b, '[')
		for i, e := range v.Elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendJSON(b)
		}
		return append(b, ']')
	}
	b = append(b, '{')
	for i, k := range v.Keys {
		if i > 0 {
			b = append(b, ',')
		}
		q, _ := json.Marshal(k)
		b = append(append(b, q...), ':')
		b = v.Vals[i].appendJSON(b)
	}
	return append(b, '}')
}

// MaxJSONBytes bounds the documents ParseJSON reads (ERR-4).
const MaxJSONBytes = 16 << 20

// maxDepth bounds the nesting of a document (ERR-4: no stack without bound).
const maxDepth = 64

// ParseJSON reads one JSON document (a leading UTF-8 byte-order mark is skipped).
// Problems are *pointvalue.RecordError with the given source: a syntax error names
// its line (Field empty); a key given twice in one object is pointvalue.ErrDuplicate
// naming the key's JSON path (Line 0, as every path error), and every such key is
// reported, not only the first; the document is then still returned, each such
// key holding its first value, so that its other problems can be found too. The
// error, when not nil, is a *pointvalue.ErrorList; the value is nil after a
// syntax error.
func ParseJSON(data []byte, source string) (*Value, error) {
	var errs pointvalue.ErrorList
	if len(data) > MaxJSONBytes {
		errs.Addf(source, 0, "", "", Invalid(pointvalue.ErrMalformed, "document larger than 16 MiB"))
		return nil, &errs
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	p := &jsonParser{data: data, src: source, errs: &errs}
	p.dec = json.NewDecoder(bytes.NewReader(data))
	p.dec.UseNumber()
	v, ok := p.value("", 0)
	if ok {
		if _, err := p.dec.Token(); err != io.EOF {
			p.syntax(err, "data after the document")
			ok = false
		}
	}
	if !ok {
		return nil, &errs
	}
	return v, errs.Err()
}

type jsonParser struct {
	data []byte
	dec  *json.Decoder
	src  string
	errs *pointvalue.ErrorList
	// the line of offset at: offsets are asked in increasing order, so counting
	// resumes where it stopped (linear in the document)
	at, atLine int64
}

// line returns the 1-based line of byte offset off.
func (p *jsonParser) line(off int64) int {
	off = min(max(off, 0), int64(len(p.data)))
	if off < p.at {
		p.at, p.atLine = 0, 0
	}
	p.atLine += int64(bytes.Count(p.data[p.at:off], []byte{'\n'}))
	p.at = off
	return int(p.atLine) + 1
}

// syntax reports a malformed document at the line where the decoder stopped.
func (p *jsonParser) syntax(err error, what string) {
	off := p.dec.InputOffset()
	var se *json.SyntaxError
	detail := what
	switch {
	case errors.As(err, &se):
		off, detail = se.Offset, se.Error()
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		off, detail = int64(len(p.data)), "unexpected end of input"
	case err != nil && what == "":
		detail = err.Error()
	}
	p.errs.Addf(p.src, p.line(off), "", "", Invalid(pointvalue.ErrMalformed, "invalid JSON: "+detail))
}

// value reads the next value; ok is false after a syntax error (reported).
func (p *jsonParser) value(path string, depth int) (*Value, bool) {
	start := p.skipSpace(p.dec.InputOffset())
	tok, err := p.dec.Token()
	if err != nil {
		p.syntax(err, "")
		return nil, false
	}
	v := &Value{Line: p.line(start)}
	switch t := tok.(type) {
	case nil:
		v.Kind = JSONNull
	case bool:
		v.Kind, v.Bool = JSONBool, t
	case json.Number:
		v.Kind, v.Text = JSONNumber, string(t)
	case string:
		v.Kind, v.Text = JSONString, t
	case json.Delim:
		if depth >= maxDepth {
			p.errs.Addf(p.src, v.Line, "", "", Invalid(pointvalue.ErrMalformed, "invalid JSON: nested deeper than 64 levels"))
			return nil, false
		}
		switch t {
		case '[':
			v.Kind = JSONArray
			for p.dec.More() {
				e, ok := p.value(path+"["+strconv.Itoa(len(v.Elems))+"]", depth+1)
				if !ok {
					return nil, false
				}
				v.Elems = append(v.Elems, e)
			}
		case '{':
			v.Kind = JSONObject
			var seen map[string]bool // for objects too large to search
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					p.syntax(err, "")
					return nil, false
				}
				key, _ := kt.(string)
				kp := Join(path, key)
				e, ok := p.value(kp, depth+1)
				if !ok {
					return nil, false
				}
				if len(v.Keys) == 16 && seen == nil {
					seen = make(map[string]bool)
					for _, k := range v.Keys {
						seen[k] = true
					}
				}
				if (seen == nil && slices.Contains(v.Keys, key)) || seen[key] {
					p.errs.Addf(p.src, 0, kp, e.Show(), Invalid(pointvalue.ErrDuplicate, "key given more than once"))
					continue
				}
				v.Keys = append(v.Keys, key)
				v.Vals = append(v.Vals, e)
				if seen != nil {
					seen[key] = true
				}
			}
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			p.syntax(err, "")
			return nil, false
		}
	}
	return v, true
}

// skipSpace returns the offset of the first byte at or after off that is not JSON
// white space or a separator, so that a value's line is where it starts.
func (p *jsonParser) skipSpace(off int64) int64 {
	for off < int64(len(p.data)) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// Join appends key to a JSON path: "funds" + "employee" = "funds.employee".
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index appends an array index to a JSON path: "segments" + 2 = "segments[2]".
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// DecimalText returns the plain decimal form of a JSON number or decimal string:
// an exponent form is rewritten exactly ("5e-2" → "0.05", "1.5E3" → "1500"), any
// other text is returned as it is for the decimal parsers to judge. An exponent
// beyond ±40 is pointvalue.ErrRange (no value a policy holds is that large or that fine).
func DecimalText(s string) (string, error) {
	e := strings.IndexAny(s, "eE")
	if e < 0 {
		return s, nil
	}
	mant, exps := s[:e], s[e+1:]
	exp, err := strconv.Atoi(exps)
	if err != nil || exps == "" || exps[0] == ' ' {
		return "", pointvalue.ErrSyntax
	}
	if exp > 40 || exp < -40 {
		return "", pointvalue.ErrRange
	}
	neg := false
	switch {
	case strings.HasPrefix(mant, "-"):
		neg, mant = true, mant[1:]
	case strings.HasPrefix(mant, "+"):
		mant = mant[1:]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", pointvalue.ErrSyntax
	}
	point := len(intPart) + exp // position of the decimal point in digits
	switch {
	case point <= 0:
		digits = strings.Repeat("0", 1-point) + digits
		point = 1
	case point > len(digits):
		digits += strings.Repeat("0", point-len(digits))
	}
	out := digits[:point]
	if point < len(digits) {
		out += "." + digits[point:]
	}
	if neg {
		out = "-" + out
	}
	return out, nil
}
