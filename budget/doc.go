// Package budget settles a region's year (年度清算) under its global budget
// (总额预算), and holds what the year needs: the Policy (结算办法) and its
// policy.json reader; the public Case and its streaming CaseReader (cases.csv);
// the readers of the year's small tables (hospitals, per-capita members and
// spending, adjustments); the budget rules (BUD-1..BUD-6: annual budget,
// carve-outs, reserve, method pools, monthly schedule, fund indicators; CAP
// per-capita rules; CLR advances, corridor, deposit and clearing); and the writers
// of the four outputs and rejects.csv.
//
// The year reads top to bottom in Settle: budget → pools → scored cases (package
// drg or dip, bed-day stays by the shared BED rules) → point values → hospital
// amounts → corridor → deposit → clearing → ledger. SettleFiles does the same
// from the FORMATS files (examples/settle is a thin wrapper), and SettleStream
// does it for a cases.csv that does not fit in memory, in two passes with
// bounded-memory external sorts, to byte-identical outputs. The history
// readers and BudgetPointValueFromHistory feed the calibration builders
// (DRG-2, DRG-4, DIP-2, PV-3).
//
// Contract:
//
//   - Exact. Money is pointvalue.Money (fen), ratios and coefficients
//     pointvalue.Factor (10⁻⁸), point values pointvalue.PointValue; no float64 is
//     used anywhere. policy.json amounts and ratios are read as decimal strings or
//     JSON numbers without passing through float64; a value with more decimals
//     than its type holds (money: 2, ratios and point values: 8) is an error, never
//     rounded.
//   - Rounding. Every rule rounds once, by the policy's Rounding (half-up by
//     default, half-even by policy, NUM-5), to the fen for money, to PointScale
//     decimals for points and PointValueScale for point values.
//   - Defaults. A field left out of policy.json takes SETTLEMENT.md's default;
//     DefaultPolicy builds the same defaults in code. A fund left out (or {}) is not
//     settled: Policy.Funds holds nil for it.
//   - Errors. Nothing panics on bad input. Every problem of an input is reported, not
//     only the first, as a *pointvalue.ErrorList of *pointvalue.RecordError:
//     "source:line: field: value: reason". Policy errors have line 0 and a JSON path
//     as field ("policy.json:0: funds.employee.reserve_ratio: 1.5: value out of
//     range: must be in [0, 1]") and match pointvalue.ErrPolicy under errors.Is, with
//     the specific sentinel (ErrRange, ErrRequired, ErrPrecision, …) as well. Table
//     errors carry the physical line (header = 1) and column name. Table readers
//     return the rows read well together with the errors, for lenient runs.
//   - Unknown policy fields are errors (a misspelt parameter must not settle
//     silently with its default); unknown CSV columns are ignored (FORMATS).
//   - Checks that need more than one input (a member of an unknown institution, an
//     adjustment for a row that is not settled, pool amounts against the budget) are
//     the engine's; CheckPoolAmounts is the hook for the last.
//   - Books that balance. Every pool conserves its money, pool + reserve out −
//     reserve in = payments + residual (NUM-7), and every fund's ledger balances,
//     budget = carve-outs + payments + reserve at year end + residual (BUD-7), each
//     computed from its own sources and compared to the fen; a run that would not
//     balance returns an *UnbalancedError carrying the ledger, never a result.
//   - Deterministic. The same input in any record order gives byte-identical
//     outputs (NUM-8); scoring runs in parallel shards (Input.Workers) whose totals
//     merge exactly (PV-7), so the number of workers never changes a fen.
//   - Explainable. Every CaseResult, HospitalResult and PoolResult carries the
//     numbers and rule ids used (EXP-1..3), stamped with the policy id.
package budget
