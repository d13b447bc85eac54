package csvio

import (
	"encoding/csv"
	"io"
	"unicode"
	"unicode/utf8"
)

// Writer writes an output CSV (RFC 4180, "\n" line ends, docs/formats.md, "Common
// rules"); fields are quoted only when they must be.
type Writer struct {
	cw *csv.Writer
}

// NewWriter returns a Writer on w; call Flush at the end.
func NewWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = false
	return &Writer{cw: cw}
}

// Write writes one record.
func (w *Writer) Write(fields ...string) error { return w.cw.Write(fields) }

// Flush writes any buffered data and returns the first write error, if any.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}

// AppendField appends one field exactly as Writer writes it: quoted only when it
// must be (encoding/csv's rule: a comma, quote or line end inside, a leading
// space, or the field `\.`), quotes doubled, line ends as they are.
func AppendField(dst []byte, s string) []byte {
	if !fieldNeedsQuotes(s) {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, s[i])
	}
	return append(dst, '"')
}

func fieldNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
