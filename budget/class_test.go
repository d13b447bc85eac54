package budget

import (
	"math/rand/v2"
	"testing"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// TestClassMaps: the scorers' classes map to the result's class of the same
// FORMATS word, for every class each scorer has.
func TestClassMaps(t *testing.T) {
	for c := drg.Normal; c <= drg.Special; c++ {
		if got := drgClass[c].String(); got != c.String() {
			t.Errorf("drg %s → %s", c, got)
		}
	}
	for c := dip.Normal; c <= dip.Special; c++ {
		if got := dipClass[c].String(); got != c.String() {
			t.Errorf("dip %s → %s", c, got)
		}
	}
}

// TestDIPRatioIntegerPath: dipRatio's integer shortcut gives the exact
// evaluator's two roundings (8 decimals by the policy's rounding, then 4 half-up).
func TestDIPRatioIntegerPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	for range 100000 {
		cost := pointvalue.Money(rng.Int64N(1 << 40))
		ref := pointvalue.Money(rng.Int64N(1<<32) + 1)
		g := &dip.Group{AvgCost: ref}
		for _, r := range []pointvalue.Rounding{pointvalue.HalfUp, pointvalue.HalfEven, pointvalue.Down} {
			q8, _ := pointvalue.ExactFrac(int64(cost), int64(ref)).Mul(pointvalue.FactorUnit).Round(1, r)
			want, _ := pointvalue.ExactInt(q8).Round(10_000, pointvalue.HalfUp)
			if got := dipRatio(cost, g, param.Tertiary, r); int64(got) != want {
				t.Fatalf("cost %d ref %d %s: %d, want %d", cost, ref, r, got, want)
			}
		}
	}
}
