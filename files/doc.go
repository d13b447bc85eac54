// Package files reads a settlement year from the files docs/formats.md describes and writes its
// results: the CSV readers (cases.csv straight into a budget.Batch, hospitals,
// members, spending, adjustments, history), the writers of every output, and
// Settle and Stream, which run a whole year from a set of file names (what
// examples/settle does).
//
// The engine (package budget) knows nothing of files: this package opens them,
// names them in errors (their base names, docs/formats.md), and chooses how cases reach
// the engine — all at once in a Batch (Settle) or in chunks spilled to disk in
// sorted runs (Stream), with the same rules and the same bytes out.
//
// Errors: every problem of every file is reported together, as a
// *pointvalue.ErrorList of *pointvalue.RecordError ("source:line: field: value:
// reason"; ERR-1): the field errors of every file and what the engine finds
// across records (duplicate ids, unknown hospitals, adjustments rows with no
// settled row), in strict mode too; the errors that stopped a run first. In
// lenient mode records with errors are set aside (Result.Rejects) and the rest
// is settled; errors that concern a whole file (its header, its encoding, a
// record over the size cap) or the policy still stop the run (ERR-2). A
// Rejects store keeps every reject in bounded memory, spilling to disk, for
// rejects.csv.
package files
