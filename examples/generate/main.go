// Command generate writes a synthetic settlement batch (policy.json, hospitals.csv,
// cases.csv, weights.csv or catalog.csv, members.csv, spending.csv,
// adjustments.csv and, with -history, history.csv) made from a seed: the same
// flags give byte-identical files.
//
//	go run ./examples/generate -seed 1 -cases 3000 -method drg -out DIR [-history] [-monitoring [-plants]]
//
// -monitoring adds the settlement-list columns settle -monitor reads; -plants
// plants anomalies for it to find (the year's payments change with them).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dipdrg/dipdrg/internal/synth"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	seed := fs.Uint64("seed", 1, "random seed")
	cases := fs.Int("cases", 3000, "cases discharged in the policy year")
	method := fs.String("method", "drg", "inpatient method: drg or dip")
	year := fs.Int("year", 2025, "policy year")
	hospitals := fs.Int("hospitals", 0, "inpatient hospitals (0: max(3, cases/3000))")
	history := fs.Bool("history", false, "also write history.csv (three prior years)")
	historyCases := fs.Int("history-cases", 0, "cases per history year (0: -cases)")
	monitoring := fs.Bool("monitoring", false, "add the settlement-list columns to cases.csv (docs/monitoring.md §1: age, gender, dscg_way, los, …)")
	plants := fs.Bool("plants", false, "with -monitoring: plant split admissions, low-standard admissions, upcoding (DRG) and low-risk deaths at four hospitals")
	out := fs.String("out", "", "output directory (created when missing)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: generate -seed N -cases N -method drg|dip -out DIR [-history]")
		return 2
	}
	b, err := synth.Generate(synth.Options{Seed: *seed, Cases: *cases, Method: *method, Year: *year,
		Hospitals: *hospitals, History: *history, HistoryCases: *historyCases, Monitoring: *monitoring || *plants, Plants: *plants})
	if err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		return 2
	}
	if err := b.WriteDir(*out); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		return 1
	}
	for _, t := range b.Totals {
		fmt.Printf("%s: %d cases, total cost %s, patient share %s, budget %s\n",
			t.Fund, t.Cases, t.TotalCost, t.PatientShare, t.Budget)
	}
	fmt.Printf("wrote %s (%d hospitals, %d history cases)\n", *out, len(b.Hospitals), len(b.History))
	if p := b.Plants; *plants {
		fmt.Printf("planted: split admissions at %s, low-standard admissions at %s, upcoding at %s, low-risk deaths at %s\n",
			p.Split, p.LowStandard, orNone(p.Upcoding), p.LowRiskDeath)
	}
	return 0
}

func orNone(s string) string {
	if s == "" {
		return "none (DIP)"
	}
	return s
}
