package dip

import (
	"fmt"
	"github.com/dipdrg/dipdrg/param"
	"slices"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// Case flags. FlagGiven and FlagSpecial come with the case; the engine's
// cross-case rules set FlagReadmitted (DIP-7) and FlagSpecialRefused (DIP-8).
const (
	FlagGiven          uint8 = 1 << iota // the group code came with the case (not grouped by DIP-3)
	FlagSpecial                          // has approved special-review points (特例单议, DIP-8)
	FlagReadmitted                       // the earlier stay of a readmission, to reduce (DIP-7)
	FlagSpecialRefused                   // approval refused by the DIP-8 cap
	FlagTCM                              // has a TCM share (an empty tcm_share has none, A63)
)

// NoSeverity is a case's severity index when it has no key in the policy's
// table: the auxiliary coefficient is 1 (A16). It is the zero value.
const NoSeverity int16 = 0

// Case is one DIP case as Score explains it: what ScoreRows reads of a row.
type Case struct {
	Cost     pv.Money  // total cost 医疗总费用 (fen)
	Special  pv.Points // approved special-review points, valid with FlagSpecial
	TCMShare pv.Factor // share of cost that is traditional Chinese medicine (中医), 0–1, valid with FlagTCM
	Hospital int32     // index into the Scorer's hospitals
	Group    int32     // index into Catalog.Groups, or NoGroup / UnknownGroup
	Severity int16     // from Scorer.SeverityIndex (1-based); NoSeverity (0) = none
	Flags    uint8
}

// Hospital is what scoring needs of a hospital.
type Hospital struct {
	Level param.Level // picks the level reference cost (DIP-4)
	// Coef is the level coefficient (等级系数, DIP-5): the policy's coefficient
	// for the hospital's level, or the hospital's own when hospitals.csv gives
	// one (resolved by the caller).
	Coef pv.Factor
}

// Result is the explanation of one scored case (EXP-1).
type Result struct {
	Class   Class
	Base    pv.Points // the group's catalog score; 0 when the group is not known
	RefCost pv.Money  // the reference cost the ratio uses; 0 when the group is not known
	Ratio   pv.Factor // cost ÷ RefCost to 4 decimals (Ratio), for explanation; 0 when the group is not known
	// Coef is the level coefficient applied (the hospital's, or
	// PrimaryCoefficient for a primary group); Aux the auxiliary (severity)
	// coefficient; TCM the factor 1 + TCMBonus or 1. All three are 0 when the
	// formula took no coefficient (ungrouped or approved special cases).
	Coef, Aux, TCM pv.Factor
	Points         pv.Points // the case's score, rounded to PointScale
	Flags          CaseFlags
	Rules          RuleSet
}

// Scorer scores DIP cases under one policy (DIP-4, -5, -7, -8, -9). It is safe
// for concurrent use once built.
type Scorer struct {
	cat    *Catalog
	p      Params
	env    Env
	hosp   []Hospital
	sevKey []string    // severity keys, sorted: Case.Severity is the index + 1
	sevVal []pv.Factor // coefficients, by index
	unit   int64       // 10^(8−PointScale)

	// the loop's integer paths (prepareLoop)
	bands        [][param.NumLevels]band
	fac          [][2][2]caseFactor // [severity][tcm][readmitted]
	dM           uint64             // M·unit (0: none)
	fn, fd       int64              // ReadmitFactor, reduced
	outNormal    [2][2]Outcome      // [given][readmitted]
	outUngrouped [2][2][2]Outcome   // [given][unknown][readmitted]

	slowOnly bool // tests: evaluate in math/big
}

// NewScorer checks the parameters, the environment and the hospitals and
// returns a Scorer.
func NewScorer(c *Catalog, p Params, env Env, hospitals []Hospital) (*Scorer, error) {
	if c == nil {
		return nil, fmt.Errorf("dip: %w: nil catalog", pv.ErrInvalidArgument)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := env.validate(); err != nil {
		return nil, err
	}
	for i, h := range hospitals {
		if h.Level >= param.NumLevels {
			return nil, fmt.Errorf("dip: %w: hospital %d: unknown level %d", pv.ErrInvalidArgument, i, h.Level)
		}
		if h.Coef < 0 {
			return nil, fmt.Errorf("dip: %w: hospital %d: coefficient %s", pv.ErrNegative, i, h.Coef)
		}
	}
	s := &Scorer{cat: c, p: p, env: env, hosp: slices.Clone(hospitals), unit: pv.ScaleUnit(env.PointScale)}
	for k := range p.SeverityCoefficients {
		s.sevKey = append(s.sevKey, k)
	}
	slices.Sort(s.sevKey)
	for _, k := range s.sevKey {
		s.sevVal = append(s.sevVal, p.SeverityCoefficients[k])
	}
	if len(s.sevKey) >= 1<<15-1 {
		return nil, fmt.Errorf("dip: %w: too many severity keys", pv.ErrPolicy)
	}
	s.p.SeverityCoefficients = nil // held as sevKey/sevVal; the caller's map is not kept
	s.prepareLoop()
	return s, nil
}

// Params returns the scorer's parameters (SeverityCoefficients is nil: see SeverityIndex).
func (s *Scorer) Params() Params { return s.p }

// Catalog returns the scorer's catalog.
func (s *Scorer) Catalog() *Catalog { return s.cat }

// SeverityIndex returns the Case.Severity of a cases.csv severity key: its
// position in the policy's table counting from 1, or NoSeverity for an empty
// key or one the table lacks (coefficient 1, A16). It does not allocate.
func (s *Scorer) SeverityIndex(key string) int16 {
	if i, ok := slices.BinarySearch(s.sevKey, key); ok {
		return int16(i + 1)
	}
	return NoSeverity
}

var (
	errHospital   = fmt.Errorf("dip: %w: hospital index out of range", pv.ErrUnknownHospital)
	errGroupIndex = fmt.Errorf("dip: %w: group index out of range", pv.ErrInvalidArgument)
	errSeverity   = fmt.Errorf("dip: %w: severity index out of range", pv.ErrInvalidArgument)
	errCost       = fmt.Errorf("dip: %w: total cost", pv.ErrNegative)
	errSpecial    = fmt.Errorf("dip: %w: special points", pv.ErrNegative)
	errTCMShare   = fmt.Errorf("dip: %w: tcm_share", pv.ErrNegative)
	errNoM        = fmt.Errorf("dip: %w: region_avg_cost is required to score an ungrouped case (DIP-9)", pv.ErrPolicy)
)

// Score scores one case with its explanation (EXP-1): DIP-8 for an approved
// special case, DIP-9 for an ungrouped one, else DIP-4 and DIP-5, with DIP-7's
// factor on an earlier stay marked readmitted. The points are one exact fraction
// rounded once to PointScale (NUM-2, in pointvalue.Exact); ratios are compared
// exactly (NUM-5). It computes what ScoreRows computes for the case.
func (s *Scorer) Score(c *Case) (Result, error) {
	var res Result
	o, err := s.eval(c, &res)
	if err != nil {
		return Result{}, err
	}
	res.Class, res.Points, res.Flags, res.Rules = o.class, o.points, o.flags, o.rules
	return res, nil
}

// scored is one case's outcome.
type scored struct {
	points pv.Points
	class  Class
	flags  CaseFlags
	rules  RuleSet
}

// eval is DIP-4/5/7/8/9 for one case as one exact fraction rounded once; when
// res is not nil it also fills the explanation (reference cost, ratio,
// coefficients).
func (s *Scorer) eval(c *Case, res *Result) (scored, error) {
	var o scored
	if c.Hospital < 0 || int(c.Hospital) >= len(s.hosp) {
		return o, errHospital
	}
	if c.Group >= int32(len(s.cat.Groups)) || c.Group < UnknownGroup {
		return o, errGroupIndex
	}
	if c.Cost < 0 {
		return o, errCost
	}
	p := &s.p
	if c.Flags&FlagGiven == 0 {
		o.rules |= RuleDIP3
	}
	refused := c.Flags&FlagSpecialRefused != 0
	if refused {
		o.flags |= FlagsSpecialRefused
		o.rules |= RuleDIP8
	}
	h := &s.hosp[c.Hospital]
	var g *Group
	var ref pv.Money
	if c.Group >= 0 {
		g = &s.cat.Groups[c.Group]
		ref = g.AvgCost
		if l := g.AvgCostByLevel[h.Level]; l > 0 {
			ref = l
		}
		if res != nil {
			res.Base, res.RefCost = g.Score, ref
			res.Ratio, _ = s.Ratio(c.Cost, c.Group, c.Hospital, s.env.Rounding)
		}
	}

	// DIP-8: an approved score replaces DIP-4/5 (and DIP-9).
	if c.Flags&FlagSpecial != 0 && !refused {
		if c.Special < 0 {
			return o, errSpecial
		}
		o.class = Special
		o.rules |= RuleDIP8
		o.points = c.Special.Round(s.env.PointScale, s.env.Rounding)
		return o, nil
	}

	var x pv.Exact // the score in 10⁻⁸ point, exact
	if g == nil {
		// DIP-9: cost ÷ M × ScoreScale × UngroupedFactor; no level, severity or TCM factor.
		M := int64(s.env.RegionAvgCost)
		if M <= 0 {
			return o, errNoM
		}
		o.class = Ungrouped
		o.rules |= RuleDIP9
		if c.Group == UnknownGroup {
			o.flags |= FlagsUnknownGroup
		} else {
			o.flags |= FlagsUngrouped
		}
		x = pv.ExactFrac(int64(c.Cost), M).Mul(int64(p.ScoreScale)*pv.FactorUnit).MulFrac(int64(p.UngroupedFactor), pv.FactorUnit)
	} else {
		// DIP-4: deviation class, ratios compared exactly (NUM-5).
		o.rules |= RuleDIP4 | RuleDIP5
		r := pv.ExactFrac(int64(c.Cost), int64(ref)) // cost ÷ reference cost
		high := pv.ExactFrac(int64(p.HighRatio), pv.FactorUnit)
		dev := pv.ExactInt(1) // the deviation multiplier
		switch {
		case s.beyond(r, p.HighRatio, +1):
			if p.HighRule == HighSpecialReview {
				o.class = Normal
				o.flags |= FlagsSpecialReviewCandidate // A15
			} else {
				o.class = High
				dev = r.Sub(high).Add(pv.ExactInt(1)) // ratio − HighRatio + 1
			}
		case s.beyond(r, p.LowRatio, -1):
			o.class = Low
			dev = r
		default:
			o.class = Normal
		}
		if s.beyond(r, p.ExtremeRatio, +1) {
			o.flags |= FlagsExpertReview
		}
		// DIP-5: level × auxiliary × TCM.
		coef := h.Coef
		if g.Primary {
			coef = p.PrimaryCoefficient
		}
		aux := pv.One
		if c.Severity != NoSeverity {
			if c.Severity < 0 || int(c.Severity) > len(s.sevVal) {
				return o, errSeverity
			}
			aux = s.sevVal[c.Severity-1]
		}
		tcm := pv.One
		if c.Flags&FlagTCM != 0 {
			if c.TCMShare < 0 {
				return o, errTCMShare
			}
			if c.TCMShare >= p.TCMShareMin {
				tcm += p.TCMBonus
			}
		}
		if res != nil {
			res.Coef, res.Aux, res.TCM = coef, aux, tcm
		}
		x = dev.Mul(int64(g.Score)).MulFrac(int64(coef), pv.FactorUnit).MulFrac(int64(aux), pv.FactorUnit).MulFrac(int64(tcm), pv.FactorUnit)
	}
	// DIP-7: the earlier stay × ReadmitFactor, on the exact score (A48).
	if c.Flags&FlagReadmitted != 0 && p.ReadmitRule != param.ReadmitNone {
		o.flags |= FlagsReadmission
		o.rules |= RuleDIP7
		x = x.MulFrac(int64(p.ReadmitFactor), pv.FactorUnit)
	}
	if s.slowOnly {
		x = pv.ExactSlow(x)
	}
	v, err := x.Round(s.unit, s.env.Rounding)
	if err != nil {
		return scored{}, err
	}
	o.points = pv.Points(v)
	return o, nil
}

// beyond reports whether the ratio r is above t (dir +1) or below it (dir −1),
// with the bound included when Inclusive (DIP-4).
func (s *Scorer) beyond(r pv.Exact, t pv.Factor, dir int) bool {
	c := r.Cmp(pv.ExactFrac(int64(t), pv.FactorUnit))
	return c == dir || (c == 0 && s.p.Inclusive)
}

// Ratio is the explanation's cost ÷ reference cost of group g at hospital h
// (the level's reference where the catalog has one), rounded once to 4 decimals
// by r (A65); ok is false for a group index that names no group.
func (s *Scorer) Ratio(cost pv.Money, g, h int32, r pv.Rounding) (pv.Factor, bool) {
	if g < 0 || int(g) >= len(s.cat.Groups) || h < 0 || int(h) >= len(s.hosp) {
		return 0, false
	}
	gr := &s.cat.Groups[g]
	ref := gr.AvgCost
	if l := gr.AvgCostByLevel[s.hosp[h].Level]; l > 0 {
		ref = l
	}
	q, err := pv.ExactFrac(int64(cost), int64(ref)).Mul(pv.FactorUnit).Round(10_000, r)
	return pv.Factor(q), err == nil
}
