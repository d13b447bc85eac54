package monitor

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
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
	path, values, err := ParseSweep(arg)
	if err != nil {
		t.Fatal(err)
	}
	var out []Scenario
	for _, v := range values {
		sdoc, err := SetPath(doc, path, v.Value)
		if err != nil {
			t.Fatal(err)
		}
		p, err := policy.Read(strings.NewReader(sdoc.JSON()), v.Name)
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		out = append(out, Scenario{Name: v.Name, Policy: p})
	}
	return out
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
