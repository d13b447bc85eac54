package special

import (
	"cmp"
	"math"
	"slices"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Claim is one case arriving with approved special points.
type Claim struct {
	Scope     int32 // hospital index under hospital scope; 0 under region scope
	Discharge pointvalue.Date
	Index     int32 // position of the case in case-id order (tie-break)
}

// Limit is floor(share × n) (section 13 A24), exact. A negative share or n
// gives 0; a product beyond int gives math.MaxInt.
func Limit(share pointvalue.Factor, n int) int {
	if share <= 0 || n <= 0 {
		return 0
	}
	v, err := pointvalue.ExactFrac(int64(share), pointvalue.FactorUnit).Mul(int64(n)).Round(1, pointvalue.Down)
	if err != nil || v > math.MaxInt {
		return math.MaxInt
	}
	return int(v)
}

// Refused returns the indices (Claim.Index values, ascending) of the claims
// beyond their scope's limit (DRG-8 / DIP-8): in each scope the claims are
// kept earliest first by (discharge, index); counts[scope] is N, the cases of
// that method (bed-day excluded) in the scope, both funds together. A scope
// outside counts has N = 0. The claims slice is not modified.
func Refused(claims []Claim, counts []int, share pointvalue.Factor) []int32 {
	if len(claims) == 0 {
		return nil
	}
	sorted := slices.Clone(claims)
	slices.SortFunc(sorted, func(a, b Claim) int {
		if c := cmp.Compare(a.Scope, b.Scope); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Discharge, b.Discharge); c != 0 {
			return c
		}
		return cmp.Compare(a.Index, b.Index)
	})
	var out []int32
	for a := 0; a < len(sorted); {
		scope := sorted[a].Scope
		b := a + 1
		for b < len(sorted) && sorted[b].Scope == scope {
			b++
		}
		n := 0
		if scope >= 0 && int(scope) < len(counts) {
			n = counts[scope]
		}
		if keep := Limit(share, n); b-a > keep {
			for _, c := range sorted[a+keep : b] {
				out = append(out, c.Index)
			}
		}
		a = b
	}
	slices.Sort(out)
	return out
}
