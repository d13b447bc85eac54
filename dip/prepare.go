package dip

import (
	"fmt"
	"github.com/dipdrg/dipdrg/param"
	"math"

	"github.com/dipdrg/dipdrg/internal/readmit"
	"github.com/dipdrg/dipdrg/internal/special"
	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// Prepare applies the cross-case rules to a year's DIP cases, before Score:
// first the DIP-8 cap (approvals beyond floor(SpecialMaxShare × N) in the
// scope, latest discharges first and then the larger case id, get
// FlagSpecialRefused; A24), then DIP-7 (the earlier stay of each readmission
// gets FlagReadmitted; an approved special stay is never reduced, ungrouped
// stays and stays without a patient never link; A25).
//
// cases must be every DIP case of the year, of both funds, bed-day stays left
// out (A23), in case-id order: the slice index stands for the case id in the
// tie-breaks. Prepare first clears FlagReadmitted and FlagSpecialRefused, so
// it may be run again. It returns an error (and changes nothing) when a case
// names a hospital outside the Scorer's.
func (s *Scorer) Prepare(cases []Case) error {
	if len(cases) > math.MaxInt32 {
		return fmt.Errorf("dip: %w: too many cases", pv.ErrInvalidArgument)
	}
	for i := range cases {
		if h := cases[i].Hospital; h < 0 || int(h) >= len(s.hosp) {
			return fmt.Errorf("dip: case %d: %w", i, errHospital)
		}
	}
	for i := range cases {
		cases[i].Flags &^= FlagReadmitted | FlagSpecialRefused
	}

	// DIP-8 cap.
	var claims []special.Claim
	for i := range cases {
		c := &cases[i]
		if c.Flags&FlagSpecial == 0 {
			continue
		}
		scope := int32(0)
		if s.p.SpecialScope == param.ScopeHospital {
			scope = c.Hospital
		}
		claims = append(claims, special.Claim{Scope: scope, Discharge: c.Discharge, Index: int32(i)})
	}
	if len(claims) > 0 {
		var counts []int
		if s.p.SpecialScope == param.ScopeHospital {
			counts = make([]int, len(s.hosp))
			for i := range cases {
				counts[cases[i].Hospital]++
			}
		} else {
			counts = []int{len(cases)}
		}
		for _, i := range special.Refused(claims, counts, s.p.SpecialMaxShare) {
			cases[i].Flags |= FlagSpecialRefused
		}
	}

	// DIP-7 readmission.
	if s.p.ReadmitRule == param.ReadmitNone {
		return nil
	}
	stays := make([]readmit.Stay, len(cases))
	for i := range cases {
		c := &cases[i]
		stays[i] = readmit.Stay{
			Patient:   c.Patient,
			Hospital:  c.Hospital,
			Group:     c.Group, // NoGroup and UnknownGroup are < 0: never linked
			Admit:     c.Admit,
			Discharge: c.Discharge,
			Exempt:    c.Flags&FlagSpecial != 0 && c.Flags&FlagSpecialRefused == 0,
		}
	}
	reduced := make([]bool, len(cases))
	readmit.Mark(stays, s.p.ReadmitDays, reduced)
	for i, r := range reduced {
		if r {
			cases[i].Flags |= FlagReadmitted
		}
	}
	return nil
}
