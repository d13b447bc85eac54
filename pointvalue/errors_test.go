package pointvalue

import (
	"errors"
	"strings"
	"testing"
)

func TestRecordError(t *testing.T) {
	e := &RecordError{Source: "cases.csv", Line: 7, Field: "total_cost", Value: "12.345", Err: ErrPrecision}
	if got, want := e.Error(), "cases.csv:7: total_cost: 12.345: more decimals than allowed"; got != want {
		t.Errorf("Error() = %q; want %q", got, want)
	}
	if !errors.Is(e, ErrPrecision) {
		t.Error("errors.Is does not see the sentinel")
	}
	if (&RecordError{}).Reason() != "error" {
		t.Error("Reason of an empty RecordError")
	}
}

func TestErrorList(t *testing.T) {
	var l ErrorList // zero value: cap 100
	if l.Err() != nil {
		t.Fatal("empty list is an error")
	}
	for i := 1; i <= 103; i++ {
		l.Addf("cases.csv", i+1, "points", "x", ErrSyntax)
	}
	if len(l.Errors) != DefaultErrorCap || l.Dropped != 3 || l.Len() != 103 {
		t.Errorf("kept %d, dropped %d", len(l.Errors), l.Dropped)
	}
	err := l.Err()
	if !errors.Is(err, ErrSyntax) {
		t.Error("errors.Is does not see through the list")
	}
	var re *RecordError
	if !errors.As(err, &re) || re.Line != 2 {
		t.Errorf("errors.As = %+v", re)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "cases.csv:2: points: x: not a number\n") || !strings.HasSuffix(msg, "\n... 3 more errors") {
		t.Errorf("Error() = %q…", msg[:60])
	}
	m := ErrorList{Cap: 1}
	m.Merge(&l)
	m.Merge(nil)
	if len(m.Errors) != 1 || m.Dropped != 102 {
		t.Errorf("merged kept %d dropped %d; want 1, 102", len(m.Errors), m.Dropped)
	}
}

// TestAddError: a list's errors are merged, a record error added as it is,
// another error added as the cause of a record error, nil ignored.
func TestAddError(t *testing.T) {
	var inner ErrorList
	inner.Addf("a.csv", 2, "x", "1", ErrSyntax)
	inner.Addf("a.csv", 3, "x", "2", ErrRange)
	re := &RecordError{Source: "b.csv", Line: 4, Err: ErrPrecision}
	plain := errors.New("disk full")
	var l ErrorList
	l.AddError(nil)
	l.AddError(&inner)
	l.AddError(re)
	l.AddError(plain)
	if len(l.Errors) != 4 || l.Errors[0].Line != 2 || l.Errors[1].Line != 3 || l.Errors[2] != re || l.Errors[3].Err != plain || l.Errors[3].Source != "" {
		t.Errorf("AddError kept %v", l.Errors)
	}
}
