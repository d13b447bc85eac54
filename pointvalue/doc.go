// Package pointvalue is the exact arithmetic of settlement under a global budget
// (总额预算): money, points, coefficients and point values (点值), the formulas
// that turn a pool and its points into a point value (PV-1 … PV-5), the
// largest-remainder split (NUM-7) and the mergeable per-hospital totals (PV-7).
// Every other package of dipdrg does its money and points arithmetic here.
//
// # Representation
//
// Every value is a fixed-point integer; there is no float64 in any money or points
// path, and shopspring/decimal appears only at the API boundary (the FromDecimal
// and Decimal conversions) and in tests as the slow reference.
//
//   - Money is an int64 count of fen (分, 0.01 yuan): exactly what NUM-1 allows,
//     up to ±92,233,720,368,547,758.07 yuan.
//   - Points (DRG 点数, DIP 分值), Factor (coefficients, ratios, weights) and
//     PointValue (yuan per point) are int64 counts of 10⁻⁸. Eight decimals is the
//     finest any of them may be given with (NUM-3) or rounded to (a PointScale of
//     8 in some regions), so one unit serves every policy: a value carries its own
//     meaning and a policy's scale (PointScale, default 4; PointValueScale, default
//     6) is only where results are rounded. Points then reach ±92,233,720,368
//     points, ample for one region's year.
//   - Date is an int32 count of days since 1970-01-01.
//   - int128 is the exact intermediate for products and ratios: a point count times
//     a point value (up to 2¹²⁶) or money times a factor fits without loss.
//
// The zero value of every type is useful: Money(0) is 0.00 yuan, Points(0) no
// points, Rounding(0) half-up, Formula(0) with-patient-share, an empty
// Accumulator is ready to add to.
//
// # Precision and rounding
//
// Parsing never rounds: an input with more decimals than its type allows is
// ErrPrecision, a value beyond int64 ErrRange, anything but a plain decimal
// ("-12.50", "3", ".5"; no exponent, space or thousands separator) ErrSyntax
// (NUM-1 … NUM-3). Trailing zeros beyond the allowed decimals are exact and accepted.
//
// A formula is computed as one exact fraction and rounded once, at its end
// (NUM-2): Points.Mul, Money.MulFactor, Amount and MulDiv each round a 128-bit
// product once; int128.Quo with a ScaleUnit rounds a 10⁻⁸-unit value straight to
// a policy's scale; the pool-level formulas (Floating, BudgetPointValue,
// PoolNeeded) divide in math/big, once per pool. Rounding is HalfUp (四舍五入,
// half away from zero: −2.5 → −3) unless a policy asks HalfEven; Down truncates
// where a rule floors (largest-remainder shares, a floor the reserve cannot pay).
// Ratios are compared by cross-multiplying, never as rounded decimals (NUM-5).
//
// # Overflow is an error
//
// No operation wraps. int128 carries a sticky overflow mark through Add, Sub and
// Mul, and Quo (hence Amount, Points.Mul, Money.MulFactor, MulDiv) reports it, or
// a result beyond int64, as ErrOverflow; the point-value formulas do the same;
// Accumulator.Err reports a sum beyond int64. The only exception is documented
// where it applies: Points.Round and PointValue.Round, which return no error,
// round toward zero within one unit of the int64 ends, where the half-up multiple
// does not exist. Invalid arguments (a non-positive divisor, mismatched
// lengths, a negative weight, a scale outside 0 … 8) are ErrInvalidArgument;
// nothing panics on input data (the Must functions are for constants; a scale is
// policy, validated before use, and the Round methods index by it).
//
// # Conservation and mergeable totals
//
// Allocate splits an amount by the largest-remainder method (NUM-7 exact-share):
// shares floored to the fen, the left-over fen one each to the largest exact
// remainders, ties to the smaller index. The shares always sum to the total: the
// rounding residual is exactly zero. Under a point-value distribution the residual
// (numerator − Σ gross) is only the rounding of the point value and of each
// hospital's gross, which the package's property tests bound.
//
// An Accumulator keeps plain sums per (pool, hospital) — cases, points, patient
// share, cost — so totals built from shards of the cases merge exactly, in any
// order, to those of the whole batch (PV-7, NUM-8).
//
// # Errors
//
// Errors are the exported sentinels of errors.go (ErrSyntax, ErrPrecision,
// ErrRange, ErrOverflow, ErrZeroPoints, …), tested with errors.Is. Callers that
// read files wrap them in a *RecordError naming source, line, field and value, and
// collect them in an ErrorList (ERR-1).
//
// # Allocation
//
// The per-case operations — parsing, Points.Mul and Round, Amount, Money.MulFactor,
// every int128 operation and Quo, Accumulator.Add once sized — allocate nothing;
// TestCountMallocs proves it. Allocate and the pool-level formulas run once per
// pool and may allocate.
package pointvalue
