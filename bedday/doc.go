// Package bedday scores per bed-day stays (按床日付费, BED-1..3): long
// psychiatric, rehabilitation and hospice stays paid by the day, in the DRG or DIP
// pool (DRG-6, DIP-6) or in a pool of their own.
//
// A bed-day stay (BED-3: a case whose bed-day category is set) is never scored
// by DRG or DIP. Its daily base points are BED-1
//
//	daily = round(daily rate ÷ M × Multiplier)
//
// with Multiplier 100 when the stay is pooled with DRG points or in a separate
// pool and the DIP ScoreScale (e.g. 1000) when pooled with DIP scores, and its
// stay points are BED-2
//
//	stay = round(Σ over segments daily × days in segment × factor)
//
// with the days counted by [Days] and capped by [Params.MaxDays].
//
// Params is the policy's "bedday" section, with its field table (Fields),
// defaults (DefaultParams) and validation (Params.Validate); Env is what the
// points depend on besides it (the pool's multiplier, the policy's point scale
// and rounding).
//
// Precision: rates and M are fen ([pointvalue.Money]); points are
// [pointvalue.Points] (1e-8 units) rounded to Env.PointScale decimals. Every
// formula is evaluated as one exact fraction and rounded once (NUM-2) with
// Env.Rounding (half-up by default). No float64 is used.
//
// Errors: invalid parameters are pointvalue.ErrPolicy, a negative rate, daily
// base or day count pointvalue.ErrNegative, a region average that is not
// positive pointvalue.ErrRange, and a result that does not fit
// pointvalue.ErrOverflow (all matching under errors.Is). The caller wraps them in
// a *pointvalue.RecordError naming the source, line, field and value. Nothing
// panics. [Params.StayPoints] allocates nothing.
package bedday
