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
