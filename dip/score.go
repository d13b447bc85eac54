package dip

import (
	"fmt"
	"slices"

	"github.com/dipdrg/dipdrg/param"

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
	FlagExcluded                         // a stay length the policy excludes (VAR-12): scored as ungrouped
)

// NoSeverity is a case's severity index when it has no key in the policy's
// table: the auxiliary coefficient is 1 (A16). It is the zero value.
const NoSeverity int16 = 0

// Case is one DIP case as Score explains it: what ScoreRows reads of a row.
type Case struct {
	Cost     pv.Money  // total cost 医疗总费用 (fen)
	Share    pv.Money  // patient share 个人负担: VAR-2's cost in a fund-only pool is Cost − Share
	Special  pv.Points // approved special-review points, valid with FlagSpecial
	TCMShare pv.Factor // share of cost that is traditional Chinese medicine (中医), 0–1, valid with FlagTCM
	Hospital int32     // index into the Scorer's hospitals
	Group    int32     // index into Catalog.Groups, or NoGroup / UnknownGroup
	Severity int16     // from Scorer.SeverityIndex (1-based); NoSeverity (0) = none
	Flags    uint8
}

// Hospital is what scoring needs of a hospital, in the fund the Scorer scores.
type Hospital struct {
	Level param.Level // picks the level reference cost (DIP-4) and a group's level coefficient
	// Coef is the hospital's coefficient k (DIP-5) when the group gives none, as
	// the caller resolved it in VAR-3's order: the hospital's own for the fund
	// (coefficient_<fund>), else its own (coefficient) — Own is then true —
	// else the fund's level coefficient, else the policy's.
	Coef pv.Factor
	// Own says Coef is the hospital's own coefficient: it comes before a
	// group's coef_<level> (VAR-3, VAR-4).
	Own bool
	// PerFund says Coef is a per-fund value (coefficient_<fund>, or the fund's
	// level coefficients): cases it applies to carry VAR-3.
	PerFund bool
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
	sevKey []int       // severity keys as integers (A81), sorted: Case.Severity is the index + 1
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
	byKey := map[int]pv.Factor{}
	for k, v := range p.SeverityCoefficients {
		n, ok := ParseSeverity(k)
		if !ok {
			return nil, fmt.Errorf("dip: %w: severity key %q is not an integer 0–99 (A81)", pv.ErrPolicy, k)
		}
		byKey[n] = v
		s.sevKey = append(s.sevKey, n)
	}
	slices.Sort(s.sevKey)
	s.sevKey = slices.Compact(s.sevKey)
	for _, k := range s.sevKey {
		s.sevVal = append(s.sevVal, byKey[k])
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
	n, ok := ParseSeverity(key)
	if !ok {
		return NoSeverity
	}
	if i, ok := slices.BinarySearch(s.sevKey, n); ok {
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
	errNoBudgetPV = fmt.Errorf("dip: %w: low_rule payment-standard needs the fund's budget point value (VAR-2)", pv.ErrPolicy)
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
	if excluded := c.Flags&FlagExcluded != 0; g == nil || excluded {
		// DIP-9: cost ÷ M × ScoreScale × UngroupedFactor; no level, severity or TCM
		// factor. VAR-12: an excluded stay length is scored so too, its group kept.
		M := int64(s.env.RegionAvgCost)
		if M <= 0 {
			return o, errNoM
		}
		o.class = Ungrouped
		o.rules |= RuleDIP9
		switch {
		case excluded:
			o.flags |= FlagsExcludedLOS
			o.rules |= RuleVAR12
		case c.Group == UnknownGroup:
			o.flags |= FlagsUngrouped | FlagsUnknownGroup
		default:
			o.flags |= FlagsUngrouped
		}
		x = pv.ExactFrac(int64(c.Cost), M).Mul(int64(p.ScoreScale)*pv.FactorUnit).MulFrac(int64(p.UngroupedFactor), pv.FactorUnit)
	} else {
		var err error
		if x, err = s.deviation(c, h, g, ref, &o, res); err != nil {
			return o, err
		}
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

// coef returns the coefficient k of a case of group g at hospital h, first found
// (VAR-3): a primary group's PrimaryCoefficient; the hospital's own; the group's
// coef_<level> (VAR-4); the fund's or the policy's level coefficient. rules are
// VAR-3 when a per-fund value was used, VAR-4 when the group's.
func (s *Scorer) coef(h *Hospital, g *Group) (pv.Factor, RuleSet) {
	var rules RuleSet
	switch {
	case g.Primary:
		return s.p.PrimaryCoefficient, 0
	case !h.Own && g.CoefByLevel[h.Level] > 0:
		return g.CoefByLevel[h.Level], RuleVAR4
	case h.PerFund:
		rules = RuleVAR3
	}
	return h.Coef, rules
}

// deviation is DIP-4 and DIP-5 for a grouped case (with VAR-1, VAR-2, VAR-4):
// its class, flags and rules in o, its exact score returned.
func (s *Scorer) deviation(c *Case, h *Hospital, g *Group, ref pv.Money, o *scored, res *Result) (pv.Exact, error) {
	p := &s.p
	o.rules |= RuleDIP4
	r := pv.ExactFrac(int64(c.Cost), int64(ref)) // cost ÷ reference cost
	o.class = Normal
	switch {
	case s.beyond(r, p.HighRatio, +1, p.HighBoundInclusive()):
		o.class = High
	case s.beyond(r, p.LowRatio, -1, p.LowBoundInclusive()):
		o.class = Low
	}
	if s.beyond(r, p.ExtremeRatio, +1, false) { // strict whatever inclusive says (A64)
		o.flags |= FlagsExpertReview
	}
	if o.class == High {
		switch {
		case p.HighRule == HighSpecialReview:
			o.class = Normal
			o.flags |= FlagsSpecialReviewCandidate // A15
		case p.ExtremeRule == ExtremeNormal && o.flags&FlagsExpertReview != 0:
			o.class = Normal // VAR-1: an extreme case paid as normal
			o.rules |= RuleVAR1
		}
	}
	if o.class == Low && p.LowRule == LowPaymentStandard {
		// VAR-2: cost ÷ the budget point value, every factor cancelling.
		pvb := int64(s.env.BudgetPointValue)
		if pvb <= 0 {
			return pv.Exact{}, errNoBudgetPV
		}
		cost := int64(c.Cost)
		if s.env.NetOfShare {
			cost -= int64(c.Share)
		}
		o.rules |= RuleVAR2
		// points = cost yuan ÷ (pvb 10⁻⁸ yuan per point): cost fen × 10⁶ ÷ pvb, in 10⁻⁸ point × 10⁸
		return pv.ExactInt(cost).Mul(1_000_000).Mul(pv.FactorUnit).Quo(pvb), nil
	}
	o.rules |= RuleDIP5
	// DIP-5: k × auxiliary × TCM × the group's factor (VAR-4).
	k, kRules := s.coef(h, g)
	aux := pv.One
	if c.Severity != NoSeverity {
		if c.Severity < 0 || int(c.Severity) > len(s.sevVal) {
			return pv.Exact{}, errSeverity
		}
		aux = s.sevVal[c.Severity-1]
	}
	tcm := pv.One
	if c.Flags&FlagTCM != 0 { // an empty tcm_share is no share: no bonus (A63)
		if c.TCMShare < 0 {
			return pv.Exact{}, errTCMShare
		}
		if c.TCMShare >= p.TCMShareMin {
			tcm += p.TCMBonus
		}
	}
	f := g.factor()
	if f != pv.One {
		kRules |= RuleVAR4
	}
	o.rules |= kRules
	withK := true // k multiplies the score (not under VAR-1's add and none)
	var dev pv.Exact
	H := pv.ExactFrac(int64(p.HighRatio), pv.FactorUnit)
	switch {
	case o.class == High && p.HighCoefficient == Add: // (r − H + k)
		dev = r.Sub(H).Add(pv.ExactFrac(int64(k), pv.FactorUnit))
		withK = false
		o.rules |= RuleVAR1
	case o.class == High: // (r − H + 1)
		dev = r.Sub(H).Add(pv.ExactInt(1))
	case o.class == Low:
		dev = r
		if p.LowCoefficient == NoCoefficient {
			withK = false
			o.rules |= RuleVAR1
		}
	default:
		dev = pv.ExactInt(1)
	}
	if res != nil {
		res.Aux, res.TCM = aux, tcm
		if withK || o.class == High {
			res.Coef = k
		}
	}
	x := dev.Mul(int64(g.Score))
	for i, m := range [...]pv.Factor{k, aux, tcm, f} {
		if (i > 0 || withK) && m != pv.One {
			x = x.MulFrac(int64(m), pv.FactorUnit)
		}
	}
	return x, nil
}

// beyond reports whether the ratio r is above t (dir +1) or below it (dir −1),
// with the bound included when Inclusive (DIP-4).
func (s *Scorer) beyond(r pv.Exact, t pv.Factor, dir int, inclusive bool) bool {
	c := r.Cmp(pv.ExactFrac(int64(t), pv.FactorUnit))
	return c == dir || (c == 0 && inclusive)
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
