package budget

import (
	"errors"
	"fmt"
	"slices"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// bedDayEnv is the BED-1/2 environment of the pool a bed-day stay joins: ×100
// with DRG points or in a separate pool, ×ScoreScale with DIP scores.
func bedDayEnv(p *policy.Policy, pool param.Method) bedday.Env {
	e := bedday.Env{Multiplier: 100, PointScale: p.PointScale, Rounding: p.Rounding}
	if pool == param.DIP {
		e.Multiplier = int64(p.DIP.ScoreScale)
	}
	return e
}

// regionAvg returns the fund's region_avg_cost M (0 when not given or the fund is not settled).
func regionAvg(p *policy.Policy, f param.Fund) pointvalue.Money {
	if fp := p.Fund(f); fp != nil {
		return fp.RegionAvgCost
	}
	return 0
}

// drgClass and dipClass map the scorers' classes to the result's Class (by value;
// a test checks the words agree).
var (
	drgClass = [...]Class{drg.Normal: ClassNormal, drg.High: ClassHigh, drg.Low: ClassLow, drg.Incomplete: ClassIncomplete,
		drg.Unstable: ClassUnstable, drg.Ungrouped: ClassUngrouped, drg.Special: ClassSpecial}
	dipClass = [...]Class{dip.Normal: ClassNormal, dip.High: ClassHigh, dip.Low: ClassLow, dip.Ungrouped: ClassUngrouped,
		dip.Special: ClassSpecial}
)

// words caches the flags and rules strings of case results, by method and bit
// set: a handful of distinct values for millions of cases, made once each.
type words struct {
	flags, rules [param.NumMethods][256]string
	made         [param.NumMethods][2][256]bool
}

func (w *words) get(method param.Method, rules bool, bits uint8, f func() string) string {
	tab, k := &w.flags[method], 0
	if rules {
		tab, k = &w.rules[method], 1
	}
	if !w.made[method][k][bits] {
		tab[bits] = f()
		w.made[method][k][bits] = true
	}
	return tab[bits]
}

// scorers are the per-fund scorers of a run (M differs by fund).
type scorers struct {
	drg [param.NumFunds]*drg.Scorer
	dip [param.NumFunds]*dip.Scorer
	bed [param.NumMethods]bedday.Env // by the pool a bed-day stay joins
}

// newScorers builds the scorers the cases need; a missing table or a policy the
// scorers refuse is a fatal error.
func (st *state) newScorers(needDRG, needDIP bool) (*scorers, bool) {
	p := st.p
	sc := &scorers{}
	if needDRG {
		if st.in.Weights == nil {
			st.fatal.Addf(st.src.Weights, 0, "drg_code", "", fmt.Errorf("%w: DRG cases need a weights table", pointvalue.ErrRequired))
			return nil, false
		}
		coefs := make([]pointvalue.Factor, len(st.hosp))
		for i := range st.hosp {
			coefs[i] = st.hosp[i].CoefficientFor(param.DRG, p)
		}
		for f := range param.Fund(param.NumFunds) {
			env := drg.Env{PointScale: p.PointScale, Rounding: p.Rounding, RegionAvgCost: regionAvg(p, f)}
			s, err := drg.NewScorer(st.in.Weights, p.DRG, env, coefs)
			if err != nil {
				st.fatalf("drg", "", err)
				return nil, false
			}
			sc.drg[f] = s
		}
	}
	if needDIP {
		if st.in.Catalog == nil {
			st.fatal.Addf(st.src.Catalog, 0, "group_code", "", fmt.Errorf("%w: DIP cases need a catalog", pointvalue.ErrRequired))
			return nil, false
		}
		hs := make([]dip.Hospital, len(st.hosp))
		for i := range st.hosp {
			hs[i] = dip.Hospital{Level: st.hosp[i].Level, Coef: st.hosp[i].CoefficientFor(param.DIP, p)}
		}
		for f := range param.Fund(param.NumFunds) {
			env := dip.Env{PointScale: p.PointScale, Rounding: p.Rounding, RegionAvgCost: regionAvg(p, f)}
			s, err := dip.NewScorer(st.in.Catalog, p.DIP, env, hs)
			if err != nil {
				st.fatalf("dip", "", err)
				return nil, false
			}
			sc.dip[f] = s
		}
	}
	for m := range param.Method(param.NumMethods) {
		sc.bed[m] = bedDayEnv(p, m)
	}
	return sc, true
}

// drgCase is a case as the DRG scorer's compact record: a given code looked up
// (UnknownGroup when the table lacks it, ERR-3), none given NoGroup (DRG-5).
func (st *state) drgCase(a *acceptedCase, patient int32) drg.Case {
	c := a.c
	g := drg.NoGroup
	if c.Group != "" {
		var ok bool
		if g, ok = st.in.Weights.Lookup(c.Group); !ok {
			g = drg.UnknownGroup
		}
	}
	var flags uint8
	if c.Incomplete {
		flags |= drg.FlagIncomplete
	}
	if c.HasSpecial {
		flags |= drg.FlagSpecial
	}
	return drg.Case{Cost: c.TotalCost, Share: c.PatientShare, Special: c.SpecialPoints,
		Hospital: a.hosp, Group: g, Patient: patient, Admit: c.Admit, Discharge: c.Discharge, Flags: flags}
}

// dipCase is a case as the DIP scorer's compact record, grouped by DIP-3 when no
// group code came with it.
func (st *state) dipCase(a *acceptedCase, patient int32, s *dip.Scorer) dip.Case {
	c := a.c
	g, given := st.in.Catalog.Resolve(c.Group, c.Diagnosis, c.Procedures, c.Treatment) // DIP-3
	var flags uint8
	if given {
		flags |= dip.FlagGiven
	}
	if c.HasSpecial {
		flags |= dip.FlagSpecial
	}
	return dip.Case{Cost: c.TotalCost, Share: c.PatientShare, Special: c.SpecialPoints, TCMShare: c.TCMShare,
		Hospital: a.hosp, Group: g, Patient: patient, Admit: c.Admit, Discharge: c.Discharge,
		Severity: s.SeverityIndex(c.Severity), Flags: flags}
}

// scoreDRG fills cr from the DRG scorer (DRG-3..8).
func (sc *scorers) scoreDRG(a *acceptedCase, dc *drg.Case, cr *CaseResult, w *words) error {
	res, err := sc.drg[a.fund].Score(dc)
	if err != nil {
		return err
	}
	known := dc.Group >= 0
	cr.Class = drgClass[res.Class]
	cr.Base, cr.HasBase = res.Base, known
	cr.RefCost, cr.Ratio, cr.HasRatio = res.RefCost, res.Ratio, known
	cr.Coef, cr.Points = res.Coef, res.Points
	cr.Flags = w.get(param.DRG, false, uint8(res.Flags), res.Flags.String)
	cr.Rules = w.get(param.DRG, true, uint8(res.Rules), res.Rules.String)
	return nil
}

// scoreDIP fills cr from the DIP scorer (DIP-4..9); an engine-grouped case shows its group.
func (sc *scorers) scoreDIP(a *acceptedCase, dc *dip.Case, cat *dip.Catalog, cr *CaseResult, w *words) error {
	res, err := sc.dip[a.fund].Score(dc)
	if err != nil {
		return err
	}
	known := dc.Group >= 0
	if known && a.c.Group == "" {
		cr.Group = cat.Groups[dc.Group].Code
	}
	cr.Class = dipClass[res.Class]
	cr.Base, cr.HasBase = res.Base, known
	cr.RefCost, cr.Ratio, cr.HasRatio = res.RefCost, res.Ratio, known
	cr.Coef, cr.Aux, cr.TCM, cr.Points = res.Coef, res.Aux, res.TCM, res.Points
	cr.Flags = w.get(param.DIP, false, uint8(res.Flags), res.Flags.String)
	cr.Rules = w.get(param.DIP, true, uint8(res.Rules), res.Rules.String)
	return nil
}

var errNoMForBedDay = fmt.Errorf("%w: bed-day stays need region_avg_cost (BED-1)", pointvalue.ErrRequired)

// scoreBedDay fills cr for a bed-day stay (BED-1..3, DRG-6, DIP-6).
func (st *state) scoreBedDay(sc *scorers, a *acceptedCase, cr *CaseResult) error {
	c := a.c
	fp := st.p.Fund(c.Fund)
	if fp.RegionAvgCost == 0 {
		return errNoMForBedDay
	}
	rate, _ := st.p.BedDay.Rate(c.BedDayCategory, st.hosp[a.hosp].Level)
	env := sc.bed[a.pool]
	daily, err := bedday.DailyBase(rate, fp.RegionAvgCost, env)
	if err != nil {
		return err
	}
	days := bedday.Days(c.Admit, c.Discharge)
	pts, err := st.p.BedDay.StayPoints(daily, days, env)
	if err != nil {
		return err
	}
	cr.Class, cr.Group = ClassBedDay, c.BedDayCategory
	cr.Base, cr.HasBase, cr.Days, cr.Points = daily, true, days, pts
	cr.Rules = "BED-1|BED-2"
	return nil
}

// identify fills a result's identity columns.
func identify(a *acceptedCase, cr *CaseResult) {
	c := a.c
	cr.CaseID, cr.HospitalID, cr.Fund, cr.Method = c.ID, c.HospitalID, c.Fund, a.method
	if cr.Group == "" {
		cr.Group = c.Group
	}
}

// internPatients numbers the patient ids of the cases at idx (DRG-7, DIP-7
// link stays of one patient): equal ids get equal numbers, no id gets −1. Ids
// of at most 16 bytes (the usual) are numbered by sorting their 16-byte keys,
// which at ten million cases is several times faster than a hash map (the map's
// random probes miss the cache); longer ids go through a map.
func (st *state) internPatients(idx []int) []int32 {
	out := make([]int32, len(idx))
	type keyed struct {
		k idKey
		j int32
	}
	short := make([]keyed, 0, len(idx))
	var long map[string]int32
	for j, i := range idx {
		id := st.cases[i].c.PatientID
		switch {
		case id == "":
			out[j] = -1
		case len(id) <= 16:
			short = append(short, keyed{keyOf(id), int32(j)})
		default:
			if long == nil {
				long = map[string]int32{}
			}
			v, ok := long[id]
			if !ok {
				v = int32(len(long))
				long[id] = v
			}
			out[j] = v
		}
	}
	slices.SortFunc(short, func(a, b keyed) int { return a.k.compare(b.k) })
	next := int32(len(long)) // short ids number after the long ones
	for n := range short {
		if n > 0 && short[n].k != short[n-1].k {
			next++
		}
		out[short[n].j] = next
	}
	return out
}

// score scores every accepted case with its method's scorer, runs the cross-case
// rules, and accumulates the totals of every (pool, hospital) (PV-7).
func (st *state) score() {
	n := len(st.cases)
	st.results = make([]CaseResult, n)
	st.initTotals()
	st.drgGroup = make([]int32, n)
	var drgIdx, dipIdx []int
	for i, a := range st.cases {
		st.drgGroup[i] = -1
		switch a.method {
		case param.DRG:
			drgIdx = append(drgIdx, i)
		case param.DIP:
			dipIdx = append(dipIdx, i)
		}
	}
	sc, ok := st.newScorers(len(drgIdx) > 0, len(dipIdx) > 0)
	if !ok {
		return
	}

	// DRG (DRG-3..8): cross-case rules over both funds together, then scoring in shards.
	if len(drgIdx) > 0 {
		dc := make([]drg.Case, len(drgIdx))
		pat := st.internPatients(drgIdx)
		st.parallel(len(drgIdx), func(_ *worker, lo, hi int) {
			for j := lo; j < hi; j++ {
				i := drgIdx[j]
				dc[j] = st.drgCase(&st.cases[i], pat[j])
				identify(&st.cases[i], &st.results[i]) // while the case is in cache
			}
		})
		sc.drg[0].Prepare(dc) // DRG-8 then DRG-7; policy-wide parameters only
		st.parallel(len(drgIdx), func(w *worker, lo, hi int) {
			for j := lo; j < hi; j++ {
				i := drgIdx[j]
				if err := sc.scoreDRG(&st.cases[i], &dc[j], &st.results[i], w.words); err != nil {
					w.fail(i, err)
					continue
				}
				st.drgGroup[i] = dc[j].Group
			}
		})
	}

	// DIP (DIP-3..9).
	if len(dipIdx) > 0 {
		dc := make([]dip.Case, len(dipIdx))
		pat := st.internPatients(dipIdx)
		st.parallel(len(dipIdx), func(_ *worker, lo, hi int) {
			for j := lo; j < hi; j++ {
				i := dipIdx[j]
				dc[j] = st.dipCase(&st.cases[i], pat[j], sc.dip[0])
				identify(&st.cases[i], &st.results[i])
			}
		})
		if err := sc.dip[0].Prepare(dc); err != nil { // DIP-8 then DIP-7
			st.fatalf("dip", "", err)
			return
		}
		st.parallel(len(dipIdx), func(w *worker, lo, hi int) {
			for j := lo; j < hi; j++ {
				i := dipIdx[j]
				if err := sc.scoreDIP(&st.cases[i], &dc[j], st.in.Catalog, &st.results[i], w.words); err != nil {
					w.fail(i, err)
				}
			}
		})
	}

	// Bed-day stays and the totals of every (pool, hospital) (PV-7),
	// in shards merged exactly.
	st.parallel(n, func(w *worker, lo, hi int) {
		for i := lo; i < hi; i++ {
			a := &st.cases[i]
			cr := &st.results[i]
			if a.method == param.BedDay {
				if err := st.scoreBedDay(sc, a, cr); err != nil {
					w.fail(i, err)
				}
				identify(a, cr) // DRG and DIP cases were identified as their records were built
			}
			w.add(st, a, cr.Points, st.drgGroup[i])
		}
	})
	if err := st.acc.Err(); err != nil {
		st.fatalf("cases", "", fmt.Errorf("%w: total points beyond int64 (NUM-3)", err))
	}
}

// initTotals sizes the run's totals.
func (st *state) initTotals() {
	st.acc = *pointvalue.NewAccumulator(param.NumFunds*param.NumMethods, len(st.hosp))
	st.accMonth = *pointvalue.NewAccumulator(param.NumFunds*param.NumMethods*12, len(st.hosp))
	for f := range st.cmi {
		st.cmi[f] = make([]drg.CMI, len(st.hosp))
	}
}

// add accumulates one scored case into the worker's totals: its (pool, hospital),
// its discharge month (CLR-1) and, for a DRG case with a group, the CMI (DRG-10).
func (w *worker) add(st *state, a *acceptedCase, points pointvalue.Points, drgGroup int32) {
	pi := poolIndex(a.fund, a.pool)
	w.acc.Add(pi, int(a.hosp), points, a.share, a.cost)
	w.accMonth.Add(pi*12+int(a.month)-1, int(a.hosp), points, a.share, a.cost)
	if drgGroup >= 0 {
		w.cmi[a.fund][a.hosp].Add(st.in.Weights, drgGroup) // DRG-10, A35
	}
	if a.method == param.BedDay {
		w.bedCost[a.fund] += a.cost // BUD-6: inpatient cost not settled by DRG/DIP
	}
}

// scoreError reports a case the scorer could not score: a missing M is the
// policy's error (once per fund), anything else the record's.
func (st *state) scoreError(a *acceptedCase, err error) {
	if (errors.Is(err, pointvalue.ErrPolicy) || errors.Is(err, errNoMForBedDay)) && st.p.Fund(a.c.Fund).RegionAvgCost == 0 {
		st.fatalf(fundPath(a.c.Fund, "region_avg_cost"), "", fmt.Errorf("%w: region_avg_cost (M) is required by DRG-5/DIP-9/BED-1 for case %s", pointvalue.ErrRequired, a.c.ID))
		return
	}
	st.fatal.Addf(st.src.Cases, a.c.Line, "total_cost", a.c.TotalCost.String(), err)
}
