package budget_test

import (
	"testing"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// TestBedDayPointScale: a bed-day stay is rounded to the policy's PointScale,
// also 0 (whole points). V9's stay (420/day, M 10,000, 30 days) at scale 4 is
// daily 4.2000 and stay 126.0000; at scale 0 the daily base rounds to 4 (BED-1)
// and the stay is 4 × 30 = 120 (BED-2).
func TestBedDayPointScale(t *testing.T) {
	for _, tc := range []struct {
		scale       int
		daily, stay string
	}{{4, "4.2", "126"}, {0, "4", "120"}} {
		p := rulePolicy("100000.00", "0", pointvalue.WithPatientShare)
		p.PointScale = tc.scale
		p.BedDay.Rates = map[string]bedday.Rates{"psychiatric": {Rate: [3]pointvalue.Money{m("420.00")}, Has: [3]bool{true}}}
		c := ruleCase("B1", "H1", "12000.00", "0.00")
		c.Group, c.BedDayCategory = "", "psychiatric"
		c.Admit, c.Discharge = pointvalue.DateOf(2025, 3, 1), pointvalue.DateOf(2025, 3, 31)
		res, err := settle(ruleInput(t, p, []string{"H1"}, c))
		if err != nil {
			t.Fatal(err)
		}
		cr := res.Case(0)
		if cr.Class != budget.ClassBedDay || cr.Base != pointvalue.MustPoints(tc.daily) || cr.Points != pointvalue.MustPoints(tc.stay) {
			t.Errorf("scale %d: %s daily %s stay %s, want bedday %s %s", tc.scale, cr.Class, cr.Base, cr.Points, tc.daily, tc.stay)
		}
	}
}
