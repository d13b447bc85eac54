package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/google/go-cmp/cmp"
)

// scanned is one result of splitting: a record's start line and fields, or
// a malformed record's start line and error text.
type scanned struct {
	Line   int
	Fields []string
	Err    string
}

// viaCSV splits data with encoding/csv as the old reader set it up.
func viaCSV(t testing.TB, data []byte) []scanned {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	var out []scanned
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out
		}
		if pe, ok := err.(*csv.ParseError); ok {
			out = append(out, scanned{Line: pe.StartLine, Err: pe.Err.Error()})
			continue
		}
		if err != nil {
			t.Fatalf("encoding/csv: %v", err)
		}
		line, _ := cr.FieldPos(0)
		out = append(out, scanned{Line: line, Fields: slices.Clone(rec)})
	}
}

// viaScanner splits data with the scanner. In the stable mode (reuse false)
// the fields are kept as returned, uncopied: they must not change as later
// records are read. The error is the scanner's fatal one, if any.
func viaScanner(r io.Reader, reuse bool) ([]scanned, error) {
	s := newScanner(r, UTF8, reuse)
	var out []scanned
	for {
		switch s.scan() {
		case recOK:
			f := make([]string, s.nfields)
			for i := range f {
				f[i] = s.field(i)
				if reuse {
					f[i] = strings.Clone(f[i])
				}
			}
			out = append(out, scanned{Line: s.recLine, Fields: f})
		case recBad:
			out = append(out, scanned{Line: s.recLine, Err: s.perr.Error()})
		case recEnd:
			return out, nil
		case recFatal:
			return out, s.fatal
		}
	}
}

// readers gives data to the scanner whole, one byte at a time, and in halves.
var readers = map[string]func([]byte) io.Reader{
	"whole":    func(b []byte) io.Reader { return bytes.NewReader(b) },
	"one byte": func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) },
	"half":     func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) },
	"data+EOF": func(b []byte) io.Reader { return iotest.DataErrReader(bytes.NewReader(b)) },
}

// compareCSV checks that the scanner splits data as encoding/csv does (after
// a UTF-8 BOM, which the scanner strips). On input that is not UTF-8 the
// scanner must stop with an encoding error, having given a prefix of what
// encoding/csv gives.
func compareCSV(t *testing.T, data []byte) {
	t.Helper()
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return // an error of its own: TestEncodingErrors
	}
	want := viaCSV(t, bytes.TrimPrefix(data, bomUTF8))
	valid := utf8.Valid(data)
	for name, rd := range readers {
		for _, reuse := range []bool{false, true} {
			got, err := viaScanner(rd(data), reuse)
			if valid {
				if err != nil {
					t.Fatalf("%s, reuse %v: %v", name, reuse, err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("%s, reuse %v: %q (-encoding/csv +scanner):\n%s", name, reuse, data, diff)
				}
				continue
			}
			if !errors.Is(err, pointvalue.ErrEncoding) {
				t.Fatalf("%s, reuse %v: %q: error %v, want an encoding error", name, reuse, data, err)
			}
			if len(got) > len(want) || len(got) > 0 && !cmp.Equal(want[:len(got)], got) {
				t.Fatalf("%s, reuse %v: %q: %v is not a prefix of %v", name, reuse, data, got, want)
			}
		}
	}
}

// splitCases are the inputs where RFC 4180 and encoding/csv have corners.
var splitCases = []string{
	"",
	"a",
	"a\n",
	"a,b\n1,2\n",
	"a,b\r\n1,2\r\n",
	"a,b\n1,2",
	"a,b\n1,2\r",
	"a,b,\n,,\n",
	"\n\n\na\n\r\n\nb\n",
	"\r",
	"\r\r\n",
	"a\rb,c\r\r\n",
	"  \n\t\n",
	`"a","b"` + "\n",
	`"a""b",c` + "\n",
	`"",""` + "\n",
	`""""` + "\n",
	"\"multi\nline\",x\nnext,y\n",
	"\"crlf\r\ninside\",x\r\nnext,y\r\n",
	"\"lone\rcr\",x\n",
	"\"a\"\r\n",
	"\"a\"\r",
	"\"a\"\rb\n",
	"\"a\"",
	"\"a\",",
	"a,\"b\"\"\n\"\"c\",d\n",
	"a\"b,c\nd,e\n",
	"\"bad\"q,1\nok,2\n",
	"\"a\nb\"x,y\nz\n",
	"\"unclosed,1\nB,2\n",
	"\"unclosed\r",
	"x,\"y\n\n\nz\"\n\nw\n",
	" \"a\",b\n",
	"a,\"b\nc\" ,d\n",
	"\uFEFFa,b\n1,2\n",
	"\uFEFF\"a\",b\n",
	"职工,居民\n\"职,工\",居民\n",
	"a,b\n1,\xff\n2,3\n",
	"a\xc3",
}

func TestScanMatchesCSV(t *testing.T) {
	for _, in := range splitCases {
		compareCSV(t, []byte(in))
	}
}

// TestScanExpected pins a few splits worked out by hand (compareCSV only
// says the scanner agrees with encoding/csv).
func TestScanExpected(t *testing.T) {
	tests := []struct {
		in   string
		want []scanned
	}{
		{"a,b\r\n\r\n\"x\"\"y\",\"1\r\n2\"\r\n,\r\n", []scanned{
			{Line: 1, Fields: []string{"a", "b"}},
			{Line: 3, Fields: []string{`x"y`, "1\n2"}}, // line 2 blank; the record takes lines 3–4
			{Line: 5, Fields: []string{"", ""}},
		}},
		{"\"q\"x,1\n\"open\n", []scanned{
			{Line: 1, Err: `extraneous or missing " in quoted-field`},
			{Line: 2, Err: `extraneous or missing " in quoted-field`},
		}},
		{"a\"b\nc\r", []scanned{
			{Line: 1, Err: `bare " in non-quoted-field`},
			{Line: 2, Fields: []string{"c"}},
		}},
	}
	for _, tt := range tests {
		got, err := viaScanner(strings.NewReader(tt.in), false)
		eq(t, nil, err)
		eq(t, tt.want, got, tt.in)
	}
}

// FuzzScanner: the scanner never panics and splits every input as
// encoding/csv does (up to the first byte that is not UTF-8).
func FuzzScanner(f *testing.F) {
	for _, s := range splitCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareCSV(t, data)
	})
}

// TestScanCapWholeInBuffer: the cap holds when a long line is already whole
// in the buffer (the fast path), as it does when it is not.
func TestScanCapWholeInBuffer(t *testing.T) {
	for _, tt := range []struct {
		size int
		want result
	}{{MaxRecordBytes, recOK}, {MaxRecordBytes + 1, recFatal}} {
		in := strings.Repeat("z", tt.size) + "\r\nnext\n"
		s := &scanner{src: strings.NewReader(in), line: 1, maxFields: -1, buf: make([]byte, 2*len(in))}
		s.sniff(UTF8)
		eq(t, len(in), s.end, "all of the input in the buffer")
		eq(t, tt.want, s.scan())
		if tt.want == recOK {
			eq(t, tt.size, len(s.field(0)))
			eq(t, recOK, s.scan())
			eq(t, "next", s.field(0))
		} else {
			eq(t, true, s.fatal == errTooLong, s.fatal)
			eq(t, 1, s.recLine)
		}
	}
}

// TestScanRandom compares the scanner with encoding/csv on random input of
// many buffers: quoted fields, escapes and CRLF cut by reads and buffer ends.
func TestScanRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"a", "bc", "12345678", "职工", ",", ",", ",", "\n", "\r\n", `""`, `"q,q"`, "\"x\ny\"", " "}
	for round := range 4 {
		var b strings.Builder
		for b.Len() < 200_000 {
			// Well-formed rows and now and then a stray piece, which may
			// upset the quoting of what follows: about half the records
			// come out malformed (go test -v shows how many).
			if rng.IntN(60) == 0 {
				b.WriteString(pieces[rng.IntN(len(pieces))])
				continue
			}
			for f := range 1 + rng.IntN(20) {
				if f > 0 {
					b.WriteByte(',')
				}
				switch rng.IntN(6) {
				case 0:
					b.WriteString(`"` + strings.Repeat(`a""b,`, rng.IntN(3)) + "\r\n" + `"`)
				case 1:
				default:
					b.WriteString(strings.Repeat("x", rng.IntN(40)))
				}
			}
			b.WriteString([]string{"\n", "\r\n"}[rng.IntN(2)])
		}
		data := []byte(b.String())
		if round%2 == 1 {
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\n\n")) // blank lines too
		}
		compareCSV(t, data)
		if testing.Verbose() {
			got := viaCSV(t, data)
			bad := 0
			for _, g := range got {
				if g.Err != "" {
					bad++
				}
			}
			t.Logf("round %d: %d bytes, %d records, %d malformed", round, len(data), len(got), bad)
		}
	}
}
