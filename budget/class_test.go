package budget

import (
	"testing"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
)

// TestClassMaps: the scorers' classes map to the result's class of the same
// docs/formats.md word, for every class each scorer has.
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
