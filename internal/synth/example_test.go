package synth_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/dipdrg/dipdrg/internal/synth"
)

func ExampleGenerate() {
	b, err := synth.Generate(synth.Options{Seed: 1, Cases: 3000, Method: synth.DRG})
	if err != nil {
		fmt.Println(err)
		return
	}
	// max(3, 3000 ÷ 3000) = 3 hospitals and max(2, 3 ÷ 4) = 2 per-capita institutions
	fmt.Println(len(b.Cases), "cases,", len(b.Hospitals), "hospitals,", len(b.Weights), "DRG groups")
	// Output: 3000 cases, 5 hospitals, 703 DRG groups
}

func ExampleCaseStream() {
	n := 0
	err := synth.CaseStream(synth.Options{Seed: 1, Cases: 100_000, Method: synth.DIP}, func(c *synth.CaseRecord) bool {
		if c.PatientShare > c.TotalCost {
			fmt.Println("share above cost:", c.CaseID)
		}
		n++
		return true
	})
	fmt.Println(n, err)
	// Output: 100000 <nil>
}

func ExampleWriteCases() {
	var sb strings.Builder
	if err := synth.WriteCases(&sb, synth.Options{Seed: 1, Cases: 2}); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	lines := strings.Split(strings.TrimSuffix(sb.String(), "\n"), "\n")
	fmt.Println(lines[0])
	fmt.Println(len(lines) - 1)
	// Output:
	// case_id,patient_id,hospital_id,fund,method,group,diagnosis,procedures,treatment,admit_date,discharge_date,total_cost,patient_share,bedday_category,incomplete,tcm_share,severity,special_points
	// 2
}
