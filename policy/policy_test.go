package policy_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/policy"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dipdrg/dipdrg/pointvalue"
)

func readPolicyString(t *testing.T, s string) (*policy.Policy, error) {
	t.Helper()
	return policy.Read(strings.NewReader(s), "conf/policy.json")
}

func mustPolicy(t *testing.T, s string) *policy.Policy {
	t.Helper()
	p, err := readPolicyString(t, s)
	if err != nil {
		t.Fatalf("ReadPolicy: %v", err)
	}
	return p
}

// minimal is docs/formats.md's smallest valid policy plus a given employee budget.
const minimal = `{"region": "X", "year": 2025, "version": "1", "funds": {"employee": {"budget": {"method": "given", "amount": "1000.00"}}}}`

// withFund returns a policy whose employee fund is fund (a JSON object body) and
// whose top level has extra fields appended (",..." or "").
func withFund(fund, extra string) string {
	return `{"region": "X", "year": 2025, "version": "1", "funds": {"employee": {` + fund + `}}` + extra + `}`
}

const givenBudget = `"budget": {"method": "given", "amount": "1000.00"}`

func TestReadPolicyExample(t *testing.T) {
	f, err := os.Open("testdata/example.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := policy.Read(f, "testdata/example.json")
	if err != nil {
		t.Fatalf("the docs/formats.md example must load: %v", err)
	}
	// Every expectation below is read by hand from the JSON of docs/formats.md.
	check := func(name string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("ID", p.ID(), "330700/2025/2025.1")
	check("InpatientMethod", p.InpatientMethod, param.DRG)
	check("PointScale", p.PointScale, 4)
	check("PointValueScale", p.PointValueScale, 6)
	check("Rounding", p.Rounding, pointvalue.HalfUp)
	check("Distribution", p.Distribution, policy.PointValueDistribution)

	e := p.Funds[param.Employee]
	if e == nil {
		t.Fatal("employee fund not settled")
	}
	check("employee budget method", e.Budget.Method, policy.BudgetGiven)
	check("employee budget amount", e.Budget.Amount, pointvalue.Fen(5_000_000_000)) // 50,000,000.00 yuan
	if len(e.Carveouts) != 2 {
		t.Fatalf("carveouts = %+v", e.Carveouts)
	}
	check("carveout 0", e.Carveouts[0], policy.Carveout{Name: "offsite", Amount: pointvalue.Yuan(1_000_000)})
	check("carveout 1", e.Carveouts[1], policy.Carveout{Name: "itemised", Ratio: 2_000_000, IsRatio: true}) // 0.02
	check("reserve", e.ReserveRatio, pointvalue.Factor(5_000_000))                                          // 0.05
	check("pools kind", e.Pools.Kind, policy.PoolsRatios)
	check("pools named", e.Pools.Named, [param.NumMethods]bool{param.DRG: true, param.Capita: true})
	check("pools drg", e.Pools.Ratios[param.DRG], pointvalue.Factor(90_000_000))       // 0.9
	check("pools capita", e.Pools.Ratios[param.Capita], pointvalue.Factor(10_000_000)) // 0.1
	pv := e.PointValue
	check("formula given", pv.FormulaGiven, true)
	check("formula", pv.Formula, pointvalue.WithPatientShare)
	check("reimbursement", pv.ReimbursementRatio, pointvalue.Factor(75_000_000))
	check("has reimbursement", pv.HasReimbursementRatio, true)
	check("fixed rate (null)", pv.HasFixedRate, false)
	check("budget pv", pv.BudgetPointValue, pointvalue.PointValue(100*pointvalue.FactorUnit))
	check("has budget pv", pv.HasBudgetPointValue, true)
	check("band (null)", pv.HasBand(), false)
	check("region avg cost", e.RegionAvgCost, pointvalue.Yuan(10_000))

	r := p.Funds[param.Resident]
	if r == nil {
		t.Fatal("resident fund not settled")
	}
	check("resident method", r.Budget.Method, policy.BudgetGrowth)
	check("resident prior", r.Budget.PriorExpenditure, pointvalue.Yuan(30_000_000))
	check("resident growth", r.Budget.GrowthRate, pointvalue.Factor(4_000_000)) // 0.04
	check("resident reserve default", r.ReserveRatio, pointvalue.Factor(5_000_000))
	check("resident pools", r.Pools.Kind, policy.PoolsAll)
	check("resident formula (drg default)", p.Formula(param.Resident, param.DRG), pointvalue.WithPatientShare)

	wantTh := []drg.Threshold{{UpTo: pointvalue.PointsFromInt(100), T: 3 * pointvalue.One},
		{UpTo: pointvalue.PointsFromInt(300), T: 2 * pointvalue.One}, {Unbounded: true, T: 150_000_000}}
	if len(p.DRG.HighThresholds) != 3 {
		t.Fatalf("thresholds %+v", p.DRG.HighThresholds)
	}
	for i := range wantTh {
		check("threshold", p.DRG.HighThresholds[i], wantTh[i])
	}
	check("drg low", p.DRG.LowRatio, pointvalue.Factor(40_000_000))
	check("drg readmit days", p.DRG.ReadmitDays, 15)
	check("drg readmit factor", p.DRG.ReadmitFactor, pointvalue.Factor(50_000_000))
	check("drg special share", p.DRG.SpecialMaxShare, pointvalue.Factor(5_000_000))
	check("drg scope", p.DRG.SpecialScope, param.ScopeHospital)

	d := p.DIP
	check("dip score scale", d.ScoreScale, 1000)
	check("dip high rule", d.HighRule, dip.HighFormula)
	check("dip high", d.HighRatio, 2*pointvalue.One)
	check("dip low", d.LowRatio, pointvalue.Factor(50_000_000))
	check("dip inclusive", d.Inclusive, false)
	check("dip extreme", d.ExtremeRatio, 5*pointvalue.One)
	check("dip levels", d.LevelCoefficients, [param.NumLevels]pointvalue.Factor{pointvalue.One, 90_000_000, 80_000_000})
	check("dip primary", d.PrimaryCoefficient, pointvalue.One)
	check("dip tcm bonus", d.TCMBonus, pointvalue.Factor(0))
	check("dip tcm min", d.TCMShareMin, pointvalue.Factor(50_000_000))
	check("dip severity", len(d.SeverityCoefficients), 0)
	check("dip severity default", d.Severity("3"), pointvalue.One)
	check("dip special", d.SpecialMaxShare, pointvalue.Factor(500_000)) // 0.005
	check("dip scope", d.SpecialScope, param.ScopeRegion)
	check("dip ungrouped", d.UngroupedFactor, pointvalue.One)

	rate, ok := p.BedDay.Rate("psychiatric", param.Secondary)
	check("bedday rate ok", ok, true)
	check("bedday rate", rate, pointvalue.Yuan(310))
	_, ok = p.BedDay.Rate("rehabilitation", param.Tertiary)
	check("bedday unknown category", ok, false)
	check("bedday segments", len(p.BedDay.Segments), 1)
	check("bedday segment", p.BedDay.Segments[0], bedday.Segment{Unbounded: true, Factor: pointvalue.One})
	check("bedday max days", p.BedDay.HasMaxDays, false)
	check("bedday pool", p.BedDay.Pool, bedday.Inpatient)
	check("bedday bpv", p.BedDay.HasBudgetPointValue, false)

	check("capita standard", p.Capita.HasStandard, false)
	check("capita risk", p.Capita.RiskRatio, pointvalue.Factor(10_000_000))
	check("capita serious", p.Capita.SeriousIllnessRatio, pointvalue.Factor(5_000_000))
	check("capita weight default", p.Capita.AgeWeight("0-6"), pointvalue.One)

	check("corridor rule", p.Corridor.Rule, policy.CorridorBands)
	check("surplus keep", p.Corridor.SurplusKeep, pointvalue.One)
	check("over band", p.Corridor.OverBand, pointvalue.Factor(10_000_000))
	check("over share", p.Corridor.OverShare, pointvalue.Factor(50_000_000))
	check("low use", p.Corridor.LowUseRatio, pointvalue.Factor(50_000_000))
	check("advance", p.Advances.AdvanceRatio, pointvalue.Factor(90_000_000))
	check("deposit", p.Advances.DepositRatio, pointvalue.Factor(5_000_000))
	check("assessment", p.Advances.AssessmentRule, policy.AssessDeposit)

	check("employee has drg pool", p.HasPool(param.Employee, param.DRG), true)
	check("employee has capita pool", p.HasPool(param.Employee, param.Capita), true)
	check("employee has no dip pool", p.HasPool(param.Employee, param.DIP), false)
	check("resident has drg pool (default)", p.HasPool(param.Resident, param.DRG), true)
	check("resident has no capita pool", p.HasPool(param.Resident, param.Capita), false)
}

func TestReadPolicyMinimalDefaults(t *testing.T) {
	p := mustPolicy(t, minimal)
	if p.Funds[param.Resident] != nil {
		t.Error("resident fund left out must not be settled")
	}
	e := p.Funds[param.Employee]
	type c struct {
		name      string
		got, want any
	}
	for _, x := range []c{
		{"id", p.ID(), "X/2025/1"},
		{"amount", e.Budget.Amount, pointvalue.Fen(100_000)},
		{"inpatient", p.InpatientMethod, param.DRG},
		{"point scale", p.PointScale, 4},
		{"pv scale", p.PointValueScale, 6},
		{"rounding", p.Rounding, pointvalue.HalfUp},
		{"distribution", p.Distribution, policy.PointValueDistribution},
		{"surplus ratio 0.03", e.Budget.SurplusRatio, pointvalue.Factor(3_000_000)},
		{"reserve 0.05", e.ReserveRatio, pointvalue.Factor(5_000_000)},
		{"pools all", e.Pools.Kind, policy.PoolsAll},
		{"all to drg", p.HasPool(param.Employee, param.DRG), true},
		{"formula drg", p.Formula(param.Employee, param.DRG), pointvalue.WithPatientShare},
		{"no region avg", e.RegionAvgCost, pointvalue.Money(0)},
		{"drg thresholds", len(p.DRG.HighThresholds), 3},
		{"drg T above 300 = 1.5", p.DRG.HighThresholds[2].T, pointvalue.Factor(150_000_000)},
		{"drg low 0.4", p.DRG.LowRatio, pointvalue.Factor(40_000_000)},
		{"drg readmit", p.DRG.ReadmitRule, param.HalveEarlier},
		{"drg special 0.05", p.DRG.SpecialMaxShare, pointvalue.Factor(5_000_000)},
		{"dip scale", p.DIP.ScoreScale, 1000},
		{"dip levels 1", p.DIP.LevelCoefficients, [param.NumLevels]pointvalue.Factor{pointvalue.One, pointvalue.One, pointvalue.One}},
		{"dip special 0.005", p.DIP.SpecialMaxShare, pointvalue.Factor(500_000)},
		{"dip scope", p.DIP.SpecialScope, param.ScopeRegion},
		{"bedday segment", p.BedDay.Segments[0], bedday.Segment{Unbounded: true, Factor: pointvalue.One}},
		{"capita risk 0.10", p.Capita.RiskRatio, pointvalue.Factor(10_000_000)},
		{"corridor keep 1", p.Corridor.SurplusKeep, pointvalue.One},
		{"advance 0.90", p.Advances.AdvanceRatio, pointvalue.Factor(90_000_000)},
		{"deposit 0.05", p.Advances.DepositRatio, pointvalue.Factor(5_000_000)},
	} {
		if x.got != x.want {
			t.Errorf("%s: got %v, want %v", x.name, x.got, x.want)
		}
	}
	// policy.Default gives the same defaults.
	d := policy.Default("X", 2025, "1")
	d.Funds[param.Employee] = policy.NewFund(pointvalue.Yuan(1000))
	if err := d.Validate(); err != nil {
		t.Fatalf("DefaultPolicy with a fund: %v", err)
	}
	d.Region, d.Year, d.Version = p.Region, p.Year, p.Version
	if diff := cmp.Diff(d, p, cmpopts.IgnoreUnexported(dip.Params{})); diff != "" {
		t.Errorf("DefaultPolicy differs from the minimal policy read (-code +json):\n%s", diff)
	}
}

func TestReadPolicyNumbers(t *testing.T) {
	for _, tc := range []struct{ name, amount string }{
		{"number", `50000000.00`},
		{"string", `"50000000.00"`},
		{"integer", `50000000`},
		{"trailing zeros beyond fen", `"50000000.000"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustPolicy(t, withFund(`"budget": {"method": "given", "amount": `+tc.amount+`}, "reserve_ratio": 0.05`, ""))
			if got := p.Funds[param.Employee].Budget.Amount; got != pointvalue.Yuan(50_000_000) {
				t.Errorf("amount = %v", got)
			}
			if got := p.Funds[param.Employee].ReserveRatio; got != 5_000_000 {
				t.Errorf("reserve = %v", got)
			}
		})
	}
	// A money number with 3 significant decimals names its JSON path.
	_, err := readPolicyString(t, withFund(`"budget": {"method": "given", "amount": 50000000.001}`, ""))
	want := "policy.json:0: funds.employee.budget.amount: 50000000.001: more decimals than allowed"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	if !errors.Is(err, pointvalue.ErrPrecision) || !errors.Is(err, pointvalue.ErrPolicy) {
		t.Errorf("error must match ErrPrecision and ErrPolicy: %v", err)
	}
}

func TestReadPolicyInvalid(t *testing.T) {
	const pfx = "policy.json:0: "
	for _, tc := range []struct {
		name, json, want string
		is               error
	}{
		{"reserve out of range", withFund(givenBudget+`, "reserve_ratio": "1.5"`, ""),
			"funds.employee.reserve_ratio: 1.5: value out of range: must be in [0, 1]", pointvalue.ErrRange},
		{"negative reserve", withFund(givenBudget+`, "reserve_ratio": -0.01`, ""),
			"funds.employee.reserve_ratio: -0.01: value out of range: must be in [0, 1]", pointvalue.ErrRange},
		{"ratios do not sum to 1", withFund(givenBudget+`, "pools": {"ratios": {"drg": "0.9", "capita": "0.05"}}`, ""),
			"funds.employee.pools.ratios: 0.95: invalid policy: pool ratios must sum to exactly 1", pointvalue.ErrPolicy},
		{"ratios sum above 1", withFund(givenBudget+`, "pools": {"ratios": {"drg": "0.9", "capita": "0.10000001"}}`, ""),
			"funds.employee.pools.ratios: 1.00000001: invalid policy: pool ratios must sum to exactly 1", pointvalue.ErrPolicy},
		{"drg and dip in one fund", withFund(givenBudget+`, "pools": {"amounts": {"drg": "10", "dip": "10"}}, "point_value": {"reimbursement_ratio": "0.7"}`, ""),
			"funds.employee.pools.amounts: drg|dip: invalid policy: a fund has one inpatient method: pools name both drg and dip", pointvalue.ErrPolicy},
		{"two split kinds", withFund(givenBudget+`, "pools": {"ratios": {"drg": "1"}, "amounts": {"drg": "5"}}`, ""),
			"funds.employee.pools: ratios|amounts: invalid policy: exactly one of ratios, amounts and prior_spending", pointvalue.ErrPolicy},
		{"empty split", withFund(givenBudget+`, "pools": {"ratios": {}}`, ""),
			"funds.employee.pools.ratios: {}: required value is empty: names no method", pointvalue.ErrRequired},
		{"unknown pool method", withFund(givenBudget+`, "pools": {"ratios": {"drg": "1", "fee": "0"}}`, ""),
			"funds.employee.pools.ratios.fee: fee: not one of the allowed values: a pool is drg, dip, bedday or capita", pointvalue.ErrEnum},
		{"bedday pool not separate", withFund(givenBudget+`, "pools": {"ratios": {"drg": "0.8", "bedday": "0.2"}}`, ""),
			`funds.employee.pools.ratios.bedday: : invalid policy: a bedday pool needs "bedday": {"pool": "separate"}`, pointvalue.ErrPolicy},
		{"exact-share with by-ratio", withFund(givenBudget+`, "point_value": {"reimbursement_ratio": "0.7"}`, `, "inpatient_method": "dip", "distribution": "exact-share"`),
			"distribution: exact-share: invalid policy: exact-share needs with-patient-share or fund-only pools; funds.employee uses by-reimbursement-ratio", pointvalue.ErrPolicy},
		{"exact-share with fixed rate", withFund(givenBudget+`, "point_value": {"fixed_rate": "122.527"}`, `, "distribution": "exact-share"`),
			"distribution: exact-share: invalid policy: exact-share needs with-patient-share or fund-only pools; funds.employee uses fixed-rate", pointvalue.ErrPolicy},
		{"by-ratio without its ratio", withFund(givenBudget, `, "inpatient_method": "dip"`),
			"funds.employee.point_value.reimbursement_ratio: : required value is empty: a by-reimbursement-ratio pool needs it", pointvalue.ErrRequired},
		{"band without budget point value", withFund(givenBudget+`, "point_value": {"band_down": "0.1"}`, ""),
			"funds.employee.point_value.band_down: 0.1: invalid policy: a point-value band needs a budget_point_value or a fixed_rate", pointvalue.ErrPolicy},
		{"fixed-rate without rate", withFund(givenBudget+`, "point_value": {"formula": "fixed-rate"}`, ""),
			"funds.employee.point_value.fixed_rate: : required value is empty: formula fixed-rate needs a fixed_rate", pointvalue.ErrRequired},
		{"rate with another formula", withFund(givenBudget+`, "point_value": {"formula": "fund-only", "fixed_rate": "100"}`, ""),
			"funds.employee.point_value.fixed_rate: 100.00000000: invalid policy: a fixed_rate needs formula fixed-rate, not fund-only", pointvalue.ErrPolicy},
		{"point scale 9", withFund(givenBudget, `, "point_scale": 9`),
			"point_scale: 9: value out of range: must be in [0, 8]", pointvalue.ErrRange},
		{"point scale as string", withFund(givenBudget, `, "point_scale": "4"`),
			"point_scale: 4: not a number: expected a JSON integer", pointvalue.ErrSyntax},
		{"point value scale fraction", withFund(givenBudget, `, "point_value_scale": 6.5`),
			"point_value_scale: 6.5: not a number: expected a JSON integer", pointvalue.ErrSyntax},
		{"rounding down", withFund(givenBudget, `, "rounding": "down"`),
			"rounding: down: not one of the allowed values: must be one of half-up, half-even", pointvalue.ErrEnum},
		{"thresholds not increasing", withFund(givenBudget, `, "drg": {"high_thresholds": [["300", "3"], ["100", "2"], [null, "1.5"]]}`),
			"drg.high_thresholds[1]: 100.0000: invalid policy: bounds must increase", pointvalue.ErrPolicy},
		{"last threshold bounded", withFund(givenBudget, `, "drg": {"high_thresholds": [["100", "3"], ["300", "2"]]}`),
			"drg.high_thresholds[1]: 300.0000: invalid policy: the last threshold must be null (unbounded)", pointvalue.ErrPolicy},
		{"segments not increasing", withFund(givenBudget, `, "bedday": {"segments": [[60, "1"], [60, "0.9"], [null, "0.8"]]}`),
			"bedday.segments[1]: 60: invalid policy: bounds must increase", pointvalue.ErrPolicy},
		{"segment null first", withFund(givenBudget, `, "bedday": {"segments": [[null, "1"], [90, "0.9"]]}`),
			"bedday.segments[0]: null: invalid policy: only the last segment may be unbounded\n" +
				pfx + "bedday.segments[1]: 90: invalid policy: the last segment must be null (unbounded)", pointvalue.ErrPolicy},
		{"readmit rule", withFund(givenBudget, `, "dip": {"readmit_rule": "halve-later"}`),
			"dip.readmit_rule: halve-later: not one of the allowed values: must be one of halve-earlier, none", pointvalue.ErrEnum},
		{"unknown field", withFund(givenBudget+`, "reserve_ration": "0.05"`, ""),
			"funds.employee.reserve_ration: 0.05: invalid policy: unknown field", pointvalue.ErrPolicy},
		{"missing version", `{"region": "X", "year": 2025, "funds": {"employee": {` + givenBudget + `}}}`,
			"version: : required value is empty", pointvalue.ErrRequired},
		{"no fund settled", `{"region": "X", "year": 2025, "version": "1", "funds": {"employee": {}}}`,
			"funds: : required value is empty: no fund is settled", pointvalue.ErrRequired},
		{"unknown fund", withFund(givenBudget, `, "funds2": 1`),
			"funds2: 1: invalid policy: unknown field", pointvalue.ErrPolicy},
		{"growth without rate", withFund(`"budget": {"method": "growth", "prior_expenditure": "100"}`, ""),
			"funds.employee.budget.growth_rate: : required value is empty: budget method growth or min needs it", pointvalue.ErrRequired},
		{"budget missing", withFund(`"reserve_ratio": "0.05"`, ""),
			"funds.employee.budget: : required value is empty: a settled fund needs a budget", pointvalue.ErrRequired},
		{"negative amount", withFund(`"budget": {"method": "given", "amount": "-1.00"}`, ""),
			"funds.employee.budget.amount: -1.00: negative value not allowed", pointvalue.ErrNegative},
		{"carve-out with both", withFund(givenBudget+`, "carveouts": [{"name": "x", "amount": "1", "ratio": "0.1"}]`, ""),
			`funds.employee.carveouts[0]: {"name":"x","amount":"1","ratio":"0.1"}: invalid policy: a carve-out has exactly one of amount and ratio`, pointvalue.ErrPolicy},
		{"capita held-back above 1", withFund(givenBudget, `, "capita": {"risk_ratio": "0.6", "serious_illness_ratio": "0.5"}`),
			"capita.serious_illness_ratio: 0.5: value out of range: risk_ratio + serious_illness_ratio must not exceed 1", pointvalue.ErrRange},
		{"dip low above high", withFund(givenBudget, `, "dip": {"low_ratio": "2", "high_ratio": "2"}`),
			"dip.low_ratio: 2: value out of range: must be below high_ratio", pointvalue.ErrRange},
		{"pv3 weights missing for two years", withFund(givenBudget+`, "point_value": {"budget_point_value": {"years": [{"total_cost": "100", "total_points": "1"}, {"total_cost": "100", "total_points": "1"}]}}`, ""),
			"funds.employee.point_value.budget_point_value.weights: : required value is empty: default weights are for three years; give one per year", pointvalue.ErrRequired},
		{"pv3 fund-only needs patient share", withFund(givenBudget+`, "point_value": {"formula": "fund-only", "budget_point_value": {"years": [{"total_cost": "100", "total_points": "1"}], "weights": ["1"]}}`, ""),
			"funds.employee.point_value.budget_point_value.years[0].patient_share: : required value is empty: a fund-only pool needs the fund-paid cost (PV-3)", pointvalue.ErrRequired},
		{"not an object", `[1]`, ": [1]: not a number: expected a JSON object", pointvalue.ErrSyntax},
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
			var re *pointvalue.RecordError
			if !errors.As(err, &re) || re.Line != 0 || re.Source != "policy.json" {
				t.Errorf("not a line-0 RecordError of policy.json: %#v", re)
			}
		})
	}
}

// TestReadPolicySyntax: a malformed document names the line where reading stopped.
func TestReadPolicySyntax(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"not JSON", `{"region": `, "policy.json:1: : : malformed record: invalid JSON: unexpected end of input"},
		{"trailing data", minimal + `{}`, "policy.json:1: : : malformed record: invalid JSON: data after the document"},
		{"bad key on line 3", "{\"region\": \"X\",\n\"year\": 2025,\n x}", "policy.json:3: : : malformed record: invalid JSON: invalid character 'x' looking for beginning of object key string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readPolicyString(t, tc.json)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got  %v\nwant %s", err, tc.want)
			}
			if !errors.Is(err, pointvalue.ErrMalformed) || !errors.Is(err, pointvalue.ErrPolicy) {
				t.Errorf("must match ErrMalformed and ErrPolicy: %v", err)
			}
		})
	}
}

func TestReadPolicyAllErrors(t *testing.T) {
	_, err := readPolicyString(t, withFund(`"budget": {"method": "given", "amount": "1.001"}, "reserve_ratio": "2", "pools": {"ratios": {"drg": "0.5"}}`,
		`, "point_scale": 12, "corridor": {"over_share": "1.5"}, "advances": {"deposit_ratio": "x"}`))
	want := strings.Join([]string{ // by JSON path
		"policy.json:0: advances.deposit_ratio: x: not a number",
		"policy.json:0: corridor.over_share: 1.5: value out of range: must be in [0, 1]",
		"policy.json:0: funds.employee.budget.amount: 1.001: more decimals than allowed",
		"policy.json:0: funds.employee.pools.ratios: 0.5: invalid policy: pool ratios must sum to exactly 1",
		"policy.json:0: funds.employee.reserve_ratio: 2: value out of range: must be in [0, 1]",
		"policy.json:0: point_scale: 12: value out of range: must be in [0, 8]",
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestReadPolicyForms(t *testing.T) {
	t.Run("chinese fund key and chinese level key", func(t *testing.T) {
		p := mustPolicy(t, `{"region": "X", "year": 2025, "version": "1", "funds": {"居民": {`+givenBudget+`}},
			"dip": {"level_coefficients": {"二级": "0.9"}}}`)
		if p.Funds[param.Resident] == nil || p.Funds[param.Employee] != nil {
			t.Fatal("居民 must settle the resident fund only")
		}
		if p.DIP.LevelCoefficients != [param.NumLevels]pointvalue.Factor{pointvalue.One, 90_000_000, pointvalue.One} {
			t.Errorf("levels %v", p.DIP.LevelCoefficients)
		}
	})
	t.Run("fund given twice", func(t *testing.T) {
		_, err := readPolicyString(t, `{"region": "X", "year": 2025, "version": "1", "funds": {"employee": {`+givenBudget+`}, "职工": {`+givenBudget+`}}}`)
		want := "policy.json:0: funds.职工: 职工: duplicate key: fund employee given twice (as employee)"
		if err == nil || err.Error() != want {
			t.Errorf("got %v", err)
		}
	})
	t.Run("dip fund, fixed rate, PV-3 years, band, separate bed-day", func(t *testing.T) {
		p := mustPolicy(t, `{"region": "X", "year": 2025, "version": "1", "inpatient_method": "dip",
		  "point_scale": 8, "rounding": "half-even",
		  "funds": {
		    "employee": {"budget": {"method": "min", "prior_expenditure": "100.00", "growth_rate": "-0.02", "expected_revenue": "90", "surplus_ratio": "0"},
		      "pools": {"prior_spending": {"dip": "300", "bedday": "100"}},
		      "point_value": {"formula": "fund-only", "band_down": "0.1", "band_up": "0.05",
		        "budget_point_value": {"years": [{"total_cost": "100.00", "total_points": "10", "patient_share": "20"},
		          {"total_cost": "200", "total_points": "20.5", "patient_share": "0"}, {"total_cost": "300", "total_points": "30", "patient_share": "30"}]}}},
		    "resident": {"budget": {"method": "revenue", "expected_revenue": "1000"}, "point_value": {"fixed_rate": "122.527"}}},
		  "bedday": {"pool": "separate", "budget_point_value": "9.5", "segments": [[60, "1"], [90, "0.9"], [null, "0.8"]], "max_days": 180,
		    "rates": {"rehabilitation": {"tertiary": "300", "primary": null}}},
		  "capita": {"standard": "100.00", "age_weights": {"65+": "1.5"}}}`)
		e, r := p.Funds[param.Employee], p.Funds[param.Resident]
		if e.Budget.Method != policy.BudgetMin || e.Budget.GrowthRate != -2_000_000 || e.Budget.ExpectedRevenue != pointvalue.Yuan(90) || e.Budget.SurplusRatio != 0 {
			t.Errorf("budget %+v", e.Budget)
		}
		if e.Pools.Kind != policy.PoolsPriorSpending || e.Pools.Amounts[param.DIP] != pointvalue.Yuan(300) || e.Pools.Amounts[param.BedDay] != pointvalue.Yuan(100) || e.Pools.Named[param.DRG] {
			t.Errorf("pools %+v", e.Pools)
		}
		if p.Inpatient(param.Employee) != param.DIP || !p.HasPool(param.Employee, param.BedDay) || p.Formula(param.Employee, param.BedDay) != pointvalue.FundOnly {
			t.Error("employee: dip + separate bedday, fund-only")
		}
		pv := e.PointValue
		if len(pv.BudgetYears) != 3 || pv.BudgetYears[1].TotalPoints != pointvalue.MustPoints("20.5") ||
			pv.BudgetYears[0].PatientShare != pointvalue.Yuan(20) || !pv.BudgetYears[1].HasPatientShare {
			t.Errorf("years %+v", pv.BudgetYears)
		}
		if len(pv.Weights) != 3 || pv.Weights[0] != 10_000_000 || pv.Weights[2] != 70_000_000 { // 0.1, 0.2, 0.7
			t.Errorf("weights %v", pv.Weights)
		}
		if pv.BandDown != 10_000_000 || pv.BandUp != 5_000_000 || !pv.HasBand() {
			t.Errorf("band %+v", pv)
		}
		if r.PointValue.FixedRate != pointvalue.MustPointValue("122.527") || p.Formula(param.Resident, param.DIP) != pointvalue.FixedRate {
			t.Errorf("resident fixed rate %+v", r.PointValue)
		}
		if got := p.BedDay.Segments; len(got) != 3 || got[1] != (bedday.Segment{UpTo: 90, Factor: 90_000_000}) || !got[2].Unbounded {
			t.Errorf("segments %+v", got)
		}
		if !p.BedDay.HasMaxDays || p.BedDay.MaxDays != 180 || p.BedDay.BudgetPointValue != pointvalue.MustPointValue("9.5") {
			t.Errorf("bedday %+v", p.BedDay)
		}
		if _, ok := p.BedDay.Rate("rehabilitation", param.Primary); ok {
			t.Error("null rate must be no rate")
		}
		if !p.Capita.HasStandard || p.Capita.Standard != pointvalue.Yuan(100) || p.Capita.AgeWeight("65+") != 150_000_000 {
			t.Errorf("capita %+v", p.Capita)
		}
		if p.PointScale != 8 || p.Rounding != pointvalue.HalfEven || p.Distribution != policy.PointValueDistribution {
			t.Error("top level")
		}
	})
}

func TestValidateCodeBuilt(t *testing.T) {
	p := policy.Default("330700", 2025, "v1")
	if err := p.Validate(); err == nil || err.Error() != "policy:0: funds: : required value is empty: no fund is settled" {
		t.Errorf("no funds: %v", err)
	}
	p.Funds[param.Resident] = policy.NewFund(pointvalue.Yuan(100))
	p.Funds[param.Resident].Pools = policy.Pools{Kind: policy.PoolsRatios, Named: [param.NumMethods]bool{param.DRG: true, param.Capita: true},
		Ratios: [param.NumMethods]pointvalue.Factor{param.DRG: 70_000_000, param.Capita: 30_000_000}}
	if err := p.Validate(); err != nil {
		t.Fatalf("valid: %v", err)
	}
	p.Advances.DepositRatio = -1
	p.DRG.HighThresholds = nil
	err := p.Validate()
	want := "policy:0: advances.deposit_ratio: -0.00000001: value out of range: must be in [0, 1]\n" +
		"policy:0: drg.high_thresholds: : required value is empty"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestEnums(t *testing.T) {
	// Tie-breaks "by method name in byte order" rely on bedday < capita < dip < drg.
	if !(param.BedDay.String() < param.Capita.String() && param.Capita.String() < param.DIP.String() && param.DIP.String() < param.DRG.String()) {
		t.Error("method names out of byte order")
	}
	for _, tc := range []struct {
		in   string
		want param.Fund
	}{{"employee", param.Employee}, {"职工", param.Employee}, {"resident", param.Resident}, {"居民", param.Resident}} {
		if got, err := param.ParseFund(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseFund(%q) = %v, %v", tc.in, got, err)
		}
	}
	if _, err := param.ParseFund("staff"); !errors.Is(err, pointvalue.ErrEnum) {
		t.Error("ParseFund(staff)")
	}
	for s, want := range map[string]param.Level{"三级": param.Tertiary, "二级": param.Secondary, "一级及以下": param.Primary, "primary": param.Primary} {
		if got, err := param.ParseLevel(s); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", s, got, err)
		}
	}
	if m, err := param.ParseMethod("bedday"); err != nil || m != param.BedDay {
		t.Error("ParseMethod(bedday)")
	}
	if param.Employee.String() != "employee" || param.Resident.String() != "resident" || pointvalue.ByReimbursementRatio.String() != "by-reimbursement-ratio" {
		t.Error("String")
	}
}

func FuzzReadPolicy(f *testing.F) {
	if b, err := os.ReadFile("testdata/example.json"); err == nil {
		f.Add(string(b))
	}
	f.Add(minimal)
	f.Add(withFund(givenBudget+`, "pools": {"ratios": {"drg": "0.5", "dip": 0.5}}`, `, "distribution": "exact-share"`))
	f.Add(withFund(givenBudget+`, "point_value": {"budget_point_value": {"years": [{"total_cost": 1, "total_points": 0}], "weights": [0]}}`, ""))
	f.Add(`{"drg": {"high_thresholds": [[null], [1, 2, 3], "x"]}, "bedday": {"segments": [[-1, "1"]]}}`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := policy.Read(strings.NewReader(s), "policy.json")
		if (p == nil) == (err == nil) {
			t.Fatalf("exactly one of policy and error: %v %v", p, err)
		}
		if p != nil {
			if err := p.Validate(); err != nil {
				t.Fatalf("a policy policy.Read accepts must validate: %v", err)
			}
			_ = p.ID()
		} else if !errors.Is(err, pointvalue.ErrPolicy) {
			t.Fatalf("error does not match ErrPolicy: %v", err)
		}
	})
}

func ExampleRead() {
	const policyJSON = `{
	  "region": "330700", "year": 2025, "version": "2025.1",
	  "funds": {"employee": {"budget": {"method": "given", "amount": 50000000.00},
	                         "pools": {"ratios": {"drg": "0.9", "capita": "0.1"}}}}
	}`
	p, err := policy.Read(strings.NewReader(policyJSON), "conf/policy.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	e := p.Funds[param.Employee]
	fmt.Println(p.ID(), e.Budget.Method, e.Budget.Amount)
	fmt.Println("reserve", e.ReserveRatio, "drg pool", e.Pools.Ratios[param.DRG], p.Formula(param.Employee, param.DRG))
	fmt.Println("resident settled:", p.Funds[param.Resident] != nil)
	// Output:
	// 330700/2025/2025.1 given 50000000.00
	// reserve 0.05 drg pool 0.9 with-patient-share
	// resident settled: false
}

func ExampleRead_errors() {
	const bad = `{"region": "X", "year": 2025, "version": "1",
	  "funds": {"employee": {"budget": {"method": "given", "amount": "1.005"},
	                         "reserve_ratio": "1.5",
	                         "pools": {"ratios": {"drg": "0.8", "dip": "0.1"}}}}}`
	_, err := policy.Read(strings.NewReader(bad), "policy.json")
	fmt.Println(err)
	// Output:
	// policy.json:0: funds.employee.budget.amount: 1.005: more decimals than allowed
	// policy.json:0: funds.employee.point_value.reimbursement_ratio: : required value is empty: a by-reimbursement-ratio pool needs it
	// policy.json:0: funds.employee.pools.ratios: drg|dip: invalid policy: a fund has one inpatient method: pools name both drg and dip
	// policy.json:0: funds.employee.pools.ratios: 0.9: invalid policy: pool ratios must sum to exactly 1
	// policy.json:0: funds.employee.reserve_ratio: 1.5: value out of range: must be in [0, 1]
}
