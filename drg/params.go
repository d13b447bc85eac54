package drg

import (
	"fmt"

	"github.com/dipdrg/dipdrg/internal/readmit"
	"github.com/dipdrg/dipdrg/internal/special"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// ReadmitRule says what DRG-7 does with an earlier stay of a readmission; the
// same type serves DIP-7 and the policy.
type ReadmitRule = readmit.Rule

const (
	// ReadmitHalveEarlier multiplies the earlier stay's points by ReadmitFactor (default).
	ReadmitHalveEarlier = readmit.HalveEarlier
	// ReadmitNone disables DRG-7.
	ReadmitNone = readmit.Off
)

// SpecialScope is the population the DRG-8 special-review cap counts.
type SpecialScope = special.Scope

const (
	// ScopeHospital caps approvals per hospital (DRG default).
	ScopeHospital = special.Hospital
	// ScopeRegion caps approvals over the whole region.
	ScopeRegion = special.Region
)

// Threshold is one high-multiplier (高倍率) band of DRG-5: cases whose base points
// are at most UpTo (inclusive; 0 = no bound, the last band) are high when their
// ratio is strictly above T.
type Threshold struct {
	UpTo pointvalue.Points
	T    pointvalue.Factor
}

// Params is the DRG part of a policy. DefaultParams gives SETTLEMENT.md's defaults.
type Params struct {
	PointScale      int                 // NUM-2: decimals of case points (default 4)
	Rounding        pointvalue.Rounding // NUM-5 (default half-up)
	HighThresholds  []Threshold         // DRG-5: ≤100 → 3, ≤300 → 2, above → 1.5
	LowRatio        pointvalue.Factor   // DRG-5 低倍率: ratio < LowRatio (default 0.4)
	RegionAvgCost   pointvalue.Money    // M, the fund's region_avg_cost; 0 = not given
	ReadmitRule     ReadmitRule         // DRG-7 (default halve-earlier)
	ReadmitDays     int                 // DRG-7 window in days (default 15)
	ReadmitFactor   pointvalue.Factor   // DRG-7 factor on the earlier stay (default 0.5)
	SpecialMaxShare pointvalue.Factor   // DRG-8 cap (default 0.05)
	SpecialScope    SpecialScope        // DRG-8 scope (default hospital)
}

// DefaultParams returns the defaults of SETTLEMENT.md sections 1 and 5.
// RegionAvgCost has no default: set it when the table has no avg_cost or when
// cases may be ungrouped or in unstable groups.
func DefaultParams() Params {
	return Params{
		PointScale: 4,
		Rounding:   pointvalue.HalfUp,
		HighThresholds: []Threshold{
			{UpTo: pointvalue.PointsFromInt(100), T: pointvalue.MustFactor("3")},
			{UpTo: pointvalue.PointsFromInt(300), T: pointvalue.MustFactor("2")},
			{UpTo: 0, T: pointvalue.MustFactor("1.5")},
		},
		LowRatio:        pointvalue.MustFactor("0.4"),
		ReadmitRule:     ReadmitHalveEarlier,
		ReadmitDays:     15,
		ReadmitFactor:   pointvalue.MustFactor("0.5"),
		SpecialMaxShare: pointvalue.MustFactor("0.05"),
		SpecialScope:    ScopeHospital,
	}
}

func policyErr(format string, args ...any) error {
	return fmt.Errorf("drg: %w: "+format, append([]any{pointvalue.ErrPolicy}, args...)...)
}

// Validate checks the parameters; the error wraps pointvalue.ErrPolicy.
func (p *Params) Validate() error {
	if p.PointScale < 0 || p.PointScale > pointvalue.MaxScale {
		return policyErr("point_scale %d not in 0..%d", p.PointScale, pointvalue.MaxScale)
	}
	if p.Rounding > pointvalue.Down {
		return policyErr("unknown rounding %d", p.Rounding)
	}
	n := len(p.HighThresholds)
	if n == 0 {
		return policyErr("high_thresholds is empty")
	}
	for i, t := range p.HighThresholds {
		if t.T <= 0 {
			return policyErr("high_thresholds[%d]: T %s must be > 0", i, t.T)
		}
		last := i == n-1
		switch {
		case last && t.UpTo != 0:
			return policyErr("high_thresholds[%d]: the last band must have no bound", i)
		case !last && t.UpTo <= 0:
			return policyErr("high_thresholds[%d]: bound %s must be > 0 (only the last band is unbounded)", i, t.UpTo)
		case !last && i > 0 && t.UpTo <= p.HighThresholds[i-1].UpTo:
			return policyErr("high_thresholds[%d]: bounds must increase", i)
		}
	}
	if p.LowRatio < 0 {
		return policyErr("low_ratio %s is negative", p.LowRatio)
	}
	if p.RegionAvgCost < 0 {
		return policyErr("region_avg_cost %s is negative", p.RegionAvgCost)
	}
	if p.ReadmitRule > ReadmitNone {
		return policyErr("unknown readmit_rule %d", p.ReadmitRule)
	}
	if p.ReadmitRule != ReadmitNone {
		if p.ReadmitDays < 0 {
			return policyErr("readmit_days %d is negative", p.ReadmitDays)
		}
		if p.ReadmitFactor < 0 {
			return policyErr("readmit_factor %s is negative", p.ReadmitFactor)
		}
	}
	if p.SpecialMaxShare < 0 || p.SpecialMaxShare > pointvalue.One {
		return policyErr("special_max_share %s not in [0, 1]", p.SpecialMaxShare)
	}
	if p.SpecialScope > ScopeRegion {
		return policyErr("unknown special_scope %d", p.SpecialScope)
	}
	return nil
}
