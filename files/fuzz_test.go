package files

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// The readers of the policy-year tables never panic on any input (ERR-4), and every
// error they return is a *pointvalue.ErrorList of record errors naming the source
// and a line ≥ 1 (the header is line 1) within the input — or line 0 for the one
// error of a file in the wrong text encoding (docs/formats.md: "cases.csv:0: :
// : not UTF-8"); every row they return comes from a data line (≥ 2).

// checkReaderErr checks the error of a reader fed data under the source name "in.csv".
func checkReaderErr(t *testing.T, data []byte, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var list *pointvalue.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is not an ErrorList: %v", err)
	}
	if list.Len() == 0 {
		t.Fatal("an empty error list returned as an error")
	}
	lines := bytes.Count(data, []byte("\n")) + 1
	for _, e := range list.Errors {
		minLine := 1
		if errors.Is(e, pointvalue.ErrEncoding) {
			minLine = 0 // an error of the whole file
		}
		if e.Source != "in.csv" || e.Line < minLine || e.Line > lines || e.Err == nil {
			t.Fatalf("bad error location %q line %d of %d: %v", e.Source, e.Line, lines, e)
		}
	}
}

func checkLine(t *testing.T, data []byte, line int) {
	t.Helper()
	if line < 2 || line > bytes.Count(data, []byte("\n"))+1 {
		t.Fatalf("row from line %d", line)
	}
}

var readerSeeds = []string{
	"",
	"\ufeff",
	"a,b\n1,2\n",
	"x\n\"unclosed\n",
	"\ufeff\"q\"\"\",b\r\n\r\n   \n",
	"\xbb",               // not UTF-8: one error for the file, line 0
	"a\n\xff\xfe\n",      // not UTF-8 past the header
	"\xff\xfea\x00,\x00", // a UTF-16 byte-order mark
}

func addSeeds(f *testing.F, seeds ...string) {
	for _, s := range append(readerSeeds, seeds...) {
		f.Add([]byte(s))
	}
}

func FuzzReadCases(f *testing.F) {
	addSeeds(f,
		"case_id,patient_id,hospital_id,fund,method,group,diagnosis,procedures,treatment,admit_date,discharge_date,total_cost,patient_share,bedday_category,incomplete,tcm_share,severity,special_points\n"+
			"C1,P1,H1,employee,drg,GB11,,,,2025-01-01,2025-01-05,10000.00,2000.00,,0,,,\n"+
			"C2,P1,H1,居民,dip,,K35.8,47.09|47.01,手术,2025-01-01,2025-01-05,1.234,-1,psychiatric,2,1.5,2,12.34567\n"+
			"C3,,H2,resident,bedday,,,,,2025-02-30,2025-01-01,5.00,6.00,,1,0.5,,\n",
		"case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share\nC1,H1,职工,2025-03-02,2025-03-01,1,2\n,,,,,,\n",
		"case_id,hospital_id\nC1,H1\n",
		"case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share,age,birth_date,gend,dscg_way,act_ipt_days,secondary_diagnoses,psn_selfpay,psn_ownpay,days_rinp_flag_31,icu_days\n"+
			"C1,H1,employee,2025-01-01,2025-01-10,100.00,10.00,40,1984-05-01,1,5,9,E11.9|I10,20.00,30.00,2,3\n"+
			"C2,H1,employee,2025-01-01,2025-01-10,100.00,10.00,151,2026-01-01,男,7,12,I10||I10,90.00,20.00,3,11\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []Options{{PointScale: 4}, {PointScale: 8}, {PointScale: 4, Encoding: "gb18030"}, {PointScale: 4, Monitoring: true}, {PointScale: 4, Monitoring: true, Lenient: true}} {
			cases, err := ReadCases(bytes.NewReader(data), "in.csv", opt)
			checkReaderErr(t, data, err)
			for i := range cases.Len() {
				c := cases.Case(i)
				checkLine(t, data, c.Line)
				if c.PatientShare > c.TotalCost || c.PatientShare < 0 || c.Discharge < c.Admit ||
					c.TCMShare < 0 || c.TCMShare > pointvalue.One || c.SpecialPoints < 0 {
					t.Fatalf("a case breaking the reader's checks was yielded: %+v", c)
				}
				// docs/monitoring.md §1: what the settlement-list checks promise of a case read
				l := c.List
				stay := int(c.Discharge-c.Admit) + 1
				if l.HasAge && (l.Age < 0 || l.Age > 150) || l.LOS < 0 || l.LOS > stay ||
					l.HasSelfPay && l.SelfPay < 0 || l.HasOwnPay && l.OwnPay < 0 ||
					l.HasSelfPay && l.HasOwnPay && l.SelfPay+l.OwnPay > c.TotalCost ||
					l.HasICUDays && (l.ICUDays < 0 || l.ICUDays > max(l.LOS, 1) && l.LOS > 0) ||
					strings.Contains(l.SecondaryDiagnoses, " ") {
					t.Fatalf("a case breaking the settlement-list checks was yielded (%+v): %+v", opt, l)
				}
			}
		}
		// the history reader: the same plus a required year column
		var errs pointvalue.ErrorList
		hr := NewHistoryReader(bytes.NewReader(data), "in.csv", Options{PointScale: 4}, &errs)
		var c budget.Case
		for hr.Next(&c) {
			checkLine(t, data, c.Line)
			if hr.Year < 0 {
				t.Fatalf("year %d", hr.Year)
			}
		}
		checkReaderErr(t, data, errs.Err())
	})
}

func FuzzReadHospitals(f *testing.F) {
	addSeeds(f,
		"hospital_id,name,level,coefficient,assessment\nH1,市一院,三级,1.2,95.5\nH1,dup,secondary,,\nH2,x,fourth,0,100.01\nH3,,primary,-1,x\n",
		"\ufeffhospital_id,level\nH1,tertiary\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadHospitals(bytes.NewReader(data), "in.csv", Options{})
		checkReaderErr(t, data, err)
		seen := map[string]bool{}
		for _, h := range rows {
			checkLine(t, data, h.Line)
			if seen[h.ID] || h.ID == "" || h.Assessment < 0 || h.Assessment > 100*pointvalue.One || (h.HasCoefficient && h.Coefficient <= 0) {
				t.Fatalf("bad hospital row %+v", h)
			}
			seen[h.ID] = true
		}
	})
}

func FuzzReadMembers(f *testing.F) {
	addSeeds(f,
		"institution_id,fund,age_band,members\nC1,employee,18-59,100\nC1,职工,18-59,5\nC2,x,,1.5\nC3,resident,,-1\n",
		"institution_id,fund,members\nC1,居民,99999999999999999999\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadMembers(bytes.NewReader(data), "in.csv", Options{})
		checkReaderErr(t, data, err)
		for _, m := range rows {
			checkLine(t, data, m.Line)
			if m.Members < 0 || m.Institution == "" {
				t.Fatalf("bad members row %+v", m)
			}
		}
	})
}

func FuzzReadSpending(f *testing.F) {
	addSeeds(f,
		"institution_id,fund,own_spending,referred_spending\nC1,employee,1000.00,20.5\nC1,职工,1,1\nC2,resident,1.234,-3\nC3,居民,,\n",
		"institution_id,fund,own_spending\nC1,employee,1e3\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadSpending(bytes.NewReader(data), "in.csv", Options{})
		checkReaderErr(t, data, err)
		for _, s := range rows {
			checkLine(t, data, s.Line)
			if s.Own < 0 || s.Referred < 0 || s.Institution == "" {
				t.Fatalf("bad spending row %+v", s)
			}
		}
	})
}

func FuzzReadAdjustments(f *testing.F) {
	addSeeds(f,
		"hospital_id,fund,method,advances_paid,deductions\nH1,employee,drg,100.00,5\nH1,职工,drg,,\nH2,resident,capita,-1,1.001\nH3,居民,fee,,\n",
		"hospital_id,fund,method\nH1,employee,bedday\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadAdjustments(bytes.NewReader(data), "in.csv", Options{})
		checkReaderErr(t, data, err)
		for _, a := range rows {
			checkLine(t, data, a.Line)
			if a.AdvancesPaid < 0 || a.Deductions < 0 || a.Hospital == "" || (!a.HasAdvancesPaid && a.AdvancesPaid != 0) {
				t.Fatalf("bad adjustment row %+v", a)
			}
		}
	})
}

// errReader fails after its data: a reader error mid-file is reported, not a panic.
type errReader struct{ data []byte }

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.ErrUnexpectedEOF
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
