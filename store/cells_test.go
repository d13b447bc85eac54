package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// Each driver value becomes the text the CSV decoders read, or an error.
func TestCellScan(t *testing.T) {
	for _, tc := range []struct {
		name string
		fen  bool
		v    any
		want string
		err  error
	}{
		{"null", false, nil, "", nil},
		{"integer yuan", false, int64(12345), "12345", nil},
		{"integer fen", true, int64(12345), "123.45", nil},
		{"negative fen", true, int64(-5), "-0.05", nil},
		{"numeric text yuan", false, "12345.60", "12345.60", nil},
		{"bytes", false, []byte("1.234"), "1.234", nil}, // the decoder says it is too precise
		{"numeric fen", true, "12345.00", "123.45", nil},
		{"fraction of a fen", true, "12.5", "", ErrFen},
		{"text fen", true, []byte("7"), "0.07", nil},
		{"float", false, 1.5, "", ErrFloat},
		{"float fen", true, 150.0, "", ErrFloat},
		{"bool", false, true, "1", nil},
		{"date", false, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), "2025-03-01", nil},
		{"timestamp", false, time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC), "", ErrValueType},
		{"other", false, struct{}{}, "", ErrValueType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cell{fen: tc.fen}
			if err := c.Scan(tc.v); err != nil {
				t.Fatal(err)
			}
			if c.s != tc.want || !errors.Is(c.err, tc.err) || (tc.err == nil) != (c.err == nil) {
				t.Errorf("Scan(%#v) = %q, %v; want %q, %v", tc.v, c.s, c.err, tc.want, tc.err)
			}
		})
	}
}

func TestParseQueries(t *testing.T) {
	q, err := ParseQueries(stringsReader("-- the year's cases\n-- name: cases\nSELECT id AS case_id\n  FROM c;\n\n-- name: hospitals\nSELECT 1;\n"))
	if err != nil {
		t.Fatal(err)
	}
	if q.Cases.Name != "cases" || q.Cases.SQL != "SELECT id AS case_id\n  FROM c" || q.Hospitals.SQL != "SELECT 1" || q.Members.SQL != DefaultQueries().Members.SQL {
		t.Errorf("%+v", q)
	}
	if _, err := ParseQueries(stringsReader("-- name: patients\nSELECT 1")); err == nil {
		t.Error("an unknown query name is accepted")
	}
	if _, err := ParseQueries(stringsReader("SELECT 1")); err == nil {
		t.Error("SQL before a name is accepted")
	}
}
func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }

// examples/testdata/drg/queries.sql is the default queries, written out.
func TestQueriesFileIsDefault(t *testing.T) {
	fh, err := os.Open("../examples/testdata/drg/queries.sql")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	q, err := ParseQueries(fh)
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultQueries()
	for _, p := range [][2]Query{{q.Hospitals, d.Hospitals}, {q.Cases, d.Cases}, {q.Members, d.Members}, {q.Spending, d.Spending}, {q.Adjustments, d.Adjustments}} {
		if p[0].SQL != p[1].SQL || p[0].Name != p[1].Name {
			t.Errorf("queries.sql has %s: %q, the default is %q", p[0].Name, p[0].SQL, p[1].SQL)
		}
	}
}

// CSVRows reads a CSV output into a table's rows, money to fen exactly.
func TestCSVRows(t *testing.T) {
	tab := &Table{Name: "t", Columns: stamped(Column{"id", Text}, Column{"amount_fen", Money}, Column{"n", Int}, Column{"r", Decimal}, Column{"ok", Bool})}
	r := CSVRows(tab, func(w io.Writer) error {
		_, err := io.WriteString(w, "r,id,amount,n,ok,extra\n1.5000,A,12345.67,3,true,x\n,B,-0.01,0,false,y\n")
		return err
	})
	var got [][]any
	if err := r.Each(func(row []any) bool { got = append(got, append([]any(nil), row...)); return true }); err != nil {
		t.Fatal(err)
	}
	want := [][]any{{"A", int64(1234567), int64(3), "1.5000", true}, {"B", int64(-1), int64(0), nil, false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	bad := CSVRows(tab, func(w io.Writer) error {
		_, err := io.WriteString(w, "id,amount,n,r,ok\nA,1.234,1,,true\n")
		return err
	})
	if err := bad.Each(func([]any) bool { return true }); err == nil {
		t.Error("an amount of 3 decimals was taken")
	}
}
