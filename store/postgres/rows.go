package postgres

import "iter"

// rowSource is pgx.CopyFromSource over a row producer.
type rowSource struct {
	next     func() ([]any, bool)
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
