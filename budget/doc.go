// Package budget holds a region's settlement policy for one year and the budget
// side of the year: the Policy (结算办法) and its policy.json reader, the readers of
// the year's small input tables (hospitals, per-capita members and spending,
// adjustments), and the budget rules (BUD-1..BUD-6: annual budget, carve-outs,
// reserve, method pools, monthly schedule, fund indicators; CAP per-capita rules;
// CLR corridor and clearing).
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
package budget
