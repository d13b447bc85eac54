package csvio

import (
	"errors"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// fund is the fund enumeration of cases.csv (docs/formats.md: employee 职工 / resident 居民).
var fund = NewEnum(
	EnumWord{Value: 1, Words: []string{"employee", "职工"}},
	EnumWord{Value: 2, Words: []string{"resident", "居民"}},
)

// parseCase reads "k,v\nK,<cell>\n" (the cell on line 2) with column v required
// or not, and applies one parser to it.
type parseCase struct {
	name     string
	cell     string // raw CSV text of the cell (quote it yourself if needed)
	required bool
	want     any
	ok       bool
	err      string // the RecordError text, "" when none
}

func runParse(t *testing.T, tests []parseCase, parse func(r *Reader, c Col) (any, bool)) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs pointvalue.ErrorList
			r := NewReader(strings.NewReader("k,v\nK,"+tt.cell+"\n"), "t.csv", &errs)
			c := r.Col("v", tt.required)
			eq(t, true, r.Next(), "a record")
			got, ok := parse(r, c)
			eq(t, tt.ok, ok, "ok")
			eq(t, tt.want, got, "value")
			var want []string
			if tt.err != "" {
				want = []string{tt.err}
			}
			eq(t, want, errStrings(&errs), "errors")
		})
	}
}

func TestMoney(t *testing.T) {
	const def = pointvalue.Money(500) // 5.00 yuan
	runParse(t, []parseCase{
		{"one decimal", "12345.6", true, pointvalue.Money(1234560), true, ""}, // 12345.6 yuan = 1234560 fen
		{"two decimals", "12345.60", true, pointvalue.Money(1234560), true, ""},
		{"whole yuan with plus", "+3", true, pointvalue.Money(300), true, ""},
		{"spaces trimmed", " 7.05\t", true, pointvalue.Money(705), true, ""},
		{"quoted", `"7.05"`, true, pointvalue.Money(705), true, ""},
		{"trailing zero beyond 2 decimals is exact", "1.230", true, pointvalue.Money(123), true, ""},
		{"zero", "0", true, pointvalue.Money(0), true, ""},
		{"int64 max fen", "92233720368547758.07", true, pointvalue.Money(9223372036854775807), true, ""},
		{"three decimals", "1.234", true, def, false, "t.csv:2: v: 1.234: more decimals than allowed: at most 2 decimals"},
		{"negative", "-1.00", true, def, false, "t.csv:2: v: -1.00: negative value not allowed"},
		{"exponent", "1e3", true, def, false, "t.csv:2: v: 1e3: not a number"},
		{"thousands separator", `"1,000"`, true, def, false, "t.csv:2: v: 1,000: not a number"},
		{"beyond int64 fen", "92233720368547758.08", true, def, false, "t.csv:2: v: 92233720368547758.08: value out of range"},
		{"empty required", "", true, def, false, "t.csv:2: v: : required value is empty"},
		{"spaces required", "  ", true, def, false, "t.csv:2: v:   : required value is empty"},
		{"empty optional", "", false, def, true, ""},
	}, func(r *Reader, c Col) (any, bool) { return r.Money(c, def) })
}

func TestFactor(t *testing.T) {
	runParse(t, []parseCase{
		{"one and a half", "1.5", true, pointvalue.Factor(150_000_000), true, ""},
		{"eight decimals", "0.12345678", true, pointvalue.Factor(12_345_678), true, ""},
		{"nine decimals", "0.123456789", true, pointvalue.One, false, "t.csv:2: v: 0.123456789: more decimals than allowed: at most 8 decimals"},
		{"negative", "-0.1", true, pointvalue.One, false, "t.csv:2: v: -0.1: negative value not allowed"},
		{"two dots", "1.2.3", true, pointvalue.One, false, "t.csv:2: v: 1.2.3: not a number"},
		{"empty optional gives the default", "", false, pointvalue.One, true, ""},
	}, func(r *Reader, c Col) (any, bool) { return r.Factor(c, pointvalue.One) })
}

func TestPoints(t *testing.T) {
	def := pointvalue.PointsFromInt(7)
	runParse(t, []parseCase{
		// 150.1234 points = 150.1234 × 10⁸ units = 15 012 340 000.
		{"four decimals", "150.1234", true, pointvalue.Points(15_012_340_000), true, ""},
		{"whole", "3", true, pointvalue.Points(300_000_000), true, ""},
		{"five decimals", "1.23456", true, def, false, "t.csv:2: v: 1.23456: more decimals than allowed: at most 4 decimals"},
		{"negative", "-2", true, def, false, "t.csv:2: v: -2: negative value not allowed"},
		{"empty optional", "", false, def, true, ""},
	}, func(r *Reader, c Col) (any, bool) { return r.Points(c, 4, def) })
	runParse(t, []parseCase{
		{"scale 9 is misuse", "1", true, def, false, "t.csv:2: v: 1: invalid argument"},
	}, func(r *Reader, c Col) (any, bool) { return r.Points(c, 9, def) })
}

func TestInt(t *testing.T) {
	runParse(t, []parseCase{
		{"plain", "42", true, int64(42), true, ""},
		{"plus", "+42", true, int64(42), true, ""},
		{"zero fraction", "12.00", true, int64(12), true, ""},
		{"minus zero", "-0", true, int64(0), true, ""},
		{"int64 max", "9223372036854775807", true, int64(9223372036854775807), true, ""},
		{"int64 max + 1", "9223372036854775808", true, int64(100), false, "t.csv:2: v: 9223372036854775808: value out of range"},
		{"fraction", "1.5", true, int64(100), false, "t.csv:2: v: 1.5: more decimals than allowed: a whole number is required"},
		{"fraction then junk", "1.5x", true, int64(100), false, "t.csv:2: v: 1.5x: not a number"},
		{"negative", "-3", true, int64(100), false, "t.csv:2: v: -3: negative value not allowed"},
		{"letters", "x", true, int64(100), false, "t.csv:2: v: x: not a number"},
		{"sign only", "+", true, int64(100), false, "t.csv:2: v: +: not a number"},
		{"dot only", ".", true, int64(100), false, "t.csv:2: v: .: not a number"},
		{"empty optional", "", false, int64(100), true, ""},
	}, func(r *Reader, c Col) (any, bool) { return r.Int(c, 100) })
}

func TestDate(t *testing.T) {
	// 2025-01-01 is day 55×365 + 14 leap days (1972…2024) = 20089;
	// 2025-02-28 = 20089 + 31 + 27 = 20147.
	// 2024-01-01 = 20089 − 366 = 19723; 2024-02-29 = 19723 + 31 + 28 = 19782.
	runParse(t, []parseCase{
		{"plain", "2025-02-28", true, pointvalue.Date(20147), true, ""},
		{"leap day", "2024-02-29", true, pointvalue.Date(19782), true, ""},
		{"no leap day", "2025-02-29", true, pointvalue.Date(0), false, "t.csv:2: v: 2025-02-29: not a valid date (YYYY-MM-DD)"},
		{"short month", "2025-2-01", true, pointvalue.Date(0), false, "t.csv:2: v: 2025-2-01: not a valid date (YYYY-MM-DD)"},
		{"slashes", "2025/01/01", true, pointvalue.Date(0), false, "t.csv:2: v: 2025/01/01: not a valid date (YYYY-MM-DD)"},
		{"empty required", "", true, pointvalue.Date(0), false, "t.csv:2: v: : required value is empty"},
		{"empty optional", "", false, pointvalue.Date(0), true, ""},
	}, func(r *Reader, c Col) (any, bool) { return r.Date(c) })
}

func TestBool(t *testing.T) {
	runParse(t, []parseCase{
		{"one", "1", true, true, true, ""},
		{"zero", "0", true, false, true, ""},
		{"word", "true", true, true, false, "t.csv:2: v: true: not a boolean (0 or 1)"},
		{"two", "2", true, true, false, "t.csv:2: v: 2: not a boolean (0 or 1)"},
		{"empty optional", "", false, true, true, ""},
	}, func(r *Reader, c Col) (any, bool) { return r.Bool(c, true) })
}

func TestEnum(t *testing.T) {
	runParse(t, []parseCase{
		{"English", "employee", true, 1, true, ""},
		{"Chinese", "职工", true, 1, true, ""},
		{"Chinese resident", "居民", true, 2, true, ""},
		{"ASCII case ignored", "Resident", true, 2, true, ""},
		{"unknown", "retired", true, 0, false, "t.csv:2: v: retired: not one of the allowed values: employee, 职工, resident, 居民"},
		{"empty required", "", true, 0, false, "t.csv:2: v: : required value is empty"},
		{"empty optional", "", false, 0, true, ""},
	}, func(r *Reader, c Col) (any, bool) { return r.Enum(c, fund, 0) })
	runParse(t, []parseCase{
		{"nil enum", "x", true, 9, false, "t.csv:2: v: x: invalid argument: no enumeration given"},
	}, func(r *Reader, c Col) (any, bool) { return r.Enum(c, nil, 9) })
}

func TestText(t *testing.T) {
	runParse(t, []parseCase{
		{"trimmed", " H001 ", true, "H001", true, ""},
		{"Chinese", "哈尔滨医科大学附属第一医院", true, "哈尔滨医科大学附属第一医院", true, ""},
		{"quoted comma", `"a, b"`, true, "a, b", true, ""},
		{"empty required", "", true, "", false, "t.csv:2: v: : required value is empty"},
		{"empty optional", "", false, "", true, ""},
	}, func(r *Reader, c Col) (any, bool) { return r.Text(c) })
}

func TestEnumWords(t *testing.T) {
	eq(t, []string{"employee", "职工", "resident", "居民"}, fund.Words())
	v, ok := fund.Lookup("EMPLOYEE")
	eq(t, 1, v)
	eq(t, true, ok)
	_, ok = fund.Lookup("employe")
	eq(t, false, ok)
	eq(t, true, errors.Is(fund.Err(), pointvalue.ErrEnum))
	dup := NewEnum(EnumWord{1, []string{"a"}}, EnumWord{2, []string{"a", "b"}})
	v, _ = dup.Lookup("a")
	eq(t, 1, v, "first declaration wins")
}

// A record with two bad fields gives two errors, in column order asked (ERR-1);
// absent optional columns take their defaults; absent required ones are not
// re-reported per record.
func TestTwoBadFields(t *testing.T) {
	var errs pointvalue.ErrorList
	r := NewReader(strings.NewReader("case_id,total_cost,fund\nC1,1.234,retired\nC2,10,居民\n"), "cases.csv", &errs)
	id, cost, fd := r.Col("case_id", true), r.Col("total_cost", true), r.Col("fund", true)
	tcm := r.Col("tcm_share", false)
	eq(t, true, r.OK())
	type rec struct {
		ID   string
		Cost pointvalue.Money
		Fund int
		TCM  pointvalue.Factor
	}
	var got []rec
	for r.Next() {
		var x rec
		ok := true
		var k bool
		x.ID, k = r.Text(id)
		ok = ok && k
		x.Cost, k = r.Money(cost, 0)
		ok = ok && k
		x.Fund, k = r.Enum(fd, fund, 0)
		ok = ok && k
		x.TCM, k = r.Factor(tcm, pointvalue.MustFactor("0.5"))
		ok = ok && k
		if ok {
			got = append(got, x)
		}
	}
	eq(t, []rec{{"C2", pointvalue.Money(1000), 2, pointvalue.Factor(50_000_000)}}, got)
	eq(t, []string{
		"cases.csv:2: total_cost: 1.234: more decimals than allowed: at most 2 decimals",
		"cases.csv:2: fund: retired: not one of the allowed values: employee, 职工, resident, 居民",
	}, errStrings(&errs))
	for _, e := range errs.Errors {
		eq(t, true, errors.Is(e, pointvalue.ErrPrecision) || errors.Is(e, pointvalue.ErrEnum), e.Error())
	}
}

// Parsing the fields of a record allocates nothing (only encoding/csv's one
// string per record, outside this measure).
func TestParseAllocs(t *testing.T) {
	r := NewReader(strings.NewReader("id,cost,rw,pts,n,day,flag,fund\n C1 ,1234.56,1.23456789,150.1234,42,2025-03-01,1,职工\n"), "t.csv", nil)
	id, cost, rw, pts := r.Col("id", true), r.Col("cost", true), r.Col("rw", true), r.Col("pts", true)
	n, day, flag, fd := r.Col("n", true), r.Col("day", true), r.Col("flag", true), r.Col("fund", true)
	opt := r.Col("absent", false)
	if !r.Next() {
		t.Fatal("no record")
	}
	allocs := testing.AllocsPerRun(1000, func() {
		ok := true
		_, k := r.Text(id)
		ok = ok && k
		_, k = r.Money(cost, 0)
		ok = ok && k
		_, k = r.Factor(rw, 0)
		ok = ok && k
		_, k = r.Points(pts, 4, 0)
		ok = ok && k
		_, k = r.Int(n, 0)
		ok = ok && k
		_, k = r.Date(day)
		ok = ok && k
		_, k = r.Bool(flag, false)
		ok = ok && k
		_, k = r.Enum(fd, fund, 0)
		ok = ok && k
		_, k = r.Money(opt, 0)
		ok = ok && k
		if !ok {
			t.Fatal("a valid cell was rejected")
		}
	})
	eq(t, 0.0, allocs, "allocations per record")
	eq(t, 0, r.Errs().Len())
}
