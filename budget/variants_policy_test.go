package budget_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Whatever policy.Read accepts with the hospital- and pool-level variants in it
// (VAR-6, VAR-8, VAR-9, VAR-10), Settle never rejects for a reason of the policy
// alone: on randomPolicyJSON's documents with variant fields written in, some at
// or past their edges, a year with a case in every pool settles, unless what
// fails depends on the data (VAR-8's base total against the pool, say).

// withVariants writes variant fields into a randomPolicyJSON document, most of
// them where the policy allows them.
func withVariants(r *rand.Rand, doc string) string {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	if r.IntN(2) == 0 {
		doc = strings.Replace(doc, `"corridor": {`, `"corridor": {"surplus_cap": `+pick(`"0"`, `"0.03"`, `"0.03"`, `"1"`, `"1.5"`, `null`)+`, `, 1)
	}
	if strings.Contains(doc, `"standard": null`) && strings.Contains(doc, `"capita": "`) && r.IntN(4) > 0 {
		doc = strings.Replace(doc, `"capita": {`, `"capita": {"carry_over": {`+pick(`"employee": "1000.00"`, `"employee": "0.01"`, `"employee": "-1"`,
			`"employee": "90000000000000"`, `"职工": "2.50"`)+`}, `, 1)
	}
	method := "drg"
	if strings.Contains(doc, `"inpatient_method": "dip"`) {
		method = "dip"
	}
	if r.IntN(2) == 0 {
		doc = strings.Replace(doc, `"advances": {`, `"advances": {"monthly_point_values": {"employee": {"`+method+`": {`+
			pick(`"2025-01"`, `"2025-03"`, `"2025-12"`, `"2025-13"`, `"2024-12"`)+`: `+pick(`"13.2"`, `"92.5"`, `"0"`, `"0.00000001"`)+`}}}, `, 1)
	}
	if r.IntN(2) == 0 {
		doc = strings.Replace(doc, `"point_value": {`, `"point_value": {"elastic": `+
			pick(`{"base_share": "0.8"}`, `{"base_share": "0.7", "float_cap": "20"}`, `{"fixed_value": "0.5", "float_cap": "9"}`, `{"base_share": "1"}`,
				`{"fixed_value": "1", "base_share": "0.5"}`, `null`)+`, `, 1)
	}
	return doc
}

func TestAcceptedVariantPoliciesSettle(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 2025))
	accepted := map[string]int{}
	for range 2500 {
		doc := withVariants(r, randomPolicyJSON(r))
		p, err := policy.Read(strings.NewReader(doc), "policy.json")
		if err != nil {
			continue // rejected up front: fine
		}
		for _, k := range []string{"surplus_cap", "carry_over", "monthly_point_values", "elastic"} {
			if strings.Contains(doc, `"`+k+`": {`) || strings.Contains(doc, `"`+k+`": "`) {
				accepted[k]++
			}
		}
		in := policyData(t, p)
		for i := range in.Hospitals { // VAR-8's base points, small beside any pool
			for f := range param.Fund(param.NumFunds) {
				in.Hospitals[i].BasePoints[f], in.Hospitals[i].HasBasePoints[f] = pointvalue.PointsFromInt(10), true
			}
		}
		if p.Funds[param.Employee] != nil && p.Funds[param.Employee].RegionAvgCost == 0 && p.HasPool(param.Employee, param.BedDay) ||
			p.Funds[param.Resident] != nil && p.Funds[param.Resident].RegionAvgCost == 0 && p.HasPool(param.Resident, param.BedDay) {
			continue // a bed-day stay needs M: that error depends on the data
		}
		if _, err := settle(in); err != nil && !variantDataDependent(err) {
			t.Fatalf("accepted policy fails on a year with a case in every pool:\n%v\npolicy: %s", err, doc)
		}
	}
	t.Logf("accepted with: %v", accepted)
	for _, k := range []string{"surplus_cap", "carry_over", "monthly_point_values", "elastic"} {
		if accepted[k] < 2 {
			t.Errorf("only %d accepted policies give %s: the generator tests too little", accepted[k], k)
		}
	}
}

// variantDataDependent reports whether every error depends on the year's data:
// what dataDependent allows, or VAR-8's base total beyond the pool.
func variantDataDependent(err error) bool {
	var l *pointvalue.ErrorList
	if !errors.As(err, &l) {
		return false
	}
	for _, e := range l.Errors {
		if !dataDependent(&pointvalue.ErrorList{Errors: []*pointvalue.RecordError{e}}) && !strings.HasSuffix(e.Error(), budget.ErrElasticBaseTotal.Error()) {
			return false
		}
	}
	return true
}
