package budget

import (
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
)

// NumClasses is the number of case classes (ClassNormal … ClassSpecial).
const NumClasses = int(ClassSpecial) + 1

// CaseCounts are a settled year's cases counted for its summary: by how they
// were scored (drg, dip, bedday) and class, and the cases an officer checks —
// those paid by cost for want of a group (DRG-5, DIP-9; an unknown code among
// them), the special reviews refused by the cap (DRG-8, DIP-8), the earlier
// stays reduced as readmissions (DRG-7, DIP-7).
type CaseCounts struct {
	ByClass        [param.NumMethods][NumClasses]int64 // by scoring method (drg, dip, bedday) and class
	Ungrouped      int64                               // flag ungrouped
	UnknownGroup   int64                               // flag unknown-group (a code given, not in the table)
	SpecialRefused int64                               // flag special-refused
	Readmitted     int64                               // flag readmission
}

// Total is the number of cases counted.
func (c CaseCounts) Total() int64 {
	var n int64
	for _, m := range c.ByClass {
		for _, k := range m {
			n += k
		}
	}
	return n
}

// add counts the settled rows of a run (or a stream's window) by their outcomes.
func (c *CaseCounts) add(rows []uint32, route []route, outcome []uint32) {
	for _, i := range rows {
		rt := route[i]
		if !rt.ok() {
			continue
		}
		o := outcome[i]
		switch m := rt.scoring(); m {
		case param.DRG:
			out := drg.Outcome(o)
			c.ByClass[m][drgClass[out.Class()]]++
			f := out.Flags()
			c.flags(f&drg.FlagsUngrouped != 0, f&drg.FlagsUnknownGroup != 0, f&drg.FlagsSpecialRefused != 0, f&drg.FlagsReadmission != 0)
		case param.DIP:
			out := dip.Outcome(o)
			c.ByClass[m][dipClass[out.Class()]]++
			f := out.Flags()
			c.flags(f&dip.FlagsUngrouped != 0, f&dip.FlagsUnknownGroup != 0, f&dip.FlagsSpecialRefused != 0, f&dip.FlagsReadmission != 0)
		default:
			c.ByClass[param.BedDay][ClassBedDay]++
		}
	}
}

func (c *CaseCounts) flags(ungrouped, unknown, refused, readmitted bool) {
	c.Ungrouped += b2i(ungrouped)
	c.UnknownGroup += b2i(unknown)
	c.SpecialRefused += b2i(refused)
	c.Readmitted += b2i(readmitted)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// CaseCounts counts the settled cases by method and class and the flags an
// officer checks (settle's summary). A streamed year's were counted as it was
// scored.
func (r *Result) CaseCounts() CaseCounts {
	if r.counts != nil {
		return *r.counts
	}
	var c CaseCounts
	if t := r.cases; t != nil {
		c.add(t.rows, t.route, t.outcome)
	}
	return c
}
