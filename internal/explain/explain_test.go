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
