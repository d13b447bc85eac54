package files

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

const fullHeader = "case_id,patient_id,hospital_id,fund,method,group,diagnosis,procedures,treatment,admit_date,discharge_date,total_cost,patient_share,bedday_category,incomplete,tcm_share,severity,special_points,extra\n"

func date(t *testing.T, s string) pointvalue.Date {
	t.Helper()
	d, err := pointvalue.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// batchCases returns the rows of a batch as Cases, in the order they were appended.
func batchCases(b *budget.Batch) []budget.Case {
	var out []budget.Case
	for i := range b.Len() {
		out = append(out, b.Case(i))
	}
	return out
}

// readAll reads every well-formed case of a cases.csv with a CaseReader, the
// strings copied out of its buffer.
func readAll(t *testing.T, in, source string, opt Options) ([]budget.Case, error) {
	t.Helper()
	errs := &pointvalue.ErrorList{Cap: 1 << 30}
	cr := NewCaseReader(strings.NewReader(in), source, opt, errs)
	var out []budget.Case
	var c budget.Case
	for cr.Next(&c) {
		out = append(out, copyCase(c))
	}
	return out, errs.Err()
}

// copyCase copies every string of c out of the reader's record buffer.
func copyCase(c budget.Case) budget.Case {
	for _, s := range []*string{&c.ID, &c.PatientID, &c.HospitalID, &c.Group, &c.Diagnosis, &c.Procedures,
		&c.BedDayCategory, &c.Severity, &c.FundText} {
		*s = strings.Clone(*s)
	}
	return c
}

func TestReadCasesFields(t *testing.T) {
	// A BOM, an unknown column (extra), Chinese enumerations, cells with spaces around them.
	in := "\ufeff" + fullHeader +
		"C1,P1,H1,职工,dip,,K35.800x001,47.09|47.01,手术,2024-12-30,2025-01-04, 12345.6 ,2345.67,,1,0.55,2,12.3456,x\n" +
		"C2,,H2,居民,,GB11,,,,2025-03-01,2025-03-01,0,0,psychiatric,,,,,\n" +
		"C3,P3,H3,resident,bedday,,,,介入,2025-05-01,2025-05-02,100.00,100.00,hospice,0,1,,0,\n"
	want := []budget.Case{
		{ID: "C1", PatientID: "P1", HospitalID: "H1", Fund: param.Employee, Method: param.DIP, MethodGiven: true,
			Diagnosis: "K35.800x001", Procedures: "47.09|47.01", Treatment: dip.Surgical,
			Admit: date(t, "2024-12-30"), Discharge: date(t, "2025-01-04"),
			TotalCost: 1234560, PatientShare: 234567, // 12345.60 and 2345.67 yuan in fen
			Incomplete: true, TCMShare: 55_000_000, HasTCMShare: true, Severity: "2", // 0.55 in 1e-8
			SpecialPoints: 1_234_560_000, HasSpecial: true, Line: 2, FundText: "职工"}, // 12.3456 points in 1e-8
		{ID: "C2", HospitalID: "H2", Fund: param.Resident, Group: "GB11", Admit: date(t, "2025-03-01"), Discharge: date(t, "2025-03-01"),
			BedDayCategory: "psychiatric", Line: 3, FundText: "居民"},
		{ID: "C3", PatientID: "P3", HospitalID: "H3", Fund: param.Resident, Method: param.BedDay, MethodGiven: true, Treatment: dip.Surgical,
			Admit: date(t, "2025-05-01"), Discharge: date(t, "2025-05-02"), TotalCost: 10000, PatientShare: 10000,
			BedDayCategory: "hospice", TCMShare: pointvalue.One, HasTCMShare: true, HasSpecial: true, Line: 4, FundText: "resident"},
	}
	// The reader yields the cases as read.
	got, err := readAll(t, in, "dir/cases.csv", Options{PointScale: 4})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("cases read (-want +got):\n%s", d)
	}
	// ReadCases appends them to a batch, which gives them back the same, but
	// for a fund text that is the fund's English word: the batch keeps it as ""
	// (errors name the fund's word either way).
	b, err := ReadCases(strings.NewReader(in), "dir/cases.csv", Options{PointScale: 4})
	if err != nil {
		t.Fatal(err)
	}
	want[2].FundText = ""
	if d := cmp.Diff(want, batchCases(b)); d != "" {
		t.Errorf("batch (-want +got):\n%s", d)
	}
}

func TestReadCasesErrors(t *testing.T) {
	const h = "case_id,hospital_id,fund,method,treatment,admit_date,discharge_date,total_cost,patient_share,incomplete,tcm_share,special_points\n"
	for _, tc := range []struct {
		name, rows string
		want       []string
	}{
		{"share above cost", "C1,H1,employee,,,2025-01-01,2025-01-02,10.00,10.01,,,\n",
			[]string{"cases.csv:2: patient_share: 10.01: patient share above total cost"}},
		{"discharge before admission", "C1,H1,employee,,,2025-01-02,2025-01-01,10.00,1.00,,,\n",
			[]string{"cases.csv:2: discharge_date: 2025-01-01: discharge before admission"}},
		{"negative and over-precise money", "C1,H1,employee,,,2025-01-01,2025-01-02,-1.00,0.001,,,\n",
			[]string{"cases.csv:2: total_cost: -1.00: negative value not allowed",
				"cases.csv:2: patient_share: 0.001: more decimals than allowed: at most 2 decimals"}},
		{"impossible date", "C1,H1,employee,,,2025-02-29,2025-04-31,10.00,1.00,,,\n",
			[]string{"cases.csv:2: admit_date: 2025-02-29: not a valid date (YYYY-MM-DD)",
				"cases.csv:2: discharge_date: 2025-04-31: not a valid date (YYYY-MM-DD)"}},
		{"empty required", "C1,,,,,2025-01-01,2025-01-02,10.00,1.00,,,\n",
			[]string{"cases.csv:2: hospital_id: : required value is empty", "cases.csv:2: fund: : required value is empty"}},
		{"enumerations", "C1,H1,farmer,fee,surgery,2025-01-01,2025-01-02,10.00,1.00,2,,\n",
			[]string{"cases.csv:2: fund: farmer: not one of the allowed values: employee, 职工, 职工医保, resident, 居民, 居民医保",
				"cases.csv:2: method: fee: not one of the allowed values: drg, dip, bedday",
				"cases.csv:2: treatment: surgery: not one of the allowed values: conservative, 保守治疗, diagnostic, 诊断性操作, therapeutic, 治疗性操作, surgical, 手术, interventional, 介入",
				"cases.csv:2: incomplete: 2: not a boolean (0 or 1)"}},
		{"tcm share above 1", "C1,H1,employee,,,2025-01-01,2025-01-02,10.00,1.00,,1.01,\n",
			[]string{"cases.csv:2: tcm_share: 1.01: value out of range: a share is in [0, 1]"}},
		{"special points beyond the point scale", "C1,H1,employee,,,2025-01-01,2025-01-02,10.00,1.00,,,1.23456\n",
			[]string{"cases.csv:2: special_points: 1.23456: more decimals than allowed: at most 4 decimals"}},
		{"wrong field count", "C1,H1\n",
			[]string{"cases.csv:2: : : malformed record: 2 fields, the header has 12"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadCases(strings.NewReader(h+tc.rows), "cases.csv", Options{PointScale: 4})
			if got.Len() != 0 {
				t.Errorf("a bad record was yielded: %+v", batchCases(got))
			}
			if d := cmp.Diff(strings.Join(tc.want, "\n"), errLines(err)); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}
}

func errLines(err error) string {
	list, ok := err.(*pointvalue.ErrorList)
	if !ok {
		return errText(err)
	}
	var s []string
	for _, e := range list.Errors {
		s = append(s, e.Error())
	}
	return strings.Join(s, "\n")
}

func TestReadCasesMissingColumns(t *testing.T) {
	got, err := ReadCases(strings.NewReader("case_id,hospital_id,fund,admit_date,discharge_date,total_cost\nC1,H1,employee,2025-01-01,2025-01-01,1\n"), "cases.csv", Options{PointScale: 4})
	if got.Len() != 0 || errLines(err) != "cases.csv:1: patient_share: : required column is missing" {
		t.Errorf("got %v, %q", batchCases(got), errLines(err))
	}
}

// TestCaseReaderStreams: bad records are skipped, the rest yielded in order with
// their physical lines (a quoted newline takes a line), the errors go to the
// caller's list.
func TestCaseReaderStreams(t *testing.T) {
	in := "case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share,diagnosis\n" +
		"C1,H1,employee,2025-01-01,2025-01-02,1.00,0,\"two\nlines\"\n" + // lines 2–3
		"C2,H1,employee,2025-01-01,2025-01-02,x,0,\n" + // line 4: bad
		"\n" + // line 5: blank, skipped
		"C3,H1,employee,2025-01-01,2025-01-02,1.00,0,\n" // line 6
	var errs pointvalue.ErrorList
	cr := NewCaseReader(strings.NewReader(in), "cases.csv", Options{PointScale: 4}, &errs)
	var c budget.Case
	var ids []string
	var lines []int
	for cr.Next(&c) {
		ids = append(ids, strings.Clone(c.ID)) // c's strings view the reader's buffer until the next Next
		lines = append(lines, c.Line)
	}
	if d := cmp.Diff([]string{"C1", "C3"}, ids); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff([]int{2, 6}, lines); d != "" {
		t.Error(d)
	}
	if cr.Errs() != &errs || cr.Source() != "cases.csv" || errLines(errs.Err()) != "cases.csv:4: total_cost: x: not a number" {
		t.Errorf("errors %q", errLines(errs.Err()))
	}
}

func TestHistoryReader(t *testing.T) {
	in := "year,case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share\n" +
		"2023,C1,H1,employee,2023-01-01,2023-01-02,1.00,0\n" +
		"2024.0,C2,H1,resident,2024-01-01,2024-01-02,2.00,0\n" +
		",C3,H1,resident,2024-01-01,2024-01-02,2.00,0\n"
	var errs pointvalue.ErrorList
	hr := NewHistoryReader(strings.NewReader(in), "history.csv", Options{PointScale: 4}, &errs)
	var c budget.Case
	var got []string
	for hr.Next(&c) {
		got = append(got, c.ID+"/"+string(rune('0'+hr.Year%10)))
	}
	if d := cmp.Diff([]string{"C1/3", "C2/4"}, got); d != "" {
		t.Error(d)
	}
	if errLines(errs.Err()) != "history.csv:4: year: : required value is empty" {
		t.Errorf("errors %q", errLines(errs.Err()))
	}
	// cases.csv without year is not a history file
	_, err := ReadCases(strings.NewReader(in), "cases.csv", Options{PointScale: 4})
	if err != nil {
		t.Errorf("a year column in cases.csv is unknown, ignored: %v", err)
	}
	errs = pointvalue.ErrorList{}
	hr = NewHistoryReader(strings.NewReader("case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share\n"), "history.csv", Options{PointScale: 4}, &errs)
	if hr.Next(&c) || errLines(errs.Err()) != "history.csv:1: year: : required column is missing" {
		t.Errorf("errors %q", errLines(errs.Err()))
	}
}

// TestReadCasesReadError: an I/O error mid-file is an error on the line after the
// last one read, not a panic, and the records before it are kept.
func TestReadCasesReadError(t *testing.T) {
	in := "case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share\n" +
		"C1,H1,employee,2025-01-01,2025-01-02,1.00,0\n"
	got, err := ReadCases(&errReader{data: []byte(in)}, "cases.csv", Options{PointScale: 4})
	if got.Len() != 1 || got.Case(0).ID != "C1" {
		t.Errorf("cases %+v", batchCases(got))
	}
	if errLines(err) != "cases.csv:3: : : malformed record: read error: unexpected EOF" {
		t.Errorf("error %q", errLines(err))
	}
}

// TestReadHistoryCopiesStrings: the cases ReadHistory returns own their
// strings. The reader reuses its record buffer (NewCaseReader: a case's
// strings view it until the next Next), so every string a returned case keeps
// must be copied; a history long enough to refill the buffer many times shows
// any that is not.
func TestReadHistoryCopiesStrings(t *testing.T) {
	funds := []string{"职工", "resident", "居民医保", "employee", "职工医保", "居民"}
	var b strings.Builder
	b.WriteString(fullHeader[:len(fullHeader)-len(",extra\n")] + ",year\n")
	const n = 20000
	for i := range n {
		fmt.Fprintf(&b, "C%05d,P%05d,H%03d,%s,dip,G%03d,D%03d,P%03d|Q%03d,手术,2024-01-01,2024-01-02,1.00,0,B%02d,0,,S%02d,,2024\n",
			i, i, i%997, funds[i%len(funds)], i%991, i%983, i%977, i%971, i%97, i%89)
	}
	cases, years, err := ReadHistory(strings.NewReader(b.String()), "history.csv", Options{PointScale: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != n || len(years) != n {
		t.Fatalf("%d cases, %d years", len(cases), len(years))
	}
	bad := map[string]int{}
	for i, c := range cases {
		for field, want := range map[string][2]string{
			"case_id":         {c.ID, fmt.Sprintf("C%05d", i)},
			"patient_id":      {c.PatientID, fmt.Sprintf("P%05d", i)},
			"hospital_id":     {c.HospitalID, fmt.Sprintf("H%03d", i%997)},
			"fund":            {c.FundText, funds[i%len(funds)]},
			"group":           {c.Group, fmt.Sprintf("G%03d", i%991)},
			"diagnosis":       {c.Diagnosis, fmt.Sprintf("D%03d", i%983)},
			"procedures":      {c.Procedures, fmt.Sprintf("P%03d|Q%03d", i%977, i%971)},
			"bedday_category": {c.BedDayCategory, fmt.Sprintf("B%02d", i%97)},
			"severity":        {c.Severity, fmt.Sprintf("S%02d", i%89)},
		} {
			if want[0] != want[1] {
				bad[field]++
			}
		}
	}
	if len(bad) > 0 {
		t.Errorf("strings of returned cases changed after they were read (field: cases): %v", bad)
	}
}
