package dip

import (
	"fmt"
	"slices"

	"github.com/dipdrg/dipdrg/internal/readmit"
	"github.com/dipdrg/dipdrg/internal/special"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// HighRule says how DIP-4 treats a high-cost case.
type HighRule uint8

const (
	// HighFormula scores it (ratio − HighRatio + 1) × base (the 2020 national rule, default).
	HighFormula HighRule = iota
	// HighSpecialReview scores it as normal and flags it special-review-candidate
	// (the DIP 3.0 draft, A15).
	HighSpecialReview
)

// String returns the policy.json word: "formula" or "special-review".
func (h HighRule) String() string {
	switch h {
	case HighFormula:
		return "formula"
	case HighSpecialReview:
		return "special-review"
	}
	return "high-rule(?)"
}

// ReadmitRule says what DIP-7 does with an earlier stay of a readmission; the
// same type serves DRG-7 and the policy.
type ReadmitRule = readmit.Rule

const (
	// ReadmitHalveEarlier multiplies the earlier stay's score by ReadmitFactor (default).
	ReadmitHalveEarlier = readmit.HalveEarlier
	// ReadmitNone disables DIP-7.
	ReadmitNone = readmit.Off
)

// SpecialScope is the population the DIP-8 special-review cap counts.
type SpecialScope = special.Scope

const (
	// ScopeHospital caps approvals per hospital.
	ScopeHospital = special.Hospital
	// ScopeRegion caps approvals over the whole region (DIP default, 千分之五).
	ScopeRegion = special.Region
)

// Params is the DIP part of a policy. DefaultParams gives SETTLEMENT.md's defaults.
type Params struct {
	PointScale         int                  // NUM-2: decimals of case scores (default 4)
	Rounding           pv.Rounding          // NUM-5 (default half-up)
	ScoreScale         int64                // DIP-9 (and DIP-2): scores per M (default 1000)
	HighRule           HighRule             // DIP-4 (default formula)
	HighRatio          pv.Factor            // DIP-4 high: ratio > HighRatio (default 2)
	LowRatio           pv.Factor            // DIP-4 low: ratio < LowRatio (default 0.5)
	Inclusive          bool                 // DIP-4: ≥ / ≤ instead of > / < (also for ExtremeRatio)
	ExtremeRatio       pv.Factor            // DIP-4: ratio > ExtremeRatio flags expert-review (default 5; 0 = never)
	PrimaryCoefficient pv.Factor            // DIP-5: coefficient of primary groups (基层病种) at every level (default 1)
	TCMBonus           pv.Factor            // DIP-5: 中医 bonus (default 0)
	TCMShareMin        pv.Factor            // DIP-5: bonus when tcm_share ≥ TCMShareMin (default 0.5)
	Severity           map[string]pv.Factor // DIP-5 auxiliary coefficients (辅助目录) by severity key; missing → 1 (A16)
	RegionAvgCost      pv.Money             // M, the fund's region_avg_cost (DIP-9); 0 = not given
	UngroupedFactor    pv.Factor            // DIP-9 (default 1)
	ReadmitRule        ReadmitRule          // DIP-7 (default halve-earlier)
	ReadmitDays        int                  // DIP-7 window in days (default 15)
	ReadmitFactor      pv.Factor            // DIP-7 factor on the earlier stay (default 0.5)
	SpecialMaxShare    pv.Factor            // DIP-8 cap (default 0.005)
	SpecialScope       SpecialScope         // DIP-8 scope (default region)
}

// DefaultParams returns the defaults of SETTLEMENT.md sections 1 and 4.
// RegionAvgCost has no default: set it when cases may be ungrouped (DIP-9).
func DefaultParams() Params {
	return Params{
		PointScale:         4,
		Rounding:           pv.HalfUp,
		ScoreScale:         1000,
		HighRule:           HighFormula,
		HighRatio:          2 * pv.One,
		LowRatio:           pv.One / 2,
		ExtremeRatio:       5 * pv.One,
		PrimaryCoefficient: pv.One,
		TCMBonus:           0,
		TCMShareMin:        pv.One / 2,
		UngroupedFactor:    pv.One,
		ReadmitRule:        ReadmitHalveEarlier,
		ReadmitDays:        15,
		ReadmitFactor:      pv.One / 2,
		SpecialMaxShare:    pv.MustFactor("0.005"),
		SpecialScope:       ScopeRegion,
	}
}

// maxScoreScale bounds ScoreScale so that ScoreScale points fit the formulas.
const maxScoreScale = 1_000_000_000

func policyErr(format string, args ...any) error {
	return fmt.Errorf("dip: %w: "+format, append([]any{pv.ErrPolicy}, args...)...)
}

// Validate checks the parameters; the error wraps pointvalue.ErrPolicy and names
// the policy.json field.
func (p *Params) Validate() error {
	if p.PointScale < 0 || p.PointScale > pv.MaxScale {
		return policyErr("point_scale %d not in 0..%d", p.PointScale, pv.MaxScale)
	}
	if p.Rounding > pv.Down {
		return policyErr("unknown rounding %d", p.Rounding)
	}
	if p.ScoreScale <= 0 || p.ScoreScale > maxScoreScale {
		return policyErr("dip.score_scale %d not in 1..%d", p.ScoreScale, maxScoreScale)
	}
	if p.HighRule > HighSpecialReview {
		return policyErr("unknown dip.high_rule %d", p.HighRule)
	}
	if p.HighRatio <= 0 {
		return policyErr("dip.high_ratio %s must be > 0", p.HighRatio)
	}
	if p.LowRatio < 0 || p.LowRatio > p.HighRatio {
		return policyErr("dip.low_ratio %s not in [0, high_ratio %s]", p.LowRatio, p.HighRatio)
	}
	if p.ExtremeRatio < 0 {
		return policyErr("dip.extreme_ratio %s is negative", p.ExtremeRatio)
	}
	for _, f := range []struct {
		name string
		v    pv.Factor
	}{
		{"dip.primary_coefficient", p.PrimaryCoefficient},
		{"dip.tcm_bonus", p.TCMBonus},
		{"dip.ungrouped_factor", p.UngroupedFactor},
		{"dip.readmit_factor", p.ReadmitFactor},
	} {
		if f.v < 0 {
			return policyErr("%s %s is negative", f.name, f.v)
		}
	}
	if p.TCMShareMin < 0 || p.TCMShareMin > pv.One {
		return policyErr("dip.tcm_share_min %s not in [0, 1]", p.TCMShareMin)
	}
	keys := make([]string, 0, len(p.Severity))
	for k := range p.Severity {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if p.Severity[k] < 0 {
			return policyErr("dip.severity_coefficients.%s %s is negative", k, p.Severity[k])
		}
	}
	if p.RegionAvgCost < 0 {
		return policyErr("region_avg_cost %s is negative", p.RegionAvgCost)
	}
	if p.ReadmitRule > ReadmitNone {
		return policyErr("unknown dip.readmit_rule %d", p.ReadmitRule)
	}
	if p.ReadmitRule != ReadmitNone && p.ReadmitDays < 0 {
		return policyErr("dip.readmit_days %d is negative", p.ReadmitDays)
	}
	if p.SpecialMaxShare < 0 || p.SpecialMaxShare > pv.One {
		return policyErr("dip.special_max_share %s not in [0, 1]", p.SpecialMaxShare)
	}
	if p.SpecialScope > ScopeRegion {
		return policyErr("unknown dip.special_scope %d", p.SpecialScope)
	}
	return nil
}
