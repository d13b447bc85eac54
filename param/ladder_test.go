package param

import (
	"strconv"
	"strings"
	"testing"
)

// TestLadder: the checks every ladder field (DRG-8's thresholds, BED-2's
// segments) gets, from JSON to errors, on a ladder of whole-day bounds.
func TestLadder(t *testing.T) {
	tests := []struct {
		json string
		want []string // the errors, in order ("" none)
	}{
		{`[[null, 1]]`, nil},
		{`[[30, 1], [60, 2], [null, 3]]`, nil},
		{`[]`, []string{"x: : required value is empty"}},
		{`[[null, 1], [30, 2]]`, []string{"x[0]: null: invalid policy: only the last step may be unbounded",
			"x[1]: 30: invalid policy: the last step must be null (unbounded)"}},
		{`[[30, 1], [30, 2], [null, 3]]`, []string{"x[1]: 30: invalid policy: bounds must increase"}},
		{`[[0, 1], [null, 3]]`, []string{"x[0][0]: 0: value out of range: at least 1"}},
		{`[[30], [null, 1]]`, []string{"x[0]: [30]: not a number: expected [upto, value]"}},
		{`[["a", 1], [null, "b"]]`, []string{"x[0][0]: a: not a number", "x[1][1]: b: not a number", "x: : required value is empty"}},
		{`{"a": 1}`, []string{"expected a JSON array", "x: : required value is empty"}},
	}
	for _, tc := range tests {
		v, err := ParseJSON([]byte(tc.json), "p.json")
		if err != nil {
			t.Fatal(err)
		}
		pr := NewProblems("p.json").Sub("x")
		type step struct {
			upTo      int
			unbounded bool
			val       int
		}
		var got []step
		parseInt := func(pr *Problems, v *Value) (int, bool) {
			n, err := ParseInt(v)
			if err != nil {
				pr.AddError("", v.Show(), err)
			}
			return n, err == nil
		}
		DecodeLadder(v, pr, "[upto, value]", parseInt, parseInt, func(b int, u bool, x int) { got = append(got, step{b, u, x}) })
		CheckLadder(len(got), func(i int) (int, bool) { return got[i].upTo, got[i].unbounded }, pr, "step", 1, "at least 1", strconv.Itoa)
		var msgs []string
		if l := pr.list; l != nil {
			for _, e := range l.Errors {
				msgs = append(msgs, strings.TrimPrefix(e.Error(), "p.json:0: "))
			}
		}
		if len(msgs) != len(tc.want) {
			t.Errorf("%s: errors %q, want %q", tc.json, msgs, tc.want)
			continue
		}
		for i, w := range tc.want {
			if !strings.Contains(msgs[i], w) {
				t.Errorf("%s: error %d %q, want it to contain %q", tc.json, i, msgs[i], w)
			}
		}
	}
}
