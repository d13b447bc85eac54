package drg

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
)

func TestHarbinWeights2024(t *testing.T) {
	w, err := HarbinWeights2024()
	noErr(t, err)
	eq(t, 703, w.Len())
	lo, hi := w.Groups[0], w.Groups[0]
	for _, g := range w.Groups {
		if !g.Stable || g.AvgCost != 0 {
			t.Fatalf("group %s: stable %v avg %s, want stable and no avg_cost", g.Code, g.Stable, g.AvgCost)
		}
		if g.Weight < lo.Weight {
			lo = g
		}
		if g.Weight > hi.Weight {
			hi = g
		}
	}
	// From the file: VS15 0.18 (过敏反应…) is the smallest, AB19 36.2185 (肝移植) the largest.
	eq(t, "VS15", lo.Code)
	eq(t, factor("0.18"), lo.Weight)
	eq(t, "AB19", hi.Code)
	eq(t, factor("36.2185"), hi.Weight)
	eq(t, "肝移植", hi.Name)
	i, ok := w.Lookup("AA19")
	eq(t, true, ok)
	eq(t, factor("18.2858"), w.Groups[i].Weight)
	_, ok = w.Lookup("ZZ99")
	eq(t, false, ok)
}

func TestReadWeights(t *testing.T) {
	in := "\uFEFFname,weight,drg_code,avg_cost,stable,extra\n" +
		"心脏移植,18.2858,AA19,,,x\n" +
		"\"a, b\",0.5,GB11,5000.5,0,\n"
	w, err := ReadWeights(strings.NewReader(in), "dir/weights.csv")
	noErr(t, err)
	eq(t, []Group{
		{Code: "AA19", Name: "心脏移植", Weight: factor("18.2858"), Stable: true},
		{Code: "GB11", Name: "a, b", Weight: factor("0.5"), AvgCost: money("5000.5"), Stable: false},
	}, w.Groups)
}

func TestReadWeightsErrors(t *testing.T) {
	type want struct {
		line  int
		field string
		value string
		err   error
	}
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{"every bad row", "drg_code,weight,name,avg_cost,stable\n" +
			"AA19,1.5,x,,\n" + // line 2 fine
			"AB19,0,y,,\n" + // 3: weight 0
			"AC19,abc,z,,\n" + // 4: not a number
			"AA19,2,dup,,\n" + // 5: duplicate
			"AD19,1.123456789,w,,\n" + // 6: 9 decimals
			",1,v,,\n" + // 7: empty code
			"AE19,1,u,1.234,2\n" + // 8: avg 3 decimals, stable 2
			"AF19,1,t,0,\n" + // 9: avg 0
			"AG19,-1,s,-5,\n", // 10: negative weight, negative avg
			[]want{
				{3, "weight", "0", pointvalue.ErrRange},
				{4, "weight", "abc", pointvalue.ErrSyntax},
				{5, "drg_code", "AA19", pointvalue.ErrDuplicate},
				{6, "weight", "1.123456789", pointvalue.ErrPrecision},
				{7, "drg_code", "", pointvalue.ErrRequired},
				{8, "avg_cost", "1.234", pointvalue.ErrPrecision},
				{8, "stable", "2", pointvalue.ErrBool},
				{9, "avg_cost", "0", pointvalue.ErrRange},
				{10, "weight", "-1", pointvalue.ErrNegative},
				{10, "avg_cost", "-5", pointvalue.ErrNegative},
			}},
		{"missing columns", "drg_code,name\nAA19,x\n", []want{{1, "weight", "", pointvalue.ErrMissingColumn}}},
		{"duplicate of a bad row", "drg_code,weight,name\nAA19,x,a\nAA19,1,b\n", []want{
			{2, "weight", "x", pointvalue.ErrSyntax},
			{3, "drg_code", "AA19", pointvalue.ErrDuplicate},
		}},
		{"wrong field count", "drg_code,weight,name\nAA19,1\n", []want{{2, "", "", pointvalue.ErrMalformed}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := ReadWeights(strings.NewReader(tc.in), "w.csv")
			if w != nil {
				t.Fatal("a table was returned with errors")
			}
			var list *pointvalue.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %v is not an ErrorList", err)
			}
			eq(t, len(tc.want), len(list.Errors), err.Error())
			for i, e := range list.Errors {
				g := tc.want[i]
				eq(t, "w.csv", e.Source)
				eq(t, g.line, e.Line, e.Error())
				eq(t, g.field, e.Field, e.Error())
				eq(t, g.value, e.Value, e.Error())
				isErr(t, e, g.err)
			}
		})
	}
}

func TestNewWeightsErrors(t *testing.T) {
	for name, gs := range map[string][]Group{
		"empty code":   {{Weight: 1}},
		"zero weight":  {{Code: "A"}},
		"negative avg": {{Code: "A", Weight: 1, AvgCost: -1}},
		"duplicate":    {{Code: "A", Weight: 1}, {Code: "A", Weight: 1}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := NewWeights(gs); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func FuzzReadWeights(f *testing.F) {
	f.Add([]byte("drg_code,weight,name,avg_cost,stable\nAA19,1.5,x,100,1\n"))
	f.Add([]byte("drg_code,weight,name\nAA19,0,x\nAA19,1,y\n\"unterminated\n"))
	f.Add(harbin2024[:400])
	f.Fuzz(func(t *testing.T, in []byte) {
		w, err := ReadWeights(bytes.NewReader(in), "fuzz.csv")
		if (w == nil) == (err == nil) {
			t.Fatalf("table %v with error %v", w != nil, err)
		}
		if err != nil {
			return
		}
		for i, g := range w.Groups {
			if g.Weight <= 0 || g.AvgCost < 0 {
				t.Fatalf("group %+v accepted", g)
			}
			if j, ok := w.Lookup(g.Code); !ok || int(j) != i {
				t.Fatalf("lookup %q = %d, %v", g.Code, j, ok)
			}
		}
	})
}
