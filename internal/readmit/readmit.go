package readmit

import (
	"math"

	"github.com/dipdrg/dipdrg/internal/radix"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Stay is what linking needs of one case. Cases are given in case-id order:
// the slice index is the final tie-break.
type Stay struct {
	Patient          int32 // interned patient id; < 0: no patient id, never links
	Hospital         int32
	Group            int32 // resolved group index; < 0 (ungrouped, bed-day) never links
	Admit, Discharge pointvalue.Date
	Exempt           bool // an approved special-review stay: never reduced (it can still be the later stay that reduces another)
}

// links reports whether s can take part in linking at all.
func (s *Stay) links() bool { return s.Patient >= 0 && s.Group >= 0 }

// Mark sets reduced[i] = true for every earlier stay i that is to be reduced
// (DRG-7 / DIP-7, section 13 A25): same non-empty patient, same hospital, same
// group, a later stay j that sorts after i in the order (discharge, admit,
// index) with 0 ≤ j.Admit − i.Discharge ≤ days. Each earlier stay is reduced
// once. Entries of reduced that are not set are left as they were.
// len(reduced) should equal len(stays); only the first min of the two are
// considered. days < 0 means the rule is off (nothing marked).
func Mark(stays []Stay, days int, reduced []bool) {
	mark(stays, days, min(len(stays), len(reduced)), func(i, _ int32) { reduced[i] = true })
}

// MarkBy is Mark that says which later stay reduced each earlier one: by[i] =
// j for every earlier stay i to be reduced, j the first later stay in the
// order (discharge, admit, index) that links to it (the readmission that made
// it one); entries of by for stays not reduced are left as they were (set
// them to −1 first). Only the first min(len(stays), len(by)) are considered.
func MarkBy(stays []Stay, days int, by []int32) {
	mark(stays, days, min(len(stays), len(by)), func(i, j int32) { by[i] = j })
}

// mark calls set(i, j) once for every earlier stay i among the first n that
// is to be reduced, j the later stay that reduces it.
func mark(stays []Stay, days, n int, set func(i, j int32)) {
	if days < 0 {
		return
	}
	n = min(n, math.MaxInt32)
	// Order the linking stays by (patient, hospital, group, discharge, admit,
	// index) with three stable radix sorts, least significant key first: the
	// dates, then the group, then patient and hospital (input order is index
	// order, and stable passes keep it among equals). Dates are biased so that
	// they order as unsigned numbers.
	items := make([]radix.Item, 0, n)
	for i := 0; i < n; i++ {
		if s := &stays[i]; s.links() {
			items = append(items, radix.Item{Key: uint64(uint32(s.Discharge)^1<<31)<<32 | uint64(uint32(s.Admit)^1<<31), Row: uint32(i)})
		}
	}
	spare := make([]radix.Item, len(items))
	sort := func() {
		sorted := radix.Sort(items, spare)
		if &sorted[0] != &items[0] {
			items, spare = sorted, items
		}
	}
	if len(items) > 1 {
		sort()
		for k := range items {
			items[k].Key = uint64(uint32(stays[items[k].Row].Group))
		}
		sort()
		for k := range items {
			s := &stays[items[k].Row]
			items[k].Key = uint64(uint32(s.Patient))<<32 | uint64(uint32(s.Hospital))
		}
		sort()
	}
	idx := make([]int32, len(items))
	for p, it := range items {
		idx[p] = int32(it.Row)
	}
	// next[p] leads to the first sorted position ≥ p still open to reduction
	// (not exempt, not yet reduced); find follows it with path halving, so
	// marking every linked range costs O(n α(n)) in all.
	m := len(idx)
	next := make([]int32, m+1)
	for p := 0; p <= m; p++ {
		next[p] = int32(p)
		if p < m && stays[idx[p]].Exempt {
			next[p] = int32(p + 1)
		}
	}
	find := func(p int32) int32 {
		for next[p] != p {
			next[p] = next[next[p]]
			p = next[p]
		}
		return p
	}
	w := int64(days)
	for a := 0; a < m; {
		k := &stays[idx[a]]
		b := a + 1
		for b < m {
			s := &stays[idx[b]]
			if s.Patient != k.Patient || s.Hospital != k.Hospital || s.Group != k.Group {
				break
			}
			b++
		}
		// Run [a, b) is one (patient, hospital, group), sorted by discharge.
		for q := a + 1; q < b; q++ {
			j := &stays[idx[q]]
			from, to := int64(j.Admit)-w, int64(j.Admit)
			// Earlier positions [a, q) with from ≤ discharge ≤ to.
			lo := a + sortSearch(q-a, func(p int) bool { return int64(stays[idx[a+p]].Discharge) >= from })
			hi := a + sortSearch(q-a, func(p int) bool { return int64(stays[idx[a+p]].Discharge) > to })
			for p := find(int32(lo)); int(p) < hi; p = find(p + 1) {
				set(idx[p], idx[q]) // q is the first later stay to reach p: earlier ones reduced what they reached
				next[p] = p + 1
			}
		}
		a = b
	}
}

// sortSearch is sort.Search without the import: the smallest i in [0, n) with f(i), or n.
func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if !f(h) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}
