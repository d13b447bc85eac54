package budget

import (
	"errors"
	"fmt"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// coefficientBlame finds the field to blame when scoring row i overflowed
// (NUM-3): the coefficient that made its points too large, when the case
// scores without overflow at a coefficient of 1 — a hospital's own
// (hospitals.csv coefficient) or, for DIP, its level's (the policy's
// dip.level_coefficients). ok is false when the coefficient is not the cause
// (the case's own cost is, or the coefficient is at most 1): the error then
// stays on the case's total_cost.
func (r *run) coefficientBlame(i uint32) (re pointvalue.RecordError, ok bool) {
	if r.blame == nil {
		r.blame = &blameState{seen: map[string]bool{}}
	}
	st := r.blame
	b := r.b
	h := r.hmap[b.hosp[i]]
	if h < 0 {
		return re, false
	}
	hosp := &r.hosp[h]
	rt := r.route[i]
	f := rt.fund()
	var err error
	switch rt.scoring() {
	case param.DRG:
		if hosp.CoefficientFor(param.DRG, r.p) <= pointvalue.One {
			return re, false
		}
		s := st.drg[f]
		if s == nil {
			env := drg.Env{PointScale: r.p.PointScale, Rounding: r.p.Rounding, RegionAvgCost: regionAvg(r.p, f)}
			var e error
			if s, e = drg.NewScorer(r.in.Weights, r.p.DRG, env, []pointvalue.Factor{pointvalue.One}); e != nil {
				return re, false
			}
			st.drg[f] = s
		}
		_, err = s.Score(&drg.Case{Cost: b.cost[i], Hospital: 0, Group: r.grp[i], Flags: r.cflags[i], Special: b.special[i]})
	case param.DIP:
		if hosp.CoefficientFor(param.DIP, r.p) <= pointvalue.One {
			return re, false
		}
		s := st.dip[f]
		if s == nil {
			hs := make([]dip.Hospital, param.NumLevels) // one per level, at coefficient 1
			for l := range hs {
				hs[l] = dip.Hospital{Level: param.Level(l), Coef: pointvalue.One}
			}
			env := dip.Env{PointScale: r.p.PointScale, Rounding: r.p.Rounding, RegionAvgCost: regionAvg(r.p, f)}
			var e error
			if s, e = dip.NewScorer(r.in.Catalog, r.p.DIP, env, hs); e != nil {
				return re, false
			}
			st.dip[f] = s
		}
		dc := dip.Case{Cost: b.cost[i], Hospital: int32(hosp.Level), Group: r.grp[i], Flags: r.cflags[i], Special: b.special[i]}
		if b.tcm != nil {
			dc.TCMShare = pointvalue.Factor(b.tcm[i])
		}
		if b.severity != nil && r.sc.sev != nil {
			dc.Severity = r.sc.sev[b.severity[i]]
		}
		_, err = s.Score(&dc)
	default:
		return re, false
	}
	if err != nil {
		return re, false // it overflows at 1 too: not the coefficient's doing
	}
	cause := fmt.Errorf("%w: the coefficient makes the points of case %s (and of every case like it) too large", pointvalue.ErrOverflow, b.id(i))
	if rt.scoring() == param.DIP && !hosp.HasCoefficient {
		return pointvalue.RecordError{Source: r.src.Policy, Field: "dip.level_coefficients." + hosp.Level.String(),
			Value: r.p.DIP.LevelCoefficients[hosp.Level].String(), Err: cause}, true
	}
	return pointvalue.RecordError{Source: r.src.Hospitals, Line: hosp.Line, Field: "coefficient", Value: hosp.Coefficient.String(), Err: cause}, true
}

// blameState is what coefficientBlame keeps across the cases of a run (and
// the windows of a stream): scorers at coefficient 1, and the coefficients
// reported already.
type blameState struct {
	drg  [param.NumFunds]*drg.Scorer
	dip  [param.NumFunds]*dip.Scorer
	seen map[string]bool
}

// overflowed reports whether a scoring error is an arithmetic overflow.
func overflowed(err error) bool { return errors.Is(err, pointvalue.ErrOverflow) }
