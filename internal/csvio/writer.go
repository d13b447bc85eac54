package csvio

import (
	"encoding/csv"
	"io"
)

// Writer writes an output CSV (RFC 4180, "\n" line ends, FORMATS "Common
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
