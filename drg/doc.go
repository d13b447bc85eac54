// Package drg is the DRG point method (DRG 点数法, docs/rules.md section 5): the
// CHS-DRG weights table (权重表, DRG-1), base points (基准点数, DRG-3), hospital
// coefficients (差异系数, DRG-4, given), case points by class (DRG-5), the
// readmission (DRG-7) and special-review (特例单议, DRG-8) adjustments, the
// fixed-rate payment standard (费率法, DRG-9) and the case mix index (CMI, DRG-10).
// From history it builds the weights table (BuildWeights, DRG-2) and the
// hospital coefficients (HospitalCoefficients, DRG-4). Bed-day stays (DRG-6)
// are elsewhere.
//
// # Flow
//
// Read a table (ReadWeights, or the embedded HarbinWeights2024) and build a
// Scorer with the policy's Params, the environment (point scale, rounding,
// region average cost M) and the hospital coefficients. ScoreRows is the loop
// the engine runs: it scores rows of a batch's columns (Columns: cost,
// hospital, group, flags) into per-case points and outcome columns (Scores),
// with no allocation; most cases by integers computed from per-group constants
// (the normal band, the outlier classes' fractions), the rest through the one
// exact evaluator. Score explains one case (EXP-1) with exactly the loop's
// points. The cross-case rules that set FlagReadmitted (DRG-7) and
// FlagSpecialRefused (DRG-8) run in the engine (package budget) over a whole
// year. A Scorer is immutable: ScoreRows and Score are safe for concurrent use.
//
// # Precision and rounding
//
// Money is fen, points and factors 10⁻⁸ units (package pointvalue); no float64.
// Base points are RW × 100 rounded to PointScale. Each case's formula —
// coefficient, ratio, threshold and readmission factor together (A48) — is one
// exact fraction rounded once to PointScale by the policy's Rounding (NUM-2).
// The ratio cost ÷ reference is compared with T(base) and LowRatio by
// cross-multiplication, strictly (NUM-5); Result.Ratio is that ratio rounded to
// 4 decimals half-up for display only. The reference is the group's avg_cost, or
// RW × M when the table gives none (A09). Score does not allocate on the usual
// magnitudes; beyond 128 bits it takes an exact math/big path with identical
// results (NUM-3).
//
// # Errors
//
// ReadWeights reports every bad row and field as *pointvalue.RecordError in a
// *pointvalue.ErrorList (source, line, field, value, reason). NewScorer rejects
// invalid parameters (pointvalue.ErrPolicy). Score returns sentinels from
// pointvalue (ErrNegative, ErrUnknownHospital, ErrOverflow, …) or
// ErrNoRegionAvgCost for the caller to wrap with the record's location. Nothing
// panics on bad input.
package drg
