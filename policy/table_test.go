package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// TestFieldTable walks every row of the policy's field table: each has a default
// or is marked required, a range (numbers), words (enumerations) or a shape
// (custom rows), a rule id cited in docs, and a documentation line.
func TestFieldTable(t *testing.T) {
	rows := policy.Reference()
	if len(rows) < 60 {
		t.Fatalf("only %d rows", len(rows))
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.Path] {
			t.Errorf("%s: path listed twice", r.Path)
		}
		seen[r.Path] = true
		if r.Kind == param.KindObject {
			if r.Doc == "" {
				t.Errorf("%s: object without documentation", r.Path)
			}
			continue
		}
		if r.Default == "" && !r.Required {
			t.Errorf("%s: neither a default nor required", r.Path)
		}
		if r.Rule == "" {
			t.Errorf("%s: no rule id", r.Path)
		}
		if len(r.Doc) < 10 {
			t.Errorf("%s: no documentation line", r.Path)
		}
		switch r.Kind {
		case param.KindInt, param.KindMoney, param.KindFactor, param.KindPoints, param.KindPointValue:
			if r.Range == "" && !strings.Contains(r.Path, "years") {
				t.Errorf("%s: a number without a range", r.Path)
			}
		case param.KindEnum:
			if len(r.Words) < 2 {
				t.Errorf("%s: an enumeration without its words", r.Path)
			}
		case param.KindCustom:
			if r.Shape == "" {
				t.Errorf("%s: a custom row without its shape", r.Path)
			}
		}
	}
	for _, want := range []string{"funds.<fund>.budget.amount", "drg.high_thresholds", "dip.level_coefficients", "bedday.segments", "corridor.over_share"} {
		if !seen[want] {
			t.Errorf("no row %s", want)
		}
	}
}

// TestDefaultsRead: every default written in the table reads as its kind, and a
// policy left to its defaults validates once a fund is settled.
func TestDefaultsRead(t *testing.T) {
	p := policy.Default("X", 2025, "1")
	p.Funds[param.Employee] = policy.NewFund(pointvalue.Yuan(1000))
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, r := range policy.Reference() {
		if r.Default == "" || strings.HasPrefix(r.Default, "required") {
			continue
		}
		if _, err := param.ParseJSON([]byte(r.Default), "default"); err != nil {
			t.Errorf("%s: default %s: %v", r.Path, r.Default, err)
		}
	}
}

// TestIssueCases are the two policies the one-model issue names: both are
// rejected by Read with their JSON paths, before any case is read.
func TestIssueCases(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"a threshold bound of 0", withFund(givenBudget, `, "drg": {"high_thresholds": [["0","3"],[null,"1.5"]]}`),
			"policy.json:0: drg.high_thresholds[0][0]: 0.0000: value out of range: must be greater than 0"},
		{"an amount given twice", withFund(`"budget": {"method": "given", "amount": "22354400.00", "amount": "2235440.00"}`, ""),
			"policy.json:0: funds.employee.budget.amount: 2235440.00: duplicate key: key given more than once"},
		{"a key twice at the top", `{"region": "X", "region": "Y", "year": 2025, "version": "1", "funds": {"employee": {` + givenBudget + `}}}`,
			"policy.json:0: region: Y: duplicate key: key given more than once"},
		{"a key twice in an array's object", withFund(givenBudget+`, "carveouts": [{"name": "a", "amount": "1", "amount": "2"}]`, ""),
			"policy.json:0: funds.employee.carveouts[0].amount: 2: duplicate key: key given more than once"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readPolicyString(t, tc.json)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got  %v\nwant %s", err, tc.want)
			}
			if !errors.Is(err, pointvalue.ErrPolicy) {
				t.Error("not ErrPolicy")
			}
		})
	}
}

// TestExponentNumbers: JSON numbers in exponent form are exact decimals (docs/formats.md
// allows JSON numbers), never floats.
func TestExponentNumbers(t *testing.T) {
	p := mustPolicy(t, withFund(`"budget": {"method": "given", "amount": 2.2354400e7}, "reserve_ratio": 5e-2`, `, "drg": {"low_ratio": 4E-1}`))
	if got := p.Funds[param.Employee].Budget.Amount; got != pointvalue.MustMoney("22354400.00") {
		t.Errorf("amount %v", got)
	}
	if got := p.Funds[param.Employee].ReserveRatio; got != pointvalue.MustFactor("0.05") {
		t.Errorf("reserve %v", got)
	}
	if got := p.DRG.LowRatio; got != pointvalue.MustFactor("0.4") {
		t.Errorf("low ratio %v", got)
	}
	// 1e-9 needs 9 decimals: an error, not a rounding.
	_, err := readPolicyString(t, withFund(givenBudget+`, "reserve_ratio": 1e-9`, ""))
	if !errors.Is(err, pointvalue.ErrPrecision) {
		t.Errorf("1e-9: %v", err)
	}
}

// TestPolicyOnlyMoneyChecked: what follows from the policy alone (BUD-1..4) is
// checked by Read, not left to the settlement.
func TestPolicyOnlyMoneyChecked(t *testing.T) {
	for _, tc := range []struct{ name, fund, want string }{
		{"carve-outs beyond the budget", givenBudget + `, "carveouts": [{"name": "a", "amount": "600"}, {"name": "b", "amount": "500"}]`,
			"policy.json:0: funds.employee.carveouts: 1100.00: invalid policy: carve-outs sum to more than the annual budget 1000.00"},
		{"pool amounts beyond what is left", givenBudget + `, "pools": {"amounts": {"drg": "900", "capita": "100"}}`,
			"policy.json:0: funds.employee.pools.amounts: 1000.00: value out of range: pool amounts sum to more than the 950.00 left after carve-outs and reserve"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readPolicyString(t, withFund(tc.fund, ""))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}
