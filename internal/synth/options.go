package synth

import (
	"errors"
	"fmt"
)

// Fund and method names as the files write them (docs/formats.md).
const (
	Employee = "employee"
	Resident = "resident"
	DRG      = "drg"
	DIP      = "dip"
	BedDay   = "bedday"
)

// Region is the pooling-region code (统筹区) of every generated batch: Harbin,
// whose CHS-DRG weights the DRG batches use.
const Region = "230100"

// Options choose a batch. The same Options give the same batch, byte for byte.
type Options struct {
	Seed   uint64
	Cases  int    // cases discharged in the policy year (≥ 0)
	Method string // "drg" (default) or "dip"
	Year   int    // policy year, default 2025

	// Hospitals is the number of inpatient hospitals; 0 = max(3, Cases ÷ 3000).
	Hospitals int
	// History adds three prior years of cases (Year−3 … Year−1), costs deflated
	// by 3% a year, for the catalog/weights builders (DIP-2, DRG-2).
	History bool
	// HistoryCases is the number of cases in each history year; 0 = Cases.
	HistoryCases int

	// Monitoring adds the settlement-list columns (docs/monitoring.md §1: age,
	// gender, discharge way, los, secondary diagnoses, self and own pay, the
	// 31-day readmission plan, ICU days) to the policy year's cases.csv, drawn
	// from a stream of their own: every other column is what it is without it.
	Monitoring bool
	// Plants (with Monitoring) plants anomalies at four hospitals (Batch.Plants):
	// split admissions, low-standard admissions, upcoding (DRG) and deaths in
	// low-risk groups. It changes those cases, and so the year's payments.
	Plants bool
}

// ErrOptions reports an invalid Options value.
var ErrOptions = errors.New("synth: invalid options")

func (o Options) normalize() (Options, error) {
	if o.Method == "" {
		o.Method = DRG
	}
	if o.Method != DRG && o.Method != DIP {
		return o, fmt.Errorf("%w: method %q (want drg or dip)", ErrOptions, o.Method)
	}
	if o.Year == 0 {
		o.Year = 2025
	}
	if o.Year < 1900 || o.Year > 9000 {
		return o, fmt.Errorf("%w: year %d", ErrOptions, o.Year)
	}
	if o.Cases < 0 || o.HistoryCases < 0 || o.Hospitals < 0 {
		return o, fmt.Errorf("%w: negative count", ErrOptions)
	}
	if o.Cases >= 1<<32 || o.HistoryCases >= 1<<32 {
		return o, fmt.Errorf("%w: too many cases", ErrOptions)
	}
	if o.Plants && !o.Monitoring {
		return o, fmt.Errorf("%w: Plants needs Monitoring", ErrOptions)
	}
	if o.HistoryCases == 0 {
		o.HistoryCases = o.Cases
	}
	if o.Hospitals == 0 {
		o.Hospitals = max(3, o.Cases/3000)
	}
	if o.Hospitals < 3 || o.Hospitals > 99999 {
		return o, fmt.Errorf("%w: %d hospitals (3 to 99999)", ErrOptions, o.Hospitals)
	}
	return o, nil
}
