// Package policy is the policy model: one region's settlement rules for one year
// (结算办法), as policy.json holds them.
//
// A Policy composes the parameters of every rule once. The rule packages own
// theirs — drg.Params, dip.Params, bedday.Params — and this package defines the
// rest, those the year's engine (package budget) applies: the funds' budgets,
// carve-outs, reserve, pools and point-value parameters (BUD-1..4, PV-1..5), the
// per-capita parameters (CAP), the corridor (CLR-2) and the advances, deposit and
// assessment (CLR-1, CLR-3). There is no second copy of any of them: the engine
// reads these types, the scorers theirs.
//
// # One table
//
// Fields is the field table of the whole policy.json (package param): every JSON
// path with its kind, default, range, rule id and documentation, the rule
// packages' tables lifted under "drg", "dip" and "bedday". The same table
//
//   - gives the defaults (Default, and drg.DefaultParams and the others);
//   - reads policy.json (Read): unknown fields, values of the wrong kind, more
//     decimals than allowed and keys given twice are errors naming their JSON path;
//   - validates (Policy.Validate, which Read calls): ranges, enumerations and the
//     rules across fields (pool ratios summing to 1, one inpatient method per fund,
//     a band only with a budget point value…);
//   - documents: docs/policy-fields.md is generated from it (WriteReference) and a
//     test keeps it current.
//
// Amounts and ratios are decimal strings or JSON numbers, read exactly (exponent
// forms too), never through float64. A value with more decimals than its kind
// holds is an error, never rounded.
//
// # Errors
//
// Every problem of a policy is reported at once, as a *pointvalue.ErrorList of
// *pointvalue.RecordError{Source: the file's base name ("policy" for a policy built
// in code), Line: 0, Field: the JSON path, Value: the value as written}, each
// matching pointvalue.ErrPolicy and, where one applies, the specific sentinel
// (ErrRange, ErrRequired, ErrPrecision, ErrDuplicate…). A syntax error in the JSON
// names its line instead. What Read accepts, package budget settles without
// rejecting it for a reason that depends on the policy alone; the checks that need
// the data (a pool with money and no points, pool amounts beyond what the budget
// leaves, region_avg_cost when a case needs it) are made by the engine, still
// naming their JSON path.
package policy
