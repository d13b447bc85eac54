package files

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// records splits a CSV into its header and records (each record's line is its index + 2).
func records(t *testing.T, in string) ([]string, [][]string) {
	t.Helper()
	all, err := csv.NewReader(strings.NewReader(in)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return all[0], all[1:]
}

// The record decoders check exactly what the CSV readers check, with the same errors.
func TestRowsMatchCSV(t *testing.T) {
	cases := fullHeader +
		"C1,P1,H1,职工,dip,,K35.800x001,47.09|47.01,手术,2024-12-30,2025-01-04, 12345.6 ,2345.67,,1,0.55,2,12.3456,x\n" +
		"C2,,H2,居民,,GB11,,,,2025-03-01,2025-02-01,1.234,-1,psychiatric,2,1.5,,1.123456,\n" +
		"C3,P3,H3,nobody,bedday,,,,knife,2025-05-01,2025-05-32,100.00,100.01,hospice,0,1,,0,\n"
	want, wantErr := readAll(t, cases, "cases.csv", Options{PointScale: 4})
	header, recs := records(t, cases)
	errs := &pointvalue.ErrorList{Cap: 1 << 30}
	cr := NewCaseRows("cases.csv", header, Options{PointScale: 4}, errs)
	var got []budget.Case
	var c budget.Case
	for i, rec := range recs {
		if cr.Decode(rec, i+2, nil, &c) {
			got = append(got, copyCase(c))
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cases (-csv +rows):\n%s", diff)
	}
	if diff := cmp.Diff(wantErr.Error(), errs.Err().Error()); diff != "" {
		t.Errorf("errors (-csv +rows):\n%s", diff)
	}

	// A cell the caller reported is not reported again, and the record is bad.
	errs2 := &pointvalue.ErrorList{}
	cr2 := NewCaseRows("q", header, Options{}, errs2)
	bad := make([]bool, len(header))
	bad[11] = true // total_cost
	if cr2.Decode(recs[0], 1, bad, &c) || errs2.Len() != 0 {
		t.Errorf("a pre-reported cell: decoded or reported again: %v", errs2.Err())
	}

	// A missing required column: reported once on line 0, nothing decodes.
	errs3 := &pointvalue.ErrorList{}
	cr3 := NewCaseRows("q", header[1:], Options{}, errs3)
	if cr3.OK() || cr3.Decode(recs[0][1:], 1, nil, &c) || errs3.Len() != 1 || errs3.Errors[0].Line != 0 || errs3.Errors[0].Field != "case_id" {
		t.Errorf("missing case_id: %v", errs3.Err())
	}

	hospitals := "hospital_id,name,level,coefficient,assessment\nH1,A,三级,1.2,90\nH2,B,tertiary,0,101\nH1,C,secondary,,\nH3,D,x,,\n"
	wantH, wantHErr := ReadHospitals(strings.NewReader(hospitals), "hospitals.csv", Options{})
	header, recs = records(t, hospitals)
	errs = &pointvalue.ErrorList{}
	hr := NewHospitalRows("hospitals.csv", header, Options{}, errs)
	var gotH []budget.Hospital
	for i, rec := range recs {
		if h, ok := hr.Decode(rec, i+2, nil); ok {
			gotH = append(gotH, h)
		}
	}
	if diff := cmp.Diff(wantH, gotH); diff != "" {
		t.Errorf("hospitals (-csv +rows):\n%s", diff)
	}
	if diff := cmp.Diff(wantHErr.Error(), errs.Err().Error()); diff != "" {
		t.Errorf("hospital errors (-csv +rows):\n%s", diff)
	}
}
