// Package budget settles a region's year (年度清算) under its global budget
// (总额预算): the engine. Its input is a policy (package policy), the hospitals,
// the year's cases as a columnar Batch, the DRG weights or DIP catalog, the
// per-capita members and spending, and the adjustments; its output a Result:
// every case (by Case, CaseRange or Cases), hospital, pool and fund ledger,
// explained. It knows nothing of files: package files reads and writes the
// docs/formats.md files around it.
//
// Settle reads as its phases: accept (every row checked, duplicates) → prepare
// (groups resolved, the cross-case rules: special-review cap, readmissions) →
// score (one loop per method over the batch's columns, drg.Scorer.ScoreRows and
// dip.Scorer.ScoreRows, then the totals of every pool and hospital) → settle,
// per fund: budget → pools → point values → band → hospital amounts → overruns →
// corridor → assessment → clearing → books. A Stream runs the same phases over
// a year spilled to disk in sorted runs, window by window, to the same result.
// Readers of the whole settled year (package monitor) go through
// Result.Settled, which yields each case with where it went and how it was
// scored; a Case carries the settlement-list fields (SettlementList) they
// read and no payment rule does. The rule functions of each phase are exported for importers who need one rule
// alone (CorridorAmount, Assess, Clearing, CapitaAdvances, …); the history
// helpers and BudgetPointValueFromHistory feed the calibration builders
// (DRG-2, DRG-4, DIP-2, PV-3).
//
// Contract:
//
//   - Exact. Money is pointvalue.Money (fen), ratios and coefficients
//     pointvalue.Factor (10⁻⁸), points pointvalue.Points (10⁻⁸), point values
//     pointvalue.PointValue; no float64 is used anywhere. Every formula is one
//     exact fraction (pointvalue.Exact, 128-bit with a math/big fallback) rounded
//     once, by the policy's Rounding (NUM-5), to the fen for money, PointScale
//     decimals for points and PointValueScale for point values.
//   - Errors. Nothing panics on bad input. Every problem is reported, not only
//     the first, as a *pointvalue.ErrorList of *pointvalue.RecordError
//     ("source:line: field: value: reason"); errors of the policy name its JSON
//     path. Strict mode (the default) settles nothing when a record is bad;
//     lenient mode (Options.Lenient) sets the bad records aside in
//     Result.Rejects (ERR-2).
//   - Books that balance. Every pool conserves its money (NUM-7) and every
//     fund's ledger balances (BUD-7), each side computed from its own sources and
//     compared to the fen; a run that would not balance returns an
//     *UnbalancedError carrying the ledger, never a result.
//   - Deterministic. The same input in any record order gives the same result
//     (NUM-8); scoring runs in parallel shards (Options.Workers) whose totals
//     merge exactly (PV-7), so the number of workers never changes a fen; a
//     Stream gives what Settle gives.
//   - Memory. A Batch holds a case in about 75 bytes plus its id strings;
//     Settle adds about 40 bytes a case; a Stream holds one window.
//   - Explainable. Every CaseResult, HospitalResult and PoolResult carries the
//     numbers and rule ids used (EXP-1..3), stamped with the policy id; the
//     hospital- and pool-level regional variants that acted (VAR-6 surplus cap,
//     VAR-8 elastic point value, VAR-9 monthly point values and deductions,
//     VAR-10 per-capita carry-over, VAR-13 assessment coefficient) are named in
//     their Variants.
package budget
