package budget

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/internal/explain"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// scorers are a run's scorers, per fund (M differs by fund). Their hospital
// indexes are the batch's, so that the loops read the hospital column as it is.
type scorers struct {
	drg [param.NumFunds]*drg.Scorer
	dip [param.NumFunds]*dip.Scorer
	sev []int16 // the batch's severities → the DIP scorer's index
	// the scorers' environments (for coefficientBlame's scorers at coefficient 1)
	drgEnv [param.NumFunds]drg.Env
	dipEnv [param.NumFunds]dip.Env
}

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

// newScorers builds the scorers the cases need (a policy the scorers refuse is
// a bug: Validate accepted it).
func (r *run) newScorers() error {
	p, b := r.p, r.b
	hospital := func(bh int) (Hospital, bool) {
		if h := r.hmap[bh]; h >= 0 {
			return r.hosp[h], true
		}
		return Hospital{}, false
	}
	for f := range param.Fund(param.NumFunds) {
		if len(r.scoring[0][f]) > 0 {
			hs := make([]drg.Hospital, len(r.hmap))
			for bh := range hs {
				hs[bh] = drg.Hospital{Coef: pointvalue.One, Own: true}
				if h, ok := hospital(bh); ok {
					k, own, perFund := h.CoefficientFor(param.DRG, f, p)
					hs[bh] = drg.Hospital{Coef: k, Own: own, PerFund: perFund, Level: h.Level}
				}
			}
			env := drg.Env{PointScale: p.PointScale, Rounding: p.Rounding, RegionAvgCost: regionAvg(p, f)}
			s, err := drg.NewScorer(r.in.Weights, p.DRG, env, hs)
			if err != nil {
				return r.tableError(r.src.Policy, "drg", err)
			}
			r.sc.drg[f] = s
			r.sc.drgEnv[f] = env
		}
		if len(r.scoring[1][f]) > 0 {
			hs := make([]dip.Hospital, len(r.hmap))
			for bh := range hs {
				hs[bh] = dip.Hospital{Coef: pointvalue.One}
				if h, ok := hospital(bh); ok {
					k, own, perFund := h.CoefficientFor(param.DIP, f, p)
					hs[bh] = dip.Hospital{Level: h.Level, Coef: k, Own: own, PerFund: perFund}
				}
			}
			env := dip.Env{PointScale: p.PointScale, Rounding: p.Rounding, RegionAvgCost: regionAvg(p, f),
				NetOfShare: p.Formula(f, param.DIP) == pointvalue.FundOnly}
			if p.DIP.LowRule == dip.LowPaymentStandard { // VAR-2: the fund's budget point value, or the fixed rate
				v, ok, err := p.BudgetPointValue(f, param.DIP)
				if fp := p.Fund(f); fp.PointValue.HasFixedRate {
					v, ok, err = fp.PointValue.FixedRate, true, nil
				}
				if err != nil || !ok || v <= 0 {
					return r.tableError(r.src.Policy, fundPath(f, "point_value.budget_point_value"),
						fmt.Errorf("%w: required by dip.low_rule payment-standard", pointvalue.ErrRequired))
				}
				env.BudgetPointValue = v
			}
			s, err := dip.NewScorer(r.in.Catalog, p.DIP, env, hs)
			if err != nil {
				return r.tableError(r.src.Policy, "dip", err)
			}
			r.sc.dip[f] = s
			r.sc.dipEnv[f] = env
			if r.sc.sev == nil {
				r.sc.sev = make([]int16, len(b.severities.s)+1)
				for k := 1; k < len(b.severities.s); k++ {
					r.sc.sev[k] = s.SeverityIndex(b.severities.s[k])
				}
			}
		}
	}
	return nil
}

// score runs the one scoring loop of each method over its rows, in shards, and
// the bed-day stays (BED-1/2), then totals every (pool, hospital) (PV-7).
func (r *run) score() error {
	r.progress("score", len(r.settled))
	fails, err := r.scoreRows()
	if err != nil {
		return err
	}
	var l pointvalue.ErrorList
	var reported [param.NumFunds]bool
	if r.scoreErrors(fails, &l, &reported); l.Len() > 0 {
		SortErrors(l.Errors)
		return &l
	}
	if err := r.total(); err != nil {
		return err
	}
	return canceled(r.ctx)
}

// scoreRows scores every accepted row into the points and outcome columns and
// returns the rows a scorer could not score.
func (r *run) scoreRows() ([]scoreFail, error) {
	b := r.b
	n := b.Len()
	if err := r.newScorers(); err != nil {
		return nil, err
	}
	r.points = make([]pointvalue.Points, n)
	r.outcome = make([]uint32, n)
	var mu sync.Mutex
	var fails []scoreFail
	fail := func(i uint32, err error) {
		mu.Lock()
		fails = append(fails, scoreFail{i, err})
		mu.Unlock()
	}
	// loop runs a method's scoring loop over its rows in shards; a row it cannot
	// score is reported and the loop goes on after it.
	loop := func(rows []uint32, scoreRows func([]uint32) (int, error)) {
		r.shards(len(rows), func(_, lo, hi int) {
			rows := rows[lo:hi]
			for len(rows) > 0 {
				k, err := scoreRows(rows)
				if err == nil {
					break
				}
				fail(rows[k], err)
				rows = rows[k+1:]
			}
		})
	}
	for f := range param.Fund(param.NumFunds) {
		if s := r.sc.drg[f]; s != nil {
			in := &drg.Columns{Cost: b.cost, Hospital: b.hosp, Group: r.grp, Flags: r.cflags, Special: b.special}
			out := &drg.Scores{Points: r.points, Outcome: asOutcomes[drg.Outcome](r.outcome)}
			loop(r.scoring[0][f], func(rows []uint32) (int, error) { return s.ScoreRows(rows, in, out) })
		}
		if s := r.sc.dip[f]; s != nil {
			in := &dip.Columns{Cost: b.cost, Share: b.share, Hospital: b.hosp, Group: r.grp, Flags: r.cflags, TCMShare: b.tcm,
				Severity: b.severity, SeverityIndex: r.sc.sev, Special: b.special}
			out := &dip.Scores{Points: r.points, Outcome: asOutcomes[dip.Outcome](r.outcome)}
			loop(r.scoring[1][f], func(rows []uint32) (int, error) { return s.ScoreRows(rows, in, out) })
		}
	}
	for _, i := range r.bedRows {
		if err := r.scoreBedDay(i); err != nil {
			fails = append(fails, scoreFail{i, err})
		}
	}
	return fails, nil
}

type scoreFail struct {
	row uint32
	err error
}

// asOutcomes views the run's outcome column as a scorer's outcome type (the same
// uint32 words).
func asOutcomes[T ~uint32](s []uint32) []T {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&s[0])), len(s))
}

var errNoMForBedDay = fmt.Errorf("%w: bed-day stays need region_avg_cost (BED-1)", pointvalue.ErrRequired)

// Bed-day outcomes: class bedday, rules BED-1 and BED-2 (BED-2 and VAR-11 with
// daily points), bedDayWords' bits.
const (
	ruleBED1 = 1 << iota
	ruleBED2
	ruleVAR11
	ruleVAR12
)

// flagBedDayExcluded is a bed-day outcome's flag excluded-los (VAR-12).
const flagBedDayExcluded = 1

// scoreBedDay scores bed-day stay i (BED-1..3, DRG-6, DIP-6, VAR-11).
func (r *run) scoreBedDay(i uint32) error {
	b := r.b
	rt := r.route[i]
	std, _ := r.p.BedDay.Standard(r.bedDayCategory(i), r.hosp[r.hmap[b.hosp[i]]].Level)
	M := regionAvg(r.p, rt.fund())
	if M == 0 && !std.InPoints {
		return errNoMForBedDay
	}
	env := bedDayEnv(r.p, rt.pool())
	daily, err := std.Daily(M, env)
	if err != nil {
		return err
	}
	pts, err := r.p.BedDay.StayPoints(daily, bedday.Days(b.admit[i], b.discharge[i]), env)
	if err != nil {
		return err
	}
	rules := uint32(ruleBED1 | ruleBED2)
	if std.InPoints {
		rules = ruleBED2 | ruleVAR11
	}
	var flags uint32
	if r.isExcluded(i) {
		rules |= ruleVAR12
		flags = flagBedDayExcluded
	}
	r.points[i], r.outcome[i] = pts, explain.Outcome(0, flags, rules)
	return nil
}

// bedDayCategory is the category of bed-day stay i: its own, or the one VAR-12
// pays an excluded stay as.
func (r *run) bedDayCategory(i uint32) string {
	if c, ok := r.excluded[i]; ok && r.b.bedDay(i) == 0 {
		return c
	}
	return r.b.categories.get(r.b.bedDay(i))
}

// scoreErrors reports the cases the scorers could not score: a missing M is the
// policy's error (once per fund, naming its JSON path); an overflow that a
// coefficient above 1 causes is the coefficient's (once, on its cell or path:
// coefficientBlame); anything else the record's.
// reported says for which funds the policy's error is in l already.
func (r *run) scoreErrors(fails []scoreFail, l *pointvalue.ErrorList, reported *[param.NumFunds]bool) {
	b := r.b
	for _, fl := range fails {
		f := r.route[fl.row].fund()
		if (errors.Is(fl.err, pointvalue.ErrPolicy) || errors.Is(fl.err, errNoMForBedDay)) && regionAvg(r.p, f) == 0 {
			if !reported[f] {
				reported[f] = true
				l.Addf(r.src.Policy, 0, fundPath(f, "region_avg_cost"), "", fmt.Errorf("%w: region_avg_cost (M) is required by DRG-5/DIP-9/BED-1 for case %s", pointvalue.ErrRequired, b.id(fl.row)))
			}
			continue
		}
		if overflowed(fl.err) {
			if re, ok := r.coefficientBlame(fl.row); ok { // once per coefficient, not per case
				key := re.Source + "\x00" + re.Field + "\x00" + fmt.Sprint(re.Line)
				if !r.blame.seen[key] {
					r.blame.seen[key] = true
					l.Add(&re)
				}
				continue
			}
		}
		l.Add(&pointvalue.RecordError{Source: r.src.Cases, Line: int(b.line[fl.row]), Field: "total_cost", Value: b.cost[fl.row].String(),
			Err: fl.err, ID: strings.Clone(b.id(fl.row))})
	}
}

// workers is the number of shards.
func (r *run) workers() int {
	if r.opt.Workers > 0 {
		return r.opt.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// shards runs fn over [0, n) in contiguous shards, one goroutine each, and
// returns their number; small ranges run in one shard. Shard s covers [lo, hi).
func (r *run) shards(n int, fn func(s, lo, hi int)) int {
	k := r.workers()
	if n < 4096*k {
		k = max(1, min(k, n/4096))
	}
	if k == 1 {
		fn(0, 0, n)
		return 1
	}
	var wg sync.WaitGroup
	for s := range k {
		lo, hi := n*s/k, n*(s+1)/k
		wg.Go(func() { fn(s, lo, hi) })
	}
	wg.Wait()
	return k
}

// totals are a run's sums of every (pool, hospital): all the year, by discharge
// month (CLR-1), the CMI of DRG rows (DRG-10), the cost of bed-day stays (BUD-6).
type totals struct {
	acc, month pointvalue.Accumulator
	cmi        [param.NumFunds][]drg.CMI
	bedCost    [param.NumFunds]pointvalue.Money
}

func newTotals(hospitals int) *totals {
	t := &totals{acc: *pointvalue.NewAccumulator(param.NumFunds*param.NumMethods, hospitals),
		month: *pointvalue.NewAccumulator(param.NumFunds*param.NumMethods*12, hospitals)}
	for f := range t.cmi {
		t.cmi[f] = make([]drg.CMI, hospitals)
	}
	return t
}

func (t *totals) merge(o *totals) {
	t.acc.Merge(&o.acc)
	t.month.Merge(&o.month)
	for f := range t.cmi {
		for h := range t.cmi[f] {
			t.cmi[f][h].Merge(o.cmi[f][h])
		}
		t.bedCost[f] += o.bedCost[f]
	}
}

// total adds every accepted case to its (pool, hospital) and discharge month,
// in shards whose totals merge exactly (PV-7).
func (r *run) total() error {
	b := r.b
	k := r.workers()
	parts := make([]*totals, k)
	// discharge month by day of the policy year: accepted rows are discharged in it (A28)
	first := pointvalue.DateOf(r.p.Year, 1, 1)
	var months [367]uint8
	for d := range months {
		_, m, _ := (first + pointvalue.Date(d)).Civil()
		months[d] = uint8(m)
	}
	r.shards(b.Len(), func(s, lo, hi int) {
		t := newTotals(len(r.hosp))
		for i := lo; i < hi; i++ { // row order: sequential reads
			rt := r.route[i]
			if !rt.ok() {
				continue
			}
			f, pi, h := rt.fund(), poolIndex(rt.fund(), rt.pool()), int(r.hmap[b.hosp[i]])
			t.acc.Add(pi, h, r.points[i], b.share[i], b.cost[i])
			t.month.Add(pi*12+int(months[b.discharge[i]-first])-1, h, r.points[i], b.share[i], b.cost[i])
			switch rt.scoring() {
			case param.DRG:
				if g := r.grp[i]; g >= 0 && !r.isExcluded(uint32(i)) {
					t.cmi[f][h].Add(r.in.Weights, g) // DRG-10, A35; not VAR-12's exclusions
				}
			case param.BedDay:
				t.bedCost[f] += b.cost[i] // BUD-6: inpatient cost not settled by DRG/DIP
			}
		}
		parts[s] = t
	})
	r.totals = *newTotals(len(r.hosp))
	for _, t := range parts {
		if t != nil {
			r.totals.merge(t)
		}
	}
	if err := r.totals.acc.Err(); err != nil {
		return r.tableError(r.src.Cases, "points", fmt.Errorf("%w: total points beyond int64 (NUM-3)", err))
	}
	return nil
}
