package postgres

import (
	"fmt"
	"iter"
	"math/big"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
)

// rowSource is pgx.CopyFromSource over a row producer.
type rowSource struct {
	next     func() ([]any, bool)
	numeric  []bool // columns of NUMERIC type
	row      []any
	n        int64
	err      error
	progress func(int64)
}

func (r *rowSource) Next() bool {
	row, ok := r.next()
	if !ok {
		return false
	}
	for i, v := range row {
		if s, ok := v.(string); ok && i < len(r.numeric) && r.numeric[i] {
			row[i] = decimal(s)
		}
	}
	r.row = row
	r.n++
	r.progress(r.n)
	return true
}

func (r *rowSource) Values() ([]any, error) { return r.row, nil }
func (r *rowSource) Err() error             { return r.err }

// pullRows turns a push producer of rows into a pull iterator; *err holds
// the producer's error once next has reported the end.
func pullRows(rows func(yield func([]any) bool) error, err *error) (next func() ([]any, bool), stop func()) {
	return iter.Pull(func(yield func([]any) bool) { *err = rows(yield) })
}

// decimal is an exact decimal as text ("-123.4500") that pgx encodes into
// NUMERIC directly (pgtype.NumericValuer), keeping its scale.
type decimal string

func (d decimal) NumericValue() (pgtype.Numeric, error) {
	s := string(d)
	i, f, _ := strings.Cut(s, ".")
	n, ok := new(big.Int).SetString(i+f, 10)
	if !ok {
		return pgtype.Numeric{}, fmt.Errorf("postgres: %q is not a decimal", s)
	}
	return pgtype.Numeric{Int: n, Exp: int32(-len(f)), Valid: true}, nil
}
