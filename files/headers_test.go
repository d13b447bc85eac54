package files

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
)

// TestHeaderNearMiss: in every input table a header name one edit away from a
// known column that the file lacks is an error naming it and the column meant
// (docs/formats.md), not an unknown column quietly ignored while the known
// one takes its default (issue 14: `coefficent` made every coefficient 1).
func TestHeaderNearMiss(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		read        func(string) error
		want        string
	}{
		{"hospitals coefficent", "hospital_id,level,coefficent\nH1,tertiary,1.2\n", readString(ReadHospitals, "hospitals.csv"),
			"hospitals.csv:1: coefficent: : unknown column (did you mean coefficient?)"},
		{"hospitals assesment", "hospital_id,level,Assesment\nH1,tertiary,90\n", readString(ReadHospitals, "hospitals.csv"),
			"hospitals.csv:1: Assesment: : unknown column (did you mean assessment?)"},
		{"cases special_point", casesHeaderWith("special_point"), readString(ReadCases, "cases.csv"),
			"cases.csv:1: special_point: : unknown column (did you mean special_points?)"},
		{"cases tcm_shares", casesHeaderWith("tcm_shares"), readString(ReadCases, "cases.csv"),
			"cases.csv:1: tcm_shares: : unknown column (did you mean tcm_share?)"},
		{"cases incomplet", casesHeaderWith("incomplet"), readString(ReadCases, "cases.csv"),
			"cases.csv:1: incomplet: : unknown column (did you mean incomplete?)"},
		{"members age_bnad", "institution_id,fund,age_bnad,members\nC1,employee,0-6,1\n", readString(ReadMembers, "members.csv"),
			"members.csv:1: age_bnad: : unknown column (did you mean age_band?)"},
		{"spending referred_spendings", "institution_id,fund,own_spending,referred_spendings\nC1,employee,1,1\n", readString(ReadSpending, "spending.csv"),
			"spending.csv:1: referred_spendings: : unknown column (did you mean referred_spending?)"},
		{"adjustments deduction", "hospital_id,fund,method,deduction\nH1,employee,drg,1\n", readString(ReadAdjustments, "adjustments.csv"),
			"adjustments.csv:1: deduction: : unknown column (did you mean deductions?)"},
		{"weights stabel", "drg_code,weight,name,stabel\nG1,1,x,0\n", func(in string) error {
			_, err := drg.ReadWeights(strings.NewReader(in), "weights.csv")
			return err
		}, "weights.csv:1: stabel: : unknown column (did you mean stable?)"},
		{"catalog avg_cost_tertairy", "group_code,kind,diagnosis,score,avg_cost,avg_cost_tertairy\nK35.8,core,K35.8,100,1000,1200\n", func(in string) error {
			_, err := dip.ReadCatalog(strings.NewReader(in), "catalog.csv", 4)
			return err
		}, "catalog.csv:1: avg_cost_tertairy: : unknown column (did you mean avg_cost_tertiary?)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := errText(tc.read(tc.input)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// casesHeaderWith is a cases.csv with one good row and an extra column col (value "1").
func casesHeaderWith(col string) string {
	return "case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share," + col + "\n" +
		"C1,H1,employee,2025-03-01,2025-03-05,100.00,10.00,1\n"
}

// readString adapts a reader to read a string as the file source.
func readString[T any](read func(io.Reader, string, Options) (T, error), source string) func(string) error {
	return func(in string) error { _, err := read(strings.NewReader(in), source, Options{}); return err }
}

// TestHeaderFolding: header names are matched after trimming spaces and ASCII
// case-folding; the columns of real exports (remark, note, date, 备注) are
// ignored and listed once per file in the Result.
func TestHeaderFolding(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f := Files{
		Policy: write("policy.json", `{"region": "T", "year": 2025, "version": "1",
  "funds": {"employee": {"budget": {"method": "given", "amount": "100000.00"}, "region_avg_cost": "10000.00"}}}`),
		Hospitals: write("hospitals.csv", " Hospital_ID ,LEVEL, Coefficient ,Assessment,remark,备注,Remark\nH1,tertiary,1.2,90,x,y,z\n"),
		Weights:   write("weights.csv", "DRG_Code,Weight,Name,note\nG1,1,x,n\n"),
		Cases: write("cases.csv", "Case_ID,Hospital_ID,FUND,Group,Admit_Date,Discharge_Date,Total_Cost,Patient_Share,date\n"+
			"C1,H1,employee,G1,2025-03-01,2025-03-05,10000.00,2000.00,2025-03-05\n"),
	}
	res, err := Settle(context.Background(), f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []budget.IgnoredColumn{
		{Source: "hospitals.csv", Column: "remark"}, {Source: "hospitals.csv", Column: "备注"},
		{Source: "weights.csv", Column: "note"},
		{Source: "cases.csv", Column: "date"},
	}
	if d := cmp.Diff(want, res.Ignored); d != "" {
		t.Errorf("Ignored (-want +got)\n%s", d)
	}
	// The folded columns were read: coefficient 1.2 and assessment 90 apply.
	c := res.Explain(0)
	if c.Coef != 120_000_000 || c.Points != 120*100_000_000 {
		t.Errorf("case C1: coef %s points %s, want 1.2 and 120", c.Coef, c.Points)
	}
	if h := res.Hospitals[0]; h.Assessment != 90*100_000_000 {
		t.Errorf("assessment %s, want 90", h.Assessment)
	}
	sres, err := Stream(context.Background(), f, Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer sres.Close()
	if d := cmp.Diff(want, sres.Ignored); d != "" {
		t.Errorf("Stream: Ignored (-want +got)\n%s", d)
	}
}
