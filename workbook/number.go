package workbook

import (
	"math"
	"strings"
)

// number is an exact decimal cell of the CSV outputs ("-12345.60") as the
// number Excel stores, and whether it is one. Excel stores every number as an
// IEEE double: this is the one place a float64 appears, at the file's
// boundary, after the settlement. A decimal with at most 15 significant
// digits (every amount below 10¹³ yuan) converts to the double nearest to it,
// the double Excel stores when the same decimal is typed, which prints back to
// the same digits; a longer one stays text (exactness over convenience).
func number(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	neg := false
	t := s
	if t[0] == '-' {
		neg, t = true, t[1:]
	}
	intPart, frac, _ := strings.Cut(t, ".")
	if intPart == "" || strings.Contains(frac, ".") {
		return 0, false
	}
	var n int64
	digits := 0
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			if n > 0 || c != '0' {
				digits++
			}
			n = n*10 + int64(c-'0')
			if digits > 15 {
				return 0, false
			}
		}
	}
	// n < 10¹⁵ < 2⁵³ and 10^len(frac) ≤ 10²² are exact doubles: one correctly
	// rounded division gives the double nearest to the decimal.
	v := float64(n) / math.Pow10(len(frac))
	if neg {
		v = -v
	}
	return v, true
}
