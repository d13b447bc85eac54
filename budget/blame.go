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
// (NUM-3): the hospital's coefficient that made its points too large, when
// the case scores without overflow at a coefficient of 1 — the hospital's own
// (hospitals.csv coefficient or coefficient_<fund>) or, for DIP, its level's
// (the policy's funds.<fund>.level_coefficients or dip.level_coefficients).
// ok is false when the coefficient is not the cause (the case's own cost is,
// or the coefficient is at most 1): the error then stays on the case's
// total_cost.
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
	f, m := rt.fund(), rt.scoring()
	if m != param.DRG && m != param.DIP {
		return re, false
	}
	k, own, perFund := hosp.CoefficientFor(m, f, r.p)
	if k <= pointvalue.One || (!own && m == param.DRG) {
		return re, false
	}
	var err error
	if m == param.DRG {
		s := st.drg[f]
		if s == nil {
			var e error
			hs := []drg.Hospital{{Coef: pointvalue.One, Own: true}}
			if s, e = drg.NewScorer(r.in.Weights, r.p.DRG, r.sc.drgEnv[f], hs); e != nil {
				return re, false
			}
			st.drg[f] = s
		}
		_, err = s.Score(&drg.Case{Cost: b.cost[i], Hospital: 0, Group: r.grp[i], Flags: r.cflags[i], Special: b.special[i]})
	} else {
		s := st.dip[f]
		if s == nil {
			hs := make([]dip.Hospital, param.NumLevels) // one per level, at coefficient 1
			for l := range hs {
				hs[l] = dip.Hospital{Level: param.Level(l), Coef: pointvalue.One, Own: true}
			}
			var e error
			if s, e = dip.NewScorer(r.in.Catalog, r.p.DIP, r.sc.dipEnv[f], hs); e != nil {
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
	}
	if err != nil {
		return re, false // it overflows at 1 too: not the coefficient's doing
	}
	cause := fmt.Errorf("%w: the coefficient makes the points of case %s (and of every case like it) too large", pointvalue.ErrOverflow, b.id(i))
	switch {
	case own && perFund:
		return pointvalue.RecordError{Source: r.src.Hospitals, Line: hosp.Line, Field: "coefficient_" + f.String(), Value: k.String(), Err: cause}, true
	case own:
		return pointvalue.RecordError{Source: r.src.Hospitals, Line: hosp.Line, Field: "coefficient", Value: k.String(), Err: cause}, true
	case perFund:
		return pointvalue.RecordError{Source: r.src.Policy, Field: fundPath(f, "level_coefficients."+hosp.Level.String()), Value: k.String(), Err: cause}, true
	}
	return pointvalue.RecordError{Source: r.src.Policy, Field: "dip.level_coefficients." + hosp.Level.String(), Value: k.String(), Err: cause}, true
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
