package explain

import "testing"

func TestAppendWords(t *testing.T) {
	words := []string{"readmission", "special-refused", "ungrouped"}
	for _, tc := range []struct {
		bits uint
		want string
	}{{0, ""}, {1, "readmission"}, {5, "readmission|ungrouped"}, {7, "readmission|special-refused|ungrouped"}, {2, "special-refused"}} {
		if got := string(AppendWords(nil, tc.bits, words)); got != tc.want {
			t.Errorf("bits %b: %q, want %q", tc.bits, got, tc.want)
		}
	}
}

// TestOutcome: class in bits 0–3, flags 4–11, rules from 12, by hand:
// 3 | 0x81<<4 | 0x1f<<12 = 0x3 + 0x810 + 0x1f000 = 0x1f813.
func TestOutcome(t *testing.T) {
	o := Outcome(3, 0x81, 0x1f)
	if o != 0x1f813 || OutcomeClass(o) != 3 || OutcomeFlags(o) != 0x81 || OutcomeRules(o) != 0x1f {
		t.Errorf("Outcome(3, 0x81, 0x1f) = %#x: class %d flags %#x rules %#x", o, OutcomeClass(o), OutcomeFlags(o), OutcomeRules(o))
	}
	if w := WithRules(o, 0x120); w != 0x13f813 || OutcomeRules(w) != 0x13f {
		t.Errorf("WithRules = %#x", w)
	}
}
