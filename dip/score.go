package dip

import (
	"fmt"
	"github.com/dipdrg/dipdrg/param"
	"slices"
	"unsafe"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// Case flags. FlagGiven and FlagSpecial are inputs; Prepare sets
// FlagReadmitted and FlagSpecialRefused.
const (
	FlagGiven          uint8 = 1 << iota // the group code came with the case (not grouped by DIP-3)
	FlagSpecial                          // has approved special-review points (特例单议, DIP-8)
	FlagReadmitted                       // the earlier stay of a readmission, to reduce (DIP-7)
	FlagSpecialRefused                   // approval refused by the DIP-8 cap
)

// NoSeverity is a Case's Severity when it has no key in the policy's table:
// the auxiliary coefficient is 1 (A16). It is the zero value.
const NoSeverity int16 = 0

// NoPatient is a Case's Patient when the case has no patient id (never linked by DIP-7).
const NoPatient int32 = -1

// Case is the compact record of one discharged DIP case the scoring loop runs
// over (56 bytes). Bed-day stays are not DIP cases (DIP-6): the budget engine
// scores them.
type Case struct {
	Cost     pv.Money  // total cost 医疗总费用 (fen)
	Share    pv.Money  // patient share 个人负担 (fen); not used by the score
	Special  pv.Points // approved special-review points, valid with FlagSpecial
	TCMShare pv.Factor // share of cost that is traditional Chinese medicine (中医), 0–1
	Hospital int32     // index into the Scorer's hospitals
	Group    int32     // index into Catalog.Groups, or NoGroup / UnknownGroup
	Patient  int32     // interned patient id; NoPatient = none
	Admit    pv.Date
	// Discharge date: the DIP-8 order and the DIP-7 window.
	Discharge pv.Date
	Severity  int16 // from Scorer.SeverityIndex (1-based); NoSeverity (0) = none
	Flags     uint8
}

// caseSize is asserted by a test: the scoring loop's record stays small.
const caseSize = unsafe.Sizeof(Case{})

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
	Ratio   pv.Factor // cost ÷ RefCost to 8 decimals (Rounding), for explanation; 0 when the group is not known
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
// for concurrent Score calls once built; Prepare mutates the cases it is given.
type Scorer struct {
	cat    *Catalog
	p      Params
	env    Env
	hosp   []Hospital
	sevKey []string    // severity keys, sorted: Case.Severity is the index + 1
	sevVal []pv.Factor // coefficients, by index

	slowOnly bool // tests: always take the exact math/big path
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
	s := &Scorer{cat: c, p: p, env: env, hosp: slices.Clone(hospitals)}
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

// Score scores one case: DIP-8 for an approved special case, DIP-9 for an
// ungrouped one, else DIP-4 and DIP-5, with DIP-7's factor on an earlier stay
// marked by Prepare. The points are one exact fraction rounded once to
// PointScale (NUM-2); ratios are compared exactly (NUM-5). Score does not
// allocate (the exact slow path for magnitudes beyond 128 bits does, NUM-3).
func (s *Scorer) Score(c *Case) (Result, error) {
	var res Result
	if c.Hospital < 0 || int(c.Hospital) >= len(s.hosp) {
		return res, errHospital
	}
	if c.Group >= int32(len(s.cat.Groups)) || c.Group < UnknownGroup {
		return res, errGroupIndex
	}
	if c.Cost < 0 {
		return res, errCost
	}
	p := &s.p
	if c.Flags&FlagGiven == 0 {
		res.Rules |= RuleDIP3
	}
	refused := c.Flags&FlagSpecialRefused != 0
	if refused {
		res.Flags |= FlagsSpecialRefused
		res.Rules |= RuleDIP8
	}
	h := &s.hosp[c.Hospital]
	var g *Group
	if c.Group >= 0 {
		g = &s.cat.Groups[c.Group]
		res.Base = g.Score
		res.RefCost = g.AvgCost
		if l := g.AvgCostByLevel[h.Level]; l > 0 {
			res.RefCost = l
		}
		ratio, err := pv.MulDiv(int64(c.Cost), pv.FactorUnit, int64(res.RefCost), s.env.Rounding)
		if err != nil {
			return res, err
		}
		res.Ratio = pv.Factor(ratio)
	}

	// DIP-8: an approved score replaces DIP-4/5 (and DIP-9).
	if c.Flags&FlagSpecial != 0 && !refused {
		if c.Special < 0 {
			return res, errSpecial
		}
		res.Class = Special
		res.Rules |= RuleDIP8
		res.Points = c.Special.Round(s.env.PointScale, s.env.Rounding)
		return res, nil
	}

	var f formula
	if g == nil {
		// DIP-9: cost ÷ M × ScoreScale × UngroupedFactor; no level, severity or TCM factor.
		if s.env.RegionAvgCost <= 0 {
			return res, errNoM
		}
		res.Class = Ungrouped
		res.Rules |= RuleDIP9
		if c.Group == UnknownGroup {
			res.Flags |= FlagsUnknownGroup
		} else {
			res.Flags |= FlagsUngrouped
		}
		f = formula{base: int64(p.ScoreScale) * pv.FactorUnit, kind: devRatio, cost: int64(c.Cost), ref: int64(s.env.RegionAvgCost)}
		f.mul(p.UngroupedFactor)
		pts, err := f.eval(s.env.PointScale, s.env.Rounding, s.slowOnly)
		res.Points = pts
		return res, err
	}

	// DIP-4: deviation class, ratios cross-multiplied (NUM-5).
	res.Rules |= RuleDIP4 | RuleDIP5
	f = formula{base: int64(g.Score), cost: int64(c.Cost), ref: int64(res.RefCost), high: int64(p.HighRatio)}
	switch {
	case s.above(c.Cost, res.RefCost, p.HighRatio):
		if p.HighRule == HighSpecialReview {
			res.Class = Normal
			res.Flags |= FlagsSpecialReviewCandidate // A15
		} else {
			res.Class = High
			f.kind = devHigh
		}
	case s.below(c.Cost, res.RefCost, p.LowRatio):
		res.Class = Low
		f.kind = devRatio
	default:
		res.Class = Normal
	}
	if p.ExtremeRatio > 0 && s.above(c.Cost, res.RefCost, p.ExtremeRatio) {
		res.Flags |= FlagsExpertReview
	}

	// DIP-5: level × auxiliary × TCM.
	res.Coef = h.Coef
	if g.Primary {
		res.Coef = p.PrimaryCoefficient
	}
	res.Aux = pv.One
	if c.Severity != NoSeverity {
		if c.Severity < 0 || int(c.Severity) > len(s.sevVal) {
			return res, errSeverity
		}
		res.Aux = s.sevVal[c.Severity-1]
	}
	if c.TCMShare < 0 {
		return res, errTCMShare
	}
	res.TCM = pv.One
	if c.TCMShare >= p.TCMShareMin {
		res.TCM += p.TCMBonus
	}
	f.mul(res.Coef)
	f.mul(res.Aux)
	f.mul(res.TCM)

	// DIP-7: the earlier stay × ReadmitFactor, on the exact score (A48).
	if c.Flags&FlagReadmitted != 0 && p.ReadmitRule != param.ReadmitNone {
		res.Flags |= FlagsReadmission
		res.Rules |= RuleDIP7
		f.mul(p.ReadmitFactor)
	}
	pts, err := f.eval(s.env.PointScale, s.env.Rounding, s.slowOnly)
	res.Points = pts
	return res, err
}

// above reports cost ÷ ref > t (≥ with Inclusive), exactly: cost·10⁸ vs t·ref.
func (s *Scorer) above(cost, ref pv.Money, t pv.Factor) bool {
	c := pv.Mul64(int64(cost), pv.FactorUnit).Cmp(pv.Mul64(int64(t), int64(ref)))
	return c > 0 || (c == 0 && s.p.Inclusive)
}

// below reports cost ÷ ref < t (≤ with Inclusive), exactly.
func (s *Scorer) below(cost, ref pv.Money, t pv.Factor) bool {
	c := pv.Mul64(int64(cost), pv.FactorUnit).Cmp(pv.Mul64(int64(t), int64(ref)))
	return c < 0 || (c == 0 && s.p.Inclusive)
}
