package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Kind is how a column holds its values, in every dialect exactly.
type Kind int

const (
	Text    Kind = iota // TEXT
	Int                 // BIGINT: counts
	Money               // BIGINT fen (the column's name ends in _fen)
	Decimal             // exact decimal: NUMERIC (TEXT on SQLite), formatted as in the CSV outputs
	Date                // DATE (TEXT YYYY-MM-DD on SQLite)
	Bool                // BOOLEAN (INTEGER 0/1 on SQLite)
)

// Column is a column of a table the store creates.
type Column struct {
	Name string
	Kind Kind
}

// Table is a table the store creates (CreateSchema) and writes.
type Table struct {
	Name    string
	Columns []Column
	Key     []string // primary key columns
}

// names returns the table's column names.
func (t *Table) names() []string {
	n := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		n[i] = c.Name
	}
	return n
}

// DDL is the CREATE TABLE statement of t in dialect d. Names are quoted
// ("group" is a keyword).
func (t *Table) DDL(d Dialect) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n", quote(t.Name))
	for _, c := range t.Columns {
		fmt.Fprintf(&b, "  %s %s,\n", quote(c.Name), d.typeOf(c.Kind))
	}
	keys := make([]string, len(t.Key))
	for i, k := range t.Key {
		keys[i] = quote(k)
	}
	fmt.Fprintf(&b, "  PRIMARY KEY (%s)\n)", strings.Join(keys, ", "))
	return b.String()
}

func quote(name string) string { return `"` + name + `"` }

// The input tables: the columns of the input CSVs (docs/formats.md), money as BIGINT
// fen under the column's name + "_fen". DefaultQueries reads them.
var (
	HospitalsInput = &Table{Name: "hospitals", Key: []string{"hospital_id"}, Columns: []Column{
		{"hospital_id", Text}, {"name", Text}, {"level", Text}, {"coefficient", Decimal}, {"assessment", Decimal},
		{"coefficient_employee", Decimal}, {"coefficient_resident", Decimal}}} // VAR-3
	CasesInput = &Table{Name: "cases", Key: []string{"case_id"}, Columns: []Column{
		{"case_id", Text}, {"patient_id", Text}, {"hospital_id", Text}, {"fund", Text}, {"method", Text},
		{"group", Text}, {"diagnosis", Text}, {"procedures", Text}, {"treatment", Text},
		{"admit_date", Date}, {"discharge_date", Date}, {"total_cost_fen", Money}, {"patient_share_fen", Money},
		{"bedday_category", Text}, {"incomplete", Bool}, {"tcm_share", Decimal}, {"severity", Text}, {"special_points", Decimal}}}
	MembersInput = &Table{Name: "members", Key: []string{"institution_id", "fund", "age_band"}, Columns: []Column{
		{"institution_id", Text}, {"fund", Text}, {"age_band", Text}, {"members", Int}}}
	SpendingInput = &Table{Name: "spending", Key: []string{"institution_id", "fund"}, Columns: []Column{
		{"institution_id", Text}, {"fund", Text}, {"own_spending_fen", Money}, {"referred_spending_fen", Money}}}
	AdjustmentsInput = &Table{Name: "adjustments", Key: []string{"hospital_id", "fund", "method"}, Columns: []Column{
		{"hospital_id", Text}, {"fund", Text}, {"method", Text}, {"advances_paid_fen", Money}, {"deductions_fen", Money}}}
)

// InputTables are the input tables, in the order a year is loaded.
func InputTables() []*Table {
	return []*Table{HospitalsInput, CasesInput, MembersInput, SpendingInput, AdjustmentsInput}
}

// CreateSchema creates the input tables (InputTables), the result tables
// (ResultTables) and the runs table when they do not exist, in one transaction.
// Other databases: the statements of Table.DDL with Generic are standard SQL.
func CreateSchema(ctx context.Context, db *sql.DB, d Dialect) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range append(InputTables(), ResultTables()...) {
		if _, err := tx.ExecContext(ctx, t.DDL(d)); err != nil {
			return fmt.Errorf("store: create %s: %w", t.Name, err)
		}
	}
	return tx.Commit()
}

// Schema is the DDL of every table in dialect d, for a database the store
// does not create itself.
func Schema(d Dialect) string {
	var b strings.Builder
	for _, t := range append(InputTables(), ResultTables()...) {
		b.WriteString(t.DDL(d))
		b.WriteString(";\n")
	}
	return b.String()
}
