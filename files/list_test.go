package files

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/pointvalue"
)

const listHeader = "case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share,age,brdy,gend,dscg_way,act_ipt_days,secondary_diagnoses,psn_selfpay,psn_ownpay,days_rinp_flag_31,icu_days\n"

// TestReadSettlementList: the settlement-list columns read (docs/monitoring.md §1), by
// their names or the flat 4101A aliases, codes or Chinese terms; age from the
// birth date when age is empty (completed years at admission), age winning
// when both are given; empty cells unknown.
func TestReadSettlementList(t *testing.T) {
	in := listHeader +
		"c1,H1,employee,2025-03-01,2025-03-11,300.00,60.00,67,,2,5,10,I10|E11.9,20.00,30.00,2,3\n" +
		"c2,H1,employee,2025-03-01,2025-03-11,300.00,60.00,,1960-03-02,男,医嘱转院,,,,,无,\n" +
		"c3,H1,employee,2025-03-01,2025-03-11,300.00,60.00,40,1960-03-01,,,,,,,,\n" +
		"c4,H1,employee,2025-03-01,2025-03-01,300.00,60.00,,,,,,,,,,\n"
	all := budget.ListAge | budget.ListGender | budget.ListDischargeWay | budget.ListLOS | budget.ListSecondaryDiagnoses |
		budget.ListSelfPay | budget.ListOwnPay | budget.ListReadmitPlan | budget.ListICUDays
	cases, err := readAll(t, in, "cases.csv", Options{Monitoring: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []budget.SettlementList{
		{Age: 67, HasAge: true, Gender: budget.GenderFemale, DischargeWay: budget.DischargeDeath, LOS: 10,
			SecondaryDiagnoses: "I10|E11.9", SelfPay: 2000, HasSelfPay: true, OwnPay: 3000, HasOwnPay: true,
			ReadmitPlanned: true, ICUDays: 3, HasICUDays: true, Columns: all},
		{Age: 64, HasAge: true, Gender: budget.GenderMale, DischargeWay: budget.DischargeTransfer, Columns: all},
		{Age: 40, HasAge: true, Columns: all},
		{Columns: all},
	}
	for i, c := range cases {
		if diff := cmp.Diff(want[i], c.List); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.ID, diff)
		}
	}
	// Without Monitoring the columns are unknown columns: not read, not checked.
	bad := listHeader + "c1,H1,employee,2025-03-01,2025-03-11,300.00,60.00,999,x,7,8,0,a||a,-1,x,3,99\n"
	cases, err = readAll(t, bad, "cases.csv", Options{})
	if err != nil || len(cases) != 1 || cases[0].List != (budget.SettlementList{}) {
		t.Fatalf("without monitoring: %v, %+v", err, cases)
	}
}

// TestReadSettlementListErrors: every bad settlement-list cell is an error
// (ERR-1) matching ErrIgnoredCell, named by the column as the header has it;
// the case is still read with that cell empty (lenient mode settles it).
func TestReadSettlementListErrors(t *testing.T) {
	in := listHeader +
		"c1,H1,employee,2025-03-01,2025-03-11,300.00,60.00,151,2025-03-02,3,6,12,I10| E11,200.00,200.00,3,11\n" +
		"c2,H1,employee,2025-03-01,2025-03-11,300.00,60.00,-1,,,,0,I10||E11,,,,x\n" +
		"c3,H1,employee,2025-03-01,2025-03-11,300.00,60.00,,,,,5,I10|I10,100.00,250.00,,6\n"
	cases, err := readAll(t, in, "cases.csv", Options{Monitoring: true})
	if len(cases) != 3 {
		t.Fatalf("%d cases read, want 3 (a bad settlement-list cell sets no record aside)", len(cases))
	}
	var l *pointvalue.ErrorList
	if !errors.As(err, &l) {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, e := range l.Errors {
		if !errors.Is(e, ErrIgnoredCell) {
			t.Errorf("%v does not match ErrIgnoredCell", e)
		}
		got = append(got, e.Field+"="+e.Value)
	}
	want := []string{"age=151", "brdy=2025-03-02", "gend=3", "dscg_way=6", "act_ipt_days=12", "secondary_diagnoses=I10| E11",
		"psn_ownpay=200.00", "days_rinp_flag_31=3", "icu_days=11",
		"age=-1", "act_ipt_days=0", "secondary_diagnoses=I10||E11", "icu_days=x",
		"secondary_diagnoses=I10|I10", "psn_ownpay=250.00", "icu_days=6"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if IgnoredCells(l.Errors) != len(want) {
		t.Errorf("IgnoredCells = %d", IgnoredCells(l.Errors))
	}
	// c1: psn_selfpay 200.00 fits the cost; with psn_ownpay it does not (psn_ownpay's check).
	if c := cases[0].List; !c.HasSelfPay || c.HasOwnPay || c.SelfPay != 20000 || c.HasAge || c.LOS != 0 {
		t.Errorf("c1 list = %+v", c)
	}
	if c := cases[2].List; c.LOS != 5 || !c.HasSelfPay || c.HasOwnPay || c.HasICUDays {
		t.Errorf("c3 list = %+v", c)
	}
	if !strings.Contains(l.Errors[0].Error(), "cases.csv:2: age: 151: value out of range") {
		t.Errorf("first error %q", l.Errors[0])
	}
}

// TestReadSettlementListAliasTwice: a column and its 4101A alias in one header
// are one column given twice (an error of the header).
func TestReadSettlementListAliasTwice(t *testing.T) {
	in := "case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share,los,act_ipt_days\n" +
		"c1,H1,employee,2025-03-01,2025-03-11,300.00,60.00,3,3\n"
	_, err := readAll(t, in, "cases.csv", Options{Monitoring: true})
	if err == nil || !strings.Contains(err.Error(), "los and act_ipt_days are the same column") {
		t.Fatalf("err = %v", err)
	}
}
