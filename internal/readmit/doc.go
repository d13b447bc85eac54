// Package readmit links readmissions (二次入院, DRG-7 / DIP-7), the rule that
// the drg and dip scorers share.
//
// An earlier stay i is reduced (its points × ReadmitFactor, applied by the
// scorer to the exact points before the case's one rounding, section 13 A48)
// when a later stay j of the same non-empty patient id, at the same hospital,
// in the same resolved group, has
//
//	0 ≤ j.admission − i.discharge ≤ ReadmitDays
//
// and j sorts after i in the order (discharge date, admission date, case id)
// (section 13: a stay can only be the later stay of one that sorts before it).
// Ungrouped and bed-day stays (group < 0) and stays without a patient id never
// link; an approved special-review stay is never reduced but can still reduce
// another; each earlier stay is reduced once, however many later stays link
// to it (A25). ReadmitRule = none is a window < 0: nothing links.
//
// [Mark] computes the reduced stays over all stays in memory (sort, then one
// pass; O(n log n), deterministic whatever the input order).
//
// The package does no arithmetic on points or money, returns no errors and
// never panics.
package readmit
