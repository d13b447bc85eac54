package bedday

import (
	"fmt"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// DefaultPointScale is the spec's default PointScale (NUM-2), for callers building a Rule.
const DefaultPointScale = 4

// Segment is one band of a stay's days: days up to UpTo (inclusive) are paid
// at Factor; UpTo 0 marks the open-ended last segment (BED-2).
type Segment struct {
	UpTo   int
	Factor pointvalue.Factor
}

// Rule is the bed-day rule (床日付费标准) of one pool.
type Rule struct {
	Segments   []Segment           // empty: one open segment × 1
	MaxDays    int                 // days paid at most; 0 = no cap
	Multiplier int64               // 100 when pooled with DRG points, ScoreScale (e.g. 1000) with DIP scores (BED-1)
	PointScale int                 // decimals points are rounded to (the policy's PointScale, 0..8; NUM-2)
	Rounding   pointvalue.Rounding // half-up (zero value), half-even or down
}

// scale returns the point scale (0 is whole points, as a policy may ask).
func (r *Rule) scale() int { return r.PointScale }

// Validate checks segments are increasing with the last open, factors ≥ 0,
// MaxDays ≥ 0, multiplier > 0 and scale 0..8. Its errors wrap pointvalue.ErrPolicy.
func (r *Rule) Validate() error {
	if r.Multiplier <= 0 {
		return fmt.Errorf("%w: bed-day multiplier %d must be > 0", pointvalue.ErrPolicy, r.Multiplier)
	}
	if r.PointScale < 0 || r.PointScale > pointvalue.MaxScale {
		return fmt.Errorf("%w: point scale %d outside 0..%d", pointvalue.ErrPolicy, r.PointScale, pointvalue.MaxScale)
	}
	if r.MaxDays < 0 {
		return fmt.Errorf("%w: bed-day max_days %d must be ≥ 0", pointvalue.ErrPolicy, r.MaxDays)
	}
	if r.Rounding > pointvalue.Down {
		return fmt.Errorf("%w: unknown rounding %d", pointvalue.ErrPolicy, r.Rounding)
	}
	prev := 0
	for i, s := range r.Segments {
		last := i == len(r.Segments)-1
		switch {
		case s.Factor < 0:
			return fmt.Errorf("%w: bed-day segment %d: factor %s must be ≥ 0", pointvalue.ErrPolicy, i+1, s.Factor)
		case s.UpTo == 0 && !last:
			return fmt.Errorf("%w: bed-day segment %d: only the last segment may be open", pointvalue.ErrPolicy, i+1)
		case s.UpTo != 0 && last:
			return fmt.Errorf("%w: bed-day segment %d: the last segment must be open (upto null)", pointvalue.ErrPolicy, i+1)
		case s.UpTo != 0 && s.UpTo <= prev:
			return fmt.Errorf("%w: bed-day segment %d: upto %d not above %d", pointvalue.ErrPolicy, i+1, s.UpTo, prev)
		}
		prev = s.UpTo
	}
	return nil
}

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
func (r *Rule) DailyBase(rate, regionAvg pointvalue.Money) (pointvalue.Points, error) {
	if r.Multiplier <= 0 || r.PointScale < 0 || r.PointScale > pointvalue.MaxScale || r.Rounding > pointvalue.Down {
		return 0, pointvalue.ErrPolicy
	}
	if rate < 0 {
		return 0, pointvalue.ErrNegative
	}
	if regionAvg <= 0 {
		return 0, fmt.Errorf("%w: region average cost %s must be > 0", pointvalue.ErrRange, regionAvg)
	}
	// rate × Multiplier × 1e8 (points are held in 1e-8) ÷ M, rounded once to PointScale.
	v, err := pointvalue.Mul64(int64(rate), r.Multiplier).Mul(pointvalue.FactorUnit).
		Quo(int64(regionAvg), pointvalue.ScaleUnit(r.scale()), r.Rounding)
	return pointvalue.Points(v), err
}

// StayPoints is BED-2: Σ over segments daily × days in segment × factor, the
// days capped by MaxDays, rounded ONCE at PointScale. It allocates nothing.
// A rule that fails Validate gives pointvalue.ErrPolicy; a negative daily base
// or day count pointvalue.ErrNegative; a result beyond int64 pointvalue.ErrOverflow.
func (r *Rule) StayPoints(daily pointvalue.Points, days int) (pointvalue.Points, error) {
	if r.Multiplier <= 0 || r.PointScale < 0 || r.PointScale > pointvalue.MaxScale ||
		r.MaxDays < 0 || r.Rounding > pointvalue.Down {
		return 0, pointvalue.ErrPolicy
	}
	if r.MaxDays > 0 && days > r.MaxDays {
		days = r.MaxDays
	}
	// sum is in 1e-16 units (points 1e-8 × factor 1e-8).
	var sum pointvalue.Int128
	if len(r.Segments) == 0 {
		sum = pointvalue.Mul64(int64(daily), int64(pointvalue.One)).Mul(int64(days))
	} else {
		prev := 0
		for i, s := range r.Segments {
			last := i == len(r.Segments)-1
			if s.Factor < 0 || (s.UpTo == 0) != last || (!last && s.UpTo <= prev) {
				return 0, pointvalue.ErrPolicy
			}
			end := days
			if !last && s.UpTo < end {
				end = s.UpTo
			}
			if n := end - prev; n > 0 {
				sum = sum.Add(pointvalue.Mul64(int64(daily), int64(s.Factor)).Mul(int64(n)))
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
	v, err := sum.Quo(pointvalue.FactorUnit, pointvalue.ScaleUnit(r.scale()), r.Rounding)
	return pointvalue.Points(v), err
}
