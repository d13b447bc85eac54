package dip_test

import (
	"fmt"
	"strings"

	"github.com/dipdrg/dipdrg/param"

	"github.com/dipdrg/dipdrg/dip"
	pv "github.com/dipdrg/dipdrg/pointvalue"
)

const catalogCSV = `group_code,kind,diagnosis,procedures,treatment,score,avg_cost,avg_cost_tertiary
K35.8,core,K35.8,,,300,3000.00,
K35.8+47.0901,core,K35.8,47.0901,,1000,10000.00,12500.00
K35-surgical,comprehensive,K35,,surgical,700,7000.00,
`

func ExampleReadCatalog() {
	cat, err := dip.ReadCatalog(strings.NewReader(catalogCSV), "catalog.csv", 4)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range cat.Groups {
		fmt.Printf("%s %s %s %v %q score=%s avg=%s\n", g.Code, g.Kind, g.Diagnosis, g.Procedures, g.Treatment, g.Score, g.AvgCost)
	}

	// Every bad field is reported with its line.
	_, err = dip.ReadCatalog(strings.NewReader("group_code,kind,diagnosis,score,avg_cost\nG1,core,K35.8,1.5,1000.001\nG2,main,K35.9,1,1\n"), "catalog.csv", 4)
	fmt.Println(err)
	// Output:
	// K35.8 core K35.8 [] "" score=300.0000 avg=3000.00
	// K35.8+47.0901 core K35.8 [47.0901] "" score=1000.0000 avg=10000.00
	// K35-surgical comprehensive K35 [] "surgical" score=700.0000 avg=7000.00
	// catalog.csv:2: avg_cost: 1000.001: more decimals than allowed: at most 2 decimals
	// catalog.csv:3: kind: main: not one of the allowed values: core, 核心病种, comprehensive, 综合病种
}

func ExampleCatalog_Group() {
	cat, _ := dip.ReadCatalog(strings.NewReader(catalogCSV), "catalog.csv", 4)
	show := func(g int32) string {
		if g < 0 {
			return "ungrouped"
		}
		return cat.Groups[g].Code
	}
	// A longer diagnosis is tried cut to its sub-category (A12); the procedure set
	// {47.0901} is contained in the case's.
	fmt.Println(show(cat.GroupJoined("K35.800x001", "47.0901|88.0000", dip.Surgical)))
	// No procedures, no treatment: the conservative core group.
	fmt.Println(show(cat.GroupJoined("K35.8", "", dip.TreatmentUnset)))
	// Another procedure: the comprehensive group of (K35, surgical).
	fmt.Println(show(cat.GroupJoined("K35.9", "54.5100", dip.Surgical)))
	// Procedures without a treatment type: ungrouped (A14).
	fmt.Println(show(cat.GroupJoined("K35.9", "54.5100", dip.TreatmentUnset)))
	// Output:
	// K35.8+47.0901
	// K35.8
	// K35-surgical
	// ungrouped
}

func ExampleScorer_Score() {
	cat, _ := dip.ReadCatalog(strings.NewReader(catalogCSV), "catalog.csv", 4)
	p := dip.DefaultParams()
	env := dip.Env{PointScale: 4, RegionAvgCost: pv.MustMoney("10000.00")}
	hospitals := []dip.Hospital{
		{Level: param.Tertiary, Coef: pv.One},
		{Level: param.Secondary, Coef: pv.MustFactor("0.9")},
	}
	s, err := dip.NewScorer(cat, p, env, hospitals)
	if err != nil {
		fmt.Println(err)
		return
	}
	g, given := cat.Resolve("", "K35.8", "47.0901", dip.Surgical)
	var flags uint8
	if given {
		flags = dip.FlagGiven
	}
	cases := []dip.Case{
		// param.Secondary hospital, reference 10,000: ratio 2.5 → (2.5 − 2 + 1) × 1000 × 0.9 = 1350.
		{Cost: pv.MustMoney("25000.00"), Hospital: 1, Group: g, Flags: flags},
		// param.Tertiary hospital, level reference 12,500: ratio 2 → normal, 1000.
		{Cost: pv.MustMoney("25000.00"), Hospital: 0, Group: g, Flags: flags},
		// Ungrouped: 4,321.00 ÷ 10,000 × 1000 = 432.1.
		{Cost: pv.MustMoney("4321.00"), Hospital: 1, Group: dip.NoGroup},
	}
	for i := range cases {
		r, err := s.Score(&cases[i])
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %s ratio=%s points=%s flags=%q rules=%s\n", r.Class, r.Base, r.Ratio.Format(4), r.Points.Format(4), r.Flags, r.Rules)
	}
	// Output:
	// high 1000.0000 ratio=2.5000 points=1350.0000 flags="" rules=DIP-3|DIP-4|DIP-5
	// normal 1000.0000 ratio=2.0000 points=1000.0000 flags="" rules=DIP-3|DIP-4|DIP-5
	// ungrouped 0.0000 ratio=0.0000 points=432.1000 flags="ungrouped" rules=DIP-3|DIP-9
}
