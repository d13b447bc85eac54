package budget_test

import (
	"testing"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/policy"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// TestDIPCoefficientsExplained: a DIP case result names every coefficient of
// DIP-5 it was scored with (EXP-1). Group K35.8 scores 1000 with reference
// 10,000.00; the case costs 10,000.00 (ratio 1: normal) at a tertiary hospital
// (level coefficient 1), severity "2" (auxiliary 1.2) and TCM share 0.55 ≥ 0.5
// with bonus 0.1 (V14's factor 1.1): 1000 × 1 × 1.2 × 1.1 = 1320.0000.
func TestDIPCoefficientsExplained(t *testing.T) {
	p := policy.Default("T", 2025, "1")
	p.InpatientMethod = param.DIP
	fp := policy.NewFund(pointvalue.MustMoney("100000.00"))
	fp.PointValue.ReimbursementRatio, fp.PointValue.HasReimbursementRatio = pointvalue.MustFactor("0.8"), true
	fp.RegionAvgCost = pointvalue.MustMoney("10000.00")
	p.Funds[param.Employee] = fp
	p.DIP.TCMBonus = pointvalue.MustFactor("0.1")
	p.DIP.SeverityCoefficients = map[string]pointvalue.Factor{"2": pointvalue.MustFactor("1.2")}
	cat, err := dip.NewCatalog([]dip.Group{{Code: "K35.8", Kind: dip.Core, Diagnosis: "K35.8",
		Score: pointvalue.PointsFromInt(1000), AvgCost: pointvalue.MustMoney("10000.00")}})
	if err != nil {
		t.Fatal(err)
	}
	c := budget.Case{ID: "C1", HospitalID: "H1", Fund: param.Employee, Diagnosis: "K35.8", Treatment: dip.Conservative,
		Admit: pointvalue.DateOf(2025, 3, 1), Discharge: pointvalue.DateOf(2025, 3, 5),
		TotalCost: pointvalue.MustMoney("10000.00"), PatientShare: pointvalue.MustMoney("2000.00"),
		TCMShare: pointvalue.MustFactor("0.55"), HasTCMShare: true, Severity: "2"}
	res, err := settle(budget.Input{Policy: p, Cases: budget.NewBatch([]budget.Case{c}), Catalog: cat,
		Hospitals: []budget.Hospital{{ID: "H1", Level: param.Tertiary, Assessment: 100 * pointvalue.One}}})
	if err != nil {
		t.Fatal(err)
	}
	cr := res.Explain(0)
	if cr.Group != "K35.8" || cr.Class != budget.ClassNormal || cr.Points != pointvalue.MustPoints("1320") ||
		cr.Coef != pointvalue.One || cr.Aux != pointvalue.MustFactor("1.2") || cr.TCM != pointvalue.MustFactor("1.1") ||
		cr.Rules != "DIP-3|DIP-4|DIP-5" {
		t.Errorf("%+v", cr)
	}
}
