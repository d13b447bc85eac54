package extsort

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortMatchesInMemory sorts random records with budgets that force 0, a few
// and many runs and compares with slices.SortFunc.
func TestSortMatchesInMemory(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var recs [][]byte
	for i := 0; i < 20000; i++ {
		r := fmt.Appendf(nil, "C%06d\x00%d", rng.IntN(15000), i%7) // duplicates on purpose
		recs = append(recs, r)
	}
	want := slices.Clone(recs)
	slices.SortFunc(want, bytes.Compare)
	for _, budget := range []int{1 << 30, 64 << 10, 1 << 10, 1} {
		recs, want := recs, want
		if budget == 1 { // one record per run: 2,000 runs, compacted every 64
			recs = recs[:2000]
			want = slices.Clone(recs)
			slices.SortFunc(want, bytes.Compare)
		}
		s := New(t.TempDir(), budget)
		for _, r := range recs {
			if err := s.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		runs := s.Runs()
		var got [][]byte
		if err := s.Sort(func(r []byte) bool { got = append(got, bytes.Clone(r)); return true }); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("budget %d: %d records, want %d", budget, len(got), len(want))
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("budget %d (%d runs): record %d = %q, want %q", budget, runs, i, got[i], want[i])
			}
		}
		if budget == 1<<30 && runs != 0 || budget <= 1<<10 && runs < 1 {
			t.Errorf("budget %d: %d runs", budget, runs)
		}
	}
}

func TestEmptyAndEarlyStop(t *testing.T) {
	s := New("", 0)
	n := 0
	if err := s.Sort(func([]byte) bool { n++; return true }); err != nil || n != 0 {
		t.Fatalf("empty: %d records, %v", n, err)
	}
	s = New(t.TempDir(), 8)
	for _, r := range []string{"c", "a", "b", "d"} {
		_ = s.Add([]byte(r))
	}
	var got []string
	_ = s.Sort(func(r []byte) bool { got = append(got, string(r)); return len(got) < 2 })
	if !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("early stop: %q", got)
	}
	if err := s.Add([]byte("x")); err == nil {
		t.Fatal("Add after Sort: no error")
	}
}
