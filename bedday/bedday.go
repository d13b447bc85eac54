package bedday

import (
	"fmt"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Env is what a bed-day stay's points depend on besides Params: the multiplier
// of the pool the stay joins (BED-1: 100 with DRG points or in a separate pool,
// the DIP ScoreScale with DIP scores), the policy's PointScale (0..8) and its
// Rounding.
type Env struct {
	Multiplier int64
	PointScale int
	Rounding   pointvalue.Rounding
}

func (e *Env) valid() bool {
	return e.Multiplier > 0 && e.PointScale >= 0 && e.PointScale <= pointvalue.MaxScale && e.Rounding <= pointvalue.Down
}

var errEnv = fmt.Errorf("%w: bed-day multiplier must be > 0, point scale 0..8, rounding known", pointvalue.ErrPolicy)

// Days is BED-2's day count: discharge − admission, at least 1
// (a same-day discharge, or dates in the wrong order, count 1 day).
func Days(admit, discharge pointvalue.Date) int {
	d := int(discharge) - int(admit)
	if d < 1 {
		return 1
	}
	return d
}

// DailyBase is BED-1: round(rate ÷ M × Multiplier) at PointScale, exact
// (rate and M in fen, M > 0).
func DailyBase(rate, regionAvg pointvalue.Money, e Env) (pointvalue.Points, error) {
	if !e.valid() {
		return 0, errEnv
	}
	if rate < 0 {
		return 0, pointvalue.ErrNegative
	}
	if regionAvg <= 0 {
		return 0, fmt.Errorf("%w: region average cost %s must be > 0", pointvalue.ErrRange, regionAvg)
	}
	// rate × Multiplier × 1e8 (points are held in 1e-8) ÷ M, rounded once to PointScale.
	v, err := pointvalue.ExactFrac(int64(rate), int64(regionAvg)).Mul(e.Multiplier).Mul(pointvalue.FactorUnit).
		Round(pointvalue.ScaleUnit(e.PointScale), e.Rounding)
	return pointvalue.Points(v), err
}

// StayPoints is BED-2: Σ over segments daily × days in segment × factor, the
// days capped by MaxDays, rounded once at PointScale. It allocates nothing.
// Segments that do not validate give pointvalue.ErrPolicy; a negative daily base
// or day count pointvalue.ErrNegative; a result beyond int64 pointvalue.ErrOverflow.
func (p *Params) StayPoints(daily pointvalue.Points, days int, e Env) (pointvalue.Points, error) {
	if !e.valid() || (p.HasMaxDays && p.MaxDays < 1) {
		return 0, errEnv
	}
	if p.HasMaxDays && days > p.MaxDays {
		days = p.MaxDays
	}
	// sum is in 1e-16 units (points 1e-8 × factor 1e-8).
	var sum pointvalue.Exact
	if len(p.Segments) == 0 {
		sum = pointvalue.ExactInt(int64(daily)).Mul(int64(pointvalue.One)).Mul(int64(days))
	} else {
		prev := 0
		for i, s := range p.Segments {
			last := i == len(p.Segments)-1
			if s.Factor < 0 || s.Unbounded != last || (!last && s.UpTo <= prev) {
				return 0, pointvalue.ErrPolicy
			}
			end := days
			if !last && s.UpTo < end {
				end = s.UpTo
			}
			if n := end - prev; n > 0 {
				sum = sum.Add(pointvalue.ExactInt(int64(daily)).Mul(int64(s.Factor)).Mul(int64(n)))
			}
			if !last {
				prev = s.UpTo
			}
		}
	}
	// Checked after the segments, so a bad rule is reported as such whatever the case.
	if daily < 0 || days < 0 {
		return 0, pointvalue.ErrNegative
	}
	v, err := sum.Quo(pointvalue.FactorUnit).Round(pointvalue.ScaleUnit(e.PointScale), e.Rounding)
	return pointvalue.Points(v), err
}
