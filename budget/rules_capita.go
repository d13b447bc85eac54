package budget

import (
	"github.com/dipdrg/dipdrg/internal/rulecheck"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// AgeBandMembers is the count of members enrolled (签约/参保人头) with one
// primary-care institution in one age band (CAP-1).
type AgeBandMembers struct {
	Band    string
	Members int64
}

// HeadPoints is CAP-1, an institution's head points (人头点数): Σ members × band
// weight, a band missing from weights weighing 1, rounded once to scale decimals by r
// (A34). Negative counts or weights are ErrNegative; scale outside 0–8
// ErrInvalidArgument.
func HeadPoints(members []AgeBandMembers, weights map[string]pointvalue.Factor, scale int, r pointvalue.Rounding) (pointvalue.Points, error) {
	if scale < 0 || scale > pointvalue.MaxScale {
		return 0, rulecheck.Err("point_scale", scale, pointvalue.ErrInvalidArgument)
	}
	var sum pointvalue.Exact // in 10⁻⁸ point: members × weight (10⁻⁸)
	for _, m := range members {
		if m.Members < 0 {
			return 0, rulecheck.Err("members", m.Members, pointvalue.ErrNegative)
		}
		w, ok := weights[m.Band]
		if !ok { // A80: the "*" key's weight; without one, 1 only when the table is empty
			if w, ok = weights["*"]; !ok {
				if len(weights) > 0 {
					return 0, rulecheck.Err("age_weights."+m.Band, "not listed", pointvalue.ErrPolicy)
				}
				w = pointvalue.One
			}
		}
		if w < 0 {
			return 0, rulecheck.Err("age_weights."+m.Band, w, pointvalue.ErrNegative)
		}
		sum = sum.Add(pointvalue.ExactInt(m.Members).Mul(int64(w)))
	}
	p, err := sum.Round(pointvalue.ScaleUnit(scale), r)
	return pointvalue.Points(p), err
}

// CapitaStandard is CAP-2's derived per-capita standard (人头标准) and the two parts
// of the pool held back for the reserve.
type CapitaStandard struct {
	Standard           pointvalue.Money // yuan per head point per year
	RiskPart           pointvalue.Money // round_fen(RiskRatio × pool), to the reserve
	SeriousIllnessPart pointvalue.Money // round_fen(SeriousIllnessRatio × pool), to the reserve
}

// DerivedStandard is CAP-2: the held-back parts are rounded to the fen separately
// (A34), and standard = round_fen((pool − risk part − serious-illness part +
// carryOver) ÷ Σ head points) by r. carryOver is VAR-10's past years' surplus
// (历年结余), fund money drawn from the reserve into the standard; the parts are
// held back from the pool only. Zero head points with money left to share is
// pointvalue.ErrZeroPoints; zero points and nothing to share give a zero standard.
// Rounding the standard leaves Σ B_i a few fen off the pool: that is the pool's
// residual, not an overrun (A59). The ratios must be in [0, 1] and sum to at most 1;
// when both parts round up past the pool (ratios summing to 1), the serious-illness
// part takes only what the risk part leaves, so the parts never exceed the pool.
// A negative carryOver is ErrNegative.
func DerivedStandard(pool, carryOver pointvalue.Money, headPoints pointvalue.Points, riskRatio, seriousIllnessRatio pointvalue.Factor, r pointvalue.Rounding) (CapitaStandard, error) {
	var cs CapitaStandard
	if err := rulecheck.NonNeg("pool", pool); err != nil {
		return cs, err
	}
	if err := rulecheck.NonNeg("capita.carry_over", carryOver); err != nil {
		return cs, err
	}
	if headPoints < 0 {
		return cs, rulecheck.Err("head points", headPoints, pointvalue.ErrNegative)
	}
	if err := rulecheck.Ratio("risk_ratio", riskRatio); err != nil {
		return cs, err
	}
	if err := rulecheck.Ratio("serious_illness_ratio", seriousIllnessRatio); err != nil {
		return cs, err
	}
	if riskRatio+seriousIllnessRatio > pointvalue.One {
		return cs, rulecheck.Err("risk_ratio + serious_illness_ratio", riskRatio+seriousIllnessRatio, pointvalue.ErrRange)
	}
	var err error
	if cs.RiskPart, err = pool.MulFactor(riskRatio, r); err != nil {
		return cs, err
	}
	if cs.SeriousIllnessPart, err = pool.MulFactor(seriousIllnessRatio, r); err != nil {
		return cs, err
	}
	net := pool - cs.RiskPart - cs.SeriousIllnessPart
	if net < 0 { // two ratios summing to 1 can each round up by half a fen
		net = 0
		cs.SeriousIllnessPart = pool - cs.RiskPart
	}
	net += carryOver
	if headPoints == 0 {
		if net != 0 {
			return cs, rulecheck.Err("head points", "0 with "+net.String()+" to share", pointvalue.ErrZeroPoints)
		}
		return cs, nil
	}
	// net fen ÷ (points·10⁻⁸) = net·10⁸ ÷ points fen per point.
	s, err := pointvalue.ExactFrac(int64(net), int64(headPoints)).Mul(pointvalue.FactorUnit).Round(1, r)
	cs.Standard = pointvalue.Money(s)
	return cs, err
}

// InstitutionBudget is CAP-3, a per-capita institution's budget B_i =
// round_fen(head points × standard) by r.
func InstitutionBudget(headPoints pointvalue.Points, standard pointvalue.Money, r pointvalue.Rounding) (pointvalue.Money, error) {
	if headPoints < 0 {
		return 0, rulecheck.Err("head points", headPoints, pointvalue.ErrNegative)
	}
	if err := rulecheck.NonNeg("standard", standard); err != nil {
		return 0, err
	}
	// points in 10⁻⁸ × fen ÷ 10⁸ = fen.
	b, err := pointvalue.ExactInt(int64(headPoints)).MulFrac(int64(standard), pointvalue.FactorUnit).Round(1, r)
	return pointvalue.Money(b), err
}
