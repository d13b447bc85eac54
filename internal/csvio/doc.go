// Package csvio is the CSV reading core every input of the engine is built on
// (weights in drg, the catalog in dip, policy-year tables and cases in budget),
// and the small writer every output file goes through.
//
// # Format (docs/formats.md, "Common rules for CSV files")
//
// Input is RFC 4180 CSV with a header row: ',' between fields, "\n" or "\r\n"
// line ends, double-quoted fields with "" for a quote that may hold commas and
// line ends (a "\r\n" in a quoted field reads as "\n"). Blank lines, and lines
// holding only spaces and tabs, are skipped but counted, before the header
// too.
//
// Columns are found by header name (Reader.Col) in any order, the header's
// names trimmed of spaces and tabs and ASCII case folded ("Assessment" is
// assessment). ColAlias reads a column under other names too (los from
// act_ipt_days); two of them in one header are an error. A required column
// that is missing is reported once (pointvalue.ErrMissingColumn) and the file
// yields no records. A header name that appears twice (after folding) is
// reported (pointvalue.ErrDuplicate) when a column of that name is asked for.
// Once every known column is asked for, CheckColumns reports an unknown
// column that is a near miss of an absent known one (pointvalue.ErrUnknownColumn,
// "unknown column (did you mean coefficient?)"; the file then yields no
// records) and returns the other unknown columns, which are ignored, for the
// summary ("hospitals.csv: ignored columns: remark, 备注").
//
// A record whose number of fields differs from the header's, or with broken
// quoting (a quote inside an unquoted field, text after a closing quote, a
// quote never closed), is reported as pointvalue.ErrMalformed (empty field and
// value) on the line it starts and skipped; reading goes on with the line
// after the one the error is on, as encoding/csv does.
//
// # Encodings (-encoding utf-8|gb18030)
//
// Options.Encoding says how every input is encoded: UTF-8 (the default) or
// GB18030 (GBK and GB2312 included), decoded with golang.org/x/text. Input
// that is not in its encoding stops the reading with one error for the file
// (line 0, empty field and value, pointvalue.ErrEncoding): "not UTF-8", with
// "(looks like GB18030: use -encoding gb18030)" when the line of the first bad
// byte decodes as GB18030 to valid text with CJK characters; "not GB18030",
// with "(looks like UTF-8: use -encoding utf-8)" when that line is valid
// UTF-8. Records before the bad byte are read. A UTF-8 byte-order mark is
// stripped and makes the file UTF-8 whatever Encoding says; a GB18030 one is
// stripped; a UTF-16 one is an error ("UTF-16 text (byte-order mark FF FE):
// save the file as UTF-8").
//
// # Cells
//
// Surrounding ASCII spaces and tabs are trimmed from every cell before it is
// used (Text, the number, date, boolean and enumeration parsers); Raw returns
// the cell exactly as read (unquoted). An empty cell (after trimming) of an
// optional column, or an optional column absent from the header, takes the
// caller's default; an empty cell of a required column is
// pointvalue.ErrRequired.
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
//   - Text: any text (always valid UTF-8: the whole input is checked or
//     decoded).
//
// # Errors (ERR-1)
//
// Every error is a *pointvalue.RecordError added to the caller's
// pointvalue.ErrorList, which keeps the first 100 and counts the rest; all errors
// of a file are collected, one per bad field. Source is the input's base name;
// Line the physical line a record starts on, the header being line 1, so a
// quoted field with embedded line ends makes the lines of later records
// larger; Field the column name; Value the raw cell. Reasons wrap the
// pointvalue sentinels, so errors.Is works.
//
// # Bounds (ERR-4)
//
// No input makes the reader panic, hang or allocate without bound. A record
// longer than MaxRecordBytes (1 MiB, all its physical lines together, so a
// quoted field spread over many short lines counts whole) stops the reading
// with an error on the line it starts; the reader never holds more than about
// one such record and one 64 KiB read. Nothing is allocated by a count read
// from the input: fields beyond the header's number are counted, not kept.
//
// # Performance
//
// The reader streams (one record in memory at a time) on its own scanner, not
// encoding/csv: it finds a record's line end and checks it for quotes with
// bytes.IndexByte, then finds its commas eight bytes at a time. Unquoted
// fields, and quoted ones without "" or CRLF, are views into the read buffer;
// the others are unescaped into a scratch buffer. Splitting an 18-column
// cases.csv row takes about 60–75 ns against encoding/csv's 250–300 ns
// (BenchmarkSplit). The field parsers do not allocate on valid cells.
//
// By default the strings Raw and Text return stay valid for good (callers keep
// them): the reader never writes over bytes it has handed out and takes a new
// 64 KiB buffer when one is used up, one allocation per ~600 cases.csv rows
// where encoding/csv made one per row. With Options.Reuse they are valid only
// until the next Next (views made with unsafe.String over a buffer the reader
// reuses): reading then allocates nothing per record.
package csvio
