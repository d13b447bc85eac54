package csvio

import (
	"bytes"
	"errors"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// FuzzReader feeds arbitrary bytes (ERR-4), in both encodings and both modes:
// the reader never panics, every error names a source and a line ≥ 1 (0 for an
// encoding error), records come in increasing line order, and an absent
// required column or a near miss yields no records.
func FuzzReader(f *testing.F) {
	seeds := []string{
		"",
		"\uFEFF",
		"id,amount,day,flag,fund,rw\nA,1.00,2025-01-01,1,职工,1.5\n",
		"\uFEFFid,amount\r\nA,\"1\r\n2\",x\r\n\r\nB,-1\r\n",
		"amount,id\n\"unclosed,1\nB,2\n",
		"id\n\"a\"b\nc\"d\n",
		"id,id,amount\n1,2,3\n",
		"id,amount,day\n,,\n   \n\t\nX,1.234,2025-02-30\n",
		"id,amount\nA,99999999999999999999\nB,\xff\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	fund := NewEnum(EnumWord{1, []string{"employee", "职工"}}, EnumWord{2, []string{"resident", "居民"}})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []Options{{}, {Reuse: true}, {Encoding: GB18030}, {Encoding: GB18030, Reuse: true}} {
			fuzzReader(t, data, fund, opt)
		}
	})
}

func fuzzReader(t *testing.T, data []byte, fund *Enum, opt Options) {
	var errs pointvalue.ErrorList
	errs.Cap = 1 << 20 // keep them all to check them all
	r := NewReaderOptions(bytes.NewReader(data), "f.csv", &errs, opt)
	id := r.Col("id", true)
	amount, day := r.Col("amount", false), r.Col("day", false)
	flag, fd, rw := r.Col("flag", false), r.Col("fund", false), r.Col("rw", false)
	r.ColAlias("los", false, "act_ipt_days")
	for _, name := range r.CheckColumns() {
		if name == "" {
			t.Fatal("an empty name listed as ignored")
		}
	}
	last := 0
	n := 0
	for r.Next() {
		n++
		if r.Line() <= last {
			t.Fatalf("line %d after line %d", r.Line(), last)
		}
		last = r.Line()
		r.Text(id)
		r.Money(amount, 0)
		r.Factor(rw, pointvalue.One)
		r.Points(amount, 4, 0)
		r.Int(amount, 0)
		r.Date(day)
		r.Bool(flag, false)
		r.Enum(fd, fund, 0)
	}
	if n > 0 && !r.OK() {
		t.Fatal("records read although a required column is missing")
	}
	if n > bytes.Count(data, []byte("\n"))+1 {
		t.Fatalf("%d records from %d lines", n, bytes.Count(data, []byte("\n"))+1)
	}
	for _, e := range errs.Errors {
		if e.Line < 1 && !(e.Line == 0 && errors.Is(e, pointvalue.ErrEncoding)) || e.Source == "" || e.Err == nil {
			t.Fatalf("bad error location: %#v", e)
		}
		if e.Line > bytes.Count(data, []byte("\n"))+1 {
			t.Fatalf("error line %d beyond the input: %v", e.Line, e)
		}
	}
}
