// Package calib holds the exact statistics the history builders share (标定,
// calibration from history): drg.BuildWeights and drg.HospitalCoefficients
// (DRG-2, DRG-4) and dip.BuildCatalog (DIP-2), per docs/rules.md section 13
// "Builders".
//
//   - Window checks PV-3-style year weights (oldest first, 1 to 100 of them,
//     none negative, one positive) and places each case in the window of
//     consecutive years that ends with the latest year of the history.
//   - PercentileBounds: nearest-rank P2.5 and P97.5, ranks ⌈0.025·n⌉ and
//     ⌈0.975·n⌉ counted from 1 in ascending order.
//   - SDBounds: the integer cost range of mean ± K·SD (population SD, one
//     pass), decided exactly by |n·x − S| ≤ K·√(n·Q − S²); a cost on a bound
//     is inside. CV: the coefficient of variation truncated to 8 decimals.
//   - WeightedSums and Weigh: Σ_y w_y·S_y and Σ_y w_y·n_y, the numerator and
//     denominator of a year-weighted mean cost.
//   - HalfUp (round(num ÷ den) half-up for num ≥ 0) and Clamp64.
//
// # Precision
//
// Costs are int64 fen ≥ 0, weights and K pointvalue.Factor (10⁻⁸ units). Sums
// and products are exact math/big integers; nothing is rounded except where a
// function says so (HalfUp, CV truncation, the floor/ceiling of SDBounds). No
// float64.
//
// # Errors
//
// Only Window returns errors: invalid weights wrap pointvalue.ErrInvalidArgument
// or pointvalue.ErrNegative, prefixed with the calling package's name; cases
// before the window are *pointvalue.RecordError (source, line, "year", value,
// pointvalue.ErrRange) in a *pointvalue.ErrorList. The other functions need a
// non-empty cost slice (PercentileBounds, SDBounds) and never fail otherwise.
package calib
