package budget

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestPatientNumbers: rows share a number exactly when their patient ids are
// equal, rows without an id get 0, and multi lists exactly the rows whose
// patient has another row — for ids sharing long prefixes, ids of every length
// up to and past the 16 packed bytes, and empty ids.
func TestPatientNumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, prefix := range []string{"", "P0000000", "HOSPITAL-0001-PATIENT-", "患者"} {
		b := &Batch{}
		var ids []string
		for i := range 3000 {
			var id string
			switch rng.IntN(10) {
			case 0:
				id = ""
			case 1:
				id = fmt.Sprintf("%s%x", prefix, rng.IntN(1<<rng.IntN(40)))
			default:
				id = fmt.Sprintf("%s%d", prefix, rng.IntN(2000))
			}
			ids = append(ids, id)
			b.Append(&Case{ID: fmt.Sprintf("C%d", i), PatientID: id})
		}
		num, multi := b.patientNumbers()
		byID := map[string]uint32{}
		count := map[string]int{}
		for i, id := range ids {
			count[id]++
			if id == "" {
				if num[i] != 0 {
					t.Fatalf("prefix %q: row %d without an id numbered %d", prefix, i, num[i])
				}
				continue
			}
			if num[i] == 0 {
				t.Fatalf("prefix %q: row %d (%q) not numbered", prefix, i, id)
			}
			if n, ok := byID[id]; ok && n != num[i] {
				t.Fatalf("prefix %q: id %q numbered %d and %d", prefix, id, n, num[i])
			}
			byID[id] = num[i]
		}
		seen := map[uint32]string{}
		for id, n := range byID {
			if other, ok := seen[n]; ok {
				t.Fatalf("prefix %q: ids %q and %q share number %d", prefix, id, other, n)
			}
			seen[n] = id
		}
		want := 0
		for i, id := range ids {
			if id != "" && count[id] > 1 {
				want++
				_ = i
			}
		}
		if len(multi) != want {
			t.Fatalf("prefix %q: %d rows in multi, want %d", prefix, len(multi), want)
		}
		for _, i := range multi {
			if ids[i] == "" || count[ids[i]] < 2 {
				t.Fatalf("prefix %q: row %d (%q) in multi", prefix, i, ids[i])
			}
		}
	}
}
