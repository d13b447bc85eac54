package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
)

func TestPrintErrors(t *testing.T) {
	var l pointvalue.ErrorList
	for i := 2; i < 152; i++ { // 150 errors
		l.Addf("cases.csv", i, "total_cost", "1.234", pointvalue.ErrPrecision)
	}
	var b bytes.Buffer
	PrintErrors(&b, &l)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 101 || lines[0] != "cases.csv:2: total_cost: 1.234: more decimals than allowed" || lines[100] != "... 50 more errors" {
		t.Fatalf("%d lines: %q … %q", len(lines), lines[0], lines[len(lines)-1])
	}
	b.Reset()
	PrintErrors(&b, errors.New("plain"))
	if b.String() != "plain\n" {
		t.Fatalf("%q", b.String())
	}
}

func TestWriteFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "out")
	if err := WriteFile(dir, "a.csv", func(w io.Writer) error { _, err := w.Write([]byte("x\n")); return err }); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "a.csv")); err != nil || string(b) != "x\n" {
		t.Fatalf("%q %v", b, err)
	}
	boom := errors.New("boom")
	if err := WriteFile(dir, "b.csv", func(io.Writer) error { return boom }); err != boom {
		t.Fatalf("%v", err)
	}
}
