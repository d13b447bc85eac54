package store

import (
	"context"
	"errors"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// A Result that keeps only the first of its rejects is not written without
// them all: RejectsRows of the run's store replaces the Result's.
func TestWriteRejectsDropped(t *testing.T) {
	res := &budget.Result{PolicyID: "p", Rejects: []*pointvalue.RecordError{{Source: "cases.csv", Line: 2}}, RejectsDropped: 1}
	err := (&Sink{}).Write(context.Background(), "r", res)
	if !errors.Is(err, ErrRejectsDropped) {
		t.Fatalf("Write with rejects dropped: %v, want ErrRejectsDropped", err)
	}

	all := []*pointvalue.RecordError{
		{Source: "cases.csv", Line: 2, Field: "fund", Value: "x", Err: pointvalue.ErrSyntax},
		{Source: "cases.csv", Line: 9, Field: "hospital_id", Value: "H9", Err: pointvalue.ErrUnknownHospital},
	}
	rejects := files.NewRejects(t.TempDir())
	defer rejects.Close()
	for _, e := range []*pointvalue.RecordError{all[1], all[0]} { // RejectsRows sorts as rejects.csv
		rejects.Add(e)
	}
	rows := RejectsRows(rejects)
	var got [][]any
	if err := rows.Each(func(r []any) bool { got = append(got, append([]any(nil), r...)); return true }); err != nil {
		t.Fatal(err)
	}
	want := [][]any{
		{int64(1), "cases.csv", int64(2), "fund", "x", pointvalue.ErrSyntax.Error()},
		{int64(2), "cases.csv", int64(9), "hospital_id", "H9", pointvalue.ErrUnknownHospital.Error()},
	}
	if len(got) != len(want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d col %d: %v, want %v", i, j, got[i][j], want[i][j])
			}
		}
	}
}
