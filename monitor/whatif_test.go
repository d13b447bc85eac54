package monitor

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// sweep makes the scenarios of a sweep over the year's policy.json.
func sweep(t *testing.T, policyFile, arg string) []Scenario {
	t.Helper()
	data, err := os.ReadFile(policyFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := param.ParseJSON(data, "policy.json")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Sweep(doc, arg)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSweep: each value makes a scenario named PATH=value whose policy has the
// value at the path and the base's everywhere else; the errors of every bad
// value come together, each with its scenario as the source (SIM-1, SIM-3).
func TestSweep(t *testing.T) {
	doc, err := param.ParseJSON([]byte(`{"region": "330700", "year": 2025, "version": "t",
		"inpatient_method": "drg",
		"funds": {"employee": {"budget": {"method": "given", "amount": "1000.00"}, "reserve_ratio": "0.05",
			"pools": {"ratios": {"drg": "1"}}}}}`), "policy.json")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Sweep(doc, `funds.employee.reserve_ratio=["0.1","0.2"]`)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc) != 2 || sc[0].Name != "funds.employee.reserve_ratio=0.1" || sc[1].Name != "funds.employee.reserve_ratio=0.2" {
		t.Fatalf("scenarios %+v", sc)
	}
	for i, want := range []pointvalue.Factor{10_000_000, 20_000_000} { // 0.1, 0.2 in 10⁻⁸
		f := sc[i].Policy.Funds[param.Employee]
		if f.ReserveRatio != want || f.Budget.Amount != 100_000 {
			t.Errorf("%s: reserve ratio %v, budget %v", sc[i].Name, f.ReserveRatio, f.Budget.Amount)
		}
	}
	_, err = Sweep(doc, `funds.employee.reserve_ratio=["1.5","0.1","-1"]`)
	var list *pointvalue.ErrorList
	if !errors.As(err, &list) || len(list.Errors) != 2 {
		t.Fatalf("two bad values: %v", err)
	}
	for i, name := range []string{"funds.employee.reserve_ratio=1.5", "funds.employee.reserve_ratio=-1"} {
		if e := list.Errors[i]; e.Source != name || e.Field != "funds.employee.reserve_ratio" {
			t.Errorf("error %d: %v; want source %s on the field", i, e, name)
		}
	}
	flat, _ := param.ParseJSON([]byte(`{"bedday": "none"}`), "policy.json")
	_, err = Sweep(flat, `bedday.rates.psychiatric=[{"tertiary":"300"}]`) // a step through a string
	if !errors.As(err, &list) || len(list.Errors) != 1 || list.Errors[0].Source != `bedday.rates.psychiatric={"tertiary":"300"}` || list.Errors[0].Field != "bedday" {
		t.Errorf("a step through a string: %v", err)
	}
	if _, err := Sweep(doc, "reserve_ratio"); !errors.Is(err, ErrSweep) {
		t.Errorf("not a sweep: %v", err)
	}
}

// TestWhatIfEqualsAlone: scenarios settled together from one batch, in
// parallel, give each what settling it alone from a fresh read gives (SIM-2).
func TestWhatIfEqualsAlone(t *testing.T) {
	f := synthFiles(t, synth.Options{Seed: 6, Cases: 20000, Method: synth.DRG})
	in, _, err := files.Read(f, files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc := sweep(t, f.Policy, `funds.employee.reserve_ratio=["0.02","0.08","0.12"]`)
	sc = append(sc, sweep(t, f.Policy, `corridor.surplus_keep=["0.6"]`)...)
	base, got, err := WhatIf(context.Background(), in, sc, budget.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for k, s := range sc {
		fresh, _, err := files.Read(f, files.Options{})
		if err != nil {
			t.Fatal(err)
		}
		fresh.Policy = s.Policy
		alone, err := budget.Settle(context.Background(), fresh, budget.Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(alone.Hospitals, got[k].Hospitals); diff != "" {
			t.Errorf("%s: hospitals differ from settling alone:\n%s", s.Name, diff)
		}
		if got[k].Name != s.Name || len(got[k].FFS) != len(alone.Hospitals) {
			t.Errorf("%s: name %q, %d ffs", s.Name, got[k].Name, len(got[k].FFS))
		}
	}
	rows := Compare(Base(base, in), got)
	if n := len(rows); n != len(base.Hospitals)*(1+len(sc)) {
		t.Errorf("%d whatif rows", n)
	}
	if rows[0].Scenario != "base" || !rows[0].HasBase || rows[0].DiffVsBase != 0 {
		t.Errorf("first row %+v", rows[0])
	}
	if sc[0].Policy.Funds[param.Employee].ReserveRatio != 2_000_000 {
		t.Errorf("the sweep put %s", sc[0].Policy.Funds[param.Employee].ReserveRatio)
	}
}

// TestScenariosAllOrNothing: a scenario of another year fails the lot, its
// error naming it (SIM-2, SIM-3); so does an invalid one.
func TestScenariosAllOrNothing(t *testing.T) {
	f := synthFiles(t, synth.Options{Seed: 6, Cases: 3000, Method: synth.DRG})
	in, _, err := files.Read(f, files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	good := sweep(t, f.Policy, `funds.employee.reserve_ratio=["0.02"]`)
	other := sweep(t, f.Policy, `year=[2024]`)
	out, err := SettleScenarios(context.Background(), in, append(good, other...), budget.Options{})
	var l *pointvalue.ErrorList
	if out != nil || !errors.As(err, &l) || l.Errors[0].Source != "year=2024" || !errors.Is(err, ErrScenario) {
		t.Fatalf("out %v, err %v", out, err)
	}
	bad := *good[0].Policy
	fund := *bad.Funds[param.Employee]
	fund.ReserveRatio = 150_000_000
	bad.Funds[param.Employee] = &fund
	_, err = SettleScenarios(context.Background(), in, append(good, Scenario{Name: "bad", Policy: &bad}), budget.Options{})
	if !errors.As(err, &l) || l.Errors[0].Source != "bad" || l.Errors[0].Field != "funds.employee.reserve_ratio" {
		t.Fatalf("err %v", err)
	}
}

// TestSweepPaths: a sweep's PATH is a policy.json field, placeholders matching
// any key, or inside a field read whole; its values are named PATH=value.
func TestSweepPaths(t *testing.T) {
	for path, want := range map[string]bool{
		"funds.employee.budget.growth_rate": true, "funds.resident.reserve_ratio": true, "drg.high_thresholds": true,
		"funds.employee.pools.ratios.drg": true, "bedday.rates.psychiatric": true, "year": true, "monitoring.min_cases": true,
		"funds.employee.budget.growth": false, "drg.high_threshold": false, "colour": false, "": false, "drg..low_ratio": false,
	} {
		if got := PolicyPath(path); got != want {
			t.Errorf("PolicyPath(%q) = %v", path, got)
		}
	}
	path, values, err := ParseSweep(`drg.high_thresholds=[[["100","3"],[null,"2"]], [[null, "2.5"]]]`)
	if err != nil || path != "drg.high_thresholds" || len(values) != 2 || values[0].Name != `drg.high_thresholds=[["100","3"],[null,"2"]]` {
		t.Fatalf("%q %+v %v", path, values, err)
	}
	_, values, _ = ParseSweep(`region=["330700"]`)
	if values[0].Name != "region=330700" {
		t.Errorf("a string is named unquoted: %q", values[0].Name)
	}
	for _, bad := range []string{"drg.low_ratio", `drg.low_ratio="0.3"`, `drg.low_ratio=[]`, `nothing=["1"]`} {
		if _, _, err := ParseSweep(bad); !errors.Is(err, ErrSweep) {
			t.Errorf("ParseSweep(%q) = %v", bad, err)
		}
	}
	doc, _ := param.ParseJSON([]byte(`{"a": {"b": 1}, "c": "x"}`), "p")
	v, _ := param.ParseJSON([]byte(`"2"`), "v")
	got, err := SetPath(doc, "a.d.e", v)
	if err != nil || got.JSON() != `{"a":{"b":1,"d":{"e":"2"}},"c":"x"}` || doc.JSON() != `{"a":{"b":1},"c":"x"}` {
		t.Errorf("SetPath: %s %v (the base %s)", got.JSON(), err, doc.JSON())
	}
	if _, err := SetPath(doc, "c.d", v); err == nil {
		t.Error("SetPath through a string: no error")
	}
}
