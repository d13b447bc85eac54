package budget

import (
	"errors"
	"fmt"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/internal/bedday"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// DRGParams returns the drg package's parameters for fund f under the policy (DRG-5, -7, -8).
func (p *Policy) DRGParams(f Fund) drg.Params {
	d := drg.Params{
		PointScale:      p.PointScale,
		Rounding:        p.Rounding,
		LowRatio:        p.DRG.LowRatio,
		ReadmitRule:     drg.ReadmitRule(p.DRG.ReadmitRule),
		ReadmitDays:     p.DRG.ReadmitDays,
		ReadmitFactor:   p.DRG.ReadmitFactor,
		SpecialMaxShare: p.DRG.SpecialMaxShare,
		SpecialScope:    drg.SpecialScope(p.DRG.SpecialScope),
	}
	for _, t := range p.DRG.HighThresholds {
		up := t.UpTo
		if t.Unbounded {
			up = 0
		}
		d.HighThresholds = append(d.HighThresholds, drg.Threshold{UpTo: up, T: t.T})
	}
	if fp := p.Fund(f); fp != nil {
		d.RegionAvgCost = fp.RegionAvgCost
	}
	return d
}

// DIPParams returns the dip package's parameters for fund f under the policy (DIP-4..9).
func (p *Policy) DIPParams(f Fund) dip.Params {
	d := dip.Params{
		PointScale:         p.PointScale,
		Rounding:           p.Rounding,
		ScoreScale:         int64(p.DIP.ScoreScale),
		HighRule:           dip.HighRule(p.DIP.HighRule),
		HighRatio:          p.DIP.HighRatio,
		LowRatio:           p.DIP.LowRatio,
		Inclusive:          p.DIP.Inclusive,
		ExtremeRatio:       p.DIP.ExtremeRatio,
		PrimaryCoefficient: p.DIP.PrimaryCoefficient,
		TCMBonus:           p.DIP.TCMBonus,
		TCMShareMin:        p.DIP.TCMShareMin,
		Severity:           p.DIP.SeverityCoefficients,
		UngroupedFactor:    p.DIP.UngroupedFactor,
		ReadmitRule:        dip.ReadmitRule(p.DIP.ReadmitRule),
		ReadmitDays:        p.DIP.ReadmitDays,
		ReadmitFactor:      p.DIP.ReadmitFactor,
		SpecialMaxShare:    p.DIP.SpecialMaxShare,
		SpecialScope:       dip.SpecialScope(p.DIP.SpecialScope),
	}
	if fp := p.Fund(f); fp != nil {
		d.RegionAvgCost = fp.RegionAvgCost
	}
	return d
}

// BedDayRule returns the BED-1/2 rule of the pool a bed-day stay joins: ×100 with
// DRG points or in a separate pool, ×ScoreScale with DIP scores.
func (p *Policy) BedDayRule(pool Method) bedday.Rule {
	r := bedday.Rule{MaxDays: 0, Multiplier: 100, PointScale: p.PointScale, Rounding: p.Rounding}
	if p.BedDay.HasMaxDays {
		r.MaxDays = p.BedDay.MaxDays
	}
	if pool == DIP {
		r.Multiplier = int64(p.DIP.ScoreScale)
	}
	for _, s := range p.BedDay.Segments {
		up := s.UpTo
		if s.Unbounded {
			up = 0
		}
		r.Segments = append(r.Segments, bedday.Segment{UpTo: up, Factor: s.Factor})
	}
	return r
}

// classOf maps the scorers' class words to the result's Class.
var classOf = func() map[string]Class {
	m := map[string]Class{}
	for i, n := range classNames {
		m[n] = Class(i)
	}
	return m
}()

// words interns the flags and rules strings of case results: a handful of
// distinct values for millions of cases.
type words map[uint32]string

func (w words) get(method Method, bits uint16, f func() string) string {
	k := uint32(method)<<16 | uint32(bits)
	s, ok := w[k]
	if !ok {
		s = f()
		w[k] = s
	}
	return s
}

// score scores every accepted case with its method's scorer, runs the cross-case
// rules, and accumulates the totals of every (pool, hospital) (PV-7).
func (st *state) score() {
	p := st.p
	n := len(st.cases)
	st.results = make([]CaseResult, n)
	st.acc = *pointvalue.NewAccumulator(NumFunds*NumMethods, len(st.hosp))
	st.accMonth = *pointvalue.NewAccumulator(NumFunds*NumMethods*12, len(st.hosp))
	for f := range st.cmi {
		st.cmi[f] = make([]drg.CMI, len(st.hosp))
	}
	patients := map[string]int32{}
	patient := func(id string) int32 {
		if id == "" {
			return -1
		}
		v, ok := patients[id]
		if !ok {
			v = int32(len(patients))
			patients[id] = v
		}
		return v
	}
	st.drgGroup = make([]int32, n)
	for i := range st.drgGroup {
		st.drgGroup[i] = -1
	}

	var drgIdx, dipIdx []int
	for i, a := range st.cases {
		switch a.method {
		case DRG:
			drgIdx = append(drgIdx, i)
		case DIP:
			dipIdx = append(dipIdx, i)
		}
	}

	// DRG (DRG-3..8): one scorer per fund (M differs), cross-case rules over both funds together.
	if len(drgIdx) > 0 {
		if st.in.Weights == nil {
			st.fatal.Addf(st.src.Weights, 0, "drg_code", "", fmt.Errorf("%w: DRG cases need a weights table", pointvalue.ErrRequired))
			return
		}
		coefs := make([]pointvalue.Factor, len(st.hosp))
		for i := range st.hosp {
			coefs[i] = st.hosp[i].CoefficientFor(DRG, p)
		}
		var scorers [NumFunds]*drg.Scorer
		for f := range Fund(NumFunds) {
			s, err := drg.NewScorer(st.in.Weights, p.DRGParams(f), coefs)
			if err != nil {
				st.fatalf("drg", "", err)
				return
			}
			scorers[f] = s
		}
		dc := make([]drg.Case, len(drgIdx))
		for j, i := range drgIdx {
			c := st.cases[i].c
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
			dc[j] = drg.Case{Cost: c.TotalCost, Share: c.PatientShare, Special: c.SpecialPoints,
				Hospital: st.cases[i].hosp, Group: g, Patient: patient(c.PatientID),
				Admit: c.Admit, Discharge: c.Discharge, Flags: flags}
		}
		scorers[0].Prepare(dc) // DRG-8 then DRG-7; policy-wide parameters only
		st.parallel(len(drgIdx), func(w *worker, lo, hi int) {
			for j := lo; j < hi; j++ {
				i := drgIdx[j]
				a := &st.cases[i]
				res, err := scorers[a.c.Fund].Score(&dc[j])
				if err != nil {
					w.fail(i, err)
					continue
				}
				cr := &st.results[i]
				cr.Class = classOf[res.Class.String()]
				cr.Base, cr.HasBase = res.Base, dc[j].Group >= 0
				cr.RefCost, cr.Ratio, cr.HasRatio = res.RefCost, res.Ratio, dc[j].Group >= 0
				cr.Coef, cr.Points = res.Coef, res.Points
				cr.Flags = w.words.get(DRG, uint16(res.Flags), res.Flags.String)
				cr.Rules = w.words.get(DRG, 1<<8|uint16(res.Rules), res.Rules.String)
				st.drgGroup[i] = dc[j].Group
			}
		})
	}

	// DIP (DIP-3..9).
	if len(dipIdx) > 0 {
		if st.in.Catalog == nil {
			st.fatal.Addf(st.src.Catalog, 0, "group_code", "", fmt.Errorf("%w: DIP cases need a catalog", pointvalue.ErrRequired))
			return
		}
		hs := make([]dip.Hospital, len(st.hosp))
		for i := range st.hosp {
			hs[i] = dip.Hospital{Level: dip.Level(st.hosp[i].Level), Coef: st.hosp[i].CoefficientFor(DIP, p)}
		}
		var scorers [NumFunds]*dip.Scorer
		for f := range Fund(NumFunds) {
			s, err := dip.NewScorer(st.in.Catalog, p.DIPParams(f), hs)
			if err != nil {
				st.fatalf("dip", "", err)
				return
			}
			scorers[f] = s
		}
		dc := make([]dip.Case, len(dipIdx))
		for j, i := range dipIdx {
			c := st.cases[i].c
			g, given := st.in.Catalog.Resolve(c.Group, c.Diagnosis, c.Procedures, c.Treatment) // DIP-3
			var flags uint8
			if given {
				flags |= dip.FlagGiven
			}
			if c.HasSpecial {
				flags |= dip.FlagSpecial
			}
			dc[j] = dip.Case{Cost: c.TotalCost, Share: c.PatientShare, Special: c.SpecialPoints, TCMShare: c.TCMShare,
				Hospital: st.cases[i].hosp, Group: g, Patient: patient(c.PatientID),
				Admit: c.Admit, Discharge: c.Discharge, Severity: scorers[0].SeverityIndex(c.Severity), Flags: flags}
		}
		if err := scorers[0].Prepare(dc); err != nil { // DIP-8 then DIP-7
			st.fatalf("dip", "", err)
			return
		}
		st.parallel(len(dipIdx), func(w *worker, lo, hi int) {
			for j := lo; j < hi; j++ {
				i := dipIdx[j]
				a := &st.cases[i]
				res, err := scorers[a.c.Fund].Score(&dc[j])
				if err != nil {
					w.fail(i, err)
					continue
				}
				cr := &st.results[i]
				cr.Class = classOf[res.Class.String()]
				known := dc[j].Group >= 0
				if known && a.c.Group == "" {
					cr.Group = st.in.Catalog.Groups[dc[j].Group].Code
				}
				cr.Base, cr.HasBase = res.Base, known
				cr.RefCost, cr.Ratio, cr.HasRatio = res.RefCost, res.Ratio, known
				cr.Coef, cr.Points = res.Coef, res.Points
				cr.Flags = w.words.get(DIP, uint16(res.Flags), res.Flags.String)
				cr.Rules = w.words.get(DIP, 1<<8|uint16(res.Rules), res.Rules.String)
			}
		})
	}

	// Bed-day stays (BED-1..3, DRG-6, DIP-6).
	var rules [NumMethods]bedday.Rule
	for m := range Method(NumMethods) {
		rules[m] = p.BedDayRule(m)
	}
	for i := range st.cases {
		a := &st.cases[i]
		if a.method != BedDay {
			continue
		}
		c := a.c
		fp := p.Fund(c.Fund)
		if fp.RegionAvgCost == 0 {
			st.fatalf(fundPath(c.Fund, "region_avg_cost"), "", fmt.Errorf("%w: bed-day stays need region_avg_cost (BED-1)", pointvalue.ErrRequired))
			continue
		}
		rate, _ := p.BedDay.Rate(c.BedDayCategory, st.hosp[a.hosp].Level)
		rule := &rules[a.pool]
		daily, err := rule.DailyBase(rate, fp.RegionAvgCost)
		if err != nil {
			st.scoreError(a, err)
			continue
		}
		days := bedday.Days(c.Admit, c.Discharge)
		pts, err := rule.StayPoints(daily, days)
		if err != nil {
			st.scoreError(a, err)
			continue
		}
		cr := &st.results[i]
		cr.Class, cr.Group = ClassBedDay, c.BedDayCategory
		cr.Base, cr.HasBase, cr.Days, cr.Points = daily, true, days, pts
		cr.Rules = "BED-1|BED-2"
	}

	// Every case: identity, and the totals of its (pool, hospital) (PV-7), in
	// shards merged exactly.
	st.parallel(len(st.cases), func(w *worker, lo, hi int) {
		for i := lo; i < hi; i++ {
			a := &st.cases[i]
			c := a.c
			cr := &st.results[i]
			cr.CaseID, cr.HospitalID, cr.Fund, cr.Method = c.ID, c.HospitalID, c.Fund, a.method
			if cr.Group == "" {
				cr.Group = c.Group
			}
			pi := poolIndex(c.Fund, a.pool)
			w.acc.Add(pi, int(a.hosp), cr.Points, c.PatientShare, c.TotalCost)
			w.accMonth.Add(pi*12+int(c.Discharge.Month())-1, int(a.hosp), cr.Points, c.PatientShare, c.TotalCost)
			if g := st.drgGroup[i]; g >= 0 {
				w.cmi[c.Fund][a.hosp].Add(st.in.Weights, g) // DRG-10, A35
			}
		}
	})
	if err := st.acc.Err(); err != nil {
		st.fatalf("cases", "", fmt.Errorf("%w: total points beyond int64 (NUM-3)", err))
	}
}

// scoreError reports a case the scorer could not score: a missing M is the
// policy's error (once per fund), anything else the record's.
func (st *state) scoreError(a *acceptedCase, err error) {
	if errors.Is(err, pointvalue.ErrPolicy) && st.p.Fund(a.c.Fund).RegionAvgCost == 0 {
		st.fatalf(fundPath(a.c.Fund, "region_avg_cost"), "", fmt.Errorf("%w: region_avg_cost (M) is required by DRG-5/DIP-9/BED-1 for case %s", pointvalue.ErrRequired, a.c.ID))
		return
	}
	st.fatal.Addf(st.src.Cases, a.c.Line, "total_cost", a.c.TotalCost.String(), err)
}
