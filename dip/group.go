package dip

import (
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/param"
)

// maxStackProcs is the number of case procedures grouped without allocating.
const maxStackProcs = 32

// Group is DIP-3: it returns the index of the group a case falls in, or NoGroup
// (无法入组). procedures are the case's ICD-9-CM-3 codes (in any order, repeats
// allowed, surrounding spaces ignored); t is its treatment field.
//
// The order, with section 13's choices (A12, A13, A14, A47):
//  1. the core groups of the case's diagnosis: a group whose procedure set
//     equals the case's; else, among groups whose non-empty set is contained in
//     the case's, the highest score, equal scores to the smaller code. A
//     conservative core group (empty set) takes only a case without procedures.
//  2. the same with the diagnosis cut to its 5-character sub-category
//     ("K35.800x001" → "K35.8"), when it is longer;
//  3. the comprehensive group of (first 3 characters, treatment type). The
//     treatment type is t; with t unset a case without procedures is
//     conservative and a case with procedures is ungrouped. There is no
//     fall-back to another treatment type.
//
// Codes are compared byte for byte. Group does not allocate for a case of up to
// 32 procedures.
func (c *Catalog) Group(diagnosis string, procedures []string, t Treatment) int32 {
	var buf [maxStackProcs]int32
	ids, unknown, n := buf[:0], 0, 0
	for _, p := range procedures {
		ids, unknown, n = c.addProc(ids, unknown, n, p)
	}
	return c.group(diagnosis, ids, unknown, n, t)
}

// GroupJoined is Group with the procedures as cases.csv holds them, joined by
// "|" (empty codes, as in a trailing "|", are ignored).
func (c *Catalog) GroupJoined(diagnosis, procedures string, t Treatment) int32 {
	var buf [maxStackProcs]int32
	ids, unknown, n := buf[:0], 0, 0
	for s := procedures; ; {
		i := strings.IndexByte(s, '|')
		if i < 0 {
			ids, unknown, n = c.addProc(ids, unknown, n, s)
			break
		}
		ids, unknown, n = c.addProc(ids, unknown, n, s[:i])
		s = s[i+1:]
	}
	return c.group(diagnosis, ids, unknown, n, t)
}

// Resolve gives a case its group as the case reader needs it: a given code is
// looked up (UnknownGroup when the catalog lacks it; ERR-3: not an error), an
// empty one is grouped by GroupJoined. given says whether the code came with
// the case (set CaseGiven on the Case then).
func (c *Catalog) Resolve(code, diagnosis, procedures string, t Treatment) (group int32, given bool) {
	if code = strings.TrimSpace(code); code != "" {
		if g, ok := c.Lookup(code); ok {
			return g, true
		}
		return UnknownGroup, true
	}
	return c.GroupJoined(diagnosis, procedures, t), false
}

// addProc interns one case procedure code: a known code joins ids, an unknown
// one is only counted (it can never be in a group's set, but it keeps the
// case's set from equalling one). n counts the non-empty codes.
func (c *Catalog) addProc(ids []int32, unknown, n int, p string) ([]int32, int, int) {
	var buf [32]byte
	key := param.AppendNormalizedCode(buf[:0], p) // ERR-6
	if len(key) == 0 {
		return ids, unknown, n
	}
	n++
	if id, ok := c.procID[string(key)]; ok {
		ids = append(ids, id)
	} else {
		unknown++
	}
	return ids, unknown, n
}

func (c *Catalog) group(diagnosis string, ids []int32, unknown, n int, t Treatment) int32 {
	// Sorting a handful of ids by insertion keeps the common case allocation-free.
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	ids = slices.Compact(ids)
	var buf [32]byte
	d := param.AppendNormalizedCode(buf[:0], diagnosis) // ERR-6
	if g := c.core(d, ids, unknown, n); g != NoGroup {
		return g
	}
	if len(d) > 5 { // A12
		if g := c.core(d[:5], ids, unknown, n); g != NoGroup {
			return g
		}
	}
	// A14: the treatment type of the comprehensive key.
	if t == TreatmentUnset {
		if n > 0 {
			return NoGroup
		}
		t = Conservative
	}
	if len(d) < 3 {
		return NoGroup
	}
	if g, ok := c.comp[compKey{string(d[:3]), t}]; ok {
		return g
	}
	return NoGroup
}

// core matches the core groups of one diagnosis (DIP-3 steps 1 and 2).
func (c *Catalog) core(diagnosis []byte, ids []int32, unknown, n int) int32 {
	di, ok := c.diag[string(diagnosis)]
	if !ok {
		return NoGroup
	}
	d := &c.diags[di]
	if n == 0 {
		return d.conservative // A47: only a case without procedures
	}
	if unknown == 0 {
		for _, cand := range d.cands {
			if slices.Equal(cand.procs, ids) {
				return cand.group
			}
		}
	}
	for _, cand := range d.cands { // best first (A13)
		if contains(ids, cand.procs) {
			return cand.group
		}
	}
	return NoGroup
}

// contains reports whether the sorted set sub is a subset of the sorted set set.
func contains(set, sub []int32) bool {
	if len(sub) > len(set) {
		return false
	}
	i := 0
	for _, x := range sub {
		for i < len(set) && set[i] < x {
			i++
		}
		if i == len(set) || set[i] != x {
			return false
		}
		i++
	}
	return true
}
