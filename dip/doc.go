// Package dip scores cases by Diagnosis-Intervention Packet (按病种分值付费,
// DIP): the catalog of disease groups (病种目录库, DIP-1), grouping a case
// (DIP-3), deviation cases (费用偏差病例, DIP-4), the case score with its level,
// auxiliary and TCM coefficients (DIP-5), readmissions (二次入院, DIP-7),
// special review (特例单议, DIP-8) and ungrouped cases (无法入组, DIP-9), as
// docs/rules.md section 4 and section 13 define them. BuildCatalog builds the
// catalog from history (DIP-2); bed-day stays (床日, DIP-6) are done elsewhere.
//
// # Use
//
// Read the catalog (ReadCatalog, or NewCatalog from built groups); give each
// case its group (Catalog.Resolve, Group or GroupJoined); make a Scorer from
// the policy's Params, the environment and the hospitals' levels and
// coefficients. ScoreRows is the loop the engine runs over a batch's columns
// (normal and ungrouped cases by integers, the rest by the one exact
// evaluator); Score explains one case with the same points. The cross-case
// rules (the DIP-8 cap, DIP-7 readmissions) run in the engine (package budget)
// and arrive as flags.
//
// # Precision and rounding
//
// Everything is exact integer arithmetic, no float64: money in fen, scores in
// 10⁻⁸ point, coefficients and ratios in 10⁻⁸ (package pointvalue). A case's
// score is one exact fraction — score × deviation multiplier × level × auxiliary
// × TCM × readmission factor — rounded once to Params.PointScale decimals with
// Params.Rounding (NUM-2). Deviation classes compare cost ÷ reference cost with
// their thresholds by cross-multiplying (NUM-5), never through a rounded
// ratio; Result.Ratio is rounded to 8 decimals only for explanation. The
// 128-bit fast path covers the usual magnitudes (NUM-3) without allocating;
// larger products take an exact math/big path with the same result.
//
// # Choices where the spec is silent
//
//   - Inclusive (≥/≤) applies to ExtremeRatio's expert-review flag as well as
//     to the high and low boundaries; ExtremeRatio 0 disables the flag.
//   - A case whose group was not given carries DIP-3 in its rules even when
//     the engine found no group (DIP-3|DIP-9).
//   - Grouping tries the full diagnosis (exact procedure set, then contained
//     sets) before the diagnosis cut to 5 characters; the treatment type only
//     keys comprehensive groups, so a case with procedures and no treatment can
//     still fall in a core group (A14 makes it ungrouped otherwise).
//   - A catalog with two groups of the same key (diagnosis and procedure set,
//     or category and treatment) is an error, as a duplicate group_code is.
//   - A level reference cost of 0 (or empty) means none; the overall avg_cost
//     must be above 0.
//   - Case.Severity counts from 1 (Scorer.SeverityIndex), so the zero value
//     means no severity; Case.Patient uses NoPatient (-1) for none, as package
//     drg and internal/readmit do.
//
// # Errors
//
// Readers report every bad record and field (source, line, field, value) in
// one *pointvalue.ErrorList (ERR-1); parameter errors wrap pointvalue.ErrPolicy;
// Score returns an error (never panics) for an index out of range, a negative
// cost, a missing region_avg_cost for an ungrouped case, or a score beyond
// int64. An unknown group code is not an error: the case is ungrouped and
// flagged unknown-group (ERR-3).
package dip
