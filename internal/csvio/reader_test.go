package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/google/go-cmp/cmp"
)

// errStrings returns the Error() text of every kept error.
func errStrings(l *pointvalue.ErrorList) []string {
	var out []string
	for _, e := range l.Errors {
		out = append(out, e.Error())
	}
	return out
}

// row is a record as a test sees it: its physical line and the named columns' raw cells.
type row struct {
	Line  int
	Cells []string
}

// readAll opens input as "t.csv", asks for cols (a "!" suffix = required) and
// returns the records with their lines, OK() and the errors.
func readAll(input string, cols ...string) ([]row, bool, []string) {
	var errs pointvalue.ErrorList
	r := NewReader(strings.NewReader(input), "dir/t.csv", &errs)
	var cs []Col
	for _, c := range cols {
		name, req := strings.CutSuffix(c, "!")
		cs = append(cs, r.Col(name, req))
	}
	var rows []row
	for r.Next() {
		rw := row{Line: r.Line()}
		for _, c := range cs {
			rw.Cells = append(rw.Cells, r.Raw(c))
		}
		rows = append(rows, rw)
	}
	return rows, r.OK(), errStrings(&errs)
}

func TestHeader(t *testing.T) {
	tests := []struct {
		name  string
		input string
		cols  []string
		rows  []row
		ok    bool
		errs  []string
	}{
		{"plain", "a,b\n1,2\n", []string{"a!", "b!"}, []row{{2, []string{"1", "2"}}}, true, nil},
		{"BOM stripped", "\uFEFFa,b\n1,2\n", []string{"a!", "b"}, []row{{2, []string{"1", "2"}}}, true, nil},
		{"BOM before a quoted name", "\uFEFF\"a\",b\n1,2\n", []string{"a!"}, []row{{2, []string{"1"}}}, true, nil},
		{"any order", "b,a\n2,1\n", []string{"a!", "b!"}, []row{{2, []string{"1", "2"}}}, true, nil},
		{"unknown columns ignored", "x,a,y,b,z\nq,1,r,2,s\n", []string{"a!", "b!"}, []row{{2, []string{"1", "2"}}}, true, nil},
		{"header names trimmed", " a ,\tb\n1,2\n", []string{"a!", "b!"}, []row{{2, []string{"1", "2"}}}, true, nil},
		{"CRLF", "a,b\r\n1,2\r\n3,4\r\n", []string{"a!", "b!"}, []row{{2, []string{"1", "2"}}, {3, []string{"3", "4"}}}, true, nil},
		{"no final newline", "a,b\n1,2", []string{"a!", "b!"}, []row{{2, []string{"1", "2"}}}, true, nil},
		{"blank lines before the header keep physical lines", "\n\na\n1\n", []string{"a!", "b!"}, nil, false,
			[]string{"t.csv:3: b: : required column is missing"}},
		{"header only", "a,b\n", []string{"a!", "b!"}, nil, true, nil},
		{"optional column absent", "a\n1\n", []string{"a!", "b"}, []row{{2, []string{"1", ""}}}, true, nil},
		{"required column missing", "a\n1\n", []string{"a!", "b!", "c!"}, nil, false,
			[]string{"t.csv:1: b: : required column is missing", "t.csv:1: c: : required column is missing"}},
		{"missing column reported once", "a\n1\n", []string{"b!", "b!"}, nil, false,
			[]string{"t.csv:1: b: : required column is missing"}},
		{"duplicate column asked", "a,b,a\n1,2,3\n", []string{"a", "b!"}, nil, false,
			[]string{"t.csv:1: a: : duplicate key: column appears more than once in the header"}},
		{"duplicate column not asked", "a,b,x,x\n1,2,3,4\n", []string{"a!", "b!"}, []row{{2, []string{"1", "2"}}}, true, nil},
		{"empty input", "", []string{"a!"}, nil, false,
			[]string{"t.csv:1: : : malformed record: empty input: no header row"}},
		{"BOM only", "\uFEFF", []string{"a!"}, nil, false,
			[]string{"t.csv:1: : : malformed record: empty input: no header row"}},
		{"broken header", "a,\"b\n1,2\n", []string{"a!"}, nil, false,
			[]string{"t.csv:1: : : malformed record: header: extraneous or missing \" in quoted-field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, ok, errs := readAll(tt.input, tt.cols...)
			eq(t, tt.ok, ok)
			if diff := cmp.Diff(tt.rows, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.errs, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecordsAndLines(t *testing.T) {
	tests := []struct {
		name  string
		input string
		rows  []row
		errs  []string
	}{
		{
			name: "embedded newline shifts later lines; bad records skipped",
			input: "id,note,amount\n" + // line 1
				"A,x,1.00\n" + // line 2
				"B,\"two\n" + // line 3: a quoted field running onto line 4
				"lines\",2.00\n" + // line 4
				"C,y\n" + // line 5: 2 fields
				"\n" + // line 6: blank
				"D,z,3.00\n" + // line 7
				"E,\"bad\"q,4\n" + // line 8: text after a closing quote
				"F,w,5.00,extra\n" + // line 9: 4 fields
				"G,a\"b,6\n" + // line 10: bare quote
				"H,w,7.00\n", // line 11
			rows: []row{
				{2, []string{"A", "x", "1.00"}},
				{3, []string{"B", "two\nlines", "2.00"}},
				{7, []string{"D", "z", "3.00"}},
				{11, []string{"H", "w", "7.00"}},
			},
			errs: []string{
				"t.csv:5: : : malformed record: 2 fields, the header has 3",
				"t.csv:8: : : malformed record: extraneous or missing \" in quoted-field",
				"t.csv:9: : : malformed record: 4 fields, the header has 3",
				"t.csv:10: : : malformed record: bare \" in non-quoted-field",
			},
		},
		{
			name: "two embedded newlines, CRLF",
			input: "id,note,amount\r\n" + // 1
				"A,\"1\r\n2\r\n3\",1\r\n" + // 2–4
				"B,x,2\r\n", // 5
			rows: []row{{2, []string{"A", "1\n2\n3", "1"}}, {5, []string{"B", "x", "2"}}},
		},
		{
			name: "blank and space-only lines skipped",
			input: "id,note,amount\n" + // 1
				"\n" + // 2
				"   \n" + // 3
				"\r\n" + // 4
				"A,x,1\n", // 5
			rows: []row{{5, []string{"A", "x", "1"}}},
		},
		{
			name: "a row of empty cells is a record",
			input: "id,note,amount\n" +
				",,\n",
			rows: []row{{2, []string{"", "", ""}}},
		},
		{
			name: "unclosed quote swallows the rest of the file",
			input: "id,note,amount\n" + // 1
				"A,x,1\n" + // 2
				"B,\"open,2\n" + // 3
				"C,y,3\n", // 4
			rows: []row{{2, []string{"A", "x", "1"}}},
			errs: []string{"t.csv:3: : : malformed record: extraneous or missing \" in quoted-field"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, ok, errs := readAll(tt.input, "id!", "note!", "amount!")
			eq(t, true, ok)
			if diff := cmp.Diff(tt.rows, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.errs, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadError(t *testing.T) {
	var errs pointvalue.ErrorList
	in := io.MultiReader(strings.NewReader("a,b\n1,\"x\ny\"\n"), iotest.ErrReader(errors.New("disk gone")))
	r := NewReader(in, "t.csv", &errs)
	a := r.Col("a", true)
	eq(t, true, r.Next())
	eq(t, 2, r.Line())
	eq(t, "1", r.Raw(a))
	eq(t, false, r.Next())
	eq(t, false, r.Next(), "stays at the end")
	// The record took lines 2 and 3; the error comes on line 4.
	eq(t, []string{"t.csv:4: : : malformed record: read error: disk gone"}, errStrings(&errs))
	eq(t, true, errors.Is(errs.Err(), pointvalue.ErrMalformed))
}

func TestErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,amount\n")
	for i := range 150 {
		fmt.Fprintf(&b, "C%d,-1\n", i) // every row negative: one error each, lines 2..151
	}
	var errs pointvalue.ErrorList
	r := NewReader(strings.NewReader(b.String()), "cases.csv", &errs)
	amount := r.Col("amount", true)
	n := 0
	for r.Next() {
		n++
		_, ok := r.Money(amount, 0)
		eq(t, false, ok)
	}
	eq(t, 150, n, "bad cells do not stop the reading")
	eq(t, 100, len(errs.Errors))
	eq(t, 50, errs.Dropped)
	eq(t, 150, errs.Len())
	eq(t, "cases.csv:2: amount: -1: negative value not allowed", errs.Errors[0].Error())
	eq(t, 101, errs.Errors[99].Line)
	eq(t, true, strings.HasSuffix(errs.Error(), "\ncases.csv:101: amount: -1: negative value not allowed\n... 50 more errors"))
}

func TestSourceAndDefaults(t *testing.T) {
	tests := []struct{ in, want string }{
		{"cases.csv", "cases.csv"},
		{"/data/2025/cases.csv", "cases.csv"},
		{"", "input"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r := NewReader(strings.NewReader("a\n"), tt.in, nil)
			eq(t, tt.want, r.Source())
			eq(t, true, r.Errs() != nil)
		})
	}
	t.Run("nil reader", func(t *testing.T) {
		r := NewReader(nil, "x.csv", nil)
		eq(t, false, r.OK())
		eq(t, false, r.Next())
		eq(t, []string{"x.csv:1: : : malformed record: empty input: no header row"}, errStrings(r.Errs()))
	})
	t.Run("raw before and after records", func(t *testing.T) {
		r := NewReader(strings.NewReader("a\nx\n"), "t.csv", nil)
		a := r.Col("a", true)
		eq(t, "", r.Raw(a))
		eq(t, 1, r.Line(), "header line before the first record")
		eq(t, true, r.Next())
		eq(t, "x", r.Raw(a))
		eq(t, false, r.Next())
		eq(t, "", r.Raw(a))
		eq(t, []string{"a"}, r.Header())
	})
}

// TestEndlessLine: a line longer than MaxRecordBytes stops the reading with one
// error naming its line, instead of being held in memory whole (ERR-4).
func TestEndlessLine(t *testing.T) {
	big := strings.Repeat("x", MaxRecordBytes+10)
	in := "case_id,cost\nC1,1.00\nC2," + big + "\nC3,3.00\n"
	var errs pointvalue.ErrorList
	r := NewReader(strings.NewReader(in), "cases.csv", &errs)
	id := r.Col("case_id", true)
	var ids []string
	for r.Next() {
		v, _ := r.Text(id)
		ids = append(ids, v)
	}
	if len(ids) != 1 || ids[0] != "C1" {
		t.Errorf("records read: %q", ids)
	}
	if errs.Len() != 1 || !strings.Contains(errs.Errors[0].Error(), "malformed record: a record longer than 1048576 bytes") || errs.Errors[0].Line != 3 {
		t.Fatalf("errors: %v", errs.Err())
	}
}

// TestRecordCap: a record of more than MaxRecordBytes, over one line or over
// many short lines of a quoted field, stops the reading with one error on
// the line the record starts; one of exactly MaxRecordBytes is read.
func TestRecordCap(t *testing.T) {
	// quoted is a record C2,"x⏎x⏎…yyy" of size bytes whose note has lines
	// lines "x⏎" (nl = "\n" or "\r\n"), then y's up to the size.
	quoted := func(size int, nl string) (string, int) {
		lines := (size - 6) / (1 + len(nl))
		rec := "C2,\"" + strings.Repeat("x"+nl, lines)
		return rec + strings.Repeat("y", size-len(rec)-1) + "\"", lines
	}
	q, lines := quoted(MaxRecordBytes, "\n") // 524285 lines
	q1, _ := quoted(MaxRecordBytes+1, "\n")
	qr, linesr := quoted(MaxRecordBytes, "\r\n") // 349523 lines
	qr1, _ := quoted(MaxRecordBytes+1, "\r\n")
	tooLong := "cases.csv:3: : : malformed record: a record longer than 1048576 bytes"
	tests := []struct {
		name   string
		record string // on line 3, after the header and C1
		c3line int    // C3's line; 0 when C3 is not read
		err    string
	}{
		{"one line of MaxRecordBytes", "C2," + strings.Repeat("z", MaxRecordBytes-3), 4, ""},
		{"one line of MaxRecordBytes + 1", "C2," + strings.Repeat("z", MaxRecordBytes-2), 0, tooLong},
		{"many short lines, MaxRecordBytes in all", q, 3 + lines + 1, ""},
		{"many short lines, MaxRecordBytes + 1 in all", q1, 0, tooLong},
		// CRLF inside a field counts as written, the one ending the record not.
		{"many short CRLF lines, MaxRecordBytes in all", qr, 3 + linesr + 1, ""},
		{"many short CRLF lines, MaxRecordBytes + 1 in all", qr1, 0, tooLong},
		{"an unclosed quote runs on", "C2,\"" + strings.Repeat("x\n", MaxRecordBytes), 0, tooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, reuse := range []bool{false, true} {
				in := "case_id,note\nC1,a\n" + tt.record + "\r\nC3,b\n"
				var errs pointvalue.ErrorList
				r := NewReaderOptions(strings.NewReader(in), "cases.csv", &errs, Options{Reuse: reuse})
				id, note := r.Col("case_id", true), r.Col("note", true)
				var ids []string
				c3 := 0
				for r.Next() {
					ids = append(ids, r.Raw(id))
					if r.Raw(id) == "C2" && len(r.Raw(note)) != len(tt.record)-len("C2,")-strings.Count(tt.record, "\"")-strings.Count(tt.record, "\r\n") {
						t.Errorf("note of %d bytes", len(r.Raw(note)))
					}
					if r.Raw(id) == "C3" {
						c3 = r.Line()
					}
				}
				eq(t, tt.c3line, c3, "C3's line")
				var want []string
				if tt.err != "" {
					want = []string{tt.err}
					eq(t, []string{"C1"}, ids)
				}
				eq(t, want, errStrings(&errs))
			}
		})
	}
}

// endless is an input that never ends: prefix, then "x\n" for ever.
type endless struct {
	prefix string
	read   int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if e.read < len(e.prefix) {
			k := copy(p[n:], e.prefix[e.read:])
			n += k
			e.read += k
			continue
		}
		p[n] = "x\n"[(e.read-len(e.prefix))%2]
		n++
		e.read++
	}
	return n, nil
}

// TestEndlessInput: a quoted field that never closes, in an input that never
// ends, stops the reader after about MaxRecordBytes, whatever the size of the
// reads, and the memory it takes stays bounded (ERR-4).
func TestEndlessInput(t *testing.T) {
	for _, reuse := range []bool{false, true} {
		for _, small := range []bool{false, true} {
			src := &endless{prefix: "case_id,note\nC1,a\nC2,\""}
			var in io.Reader = src
			if small {
				in = iotest.HalfReader(iotest.OneByteReader(src))
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var errs pointvalue.ErrorList
			r := NewReaderOptions(in, "cases.csv", &errs, Options{Reuse: reuse})
			r.Col("case_id", true)
			n := 0
			for r.Next() {
				n++
			}
			runtime.ReadMemStats(&after)
			eq(t, 1, n)
			eq(t, []string{"cases.csv:3: : : malformed record: a record longer than 1048576 bytes"}, errStrings(&errs))
			if src.read > MaxRecordBytes+2*chunkSize {
				t.Errorf("reuse %v, small reads %v: %d bytes read", reuse, small, src.read)
			}
			// The buffer doubles from 64 KiB to maxBuf: < 3·maxBuf in all.
			if a := after.TotalAlloc - before.TotalAlloc; a > 3*maxBuf {
				t.Errorf("reuse %v, small reads %v: %d bytes allocated", reuse, small, a)
			}
		}
	}
}

// TestReuse: both modes read the same records, from a file of many buffers
// read in pieces of every size. Without Reuse the strings are kept uncopied
// and must still hold at the end; with Reuse, reading a record allocates
// nothing.
func TestReuse(t *testing.T) {
	data := benchInput(5_000)
	read := func(in io.Reader, reuse bool) [][]string {
		r := NewReaderOptions(in, "cases.csv", nil, Options{Reuse: reuse})
		cols := []Col{r.Col("case_id", true), r.Col("fund", true), r.Col("total_cost", true)}
		var out [][]string
		for r.Next() {
			var rec []string
			for _, c := range cols {
				s, _ := r.Text(c)
				if reuse {
					s = strings.Clone(s)
				}
				rec = append(rec, s)
			}
			out = append(out, rec)
		}
		eq(t, 0, r.Errs().Len())
		return out
	}
	want := read(bytes.NewReader(data), false)
	eq(t, 5_000, len(want))
	eq(t, []string{"C0000000", want[0][1], want[0][2]}, want[0])
	for name, rd := range readers {
		for _, reuse := range []bool{false, true} {
			if got := read(rd(data), reuse); !cmp.Equal(want, got) {
				t.Fatalf("%s, reuse %v: records differ", name, reuse)
			}
		}
	}

	r := NewReaderOptions(bytes.NewReader(data), "cases.csv", nil, Options{Reuse: true})
	id, cost := r.Col("case_id", true), r.Col("total_cost", true)
	allocs := testing.AllocsPerRun(4_000, func() {
		if !r.Next() {
			t.Fatal("no record")
		}
		r.Text(id)
		r.Money(cost, 0)
	})
	eq(t, 0.0, allocs, "allocations per record with Reuse")
}
