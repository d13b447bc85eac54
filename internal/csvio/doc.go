// Package csvio is the CSV reading core every input of the engine is built on
// (weights in drg, the catalog in dip, policy-year tables and cases in budget),
// and the small writer every output file goes through.
//
// # Format (FORMATS.md "Common rules")
//
// Input is RFC 4180 CSV in UTF-8 with a header row; a leading UTF-8 BOM is
// stripped. Columns are found by header name (Reader.Col) in any order; unknown
// columns are ignored; a required column that is missing is reported once
// (pointvalue.ErrMissingColumn) and the file yields no records. A header name
// that appears twice is reported (pointvalue.ErrDuplicate) when a column of that
// name is asked for. Completely blank lines, and lines holding only spaces, are
// skipped. A record whose number of fields differs from the header's, or with
// broken quoting, is reported as pointvalue.ErrMalformed (empty field and value)
// and skipped; reading goes on with the next line.
//
// # Cells
//
// Surrounding ASCII spaces and tabs are trimmed from every cell before it is
// used (Text, the number, date, boolean and enumeration parsers); Raw returns
// the cell exactly as read. An empty cell (after trimming) of an optional
// column, or an optional column absent from the header, takes the caller's
// default; an empty cell of a required column is pointvalue.ErrRequired.
//
//   - Money: yuan, ≥ 0, at most 2 decimals (NUM-1): "12345.6" and "12345.60"
//     are 1234560 fen; "1.234" is ErrPrecision — never rounded quietly.
//   - Factor: ≥ 0, at most 8 decimals (NUM-3). Points: ≥ 0, at most the given
//     scale's decimals (NUM-2). Int: a whole number ≥ 0 ("12", "12.0").
//     A leading "+" is accepted, exponents and thousands separators are not
//     (ErrSyntax); a value beyond int64 is ErrRange; a negative one ErrNegative.
//   - Date: YYYY-MM-DD, impossible days rejected (ErrDate).
//   - Bool: "0" or "1" only (ErrBool).
//   - Enumerations (Enum): the English word (ASCII case ignored) or the
//     Chinese term, e.g. employee / 职工 (ErrEnum, the allowed words listed).
//   - Text: any valid UTF-8 (invalid UTF-8 is ErrMalformed).
//
// # Errors (ERR-1)
//
// Every error is a *pointvalue.RecordError added to the caller's
// pointvalue.ErrorList, which keeps the first 100 and counts the rest; all errors
// of a file are collected, one per bad field. Source is the input's base name;
// Line the physical line, the header being line 1, so a quoted field with
// embedded newlines makes the lines of later records larger; Field the column
// name; Value the raw cell. Reasons wrap the pointvalue sentinels, so errors.Is
// works. No input makes the reader panic.
//
// # Performance
//
// The reader streams (one record in memory at a time) on encoding/csv with
// ReuseRecord; the field parsers do not allocate on valid cells (Raw and Text
// return substrings of the record), so the only allocation per record is the
// one encoding/csv makes.
package csvio
