package benchmarks

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/policy"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// seed is the fixed seed of every generated batch.
const seed = 1

// sizes are the batch sizes benchmarked: 1M always, 10M unless -short.
func sizes() []int {
	if testing.Short() {
		return []int{1_000_000}
	}
	return []int{1_000_000, 10_000_000}
}

func sizeName(n int) string {
	switch {
	case n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// cache holds the data of one benchmark at a time: building another key drops
// the others first (10M-case data sets are gigabytes; they must not pile up).
// Data is built once per key, outside any benchmark timer.
var cache struct {
	sync.Mutex
	key string
	val any
}

func cached[T any](key string, build func() (T, error)) (T, error) {
	cache.Lock()
	defer cache.Unlock()
	if cache.key == key {
		return cache.val.(T), nil
	}
	cache.key, cache.val = "", nil
	runtime.GC()
	v, err := build()
	if err != nil {
		return v, err
	}
	cache.key, cache.val = key, v
	return v, nil
}

// world is the fixed part of a synth batch: policy, hospitals and the weights
// table or DIP catalog, read through the library's own readers. It depends only
// on (seed, method, hospitals), not on the number of cases.
type world struct {
	policy    *policy.Policy
	hospitals []budget.Hospital
	hidx      map[string]int32
	weights   *drg.Weights
	catalog   *dip.Catalog
}

// hospitalsFor is synth's default hospital count for n cases.
func hospitalsFor(n int) int { return max(3, n/3000) }

func readWorld(b *synth.Batch) (*world, error) {
	var buf bytes.Buffer
	w := &world{}
	var err error
	if w.policy, err = policy.Read(bytes.NewReader(b.Policy), synth.PolicyFile); err != nil {
		return nil, err
	}
	if err = b.WriteHospitals(&buf); err != nil {
		return nil, err
	}
	if w.hospitals, err = budget.ReadHospitals(&buf, synth.HospitalsFile); err != nil {
		return nil, err
	}
	w.hidx = make(map[string]int32, len(w.hospitals))
	for i, h := range w.hospitals {
		w.hidx[h.ID] = int32(i)
	}
	buf.Reset()
	if b.Options.Method == synth.DRG {
		if err = b.WriteWeights(&buf); err != nil {
			return nil, err
		}
		w.weights, err = drg.ReadWeights(&buf, synth.WeightsFile)
	} else {
		if err = b.WriteCatalog(&buf); err != nil {
			return nil, err
		}
		w.catalog, err = dip.ReadCatalog(&buf, synth.CatalogFile, w.policy.PointScale)
	}
	return w, err
}

// smallWorld is the world of an n-case batch without generating its cases:
// the scoring parameters (thresholds, M, coefficients) do not depend on them.
func smallWorld(method string, n int) (*world, error) {
	b, err := synth.Generate(synth.Options{Seed: seed, Cases: 1000, Method: method, Hospitals: hospitalsFor(n)})
	if err != nil {
		return nil, err
	}
	return readWorld(b)
}

// interner gives patients dense int32 ids, as the engine does (DRG-7, DIP-7).
type interner map[uint64]int32

func (in interner) id(s string) (int32, error) {
	if s == "" {
		return -1, nil
	}
	k, err := strconv.ParseUint(s[1:], 10, 64) // synth ids: "P" + digits
	if err != nil {
		return 0, fmt.Errorf("patient id %q: %w", s, err)
	}
	v, ok := in[k]
	if !ok {
		v = int32(len(in))
		in[k] = v
	}
	return v, nil
}

// drgData is the input of the DRG core loop: compact records per fund,
// prepared (DRG-7, DRG-8 flags set) once, and a scorer per fund.
type drgData struct {
	w       *world
	scorers [param.NumFunds]*drg.Scorer
	cases   [param.NumFunds][]drg.Case
	n       int     // cases in the loop (bed-day stays are not DRG cases)
	costs   []int64 // the same cases' costs, for the floor
}

// buildDRG streams n synth cases straight into compact drg.Case records.
func buildDRG(n int) (*drgData, error) {
	w, err := smallWorld(synth.DRG, n)
	if err != nil {
		return nil, err
	}
	d := &drgData{w: w}
	p := w.policy
	coefs := make([]pointvalue.Factor, len(w.hospitals))
	for i := range w.hospitals {
		coefs[i] = w.hospitals[i].CoefficientFor(param.DRG, p)
	}
	for f := range param.Fund(param.NumFunds) {
		if d.scorers[f], err = drg.NewScorer(w.weights, p.DRG, drg.Env{PointScale: p.PointScale, Rounding: p.Rounding, RegionAvgCost: p.Funds[f].RegionAvgCost}, coefs); err != nil {
			return nil, err
		}
	}
	all := make([]drg.Case, 0, n)
	funds := make([]param.Fund, 0, n)
	pat := interner{}
	var serr error
	err = synth.CaseStream(synth.Options{Seed: seed, Cases: n, Method: synth.DRG, Hospitals: hospitalsFor(n)}, func(c *synth.CaseRecord) bool {
		if c.BedDayCategory != "" {
			return true
		}
		var f param.Fund
		if f, serr = param.ParseFund(c.Fund); serr != nil {
			return false
		}
		h, ok := w.hidx[c.HospitalID]
		if !ok {
			serr = fmt.Errorf("case %s: unknown hospital %s", c.CaseID, c.HospitalID)
			return false
		}
		g := drg.NoGroup
		if c.Group != "" {
			if g, ok = w.weights.Lookup(c.Group); !ok {
				g = drg.UnknownGroup
			}
		}
		var flags uint8
		if c.Incomplete {
			flags |= drg.FlagIncomplete
		}
		if c.SpecialPoints != 0 {
			flags |= drg.FlagSpecial
		}
		var pid int32
		if pid, serr = pat.id(c.PatientID); serr != nil {
			return false
		}
		all = append(all, drg.Case{Cost: c.TotalCost, Share: c.PatientShare, Special: c.SpecialPoints,
			Hospital: h, Group: g, Patient: pid, Admit: c.Admit, Discharge: c.Discharge, Flags: flags})
		funds = append(funds, f)
		return true
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return nil, err
	}
	d.scorers[0].Prepare(all) // DRG-8 then DRG-7 over both funds, as the engine does
	for i := range all {
		d.cases[funds[i]] = append(d.cases[funds[i]], all[i])
	}
	d.n = len(all)
	d.costs = make([]int64, 0, d.n)
	for f := range d.cases {
		for i := range d.cases[f] {
			d.costs = append(d.costs, int64(d.cases[f][i].Cost))
		}
	}
	return d, nil
}

// dipInput is one DIP case as the grouping + scoring loop takes it: the compact
// record (group not yet resolved) and the cases.csv fields DIP-3 groups by.
type dipInput struct {
	c                      dip.Case
	code, diag, procedures string
	treatment              dip.Treatment
}

type dipData struct {
	w       *world
	scorers [param.NumFunds]*dip.Scorer
	cases   [param.NumFunds][]dipInput
	n       int
	costs   []int64
}

// buildDIP streams n synth DIP cases into dipInput records. Groups are resolved
// once here only so that Prepare (DIP-7, DIP-8) can set its flags; the benchmark
// resolves them again in the timed loop.
func buildDIP(n int) (*dipData, error) {
	w, err := smallWorld(synth.DIP, n)
	if err != nil {
		return nil, err
	}
	d := &dipData{w: w}
	p := w.policy
	hs := make([]dip.Hospital, len(w.hospitals))
	for i := range w.hospitals {
		hs[i] = dip.Hospital{Level: param.Level(w.hospitals[i].Level), Coef: w.hospitals[i].CoefficientFor(param.DIP, p)}
	}
	for f := range param.Fund(param.NumFunds) {
		if d.scorers[f], err = dip.NewScorer(w.catalog, p.DIP, dip.Env{PointScale: p.PointScale, Rounding: p.Rounding, RegionAvgCost: p.Funds[f].RegionAvgCost}, hs); err != nil {
			return nil, err
		}
	}
	var all []dipInput
	var funds []param.Fund
	var compact []dip.Case
	pat := interner{}
	var serr error
	err = synth.CaseStream(synth.Options{Seed: seed, Cases: n, Method: synth.DIP, Hospitals: hospitalsFor(n)}, func(c *synth.CaseRecord) bool {
		if c.BedDayCategory != "" {
			return true
		}
		var f param.Fund
		if f, serr = param.ParseFund(c.Fund); serr != nil {
			return false
		}
		h, ok := w.hidx[c.HospitalID]
		if !ok {
			serr = fmt.Errorf("case %s: unknown hospital %s", c.CaseID, c.HospitalID)
			return false
		}
		var t dip.Treatment
		if t, serr = dip.ParseTreatment(c.Treatment); serr != nil {
			return false
		}
		var pid int32
		if pid, serr = pat.id(c.PatientID); serr != nil {
			return false
		}
		in := dipInput{code: c.Group, diag: c.Diagnosis, procedures: c.Procedures, treatment: t}
		in.c = dip.Case{Cost: c.TotalCost, Share: c.PatientShare, Special: c.SpecialPoints, TCMShare: c.TCMShare,
			Hospital: h, Patient: pid, Admit: c.Admit, Discharge: c.Discharge,
			Severity: d.scorers[0].SeverityIndex(c.Severity)}
		if c.SpecialPoints != 0 {
			in.c.Flags |= dip.FlagSpecial
		}
		g, given := w.catalog.Resolve(in.code, in.diag, in.procedures, in.treatment)
		cc := in.c
		cc.Group = g
		if given {
			cc.Flags |= dip.FlagGiven
		}
		all = append(all, in)
		compact = append(compact, cc)
		funds = append(funds, f)
		return true
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return nil, err
	}
	if err := d.scorers[0].Prepare(compact); err != nil {
		return nil, err
	}
	for i := range all {
		all[i].c.Flags = compact[i].Flags &^ dip.FlagGiven // the loop sets FlagGiven itself
		d.cases[funds[i]] = append(d.cases[funds[i]], all[i])
	}
	d.n = len(all)
	for f := range d.cases {
		for i := range d.cases[f] {
			d.costs = append(d.costs, int64(d.cases[f][i].c.Cost))
		}
	}
	return d, nil
}

// year is a whole synth settlement year: the tables read by the library's
// readers, cases.csv as bytes (what synth.WriteCases writes) and the same cases
// read by budget.ReadCases.
type year struct {
	in  budget.Input // Cases included
	csv []byte       // cases.csv
	// The small tables as bytes, for the read-and-settle benchmark.
	policy, hospitals, table, members, spending, adjustments []byte
	method                                                   string
}

func buildYear(method string, n int) (*year, error) {
	b, err := synth.Generate(synth.Options{Seed: seed, Cases: n, Method: method})
	if err != nil {
		return nil, err
	}
	y := &year{method: method, policy: b.Policy}
	// cases.csv: synth.WriteCases's bytes, from the batch already in memory.
	csv := make([]byte, 0, n*160)
	for i, col := range synth.CaseColumns {
		if i > 0 {
			csv = append(csv, ',')
		}
		csv = append(csv, col...)
	}
	csv = append(csv, '\n')
	for i := range b.Cases {
		csv = synth.AppendCase(csv, &b.Cases[i], false)
	}
	y.csv = csv
	b.Cases = nil // 240 bytes a case: let it go before reading
	var buf bytes.Buffer
	for _, t := range []struct {
		dst   *[]byte
		write func(*bytes.Buffer) error
	}{
		{&y.hospitals, func(w *bytes.Buffer) error { return b.WriteHospitals(w) }},
		{&y.members, func(w *bytes.Buffer) error { return b.WriteMembers(w) }},
		{&y.spending, func(w *bytes.Buffer) error { return b.WriteSpending(w) }},
		{&y.adjustments, func(w *bytes.Buffer) error { return b.WriteAdjustments(w) }},
		{&y.table, func(w *bytes.Buffer) error {
			if method == synth.DRG {
				return b.WriteWeights(w)
			}
			return b.WriteCatalog(w)
		}},
	} {
		buf.Reset()
		if err := t.write(&buf); err != nil {
			return nil, err
		}
		*t.dst = bytes.Clone(buf.Bytes())
	}
	if y.in, err = y.read(); err != nil {
		return nil, err
	}
	return y, nil
}

// read reads every input of the year from its bytes, as SettleFiles reads files.
func (y *year) read() (budget.Input, error) {
	var in budget.Input
	var err error
	if in.Policy, err = policy.Read(bytes.NewReader(y.policy), synth.PolicyFile); err != nil {
		return in, err
	}
	if in.Hospitals, err = budget.ReadHospitals(bytes.NewReader(y.hospitals), synth.HospitalsFile); err != nil {
		return in, err
	}
	if y.method == synth.DRG {
		in.Weights, err = drg.ReadWeights(bytes.NewReader(y.table), synth.WeightsFile)
	} else {
		in.Catalog, err = dip.ReadCatalog(bytes.NewReader(y.table), synth.CatalogFile, in.Policy.PointScale)
	}
	if err != nil {
		return in, err
	}
	if in.Members, err = budget.ReadMembers(bytes.NewReader(y.members), synth.MembersFile); err != nil {
		return in, err
	}
	if in.Spending, err = budget.ReadSpending(bytes.NewReader(y.spending), synth.SpendingFile); err != nil {
		return in, err
	}
	if in.Adjustments, err = budget.ReadAdjustments(bytes.NewReader(y.adjustments), synth.AdjustmentsFile); err != nil {
		return in, err
	}
	in.Cases, err = budget.ReadCases(bytes.NewReader(y.csv), synth.CasesFile, in.Policy.PointScale)
	return in, err
}
