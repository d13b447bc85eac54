package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/dipdrg/dipdrg/store"
)

// Open opens a PostgreSQL database by URL or key=value DSN.
func Open(dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// Sink is a store.Sink for db that writes a run's rows with COPY, in one
// transaction on one connection.
func Sink(db *sql.DB) *store.Sink {
	s := &store.Sink{DB: db, Dialect: store.PostgreSQL}
	s.Begin = func(ctx context.Context, fn func(store.Tx) error) error {
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		return conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("postgres: %T is not a pgx connection", dc)
			}
			tx, err := c.Conn().Begin(ctx)
			if err != nil {
				return err
			}
			if err := fn(&copyTx{tx: tx, s: s}); err != nil {
				tx.Rollback(context.WithoutCancel(ctx))
				return err
			}
			return tx.Commit(ctx)
		})
	}
	return s
}

// copyTx is a pgx transaction that inserts with COPY.
type copyTx struct {
	tx pgx.Tx
	s  *store.Sink
}

func (t *copyTx) Exec(ctx context.Context, query string, args ...any) error {
	_, err := t.tx.Exec(ctx, query, args...)
	return err
}

// Insert copies rows into table: the rows are pulled one at a time from the
// producer by an iterator, so a year's cases never sit in memory twice.
func (t *copyTx) Insert(ctx context.Context, table string, columns []string, rows func(yield func([]any) bool) error) (int64, error) {
	src := &rowSource{}
	// NUMERIC columns: the store gives exact decimals as text; pgx's COPY
	// encodes a string into NUMERIC only after a failed attempt, so hand it
	// a numeric value instead (about half the COPY's CPU).
	quoted := make([]string, len(columns))
	for i, c := range columns {
		quoted[i] = pgx.Identifier{c}.Sanitize()
	}
	probe, err := t.tx.Query(ctx, "SELECT "+strings.Join(quoted, ", ")+" FROM "+pgx.Identifier{table}.Sanitize()+" LIMIT 0")
	if err != nil {
		return 0, err
	}
	src.numeric = make([]bool, len(columns))
	for i, fd := range probe.FieldDescriptions() {
		src.numeric[i] = fd.DataTypeOID == pgtype.NumericOID
	}
	probe.Close()
	next, stop := pullRows(rows, &src.err)
	defer stop()
	src.next = next
	src.progress = func(n int64) {
		if t.s.Progress != nil && n%10000 == 0 {
			t.s.Progress(table, n)
		}
	}
	n, err := t.tx.CopyFrom(ctx, pgx.Identifier{table}, columns, src)
	if err == nil {
		err = src.err
	}
	if err == nil && t.s.Progress != nil {
		t.s.Progress(table, n)
	}
	return n, err
}
