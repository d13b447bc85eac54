// Package special applies the special-review cap (特例单议, DRG-8 / DIP-8), the
// rule that the drg and dip scorers share.
//
// A case with approved special points uses them instead of its formula, but at
// most limit = floor(SpecialMaxShare × N) approvals are kept in each scope
// (section 13 A24), N being the cases of that method (bed-day stays excluded,
// A23) at the hospital (SpecialScope = hospital, DRG default 0.05) or in the
// region (SpecialScope = region, DIP default 0.005, 千分之五), both funds
// together. Approvals are kept earliest first by (discharge date, case id);
// the rest (latest discharges first, then the larger case id) are refused,
// scored normally and flagged special-refused by the scorer.
//
// Precision: the limit is computed exactly from the 8-decimal share (no
// float64) and floored. The package returns no errors and never panics: a
// negative share or N gives a limit of 0, a scope with no count entry has
// N = 0 (every claim in it is refused).
package special
