package budget_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/google/go-cmp/cmp"
)

// TestSettlementListRoundTrip: the settlement-list fields a case is appended
// with come back from Batch.Case, the unknown ones unknown, whichever row first
// gives a field (the columns are allocated then and earlier rows read unknown).
func TestSettlementListRoundTrip(t *testing.T) {
	full := budget.SettlementList{Age: 67, HasAge: true, Gender: budget.GenderFemale, DischargeWay: budget.DischargeDeath,
		LOS: 12, SecondaryDiagnoses: "I10|E11.9", SelfPay: 1234, HasSelfPay: true, OwnPay: 0, HasOwnPay: true,
		ReadmitPlanned: true, ICUDays: 3, HasICUDays: true}
	lists := []budget.SettlementList{{}, full, {LOS: 4}, {Age: 0, HasAge: true, DischargeWay: budget.DischargeTransfer}, {}}
	b := &budget.Batch{}
	for i, l := range lists {
		c := ruleCase(string(rune('a'+i)), "H1", "100.00", "0.00")
		c.List = l
		b.Append(&c)
	}
	all := budget.ListAge | budget.ListGender | budget.ListDischargeWay | budget.ListLOS | budget.ListSecondaryDiagnoses |
		budget.ListSelfPay | budget.ListOwnPay | budget.ListReadmitPlan | budget.ListICUDays
	if got := b.ListColumns(); got != all {
		t.Errorf("ListColumns = %b, want %b", got, all)
	}
	for i, want := range lists {
		want.Columns = all
		if diff := cmp.Diff(want, b.Case(i).List); diff != "" {
			t.Errorf("row %d (-want +got):\n%s", i, diff)
		}
	}
}

// TestSettlementListFreeWithout: a batch whose cases give no settlement-list
// field has no settlement-list column (the Case round trip gives the zero
// value), and declaring columns on the cases is remembered without values.
func TestSettlementListFreeWithout(t *testing.T) {
	b := &budget.Batch{}
	c := ruleCase("a", "H1", "100.00", "0.00")
	b.Append(&c)
	if got := b.Case(0).List; got != (budget.SettlementList{}) {
		t.Errorf("list = %+v, want none", got)
	}
	if b.ListColumns() != 0 {
		t.Errorf("ListColumns = %b, want 0", b.ListColumns())
	}
	c.ID, c.List = "b", budget.SettlementList{Columns: budget.ListDischargeWay}
	b.Append(&c)
	if b.ListColumns() != budget.ListDischargeWay || b.Case(1).List.DischargeWay != budget.DischargeUnknown {
		t.Errorf("declared column: %b, %+v", b.ListColumns(), b.Case(1).List)
	}
}

// TestSettledIterator: Settled yields every settled case once, in row order,
// agreeing with Result.Case on what both give; rejected rows are left out.
func TestSettledIterator(t *testing.T) {
	f := synthFiles(t, synth.Options{Seed: 3, Cases: 3000, Method: synth.DRG})
	in, _, err := files.Read(f, files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := budget.Settle(context.Background(), in, budget.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]budget.CaseResult{}
	for k := range res.NumCases() {
		c := res.Case(k)
		byID[c.CaseID] = c
	}
	last, n := -1, 0
	for s := range res.Settled(0) {
		n++
		if s.Row <= last {
			t.Fatalf("row %d after %d", s.Row, last)
		}
		last = s.Row
		c, ok := byID[s.CaseID]
		if !ok {
			t.Fatalf("case %s not settled", s.CaseID)
		}
		bc := in.Cases.Case(s.Row)
		if c.HospitalID != s.HospitalID || c.Fund != s.Fund || c.Method != s.Method || c.Class != s.Class ||
			c.Points != s.Points || bc.TotalCost != s.TotalCost || bc.Admit != s.Admit || bc.Discharge != s.Discharge {
			t.Fatalf("case %s: settled %+v, result %+v", s.CaseID, *s, c)
		}
		if (bc.PatientID == "") != (s.Patient == 0) {
			t.Fatalf("case %s: patient %q numbered %d", s.CaseID, bc.PatientID, s.Patient)
		}
		if s.Method == param.BedDay && (s.Group != -1 || s.Class != budget.ClassBedDay) {
			t.Fatalf("bed-day case %s: group %d class %s", s.CaseID, s.Group, s.Class)
		}
	}
	if n != res.NumCases() {
		t.Errorf("Settled gave %d cases, NumCases %d", n, res.NumCases())
	}
}

// TestConcurrentSettlesOfOneBatch: several Settles of one batch at once, under
// different policies (what a what-if sweep does), give each what it gives alone:
// the batch's rows are read only, and the case-id order and patient numbers it
// caches are computed once under its lock.
func TestConcurrentSettlesOfOneBatch(t *testing.T) {
	f := synthFiles(t, synth.Options{Seed: 9, Cases: 6000, Method: synth.DRG})
	in, _, err := files.Read(f, files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	policies := make([]*budget.Input, 4)
	for k := range policies {
		p := *in.Policy
		fp := *p.Funds[param.Employee]
		fp.ReserveRatio = pointvalue.Factor(k+1) * 1_000_000 // 0.01 … 0.04
		p.Funds[param.Employee] = &fp
		cp := in
		cp.Policy = &p
		policies[k] = &cp
	}
	alone := make([][]byte, len(policies))
	for k, pin := range policies {
		fresh, _, err := files.Read(f, files.Options{})
		if err != nil {
			t.Fatal(err)
		}
		pin2 := *pin
		pin2.Cases = fresh.Cases
		res, err := budget.Settle(context.Background(), pin2, budget.Options{})
		if err != nil {
			t.Fatal(err)
		}
		alone[k] = allOutputs(t, res)
	}
	got := make([][]byte, len(policies))
	var wg sync.WaitGroup
	for k, pin := range policies {
		wg.Go(func() {
			res, err := budget.Settle(context.Background(), *pin, budget.Options{Workers: 2})
			if err != nil {
				t.Error(err)
				return
			}
			for range res.Settled(0) {
			}
			got[k] = allOutputs(t, res)
		})
	}
	wg.Wait()
	for k := range policies {
		if !bytes.Equal(got[k], alone[k]) {
			t.Errorf("policy %d: concurrent settle differs from settling alone", k)
		}
	}
}
