// Package bedday scores per bed-day stays (按床日付费, BED-1..3), the rules
// that the drg and dip scorers share.
//
// A bed-day stay (BED-3: a case whose bed-day category is set) is never scored
// by DRG or DIP. Its daily base points are BED-1
//
//	daily = round(daily rate ÷ M × Multiplier)
//
// with Multiplier 100 when the stay is pooled with DRG points and the DIP
// ScoreScale (e.g. 1000) when pooled with DIP scores, and its stay points are
// BED-2
//
//	stay = round(Σ over segments daily × days in segment × factor)
//
// with the days counted by [Days] and capped by [Rule.MaxDays].
//
// Precision: rates and M are fen ([pointvalue.Money]); points are
// [pointvalue.Points] (1e-8 units) rounded to [Rule.PointScale] decimals
// (default 4). Every formula is evaluated as one exact fraction in 128-bit
// arithmetic and rounded once (NUM-2) with [Rule.Rounding] (half-up by default).
// No float64 is used.
//
// Errors: a bad rule is pointvalue.ErrPolicy, a negative rate, daily base or
// day count pointvalue.ErrNegative, a region average that is not positive
// pointvalue.ErrRange, and a result that does not fit pointvalue.ErrOverflow
// (all wrapped or returned as is, so errors.Is works). The caller wraps them in
// a *pointvalue.RecordError naming the source, line, field and value.
// Nothing panics. [Rule.StayPoints] allocates nothing.
package bedday
