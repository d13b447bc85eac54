package files

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// adjustments.csv's optional month column (VAR-9): month rows carry their
// deductions; advances_paid only on the year row; the key includes the month.
func TestReadAdjustmentsMonths(t *testing.T) {
	in := "hospital_id,fund,method,advances_paid,deductions,month\n" +
		"H1,employee,dip,,,\n" + // the year row
		"H1,employee,dip,,1200.00,2025-01\n" +
		"H1,employee,dip,,300.00,2025-02\n" +
		"H1,employee,dip,,5.00,2025-02\n" + // duplicate (H1, employee, dip, 2025-02)
		"H1,employee,dip,100.00,,2025-03\n" + // advances_paid on a month row
		"H1,employee,dip,,,2025-13\n" +
		"H1,employee,dip,,,2025-1\n" +
		"H1,employee,dip,,,+025-01\n"
	got, err := ReadAdjustments(strings.NewReader(in), "adjustments.csv", Options{})
	want := []string{
		"adjustments.csv:5: hospital_id: H1: duplicate key",
		"adjustments.csv:6: advances_paid: 100.00: invalid argument: advances_paid belongs on the year row (empty month), VAR-9",
		"adjustments.csv:7: month: 2025-13: not a valid date (YYYY-MM-DD): a month is YYYY-MM",
		"adjustments.csv:8: month: 2025-1: not a valid date (YYYY-MM-DD): a month is YYYY-MM",
		"adjustments.csv:9: month: +025-01: not a valid date (YYYY-MM-DD): a month is YYYY-MM",
	}
	if errText(err) != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", errText(err), strings.Join(want, "\n"))
	}
	wantA := []budget.Adjustment{
		{Line: 2, Hospital: "H1", Fund: param.Employee, Method: param.DIP},
		{Line: 3, Hospital: "H1", Fund: param.Employee, Method: param.DIP, Deductions: pointvalue.Yuan(1200), Year: 2025, Month: 1},
		{Line: 4, Hospital: "H1", Fund: param.Employee, Method: param.DIP, Deductions: pointvalue.Yuan(300), Year: 2025, Month: 2},
	}
	if d := cmp.Diff(wantA, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

// hospitals.csv's optional base_points_employee, base_points_resident (VAR-8):
// ≥ 0, at most the policy's PointScale decimals; empty: none.
func TestReadHospitalsBasePoints(t *testing.T) {
	in := "hospital_id,level,base_points_employee,base_points_resident\n" +
		"H1,tertiary,40000,\n" +
		"H2,secondary,0,1234.5678\n" +
		"H3,primary,-1,\n" +
		"H4,primary,,1.00001\n"
	got, err := ReadHospitals(strings.NewReader(in), "hospitals.csv", Options{PointScale: 4})
	want := "hospitals.csv:4: base_points_employee: -1: negative value not allowed\n" +
		"hospitals.csv:5: base_points_resident: 1.00001: more decimals than allowed: at most 4 decimals"
	if errText(err) != want {
		t.Errorf("got\n%s\nwant\n%s", errText(err), want)
	}
	if len(got) != 2 {
		t.Fatalf("%d rows", len(got))
	}
	if h := got[0]; !h.HasBasePoints[param.Employee] || h.BasePoints[param.Employee] != pointvalue.PointsFromInt(40000) || h.HasBasePoints[param.Resident] {
		t.Errorf("H1 %+v", h)
	}
	if h := got[1]; !h.HasBasePoints[param.Employee] || h.BasePoints[param.Employee] != 0 ||
		!h.HasBasePoints[param.Resident] || h.BasePoints[param.Resident] != pointvalue.MustPoints("1234.5678") {
		t.Errorf("H2 %+v", h)
	}
	// Without the columns: none.
	got, err = ReadHospitals(strings.NewReader("hospital_id,level\nH1,tertiary\n"), "hospitals.csv", Options{})
	if err != nil || got[0].HasBasePoints != [param.NumFunds]bool{} {
		t.Errorf("%v %+v", err, got)
	}
}
