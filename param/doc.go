// Package param is the vocabulary of a settlement policy and the machinery that
// reads, checks and documents its parameters as data.
//
// # Vocabulary
//
// Fund (职工/居民), Method (drg, dip, bedday, capita) and Level (三级/二级/一级及以下)
// are the words every other package and every file share; each is defined here once,
// with its English word, its Chinese terms and a parser that accepts either.
//
// # Field tables
//
// A parameter is one row of a field table (Field): its policy.json key, its kind
// (money, factor, points, integer, enumeration…), its default written as the JSON a
// policy would hold, its range, the rule id that reads it and one line of
// documentation. The rule packages (drg, dip, bedday) declare the rows of their own
// parameters; package policy composes them with its own into the table of the whole
// policy.json. One table then does everything a parameter needs:
//
//   - Defaults sets every field to its default (drg.DefaultParams and the others
//     are built this way, so the default written in the table is the default used);
//   - Decode reads a JSON object into the fields, reporting every problem with its
//     JSON path: an unknown key, a value of the wrong kind, more decimals than the
//     kind allows;
//   - Check validates ranges, enumerations and the cross-field rules a row carries;
//   - Rows lists the rows with their full paths, which docs/policy-fields.md is
//     generated from.
//
// A new parameter is one row, its struct field, the rule that reads it and its tests.
//
// # JSON
//
// ParseJSON reads a JSON document into a tree that keeps what encoding/json drops:
// the line of every value (errors in a malformed document name their line), the
// order of object keys, and duplicated keys, which are an error naming their path
// (a policy whose "amount" is given twice must not silently settle with the last
// one). Numbers keep their text, so that they are read exactly as decimals,
// exponent forms included ("5e-2" is 0.05), never through float64.
//
// # Errors
//
// Every problem is a *pointvalue.RecordError whose Field is the JSON path
// ("funds.employee.pools.ratios.drg") and whose cause matches pointvalue.ErrPolicy
// and the specific sentinel (ErrRange, ErrRequired, ErrPrecision, ErrDuplicate…)
// under errors.Is. The tables report relative paths; whoever composes them adds the
// prefix, so a path survives whichever layer finds the problem.
package param
