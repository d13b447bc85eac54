package monitor_test

import (
	"context"
	"fmt"
	"os"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/monitor"
	"github.com/dipdrg/dipdrg/param"
)

// ExampleWhatIf settles the hand-worked small DRG year (budget's
// testdata/years/drg-small, NOTES.md) and, from the same batch, the year with
// the employee fund's reserve at 10 % instead of 20 % (a sweep of one value,
// monitor.Sweep, as settle -sweep makes it). By hand: the employee DRG pool is 162,500.00 ×
// (1 − 0.2) × 0.85 = 110,500.00, and with its patient share of 31,200.00 over
// 1,417 points the point value is 100; at 10 % the pool is 124,312.50 and the
// point value (124,312.50 + 31,200) ÷ 1,417 = 109.747706.
func ExampleWhatIf() {
	dir := "../budget/testdata/years/drg-small/"
	f := files.Dir(dir)
	in, _, err := files.Read(f, files.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The scenario: the policy.json document with one path set.
	raw, err := os.ReadFile(f.Policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := param.ParseJSON(raw, f.Policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	scenarios, err := monitor.Sweep(doc, `funds.employee.reserve_ratio=["0.1"]`)
	if err != nil {
		fmt.Println(err)
		return
	}
	base, results, err := monitor.WhatIf(context.Background(), in, scenarios, budget.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range append([]monitor.ScenarioResult{monitor.Base(base, in)}, results...) {
		for _, pr := range s.Pools {
			if pr.Fund == param.Employee && pr.Method == param.DRG {
				fmt.Printf("%s: pool %s, point value %s, balanced %v\n", s.Name, pr.Pool, pr.PointValue.Format(s.Policy.PointValueScale), s.Balanced())
			}
		}
	}
	// Output:
	// base: pool 110500.00, point value 100.000000, balanced true
	// funds.employee.reserve_ratio=0.1: pool 124312.50, point value 109.747706, balanced true
}
