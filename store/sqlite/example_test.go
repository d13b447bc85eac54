package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/policy"
	"github.com/dipdrg/dipdrg/store"
	"github.com/dipdrg/dipdrg/store/sqlite"
)

// Example puts the hand-worked small DRG year (budget's
// testdata/years/drg-small, NOTES.md) into an embedded SQLite database,
// settles it from there and writes the run back: the ledger read from
// result_ledger is the hand-worked one, in fen.
func Example() {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "dipdrg-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(tmp)
	db, err := sqlite.Open(filepath.Join(tmp, "year.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	sink := sqlite.Sink(db)
	if err := store.CreateSchema(ctx, db, store.SQLite); err != nil {
		fmt.Println(err)
		return
	}
	year := "../../budget/testdata/years/drg-small/"
	for _, t := range store.InputTables() { // hospitals.csv into table hospitals, …
		fh, err := os.Open(year + t.Name + ".csv")
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		_, err = sink.Load(ctx, t, fh, t.Name+".csv")
		fh.Close()
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	// The policy and the weights come from their files; the tables from the
	// database, through the default queries.
	in, err := readBase(year)
	if err != nil {
		fmt.Println(err)
		return
	}
	src := &store.Source{DB: db, Dialect: store.SQLite, Queries: store.DefaultQueries()}
	res, err := src.Settle(ctx, in, store.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := sink.Write(ctx, "2025-final", res); err != nil {
		fmt.Println(err)
		return
	}
	rows, err := db.QueryContext(ctx, `SELECT fund, payments_fen, balanced FROM result_ledger WHERE run_id = ? ORDER BY fund`, "2025-final")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var fund string
		var payments int64
		var balanced bool
		if err := rows.Scan(&fund, &payments, &balanced); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(fund, payments, balanced)
	}
	// Output:
	// employee 12988007 true
	// resident 3638250 true
}

// readBase reads what a database source does not hold: the policy and the
// weights table.
func readBase(dir string) (budget.Input, error) {
	fh, err := os.Open(dir + "policy.json")
	if err != nil {
		return budget.Input{}, err
	}
	defer fh.Close()
	p, err := policy.Read(fh, "policy.json")
	if err != nil {
		return budget.Input{}, err
	}
	wf, err := os.Open(dir + "weights.csv")
	if err != nil {
		return budget.Input{}, err
	}
	defer wf.Close()
	w, err := drg.ReadWeights(wf, "weights.csv")
	if err != nil {
		return budget.Input{}, err
	}
	return budget.Input{Policy: p, Weights: w}, nil
}
