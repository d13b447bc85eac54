package policy_test

import (
	"errors"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
)

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
	if p := mustPolicy(t, minimal); p.Corridor.HasSurplusCap {
		t.Error("surplus_cap given by default")
	}
}
