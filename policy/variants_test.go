package policy_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// capitaFund is an employee fund of 1,000.00 with half of the pools per capita.
const capitaFund = givenBudget + `, "pools": {"ratios": {"drg": "0.5", "capita": "0.5"}}`

// The policy errors of the hospital- and pool-level variants (docs/variants.md VAR-6,
// VAR-8, VAR-9, VAR-10), each naming its JSON path with the words of docs/variants.md.
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
		{"VAR-9 month 13", withFund(givenBudget, `, "advances": {"monthly_point_values": {"employee": {"drg": {"2025-13": "90"}}}}`),
			"advances.monthly_point_values.employee.drg.2025-13: 2025-13: value out of range: not a month (YYYY-MM) of the policy year 2025", pointvalue.ErrRange},
		{"VAR-9 another year", withFund(givenBudget, `, "advances": {"monthly_point_values": {"employee": {"drg": {"2024-12": "90"}}}}`),
			"advances.monthly_point_values.employee.drg.2024-12: 2024-12: value out of range: not a month (YYYY-MM) of the policy year 2025", pointvalue.ErrRange},
		{"VAR-9 not YYYY-MM", withFund(givenBudget, `, "advances": {"monthly_point_values": {"employee": {"drg": {"2025-1": "90"}}}}`),
			"advances.monthly_point_values.employee.drg.2025-1: 2025-1: value out of range: not a month (YYYY-MM) of the policy year 2025", pointvalue.ErrRange},
		{"VAR-9 zero", withFund(givenBudget, `, "advances": {"monthly_point_values": {"employee": {"drg": {"2025-01": "0"}}}}`),
			"advances.monthly_point_values.employee.drg.2025-01: 0: value out of range: must be greater than 0", pointvalue.ErrRange},
		{"VAR-9 decimals", withFund(givenBudget, `, "advances": {"monthly_point_values": {"employee": {"drg": {"2025-01": "13.2000001"}}}}`),
			"advances.monthly_point_values.employee.drg.2025-01: 13.2000001: more decimals than allowed: at most point_value_scale (6) decimals", pointvalue.ErrPrecision},
		{"VAR-9 no such pool", withFund(givenBudget, `, "advances": {"monthly_point_values": {"employee": {"dip": {"2025-01": "13.2"}}}}`),
			"advances.monthly_point_values.employee.dip: dip: invalid policy: funds.employee has no dip pool", pointvalue.ErrPolicy},
		{"VAR-9 unsettled fund", withFund(givenBudget, `, "advances": {"monthly_point_values": {"resident": {"drg": {"2025-01": "13.2"}}}}`),
			"advances.monthly_point_values.resident.drg: drg: invalid policy: funds.resident has no drg pool", pointvalue.ErrPolicy},
		{"VAR-9 capita", withFund(capitaFund, `, "advances": {"monthly_point_values": {"employee": {"capita": {"2025-01": "13.2"}}}}`),
			"advances.monthly_point_values.employee.capita: capita: not one of the allowed values: a monthly point value is for a drg, dip or bedday pool", pointvalue.ErrEnum},
		{"VAR-8 both", withFund(givenBudget+`, "point_value": {"elastic": {"fixed_value": "88", "base_share": "0.8"}}`, ""),
			`funds.employee.point_value.elastic: {"fixed_value":"88","base_share":"0.8"}: invalid policy: exactly one of fixed_value and base_share`, pointvalue.ErrPolicy},
		{"VAR-8 neither", withFund(givenBudget+`, "point_value": {"elastic": {"float_cap": "95"}}`, ""),
			`funds.employee.point_value.elastic: {"float_cap":"95"}: invalid policy: exactly one of fixed_value and base_share`, pointvalue.ErrPolicy},
		{"VAR-8 base_share 1", withFund(givenBudget+`, "point_value": {"elastic": {"base_share": "1"}}`, ""),
			"funds.employee.point_value.elastic.base_share: 1: value out of range: must be in (0, 1)", pointvalue.ErrRange},
		{"VAR-8 base_share 0", withFund(givenBudget+`, "point_value": {"elastic": {"base_share": 0}}`, ""),
			"funds.employee.point_value.elastic.base_share: 0: value out of range: must be in (0, 1)", pointvalue.ErrRange},
		{"VAR-8 unknown field", withFund(givenBudget+`, "point_value": {"elastic": {"base_share": "0.8", "cap": "95"}}`, ""),
			"funds.employee.point_value.elastic.cap: 95: invalid policy: unknown field", pointvalue.ErrPolicy},
		{"VAR-8 with a fixed rate", withFund(givenBudget+`, "point_value": {"fixed_rate": "100", "elastic": {"base_share": "0.8"}}`, ""),
			"funds.employee.point_value.elastic: fixed-rate: invalid policy: an elastic point value floats: not with a fixed rate", pointvalue.ErrPolicy},
		{"VAR-8 with exact-share", withFund(givenBudget+`, "point_value": {"elastic": {"base_share": "0.8"}}`, `, "distribution": "exact-share"`),
			"funds.employee.point_value.elastic: exact-share: invalid policy: an elastic point value is not shared by exact-share (distribution)", pointvalue.ErrPolicy},
		{"VAR-8 with a band", withFund(givenBudget+`, "point_value": {"budget_point_value": "90", "band_down": "0.1", "elastic": {"fixed_value": "88"}}`, ""),
			"funds.employee.point_value.elastic: band: invalid policy: an elastic point value is not held in a point-value band (band_down, band_up)", pointvalue.ErrPolicy},
		{"VAR-8 without an inpatient pool", withFund(givenBudget+`, "pools": {"ratios": {"capita": "1"}}, "point_value": {"elastic": {"fixed_value": "88"}}`, ""),
			"funds.employee.point_value.elastic: : invalid policy: funds.employee has no drg or dip pool", pointvalue.ErrPolicy},
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
	p = mustPolicy(t, withFund(givenBudget, `, "point_value_scale": 8, "advances": {"monthly_point_values": {"职工": {"drg": {"2025-02": "13.20000001", "2025-01": 90}}}}`))
	want := []policy.MonthlyPointValue{
		{Fund: param.Employee, Method: param.DRG, Key: "2025-01", Year: 2025, Month: 1, Value: pointvalue.MustPointValue("90")},
		{Fund: param.Employee, Method: param.DRG, Key: "2025-02", Year: 2025, Month: 2, Value: pointvalue.MustPointValue("13.20000001")},
	}
	if d := cmp.Diff(want, p.Advances.MonthlyPointValues); d != "" {
		t.Errorf("monthly_point_values (-want +got)\n%s", d)
	}
	v, has := p.Advances.MonthValues(param.Employee, param.DRG, 2025)
	if !has[0] || !has[1] || has[2] || v[1] != pointvalue.MustPointValue("13.20000001") {
		t.Errorf("MonthValues %v %v", v, has)
	}
	p = mustPolicy(t, withFund(givenBudget+`, "point_value": {"elastic": {"base_share": "0.8", "float_cap": 95}}`, ""))
	if e := p.Funds[param.Employee].PointValue; !e.HasElastic || e.Elastic != (policy.Elastic{BaseShare: pointvalue.MustFactor("0.8"), HasBaseShare: true,
		FloatCap: pointvalue.MustPointValue("95"), HasFloatCap: true}) {
		t.Errorf("elastic %+v", e)
	}
	if p := mustPolicy(t, withFund(givenBudget+`, "point_value": {"elastic": null}`, "")); p.Funds[param.Employee].PointValue.HasElastic {
		t.Error("elastic null read as given")
	}
	p = mustPolicy(t, withFund(capitaFund, `, "capita": {"carry_over": {"职工": "121.25"}}`))
	if !p.Capita.HasCarryOver[0] || p.Capita.CarryOver[0] != pointvalue.MustMoney("121.25") || p.Capita.HasCarryOver[1] {
		t.Errorf("carry_over %v %v", p.Capita.HasCarryOver, p.Capita.CarryOver)
	}
}
