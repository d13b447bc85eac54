package policy_test

import (
	"errors"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// capitaFund is an employee fund of 1,000.00 with half of the pools per capita.
const capitaFund = givenBudget + `, "pools": {"ratios": {"drg": "0.5", "capita": "0.5"}}`

// The policy errors of the hospital- and pool-level variants (VARIANTS VAR-6,
// VAR-8, VAR-9, VAR-10), each naming its JSON path with the words of VARIANTS.md.
func TestReadPolicyVariantErrors(t *testing.T) {
	const pfx = "policy.json:0: "
	for _, tc := range []struct {
		name, json, want string
		is               error
	}{
		{"VAR-6 cap above 1", withFund(givenBudget, `, "corridor": {"surplus_cap": "1.5"}`),
			"corridor.surplus_cap: 1.5: value out of range: must be in [0, 1]", pointvalue.ErrRange},
		{"VAR-6 negative cap", withFund(givenBudget, `, "corridor": {"surplus_cap": "-0.01"}`),
			"corridor.surplus_cap: -0.01: value out of range: must be in [0, 1]", pointvalue.ErrRange},
		{"VAR-10 negative", withFund(capitaFund, `, "capita": {"carry_over": {"employee": "-1.00"}}`),
			"capita.carry_over.employee: -1.00: negative value not allowed", pointvalue.ErrNegative},
		{"VAR-10 over 2 decimals", withFund(capitaFund, `, "capita": {"carry_over": {"employee": "1.001"}}`),
			"capita.carry_over.employee: 1.001: more decimals than allowed", pointvalue.ErrPrecision},
		{"VAR-10 with a given standard", withFund(capitaFund, `, "capita": {"standard": "600.00", "carry_over": {"employee": "1.00"}}`),
			"capita.carry_over.employee: 1.00: invalid policy: a carry-over needs a derived standard, and capita.standard is given", pointvalue.ErrPolicy},
		{"VAR-10 without a capita pool", withFund(givenBudget, `, "capita": {"carry_over": {"employee": "1.00"}}`),
			"capita.carry_over.employee: 1.00: invalid policy: funds.employee has no capita pool", pointvalue.ErrPolicy},
		{"VAR-10 unknown fund", withFund(capitaFund, `, "capita": {"carry_over": {"retired": "1.00"}}`),
			"capita.carry_over.retired: retired: not one of the allowed values: a fund is employee (职工) or resident (居民)", pointvalue.ErrEnum},
		// budget 1,000.00, reserve 0.05 → R0 50.00; capita pool 950.00 × 0.5 = 475.00, held
		// back 0.10 + 0.05 of it = 47.50 + 23.75 = 71.25: at most 121.25.
		{"VAR-10 more than R0 + held back", withFund(capitaFund, `, "capita": {"carry_over": {"employee": "121.26"}}`),
			"capita.carry_over.employee: 121.26: value out of range: more than R0 + the held-back parts (50.00 + 71.25 = 121.25)", pointvalue.ErrRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readPolicyString(t, tc.json)
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != pfx+tc.want {
				t.Errorf("got  %s\nwant %s", err, pfx+tc.want)
			}
			if !errors.Is(err, pointvalue.ErrPolicy) || !errors.Is(err, tc.is) {
				t.Errorf("error does not match ErrPolicy and %v", tc.is)
			}
		})
	}
}

// Each variant field read: the values land in the Policy.
func TestReadPolicyVariants(t *testing.T) {
	p := mustPolicy(t, withFund(givenBudget, `, "corridor": {"surplus_keep": "0.3", "surplus_cap": "0.03"}`))
	if !p.Corridor.HasSurplusCap || p.Corridor.SurplusCap != pointvalue.MustFactor("0.03") {
		t.Errorf("surplus_cap %v %v", p.Corridor.HasSurplusCap, p.Corridor.SurplusCap)
	}
	if p := mustPolicy(t, minimal); p.Corridor.HasSurplusCap || p.Capita.HasCarryOver != [2]bool{} {
		t.Error("a variant given by default")
	}
	p = mustPolicy(t, withFund(capitaFund, `, "capita": {"carry_over": {"职工": "121.25"}}`))
	if !p.Capita.HasCarryOver[0] || p.Capita.CarryOver[0] != pointvalue.MustMoney("121.25") || p.Capita.HasCarryOver[1] {
		t.Errorf("carry_over %v %v", p.Capita.HasCarryOver, p.Capita.CarryOver)
	}
}
