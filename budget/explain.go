package budget

import (
	"iter"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// linkLater records, for Explain, the later stay (its case id) whose
// readmission reduced the earlier stay in row i (DRG-7, DIP-7; A25).
func (r *run) linkLater(i uint32, later string) {
	if later == "" {
		return
	}
	if r.later == nil {
		r.later = map[uint32]string{}
	}
	r.later[i] = later
}

// explainMore adds to an explained case what the scorers' results do not
// carry: the later stay that made it a readmission and the group factor
// applied (VAR-4).
func (t *caseTable) explainMore(c *CaseResult, i uint32) {
	c.ReadmittedBy = t.later[i]
	g := t.grp[i]
	if g < 0 {
		return
	}
	switch t.route[i].scoring() {
	case param.DRG:
		if c.Class <= ClassIncomplete && t.sc.drg[t.route[i].fund()] != nil { // normal, high, low, incomplete
			c.Factor = t.sc.drg[t.route[i].fund()].Weights().Groups[g].Factor
		}
	case param.DIP:
		if c.Class <= ClassLow && t.cat != nil { // normal, high, low
			c.Factor = t.cat.Groups[g].Factor
		}
	}
	if c.Factor == pointvalue.One {
		c.Factor = 0 // a factor of 1 changes nothing: not shown
	}
}

// Explained iterates the settled cases in case-id order as Explain gives
// them — with the reference cost, the coefficient and factors applied, the
// later stay of a readmission — a streamed year's too (scored again window by
// window, as Cases reads them: strings.Clone what you keep). An error stops
// it early and CasesErr returns it.
func (r *Result) Explained() iter.Seq[CaseResult] {
	return func(yield func(CaseResult) bool) {
		if r.stream != nil {
			r.casesErr = nil
			r.stream.cases(r, yield, true)
			return
		}
		for k := range r.NumCases() {
			if !yield(r.Explain(k)) {
				return
			}
		}
	}
}
