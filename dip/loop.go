package dip

import (
	"math/bits"

	"github.com/dipdrg/dipdrg/param"
	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// Columns are a batch's DIP cases as the scoring loop reads them, by row: the
// loop reads row i of every column for each i it is given.
type Columns struct {
	Cost     []pv.Money
	Share    []pv.Money // patient share, read by VAR-2's low cases in a fund-only pool (nil: 0)
	Hospital []uint32   // index into the scorer's hospitals
	Group    []int32    // index into Catalog.Groups, or NoGroup / UnknownGroup
	Flags    []uint8    // FlagGiven | FlagSpecial | FlagReadmitted | FlagSpecialRefused | FlagTCM
	// TCMShare is the TCM share of the rows with FlagTCM, in 10⁻⁸ (nil: none has one).
	TCMShare []int32
	// Severity is the batch's severity index of each row (0: none), mapped to the
	// scorer's by SeverityIndex (nil: no row has one).
	Severity      []uint16
	SeverityIndex []int16
	Special       map[uint32]pv.Points // the approved points of the rows with FlagSpecial
}

// Scores receive the loop's results, by row.
type Scores struct {
	Points  []pv.Points
	Outcome []Outcome
}

// ScoreRows is the DIP scoring loop Settle runs (DIP-4/5/7/8/9): for each row in
// rows it writes the case's points and outcome, each one exact fraction rounded
// once, exactly as Score computes them. It allocates nothing on the usual
// magnitudes (NUM-3). It stops at the first case that cannot be scored and
// returns its position in rows.
func (s *Scorer) ScoreRows(rows []uint32, in *Columns, out *Scores) (bad int, err error) {
	groups := s.cat.Groups
	for j, i := range rows {
		c := Case{Cost: in.Cost[i], Hospital: int32(in.Hospital[i]), Group: in.Group[i], Flags: in.Flags[i]}
		if c.Flags&FlagTCM != 0 && in.TCMShare != nil {
			c.TCMShare = pv.Factor(in.TCMShare[i])
		}
		if in.Severity != nil {
			if k := in.Severity[i]; k != 0 && int(k) < len(in.SeverityIndex) {
				c.Severity = in.SeverityIndex[k]
			}
		}
		if c.Flags&^(FlagGiven|FlagTCM|FlagReadmitted) == 0 && c.Cost >= 0 && uint(c.Hospital) < uint(len(s.hosp)) && // not FlagExcluded: the evaluator
			c.TCMShare >= 0 && uint(c.Severity) < uint(len(s.fac)) {
			if uint(c.Group) < uint(len(groups)) {
				if p, o, ok := s.normal(&c); ok {
					out.Points[i], out.Outcome[i] = p, o
					continue
				}
			} else if c.Group == NoGroup || c.Group == UnknownGroup {
				if p, o, ok := s.ungrouped(&c); ok {
					out.Points[i], out.Outcome[i] = p, o
					continue
				}
			}
		}
		if c.Flags&FlagSpecial != 0 {
			c.Special = in.Special[i]
		}
		if in.Share != nil {
			c.Share = in.Share[i]
		}
		o, err := s.eval(&c, nil)
		if err != nil {
			return j, err
		}
		out.Points[i], out.Outcome[i] = o.points, outcome(o.class, o.flags, o.rules)
	}
	return len(rows), nil
}

// band is a group's normal band at one level, in fen: DIP-4's normal class is
// lo ≤ cost ≤ hi exactly (the ratio bounds worked out once, with Inclusive's
// strictness); steps is the group's score in PointScale steps. ok is false when
// the group takes no integer path.
type band struct {
	lo, hi, steps int64
	ok            bool
}

// caseFactor is the product of a case's per-case factors (auxiliary × TCM ×
// readmission) in 10⁻⁸, when it is a whole number of 10⁻⁸ (ok).
type caseFactor struct {
	f  uint64
	ok bool
}

// prepareLoop works out the bands and factors of the integer paths.
func (s *Scorer) prepareLoop() {
	p := &s.p
	s.bands = make([][param.NumLevels]band, len(s.cat.Groups))
	fast := p.ExtremeRatio >= p.HighRatio // a normal case is then never flagged for expert review
	for gi := range s.cat.Groups {
		g := &s.cat.Groups[gi]
		if !fast || int64(g.Score)%s.unit != 0 || int64(g.Score)/s.unit >= 1<<31 || g.Score < 0 {
			continue
		}
		for l := range param.Level(param.NumLevels) {
			ref := g.AvgCost
			if x := g.AvgCostByLevel[l]; x > 0 {
				ref = x
			}
			// normal: r ≤ H (r < H when Inclusive) and r ≥ L (r > L when Inclusive), r = cost ÷ ref
			hiX := pv.ExactInt(int64(ref)).Mul(int64(p.HighRatio)).Quo(pv.FactorUnit)
			loX := pv.ExactInt(int64(ref)).Mul(int64(p.LowRatio)).Quo(pv.FactorUnit)
			hi, err1 := hiX.Round(1, pv.Down)
			lo, err2 := loX.Round(1, pv.Down)
			if err1 != nil || err2 != nil || ref <= 0 {
				continue
			}
			hiExact, loExact := hiX.Cmp(pv.ExactInt(hi)) == 0, loX.Cmp(pv.ExactInt(lo)) == 0
			if p.HighBoundInclusive() && hiExact {
				hi-- // high is r ≥ H: normal is r < H
			}
			if p.LowBoundInclusive() || !loExact {
				lo++ // low is r ≤ L: normal is cost > L·ref; or r ≥ L: cost ≥ ceil(L·ref)
			}
			s.bands[gi][l] = band{lo: lo, hi: hi, steps: int64(g.Score) / s.unit, ok: true}
		}
	}
	const e16 = pv.FactorUnit * pv.FactorUnit
	s.fac = make([][2][2]caseFactor, len(s.sevVal)+1)
	for k := range s.fac {
		aux := pv.One
		if k > 0 {
			aux = s.sevVal[k-1]
		}
		for t, tcm := range []pv.Factor{pv.One, pv.One + p.TCMBonus} {
			for r, re := range []pv.Factor{pv.One, p.ReadmitFactor} {
				x := pv.ExactInt(int64(aux)).Mul(int64(tcm)).Mul(int64(re)).Quo(e16)
				if f, err := x.Round(1, pv.Down); err == nil && x.Cmp(pv.ExactInt(f)) == 0 && f >= 0 && f < 1<<40 {
					s.fac[k][t][r] = caseFactor{uint64(f), true}
				}
			}
		}
	}
	for re := range 2 {
		var f CaseFlags
		var r RuleSet
		if re == 1 {
			f, r = FlagsReadmission, RuleDIP7
		}
		for given := range 2 {
			gr := r
			if given == 0 {
				gr |= RuleDIP3
			}
			s.outNormal[given][re] = outcome(Normal, f, gr|RuleDIP4|RuleDIP5)
			s.outUngrouped[given][0][re] = outcome(Ungrouped, f|FlagsUngrouped, gr|RuleDIP9)
			s.outUngrouped[given][1][re] = outcome(Ungrouped, f|FlagsUngrouped|FlagsUnknownGroup, gr|RuleDIP9)
		}
	}
	M := uint64(s.env.RegionAvgCost)
	if h, l := bits.Mul64(M, uint64(s.unit)); M > 0 && h == 0 {
		s.dM = l
	}
	s.fn, s.fd = reduce(int64(p.ReadmitFactor), pv.FactorUnit)
}

func reduce(n, d int64) (int64, int64) {
	a, b := n, d
	for a != 0 {
		a, b = b%a, a
	}
	if b <= 1 {
		return n, d
	}
	return n / b, d / b
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// normal is DIP-4's normal class with DIP-5's coefficients in integers, in
// PointScale steps: steps × coef × factor ÷ 10¹⁶, one rounding. ok is false
// outside the band or the integers' range (eval then computes the case).
func (s *Scorer) normal(c *Case) (pv.Points, Outcome, bool) {
	h := &s.hosp[c.Hospital]
	b := &s.bands[c.Group][h.Level]
	cost := int64(c.Cost)
	if !b.ok || cost < b.lo || cost > b.hi {
		return 0, 0, false
	}
	g := &s.cat.Groups[c.Group]
	if g.Factor != 0 && g.Factor != pv.One { // VAR-4's factor: the evaluator
		return 0, 0, false
	}
	coef, kRules := s.coef(h, g)
	tcm := c.Flags&FlagTCM != 0 && c.TCMShare >= s.p.TCMShareMin
	re := c.Flags&FlagReadmitted != 0 && s.p.ReadmitRule != param.ReadmitNone
	f := s.fac[c.Severity][b2i(tcm)][b2i(re)]
	if !f.ok || coef < 0 || coef >= 1<<32 {
		return 0, 0, false
	}
	hi, lo := bits.Mul64(uint64(b.steps)*uint64(coef), f.f) // steps < 2³¹, coef < 2³²
	p, ok := s.roundQuo(hi, lo, pv.FactorUnit*pv.FactorUnit)
	return p, s.outNormal[b2i(c.Flags&FlagGiven != 0)][b2i(re)].withRules(kRules), ok
}

// ungrouped is DIP-9 in integers: cost ÷ M × ScoreScale × UngroupedFactor, in
// steps cost·ScoreScale·UF ÷ (M·unit), times fn/fd for a reduced earlier stay.
func (s *Scorer) ungrouped(c *Case) (pv.Points, Outcome, bool) {
	if s.dM == 0 || s.p.UngroupedFactor < 0 {
		return 0, 0, false
	}
	re := c.Flags&FlagReadmitted != 0 && s.p.ReadmitRule != param.ReadmitNone
	k := uint64(s.p.ScoreScale) * uint64(s.p.UngroupedFactor) // < 2³⁰·2⁶³? bounded below
	if s.p.UngroupedFactor >= 1<<33 {
		return 0, 0, false
	}
	hi, lo := bits.Mul64(uint64(c.Cost), k)
	d := s.dM
	if re {
		h2, l2 := bits.Mul64(lo, uint64(s.fn))
		h3, m := bits.Mul64(hi, uint64(s.fn))
		var carry uint64
		hi, carry = bits.Add64(h2, m, 0)
		if h3 != 0 || carry != 0 {
			return 0, 0, false
		}
		lo = l2
		dh, dl := bits.Mul64(d, uint64(s.fd))
		if dh != 0 {
			return 0, 0, false
		}
		d = dl
	}
	p, ok := s.roundQuo(hi, lo, d)
	return p, s.outUngrouped[b2i(c.Flags&FlagGiven != 0)][b2i(c.Group == UnknownGroup)][b2i(re)], ok
}

// roundQuo is (hi, lo) ÷ d rounded once by the policy's rounding, in PointScale steps.
func (s *Scorer) roundQuo(hi, lo, d uint64) (pv.Points, bool) {
	q, ok := pv.QuoRound128(hi, lo, d, s.env.Rounding)
	if !ok || q >= 1<<63/uint64(s.unit) {
		return 0, false
	}
	return pv.Points(int64(q) * s.unit), true
}
