package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// TestMonitoringDefaults: §6's defaults, with no monitoring section or an
// empty one, and from policy.Default.
func TestMonitoringDefaults(t *testing.T) {
	for _, p := range []*policy.Policy{
		mustPolicy(t, minimal),
		mustPolicy(t, withFund(givenBudget, `, "monitoring": {}`)),
		policy.Default("X", 2025, "1"),
	} {
		m := p.Monitoring
		if m.MinCases != 30 || m.GroupMinCases != 5 || m.ADRGMinCases != 10 || m.HasSplitDays || m.LowStandardDays != 2 ||
			m.LowStandardCost != 30_000_000 || m.OverlongFactor != 300_000_000 || m.HeavyWeight != 200_000_000 ||
			m.LowRiskRule != policy.LowRiskByWeight || m.LowRiskWeight != 50_000_000 || m.LowRiskDeathRate != 100_000 {
			t.Errorf("defaults: %+v", m)
		}
		for word, want := range map[string]pointvalue.Factor{"cmi-jump": 10_000_000, "cost-index-high": 120_000_000,
			"heavy-share-low": 50_000_000, "deficit-high": -20_000_000, "low-risk-death": 0, "grouping-rate-low": 95_000_000} {
			if l := m.Limit(word); !l.On || l.Value != want {
				t.Errorf("limit %s = %+v, want %s", word, l, want)
			}
		}
		if err := p.CheckMonitoring("policy.json"); err != nil {
			t.Errorf("defaults do not check: %v", err)
		}
	}
	if n := len(policy.FlagWords()); n != 20 {
		t.Errorf("%d flag words, want 20", n)
	}
}

// TestMonitoringSection: fields given replace their defaults, a limit key
// replaces only its own, null turns a flag off.
func TestMonitoringSection(t *testing.T) {
	p := mustPolicy(t, withFund(givenBudget, `, "monitoring": {"min_cases": 1, "split_days": 0, "low_risk_rule": "death-rate",
		"limits": {"cost-index-high": "1.3", "cmi-jump": null}}`))
	m := p.Monitoring
	if m.MinCases != 1 || !m.HasSplitDays || m.SplitDays != 0 || m.LowRiskRule != policy.LowRiskByDeathRate || m.GroupMinCases != 5 {
		t.Errorf("section: %+v", m)
	}
	if l := m.Limit("cost-index-high"); !l.On || l.Value != 130_000_000 {
		t.Errorf("cost-index-high = %+v", l)
	}
	if l := m.Limit("cmi-jump"); l.On {
		t.Errorf("cmi-jump = %+v, want off", l)
	}
	if l := m.Limit("time-index-high"); !l.On || l.Value != 120_000_000 {
		t.Errorf("time-index-high = %+v", l)
	}
	if err := p.CheckMonitoring("policy.json"); err != nil {
		t.Error(err)
	}
}

// TestMonitoringCheckedOnlyWhenAsked: a bad monitoring section does not stop
// Read or Validate (settlement never reads it); CheckMonitoring reports every
// problem with its JSON path, like the rest of the policy.
func TestMonitoringCheckedOnlyWhenAsked(t *testing.T) {
	p := mustPolicy(t, withFund(givenBudget, `, "monitoring": {"min_cases": 0, "group_min_cases": "5", "split_days": -1,
		"low_risk_rule": "age", "low_risk_death_rate": "1.5", "heavy_weight": "0", "colour": 1,
		"limits": {"cost-index-high": "x", "cost-index-hi": "1"}}`))
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	err := p.CheckMonitoring("conf.json")
	var l *pointvalue.ErrorList
	if !errors.As(err, &l) {
		t.Fatalf("CheckMonitoring = %v", err)
	}
	var got []string
	for _, e := range l.Errors {
		if e.Source != "conf.json" || !errors.Is(e, pointvalue.ErrPolicy) {
			t.Errorf("%v: source %q, ErrPolicy %v", e, e.Source, errors.Is(e, pointvalue.ErrPolicy))
		}
		got = append(got, e.Field)
	}
	want := "monitoring.colour monitoring.group_min_cases monitoring.heavy_weight monitoring.limits.cost-index-hi " +
		"monitoring.limits.cost-index-high monitoring.low_risk_death_rate monitoring.low_risk_rule monitoring.min_cases monitoring.split_days"
	if strings.Join(got, " ") != want {
		t.Errorf("paths:\n got %s\nwant %s\n%v", strings.Join(got, " "), want, err)
	}
}
