// Package store reads a settlement year's inputs from a database and writes
// its results to one, over database/sql. It imports no driver: store/sqlite
// (embedded, pure Go) and store/postgres (pgx, with COPY) register theirs, and
// any other database/sql driver works as Generic.
//
// # Reading
//
// A Source runs the user's named queries (Queries; a queries file is parsed by
// ParseQueries), whose result columns are aliased to the input CSV's column
// names, so the store needs to know nothing of the database's dialect:
//
//	-- name: cases
//	SELECT jzid AS case_id, ryid AS patient_id, yljgdm AS hospital_id, xzlx AS fund,
//	       drg_code AS "group", rysj AS admit_date, cysj AS discharge_date,
//	       zfy_fen AS total_cost_fen, grzf AS patient_share
//	  FROM settle_list WHERE year = 2025
//
// Each row becomes the cells the CSV readers decode (package files' Rows), so
// a database row is checked exactly as a CSV record: money is yuan (text or an
// exact NUMERIC/DECIMAL through the exact decimal parser, or an integer of
// yuan) unless the alias ends in _fen; a float is an error naming the column
// (ErrFloat); a bad row is reported as "query:row: field: value: reason (case_id
// C12)". Every query runs in one read-only transaction, one snapshot.
//
// # Writing
//
// A Sink writes a settled year as one run: the result tables (ResultTables)
// with money as BIGINT fen, decimals exact, each row stamped with the run id
// and the policy id, all in one transaction that replaces any earlier run of
// the same id. A run that fails or is killed leaves the previous one whole.
// CreateSchema creates the tables on SQLite and PostgreSQL; Schema prints the
// DDL for another database. Load puts input CSVs into the input tables, and
// ExportCSV reads a run back as the CSV outputs.
package store
