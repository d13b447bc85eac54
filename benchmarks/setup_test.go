package benchmarks

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/readmit"
	"github.com/dipdrg/dipdrg/internal/special"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// seed is the fixed seed of every generated year.
const seed = 1

// sizes are the years benchmarked: 1M cases always, 10M unless -short.
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

func cached[T any](b testing.TB, key string, build func() (T, error)) T {
	cache.Lock()
	defer cache.Unlock()
	if cache.key == key {
		return cache.val.(T)
	}
	cache.key, cache.val = "", nil
	runtime.GC()
	v, err := build()
	if err != nil {
		b.Fatal(err)
	}
	cache.key, cache.val = key, v
	return v
}

// year is a whole synth settlement year as its files' bytes: cases.csv (what
// synth.WriteCases writes) and the small tables.
type year struct {
	method, name                                             string
	n                                                        int
	csv                                                      []byte
	policy, hospitals, table, members, spending, adjustments []byte
}

func buildYear(method string, n int) (*year, error) {
	return buildYearOpt(synth.Options{Seed: seed, Cases: n, Method: method})
}

// buildYearOpt is buildYear of any synth.Options (the monitoring benchmarks'
// years have the settlement-list columns and plants).
func buildYearOpt(opt synth.Options) (*year, error) {
	method, n := opt.Method, opt.Cases
	b, err := synth.Generate(opt)
	if err != nil {
		return nil, err
	}
	y := &year{method: method, name: method + "/" + sizeName(n), n: n, policy: b.Policy}
	csv := make([]byte, 0, n*160)
	for i, col := range synth.CaseColumns {
		if i > 0 {
			csv = append(csv, ',')
		}
		csv = append(csv, col...)
	}
	if opt.Monitoring {
		for _, col := range synth.ListColumns {
			csv = append(append(csv, ','), col...)
		}
	}
	csv = append(csv, '\n')
	for i := range b.Cases {
		csv = synth.AppendCase(csv, &b.Cases[i], false)
	}
	y.csv = csv
	b.Cases = nil
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
	return y, nil
}

func yearCached(b testing.TB, method string, n int) *year {
	return cached(b, "year/"+method+"/"+sizeName(n), func() (*year, error) { return buildYear(method, n) })
}

// read reads every input of the year from its bytes with the files readers, as
// files.Settle reads files.
func (y *year) read() (budget.Input, error) {
	in, err := y.tables()
	if err != nil {
		return in, err
	}
	in.Cases, err = files.ReadCases(bytes.NewReader(y.csv), synth.CasesFile, files.Options{PointScale: in.Policy.PointScale})
	return in, err
}

// tables reads everything but the cases.
func (y *year) tables() (budget.Input, error) {
	var in budget.Input
	var err error
	if in.Policy, err = policy.Read(bytes.NewReader(y.policy), synth.PolicyFile); err != nil {
		return in, err
	}
	opt := files.Options{PointScale: in.Policy.PointScale}
	if in.Hospitals, err = files.ReadHospitals(bytes.NewReader(y.hospitals), synth.HospitalsFile, opt); err != nil {
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
	if in.Members, err = files.ReadMembers(bytes.NewReader(y.members), synth.MembersFile, opt); err != nil {
		return in, err
	}
	if in.Spending, err = files.ReadSpending(bytes.NewReader(y.spending), synth.SpendingFile, opt); err != nil {
		return in, err
	}
	in.Adjustments, err = files.ReadAdjustments(bytes.NewReader(y.adjustments), synth.AdjustmentsFile, opt)
	return in, err
}

// loopData is the input of a scoring loop as Settle prepares it: the year's
// DRG or DIP cases as columns by row (file order), the cross-case flags set by
// the engine's own rules (internal/special, internal/readmit: DRG-7/8, DIP-7/8),
// each fund's rows in row order, a scorer per fund, and the points and outcome
// columns the loop writes.
type loopData struct {
	method   string
	policy   *policy.Policy
	hosp     []budget.Hospital
	drg      [param.NumFunds]*drg.Scorer
	dip      [param.NumFunds]*dip.Scorer
	drgIn    drg.Columns
	drgOut   drg.Scores
	dipIn    dip.Columns
	dipOut   dip.Scores
	weights  *drg.Weights
	rows     [param.NumFunds][]uint32
	n        int
	costs    []int64 // the scored cases' costs, for the floor
	fundOf   []param.Fund
	patients []int32
}

func loopCached(b testing.TB, method string, n int) *loopData {
	return cached(b, "loop/"+method+"/"+sizeName(n), func() (*loopData, error) { return buildLoop(method, n) })
}

// buildLoop streams n synth cases into columns (bed-day stays are not DRG/DIP
// cases and are left out).
func buildLoop(method string, n int) (*loopData, error) {
	sb, err := synth.Generate(synth.Options{Seed: seed, Cases: 1000, Method: method, Hospitals: max(3, n/3000)})
	if err != nil {
		return nil, err
	}
	y := &year{method: method, policy: sb.Policy}
	var buf bytes.Buffer
	for _, t := range []struct {
		dst   *[]byte
		write func(*bytes.Buffer) error
	}{
		{&y.hospitals, func(w *bytes.Buffer) error { return sb.WriteHospitals(w) }},
		{&y.members, func(w *bytes.Buffer) error { return sb.WriteMembers(w) }},
		{&y.spending, func(w *bytes.Buffer) error { return sb.WriteSpending(w) }},
		{&y.adjustments, func(w *bytes.Buffer) error { return sb.WriteAdjustments(w) }},
		{&y.table, func(w *bytes.Buffer) error {
			if method == synth.DRG {
				return sb.WriteWeights(w)
			}
			return sb.WriteCatalog(w)
		}},
	} {
		buf.Reset()
		if err := t.write(&buf); err != nil {
			return nil, err
		}
		*t.dst = bytes.Clone(buf.Bytes())
	}
	in, err := y.tables()
	if err != nil {
		return nil, err
	}
	p := in.Policy
	d := &loopData{method: method, policy: p, hosp: in.Hospitals, weights: in.Weights}
	hidx := map[string]uint32{}
	for i, h := range in.Hospitals {
		hidx[h.ID] = uint32(i)
	}
	var (
		cost             []pointvalue.Money
		hosp             []uint32
		grp              []int32
		flags            []uint8
		special          = map[uint32]pointvalue.Points{}
		tcm              []int32
		sev              []uint16
		admit, discharge []pointvalue.Date
		sevIdx           = map[string]uint16{}
		sevNames         = []string{""}
		pat              = map[string]int32{}
		serr             error
	)
	err = synth.CaseStream(synth.Options{Seed: seed, Cases: n, Method: method, Hospitals: max(3, n/3000)}, func(c *synth.CaseRecord) bool {
		if c.BedDayCategory != "" {
			return true
		}
		f, err := param.ParseFund(c.Fund)
		if err != nil {
			serr = err
			return false
		}
		h, ok := hidx[c.HospitalID]
		if !ok {
			serr = fmt.Errorf("case %s: unknown hospital %s", c.CaseID, c.HospitalID)
			return false
		}
		row := uint32(len(cost))
		var fl uint8
		var g int32
		if method == synth.DRG {
			g = drg.NoGroup
			if c.Group != "" {
				if g, ok = in.Weights.Lookup(c.Group); !ok {
					g = drg.UnknownGroup
				}
			}
			if c.Incomplete {
				fl |= drg.FlagIncomplete
			}
		} else {
			t, err := dip.ParseTreatment(c.Treatment)
			if err != nil {
				serr = err
				return false
			}
			var given bool
			g, given = in.Catalog.Resolve(c.Group, c.Diagnosis, c.Procedures, t)
			if given {
				fl |= dip.FlagGiven
			}
			fl |= dip.FlagTCM
			tcm = append(tcm, int32(c.TCMShare))
			k, ok := sevIdx[c.Severity]
			if !ok && c.Severity != "" {
				k = uint16(len(sevNames))
				sevIdx[c.Severity] = k
				sevNames = append(sevNames, c.Severity)
			}
			sev = append(sev, k)
		}
		if c.SpecialPoints != 0 {
			fl |= drg.FlagSpecial // the same bit in dip
			special[row] = c.SpecialPoints
		}
		pid := int32(-1)
		if c.PatientID != "" {
			if pid, ok = pat[c.PatientID]; !ok {
				pid = int32(len(pat))
				pat[c.PatientID] = pid
			}
		}
		cost, hosp, grp, flags = append(cost, c.TotalCost), append(hosp, h), append(grp, g), append(flags, fl)
		admit, discharge = append(admit, c.Admit), append(discharge, c.Discharge)
		d.patients = append(d.patients, pid)
		d.fundOf = append(d.fundOf, f)
		d.rows[f] = append(d.rows[f], row)
		return true
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return nil, err
	}
	d.n = len(cost)
	crossCase(d, p, method, hosp, grp, flags, admit, discharge)
	for i := range cost {
		d.costs = append(d.costs, int64(cost[i]))
	}
	out := make([]pointvalue.Points, d.n)
	for f := range param.Fund(param.NumFunds) {
		m := p.Funds[f].RegionAvgCost
		if method == synth.DRG {
			hs := make([]drg.Hospital, len(d.hosp))
			for i := range d.hosp {
				k, own, perFund := d.hosp[i].CoefficientFor(param.DRG, f, p)
				hs[i] = drg.Hospital{Coef: k, Own: own, PerFund: perFund, Level: d.hosp[i].Level}
			}
			if d.drg[f], err = drg.NewScorer(in.Weights, p.DRG, drg.Env{PointScale: p.PointScale, Rounding: p.Rounding, RegionAvgCost: m}, hs); err != nil {
				return nil, err
			}
		} else {
			hs := make([]dip.Hospital, len(d.hosp))
			for i := range d.hosp {
				k, own, perFund := d.hosp[i].CoefficientFor(param.DIP, f, p)
				hs[i] = dip.Hospital{Level: d.hosp[i].Level, Coef: k, Own: own, PerFund: perFund}
			}
			if d.dip[f], err = dip.NewScorer(in.Catalog, p.DIP, dip.Env{PointScale: p.PointScale, Rounding: p.Rounding, RegionAvgCost: m}, hs); err != nil {
				return nil, err
			}
		}
	}
	if method == synth.DRG {
		d.drgIn = drg.Columns{Cost: cost, Hospital: hosp, Group: grp, Flags: flags, Special: special}
		d.drgOut = drg.Scores{Points: out, Outcome: make([]drg.Outcome, d.n)}
	} else {
		idx := make([]int16, len(sevNames))
		for k, s := range sevNames {
			idx[k] = d.dip[0].SeverityIndex(s)
		}
		d.dipIn = dip.Columns{Cost: cost, Hospital: hosp, Group: grp, Flags: flags, TCMShare: tcm, Severity: sev,
			SeverityIndex: idx, Special: special}
		d.dipOut = dip.Scores{Points: out, Outcome: make([]dip.Outcome, d.n)}
	}
	return d, nil
}

// crossCase sets the DRG-8/DIP-8 and DRG-7/DIP-7 flags with the engine's rules
// (hospital scope; the stream order stands in for case-id order).
func crossCase(d *loopData, p *policy.Policy, method string, hosp []uint32, grp []int32, flags []uint8, admit, discharge []pointvalue.Date) {
	share, days := p.DRG.SpecialMaxShare, p.DRG.ReadmitDays
	if method == synth.DIP {
		share, days = p.DIP.SpecialMaxShare, p.DIP.ReadmitDays
	}
	var claims []special.Claim
	counts := make([]int, len(d.hosp))
	for i := range d.n {
		counts[hosp[i]]++
		if flags[i]&drg.FlagSpecial != 0 {
			claims = append(claims, special.Claim{Scope: int32(hosp[i]), Discharge: discharge[i], Index: int32(i)})
		}
	}
	for _, i := range special.Refused(claims, counts, share) {
		flags[i] |= drg.FlagSpecialRefused
	}
	stays := make([]readmit.Stay, d.n)
	for i := range stays {
		stays[i] = readmit.Stay{Patient: d.patients[i], Hospital: int32(hosp[i]), Group: grp[i], Admit: admit[i], Discharge: discharge[i],
			Exempt: flags[i]&drg.FlagSpecial != 0 && flags[i]&drg.FlagSpecialRefused == 0}
	}
	reduced := make([]bool, d.n)
	readmit.Mark(stays, days, reduced)
	for i, r := range reduced {
		if r && !stays[i].Exempt {
			flags[i] |= drg.FlagReadmitted
		}
	}
}

// scoreAll is the scoring loop exactly as Settle runs it on one shard: each
// fund's ScoreRows over its rows, into the points and outcome columns.
func (d *loopData) scoreAll() error {
	for f := range d.rows {
		var err error
		if d.method == synth.DRG {
			_, err = d.drg[f].ScoreRows(d.rows[f], &d.drgIn, &d.drgOut)
		} else {
			_, err = d.dip[f].ScoreRows(d.rows[f], &d.dipIn, &d.dipOut)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
