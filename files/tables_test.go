package files

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

func openTable(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/tables/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestReadHospitals(t *testing.T) {
	got, err := ReadHospitals(openTable(t, "hospitals.csv"), "testdata/tables/hospitals.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []budget.Hospital{
		{Line: 2, ID: "H001", Name: "市一院", Level: param.Tertiary, Coefficient: 120_000_000, HasCoefficient: true, Assessment: 9_550_000_000, HasAssessment: true}, // 1.2, 95.5
		{Line: 3, ID: "H002", Name: "County", Level: param.Secondary, Coefficient: pointvalue.One, Assessment: 100 * pointvalue.One, HasAssessment: true},
		{Line: 4, ID: "C001", Name: "Clinic", Level: param.Primary, Coefficient: 95_000_000, HasCoefficient: true, Assessment: 100 * pointvalue.One, HasAssessment: true},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	// An empty coefficient: 1 for DRG, the level's for DIP.
	p := policy.Default("X", 2025, "1")
	p.DIP.LevelCoefficients[param.Secondary] = 90_000_000
	k := func(h budget.Hospital, m param.Method) pointvalue.Factor {
		v, _, _ := h.CoefficientFor(m, param.Employee, p)
		return v
	}
	if k(got[1], param.DRG) != pointvalue.One || k(got[1], param.DIP) != 90_000_000 || k(got[0], param.DIP) != 120_000_000 {
		t.Error("CoefficientFor")
	}
}

func TestReadTablesErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		read  func(io.Reader, string) (int, error)
		input string
		rows  int // rows read well
		want  []string
	}{
		{"hospitals", readN(ReadHospitals), "hospital_id,level,coefficient,assessment\n" +
			"H1,tertiary,1,100\n" +
			"H2,四级,1,100\n" +
			"H3,primary,0,100.5\n" +
			"H1,primary,,\n" +
			",primary,1.123456789,-1\n" +
			"H4,primary\n", 1, []string{
			"hospitals.csv:3: level: 四级: not one of the allowed values: tertiary, 三级, secondary, 二级, primary, 一级及以下",
			"hospitals.csv:4: coefficient: 0: value out of range: a coefficient is greater than 0",
			"hospitals.csv:4: assessment: 100.5: value out of range: an assessment score is in [0, 100]",
			"hospitals.csv:5: hospital_id: H1: duplicate key",
			"hospitals.csv:6: hospital_id: : required value is empty",
			"hospitals.csv:6: coefficient: 1.123456789: more decimals than allowed: at most 8 decimals",
			"hospitals.csv:6: assessment: -1: negative value not allowed",
			"hospitals.csv:7: : : malformed record: 2 fields, the header has 4",
		}},
		{"hospitals (missing level column)", readN(ReadHospitals), "hospital_id,name\nH1,x\n", 0, []string{
			"hospitals.csv:1: level: : required column is missing",
		}},
		{"members", readN(ReadMembers), "institution_id,fund,age_band,members\n" +
			"C1,resident,0-6,10\n" +
			"C1,居民,0-6,5\n" +
			"C1,retired,0-6,5\n" +
			"C2,employee,,1.5\n" +
			"C3,employee,,-2\n", 1, []string{
			"members.csv:3: institution_id: C1: duplicate key",
			"members.csv:4: fund: retired: not one of the allowed values: employee, 职工, 职工医保, resident, 居民, 居民医保",
			"members.csv:5: members: 1.5: more decimals than allowed: a whole number is required",
			"members.csv:6: members: -2: negative value not allowed",
		}},
		{"spending", readN(ReadSpending), "institution_id,fund,own_spending,referred_spending\n" +
			"C1,resident,1.005,0\n" +
			"C1,resident,1,0\n" +
			"C2,employee,,\n" +
			"C3,employee,-1,abc\n" +
			"C4,resident,5,\n", 1, []string{
			"spending.csv:2: own_spending: 1.005: more decimals than allowed: at most 2 decimals",
			"spending.csv:3: institution_id: C1: duplicate key", // A34: a second row for (C1, resident), even after a bad first one
			"spending.csv:4: own_spending: : required value is empty",
			"spending.csv:5: own_spending: -1: negative value not allowed",
			"spending.csv:5: referred_spending: abc: not a number",
		}},
		{"adjustments", readN(ReadAdjustments), "hospital_id,fund,method,advances_paid,deductions\n" +
			"H1,employee,drg,100,0\n" +
			"H1,职工,drg,,\n" +
			"H1,employee,fee,,\n" +
			"H2,employee,dip,-5,\n" +
			"H3,employee,dip,,0.001\n", 1, []string{
			"adjustments.csv:3: hospital_id: H1: duplicate key",
			"adjustments.csv:4: method: fee: not one of the allowed values: drg, dip, bedday, capita",
			"adjustments.csv:5: advances_paid: -5: negative value not allowed",
			"adjustments.csv:6: deductions: 0.001: more decimals than allowed: at most 2 decimals",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Fields(tc.name)[0] + ".csv"
			n, err := tc.read(strings.NewReader(tc.input), "in/"+src)
			want := strings.Join(tc.want, "\n")
			if errText(err) != want {
				t.Errorf("got\n%s\nwant\n%s", errText(err), want)
			}
			if n != tc.rows {
				t.Errorf("rows read well = %d, want %d", n, tc.rows)
			}
			var l *pointvalue.ErrorList
			if !errors.As(err, &l) || l.Len() != len(tc.want) {
				t.Errorf("not an ErrorList of %d errors", len(tc.want))
			}
		})
	}
}

// readN adapts a table reader (default options: UTF-8) to return the number of rows read well.
func readN[T any](read func(io.Reader, string, Options) ([]T, error)) func(io.Reader, string) (int, error) {
	return func(r io.Reader, src string) (int, error) {
		rows, err := read(r, src, Options{})
		return len(rows), err
	}
}

func TestReadSmallTables(t *testing.T) {
	members, err := ReadMembers(openTable(t, "members.csv"), "members.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantM := []budget.Members{
		{Line: 2, Institution: "C001", Fund: param.Resident, FundText: "居民", AgeBand: "0-6", Members: 1200},
		{Line: 3, Institution: "C001", Fund: param.Resident, FundText: "resident", AgeBand: "65+", Members: 300},
		{Line: 4, Institution: "C001", Fund: param.Employee, FundText: "employee", AgeBand: "", Members: 1000},
	}
	if d := cmp.Diff(wantM, members); d != "" {
		t.Errorf("members (-want +got)\n%s", d)
	}

	spending, err := ReadSpending(openTable(t, "spending.csv"), "spending.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantS := []budget.Spending{
		{Line: 2, Institution: "C001", Fund: param.Resident, FundText: "resident", Own: pointvalue.Fen(12_000_050), Referred: pointvalue.Yuan(30_000)}, // 120000.50, 30000
		{Line: 3, Institution: "C001", Fund: param.Employee, FundText: "职工", Own: pointvalue.Yuan(80_000), Referred: 0},                                // empty → 0
	}
	if d := cmp.Diff(wantS, spending); d != "" {
		t.Errorf("spending (-want +got)\n%s", d)
	}

	adj, err := ReadAdjustments(openTable(t, "adjustments.csv"), "adjustments.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantA := []budget.Adjustment{
		{Line: 2, Hospital: "H001", Fund: param.Employee, Method: param.DRG, AdvancesPaid: pointvalue.Yuan(1_000_000), HasAdvancesPaid: true, Deductions: pointvalue.Fen(250_050)}, // 2500.5
		{Line: 3, Hospital: "H001", Fund: param.Resident, Method: param.DRG},                                                                  // empty advances: computed by CLR-1
		{Line: 4, Hospital: "C001", Fund: param.Resident, Method: param.Capita, AdvancesPaid: pointvalue.Yuan(50_000), HasAdvancesPaid: true}, // 0 deductions
	}
	if d := cmp.Diff(wantA, adj); d != "" {
		t.Errorf("adjustments (-want +got)\n%s", d)
	}
}

func TestReadTablesEmpty(t *testing.T) {
	_, err := ReadSpending(strings.NewReader(""), "spending.csv", Options{})
	if want := "spending.csv:1: : : malformed record: empty input: no header row"; errText(err) != want {
		t.Errorf("got %v", err)
	}
	rows, err := ReadMembers(strings.NewReader("institution_id,fund,members\n"), "members.csv", Options{})
	if err != nil || len(rows) != 0 {
		t.Errorf("header only: %v %v", rows, err)
	}
}
