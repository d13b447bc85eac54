package budget_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Whatever policy.Read accepts, Settle never rejects for a reason that depends on
// the policy alone (the one-model issue): on random policy.json documents, a
// settlement with no data may fail only because a pool has money and no points,
// and one with a case of every pool's method not at all.

// randomPolicyJSON writes a policy.json with random values, most of them valid,
// some at or past the edges of their ranges.
func randomPolicyJSON(r *rand.Rand) string {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	dec := func(xs ...string) string { return `"` + pick(xs...) + `"` }
	var b strings.Builder
	inpatient := pick("drg", "dip")
	fmt.Fprintf(&b, `{"region": "R", "year": 2025, "version": "v", "inpatient_method": %q, "point_scale": %s, "point_value_scale": %s, "rounding": %s, "distribution": %s`,
		inpatient, pick("0", "2", "4", "8"), pick("0", "4", "6", "8"), dec("half-up", "half-even"), dec("point-value", "point-value", "exact-share"))
	separate := r.IntN(4) == 0
	b.WriteString(`, "funds": {`)
	for i, f := range []string{"employee", "resident"} {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 1 && r.IntN(3) == 0 {
			fmt.Fprintf(&b, "%q: {}", f)
			continue
		}
		fmt.Fprintf(&b, "%q: {", f)
		switch r.IntN(4) {
		case 0:
			fmt.Fprintf(&b, `"budget": {"method": "given", "amount": %s}`, dec("0", "1000.00", "50000000.00", "90000000000000.00"))
		case 1:
			fmt.Fprintf(&b, `"budget": {"method": "growth", "prior_expenditure": %s, "growth_rate": %s}`, dec("40000000.00", "900000000000000"), dec("-0.5", "0.04", "0.04", "0.5", "3"))
		case 2:
			fmt.Fprintf(&b, `"budget": {"method": "revenue", "expected_revenue": %s, "surplus_ratio": %s}`, dec("40000000.00", "7.77"), dec("0", "0.03", "1"))
		default:
			fmt.Fprintf(&b, `"budget": {"method": "min", "prior_expenditure": "30000000", "growth_rate": %s, "expected_revenue": "31000000", "surplus_ratio": %s}`, dec("0.04", "-0.3"), dec("0.03", "0.5"))
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, `, "carveouts": [{"name": "a", "amount": %s}, {"name": "b", "ratio": %s}]`, dec("100000.00", "60000000.00"), dec("0.02", "0.5", "1"))
		}
		fmt.Fprintf(&b, `, "reserve_ratio": %s`, dec("0", "0.05", "0.5", "1"))
		meth := inpatient
		switch r.IntN(5) {
		case 0:
			fmt.Fprintf(&b, `, "pools": {"ratios": {%q: %s, "capita": %s}}`, meth, dec("0.8", "0.9"), dec("0.2", "0.1"))
		case 1:
			fmt.Fprintf(&b, `, "pools": {"amounts": {%q: %s, "capita": %s}}`, meth, dec("1000000.00", "40000000"), dec("100000.00", "9000000"))
		case 2:
			if separate {
				fmt.Fprintf(&b, `, "pools": {"prior_spending": {%q: %s, "bedday": %s}}`, meth, dec("900", "0"), dec("100", "0"))
			}
		}
		fmt.Fprintf(&b, `, "point_value": {"formula": %s, "reimbursement_ratio": %s`,
			pick("null", `"with-patient-share"`, `"by-reimbursement-ratio"`, `"fund-only"`, `"fixed-rate"`), dec("0.7", "1", "0.0001"))
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, `, "fixed_rate": %s`, dec("122.527", "0.00000001", "90000000000"))
		}
		switch r.IntN(3) {
		case 0:
			fmt.Fprintf(&b, `, "budget_point_value": %s`, dec("92.03", "0.00000001", "90000000000"))
		case 1:
			fmt.Fprintf(&b, `, "budget_point_value": {"years": [{"total_cost": %s, "total_points": %s, "patient_share": "10"}], "weights": ["1"]}`,
				dec("1000000.00", "90000000000000000"), dec("10000", "0.00000001"))
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, `, "band_down": %s, "band_up": %s`, dec("0", "0.1", "1"), dec("0", "0.1", "100000000000"))
		}
		b.WriteString("}")
		if r.IntN(3) > 0 {
			fmt.Fprintf(&b, `, "region_avg_cost": %s`, dec("10000.00", "0.01"))
		}
		b.WriteString("}")
	}
	b.WriteString("}")
	if separate {
		fmt.Fprintf(&b, `, "bedday": {"pool": "separate", "budget_point_value": %s, "rates": {"psychiatric": {"tertiary": "420", "secondary": "310"}}}`, dec("9.5", "90000000000"))
	}
	fmt.Fprintf(&b, `, "capita": {"standard": %s, "risk_ratio": %s, "serious_illness_ratio": "0.05"}`, pick("null", `"500.00"`, `"9000000000"`), dec("0.1", "0.95"))
	fmt.Fprintf(&b, `, "corridor": {"surplus_keep": %s, "over_band": %s, "over_share": %s}`, dec("1", "0.3"), dec("0.1", "1"), dec("0.5", "1"))
	fmt.Fprintf(&b, `, "advances": {"advance_ratio": %s, "deposit_ratio": %s, "assessment_rule": %s}`, dec("0.9", "1"), dec("0.05", "1"), dec("deposit", "coefficient"))
	// the case-scoring variants (VAR-1, 2, 4, 7, 11, 12) switched on at random
	fmt.Fprintf(&b, `, "drg": {"low_ratio": %s, "incomplete_coefficient": %s, "exclude": %s}`, dec("0.4", "1"), pick("true", "false"),
		pick("null", `{"max_days_short": 2}`, `{"min_days_long": 60, "as": "ungrouped"}`))
	lowCoef, lowRule := pick("multiply", "multiply", "none"), "ratio"
	if lowCoef == "multiply" && r.IntN(2) == 0 {
		lowRule = "payment-standard"
	}
	fmt.Fprintf(&b, `, "dip": {"high_ratio": %s, "low_ratio": %s, "high_coefficient": %s, "low_coefficient": %q, "extreme_rule": %s, "low_rule": %q, "high_inclusive": %s, "exclude": %s}`,
		dec("2", "2", "0.6"), dec("0.5", "0.59"), dec("multiply", "add"), lowCoef, dec("high", "normal"), lowRule,
		pick("null", "true", "false"), pick("null", `{"max_days_short": 1}`))
	b.WriteString("}")
	return b.String()
}

// policyData is a small year matching p: two hospitals; for each settled fund,
// cases of its inpatient method in known groups with a reference cost (no M
// needed), a bed-day stay when bed-day stays have a pool of their own, and
// members and spending when the fund has a per-capita pool.
func policyData(t *testing.T, p *policy.Policy) budget.Input {
	w, err := drg.NewWeights([]drg.Group{{Code: "G1", Weight: pointvalue.One, AvgCost: m("10000.00"), Stable: true}})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := dip.NewCatalog([]dip.Group{{Code: "K35.8", Kind: dip.Core, Diagnosis: "K35.8", Score: pointvalue.PointsFromInt(1000), AvgCost: m("10000.00")}})
	if err != nil {
		t.Fatal(err)
	}
	in := budget.Input{Policy: p, Weights: w, Catalog: cat,
		Hospitals: []budget.Hospital{{Line: 2, ID: "H1", Level: param.Tertiary, Assessment: pointvalue.MustFactor("90"), HasAssessment: true},
			{Line: 3, ID: "H2", Level: param.Secondary, Assessment: pointvalue.MustFactor("100")}}}
	var cases []budget.Case
	d := pointvalue.DateOf
	for f := range param.Fund(param.NumFunds) {
		if p.Funds[f] == nil {
			continue
		}
		in := &in
		meth := p.Inpatient(f)
		for i, cost := range []string{"9000.00", "12000.00", "30000.00"} {
			c := budget.Case{ID: fmt.Sprintf("C%d%d", f, i), HospitalID: []string{"H1", "H2"}[i%2], Fund: f, Method: meth, MethodGiven: true,
				Admit: d(2025, 3, 1), Discharge: d(2025, time.Month(3+i), 10), TotalCost: m(cost), PatientShare: m("1000.00")}
			if meth == param.DRG {
				c.Group = "G1"
			} else {
				c.Group = "K35.8"
			}
			cases = append(cases, c)
		}
		if p.HasPool(f, param.BedDay) {
			cases = append(cases, budget.Case{ID: fmt.Sprintf("B%d", f), HospitalID: "H1", Fund: f, BedDayCategory: "psychiatric",
				Admit: d(2025, 1, 1), Discharge: d(2025, 2, 1), TotalCost: m("13000.00"), PatientShare: m("1300.00")})
		}
		if p.HasPool(f, param.Capita) {
			in.Members = append(in.Members, budget.Members{Line: 2 + int(f), Institution: "H2", Fund: f, Members: 1000})
			in.Spending = append(in.Spending, budget.Spending{Line: 2 + int(f), Institution: "H2", Fund: f, Own: m("300000.00"), Referred: m("50000.00")})
		}
	}
	in.Cases = budget.NewBatch(cases)
	return in
}

func checkPolicyOnly(t *testing.T, doc string) {
	p, err := policy.Read(strings.NewReader(doc), "policy.json")
	if err != nil {
		return // rejected up front: fine
	}
	if _, err := settle(budget.Input{Policy: p}); err != nil && !onlyZeroPoints(err) {
		t.Fatalf("accepted policy fails with no data:\n%v\npolicy: %s", err, doc)
	}
	in := policyData(t, p)
	if p.Funds[param.Employee] != nil && p.Funds[param.Employee].RegionAvgCost == 0 && p.HasPool(param.Employee, param.BedDay) ||
		p.Funds[param.Resident] != nil && p.Funds[param.Resident].RegionAvgCost == 0 && p.HasPool(param.Resident, param.BedDay) {
		return // a bed-day stay needs M: that error depends on the data
	}
	// A point value beyond int64 (an absurd pool for its few points) depends on the
	// points as much as on the policy.
	if _, err := settle(in); err != nil && !dataDependent(err) {
		t.Fatalf("accepted policy fails on a year with a case in every pool:\n%v\npolicy: %s", err, doc)
	}
}

// dataDependent reports whether every error is an overflow of the amounts the
// year's points make.
func dataDependent(err error) bool {
	var l *pointvalue.ErrorList
	if !errors.As(err, &l) {
		return false
	}
	for _, e := range l.Errors {
		// VAR-2's budget point value is required only for a fund with DIP cases
		// and M only when a case needs it (VAR-12's exclusions are paid by cost ÷ M)
		if !errors.Is(e, pointvalue.ErrOverflow) && !strings.Contains(e.Error(), "required by dip.low_rule payment-standard") &&
			!strings.Contains(e.Error(), "region_avg_cost (M) is required") {
			return false
		}
	}
	return true
}

// onlyZeroPoints reports whether every error is a pool with money and no points.
func onlyZeroPoints(err error) bool {
	var l *pointvalue.ErrorList
	if !errors.As(err, &l) {
		return false
	}
	for _, e := range l.Errors {
		if !errors.Is(e, pointvalue.ErrZeroPoints) {
			return false
		}
	}
	return true
}

func TestAcceptedPoliciesSettle(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 2025))
	accepted := 0
	for range 3000 {
		doc := randomPolicyJSON(r)
		if _, err := policy.Read(strings.NewReader(doc), "policy.json"); err == nil {
			accepted++
		}
		checkPolicyOnly(t, doc)
	}
	if accepted < 150 {
		t.Fatalf("only %d of 3000 random policies accepted: the generator tests too little", accepted)
	}
}

func FuzzAcceptedPoliciesSettle(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		checkPolicyOnly(t, randomPolicyJSON(rand.New(rand.NewPCG(a, b))))
	})
}
