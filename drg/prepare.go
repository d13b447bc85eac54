package drg

import (
	"github.com/dipdrg/dipdrg/internal/readmit"
	"github.com/dipdrg/dipdrg/internal/special"
	"github.com/dipdrg/dipdrg/param"
)

// Prepare runs the cross-case rules over a batch and sets FlagSpecialRefused and
// FlagReadmitted (clearing any earlier marks, so it may be run again):
//
//  1. DRG-8 special-review cap (特例单议): at most floor(SpecialMaxShare × N)
//     approvals per scope (each hospital, or the region), N the batch's cases of
//     that scope; the earliest (discharge date, case id) are kept, the rest refused (A24).
//  2. DRG-7 readmission (二次入院): an earlier stay of the same patient, hospital
//     and group whose next admission is within ReadmitDays of its discharge is
//     marked for ReadmitFactor (A25); approved special stays are never reduced,
//     ungrouped stays and cases without a patient never link.
//
// cases must be all DRG cases of the region that the caps count — both funds,
// bed-day stays excluded — in case-id order (the order breaks ties). Cases with
// a hospital or group index out of range take part in neither rule (Score
// reports them).
func (s *Scorer) Prepare(cases []Case) {
	for i := range cases {
		cases[i].Flags &^= FlagReadmitted | FlagSpecialRefused
	}
	s.capSpecial(cases)
	if s.p.ReadmitRule == param.ReadmitNone {
		return
	}
	stays := make([]readmit.Stay, len(cases))
	for i := range cases {
		c := &cases[i]
		g := c.Group
		if !s.validHospital(c) || int(g) >= len(s.groups) {
			g = NoGroup
		}
		stays[i] = readmit.Stay{
			Patient: c.Patient, Hospital: c.Hospital, Group: g,
			Admit: c.Admit, Discharge: c.Discharge,
			Exempt: c.Flags&FlagSpecial != 0 && c.Flags&FlagSpecialRefused == 0,
		}
	}
	reduced := make([]bool, len(cases))
	readmit.Mark(stays, s.p.ReadmitDays, reduced)
	for i, r := range reduced {
		if r && !stays[i].Exempt {
			cases[i].Flags |= FlagReadmitted
		}
	}
}

func (s *Scorer) validHospital(c *Case) bool {
	return c.Hospital >= 0 && int(c.Hospital) < len(s.coefs)
}

// capSpecial is DRG-8's cap.
func (s *Scorer) capSpecial(cases []Case) {
	var claims []special.Claim
	var at []int // case index of each claim
	for i := range cases {
		c := &cases[i]
		if c.Flags&FlagSpecial == 0 || !s.validHospital(c) {
			continue
		}
		scope := int32(0)
		if s.p.SpecialScope == param.ScopeHospital {
			scope = c.Hospital
		}
		claims = append(claims, special.Claim{Scope: scope, Discharge: c.Discharge, Index: int32(len(claims))})
		at = append(at, i)
	}
	if len(claims) == 0 {
		return
	}
	counts := make([]int, 1)
	if s.p.SpecialScope == param.ScopeHospital {
		counts = make([]int, len(s.coefs))
	}
	for i := range cases {
		c := &cases[i]
		if !s.validHospital(c) {
			continue
		}
		if s.p.SpecialScope == param.ScopeHospital {
			counts[c.Hospital]++
		} else {
			counts[0]++
		}
	}
	for _, j := range special.Refused(claims, counts, s.p.SpecialMaxShare) {
		if j >= 0 && int(j) < len(at) {
			cases[at[j]].Flags |= FlagSpecialRefused
		}
	}
}
