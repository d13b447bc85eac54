package budget_test

import (
	"context"
	"fmt"
	"os"

	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/policy"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// A whole year in a few lines: a budget of 29,500.00 with a 0.2 reserve
// (5,900.00) leaves a DRG pool of 23,600.00; three cases of group G1 (RW 1,
// reference cost 10,000.00) score 100 points each, with 6,400.00 patient share,
// so PV = (23,600 + 6,400) ÷ 300 = 100 (with-patient-share).
//
// H1: S = 10,000.00, F(S) = 8,000.00, A = S: surplus, C = S; deposit 5% of
// 8,000 = 400.00, all returned (score 100); final 8,000.00; nothing advanced.
// H2: S = 20,000.00, F(S) = 15,600.00, A = 22,000 (r = 1.10): shared,
// C = 20,000 + 0.5 × 2,000 = 21,000.00, 1,000.00 drawn from the reserve;
// E = 16,600.00, deposit 830.00 returned; final 16,600.00.
// Ledger: 29,500 = 0 + 24,600 + (5,900 − 1,000) + 0.
func ExampleSettle() {
	p := policy.Default("TEST", 2025, "1")
	fp := policy.NewFund(pointvalue.MustMoney("29500.00"))
	fp.ReserveRatio = pointvalue.MustFactor("0.2")
	p.Funds[param.Employee] = fp
	w, _ := drg.NewWeights([]drg.Group{{Code: "G1", Name: "G1", Weight: pointvalue.One, AvgCost: pointvalue.MustMoney("10000.00"), Stable: true}})
	day := func(d int) pointvalue.Date { return pointvalue.DateOf(2025, 5, d) }
	kase := func(id, hosp, cost, share string) budget.Case {
		return budget.Case{ID: id, HospitalID: hosp, Fund: param.Employee, Group: "G1", Admit: day(1), Discharge: day(6),
			TotalCost: pointvalue.MustMoney(cost), PatientShare: pointvalue.MustMoney(share)}
	}
	hundred := 100 * pointvalue.One
	res, err := budget.Settle(context.Background(), budget.Input{
		Policy: p,
		Hospitals: []budget.Hospital{
			{ID: "H1", Level: param.Tertiary, Assessment: hundred},
			{ID: "H2", Level: param.Secondary, Assessment: hundred},
		},
		Cases: budget.NewBatch([]budget.Case{
			kase("c1", "H1", "10000.00", "2000.00"),
			kase("c2", "H2", "10000.00", "2000.00"),
			kase("c3", "H2", "12000.00", "2400.00"),
		}),
		Weights: w,
	}, budget.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.PolicyID)
	_ = files.WriteHospitals(os.Stdout, res)
	_ = files.WriteLedger(os.Stdout, res.Ledger)
	// Output:
	// TEST/2025/1
	// fund,method,hospital_id,cases,points,cmi,point_value,gross,patient_share,fund_amount,actual_cost,corridor_band,corridor_amount,deductions,deposit,deposit_returned,advances,final,clearing,flags
	// employee,drg,H1,1,100.0000,1.0000,100.000000,10000.00,2000.00,8000.00,10000.00,surplus,10000.00,0.00,400.00,400.00,0.00,8000.00,8000.00,
	// employee,drg,H2,2,200.0000,1.0000,100.000000,20000.00,4400.00,15600.00,22000.00,shared,21000.00,0.00,830.00,830.00,0.00,16600.00,16600.00,
	// fund,budget,carveouts,payments,reserve_end,residual,balanced
	// employee,29500.00,0.00,24600.00,4900.00,0.00,true
}

// The hand-worked year of testdata/years/drg-small (its NOTES.md has every figure).
func Example_files() {
	dir := "testdata/years/drg-small/"
	res, err := files.Settle(context.Background(), files.Dir(dir), files.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = files.WritePools(os.Stdout, res)
	_ = files.WriteLedger(os.Stdout, res.Ledger)
	// Output:
	// fund,method,pool,reserve_in,reserve_out,total_points,patient_share,point_value_budget,point_value,payments,residual
	// employee,capita,19500.00,3840.38,0.00,130.0000,0.00,,127.500000,15659.62,0.00
	// employee,drg,110500.00,1339.55,5060.00,1417.0000,31200.00,90.000000,100.000000,114220.45,0.00
	// resident,drg,39900.00,4312.50,795.00,399.0000,13000.00,,100.000000,36382.50,0.00
	// fund,budget,carveouts,payments,reserve_end,residual,balanced
	// employee,175000.00,12500.00,129880.07,32619.93,0.00,true
	// resident,42000.00,0.00,36382.50,5617.50,0.00,true
}
