package csvio

import (
	"errors"
	"strings"
	"testing"
)

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriter(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	eq(t, nil, w.Write("hospital_id", "name", "gross"))
	eq(t, nil, w.Write("H1", "a, \"b\"", "12.30"))
	eq(t, nil, w.Write("H2", "two\nlines", ""))
	eq(t, nil, w.Flush())
	// "\n" line ends; quoting only where RFC 4180 needs it.
	eq(t, "hospital_id,name,gross\nH1,\"a, \"\"b\"\"\",12.30\nH2,\"two\nlines\",\n", b.String())

	w = NewWriter(failWriter{})
	_ = w.Write("x")
	if err := w.Flush(); err == nil || err.Error() != "disk full" {
		t.Fatalf("Flush = %v, want disk full", err)
	}
}

// TestAppendFieldMatchesWriter: AppendField quotes exactly as encoding/csv does.
func TestAppendFieldMatchesWriter(t *testing.T) {
	for _, s := range []string{"", "plain", "a,b", `q"uote`, "line\nend", "cr\rhere", " lead", "\tlead", "\u3000全角", `\.`, "中文", "trail "} {
		var b strings.Builder
		w := NewWriter(&b)
		if err := w.Write(s); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(b.String(), "\n")
		if got := string(AppendField(nil, s)); got != want {
			t.Errorf("%q: AppendField %q, Writer %q", s, got, want)
		}
	}
}
