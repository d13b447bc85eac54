package budget

import (
	"fmt"

	"github.com/dipdrg/dipdrg/internal/rulecheck"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// MonthlySchedule is BUD-5, a cash plan: the pool spread over the 12 months evenly
// (profile empty) or in proportion to last year's 12 monthly amounts, by largest
// remainder to the fen, ties to the earlier month. Σ months = pool.
func MonthlySchedule(pool pointvalue.Money, profile []pointvalue.Money) ([12]pointvalue.Money, error) {
	var out [12]pointvalue.Money
	if err := rulecheck.NonNeg("pool", pool); err != nil {
		return out, err
	}
	var w [12]int64
	switch len(profile) {
	case 0:
		for m := range w {
			w[m] = 1
		}
	case 12:
		for m, a := range profile {
			if err := rulecheck.NonNeg(fmt.Sprintf("profile[%d]", m+1), a); err != nil {
				return out, err
			}
			w[m] = int64(a)
		}
	default:
		return out, rulecheck.Err("profile", fmt.Sprintf("%d months", len(profile)), pointvalue.ErrInvalidArgument)
	}
	shares, err := pointvalue.Allocate(pool, w[:])
	if err != nil {
		return out, rulecheck.Err("profile", "cannot split "+pool.String(), err)
	}
	copy(out[:], shares)
	return out, nil
}
