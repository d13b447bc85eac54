package pointvalue

// Rounding says how an exact result is brought to a fixed number of decimals (NUM-5).
// The zero value is HalfUp, the spec's default.
type Rounding uint8

const (
	// HalfUp rounds half away from zero (四舍五入): 2.5 → 3, −2.5 → −3.
	HalfUp Rounding = iota
	// HalfEven rounds half to the even neighbour (banker's rounding): 2.5 → 2, 3.5 → 4.
	HalfEven
	// Down truncates toward zero. The engine uses it where a rule says "floored"
	// (largest-remainder shares, a point-value floor the reserve cannot fully pay).
	Down
)

// String returns the policy.json spelling: "half-up", "half-even" or "down".
func (r Rounding) String() string {
	switch r {
	case HalfUp:
		return "half-up"
	case HalfEven:
		return "half-even"
	case Down:
		return "down"
	}
	return "rounding(?)"
}

// ParseRounding reads "half-up" or "half-even" (the policy's rounding field).
func ParseRounding(s string) (Rounding, error) {
	switch s {
	case "", "half-up":
		return HalfUp, nil
	case "half-even":
		return HalfEven, nil
	case "down":
		return Down, nil
	}
	return 0, ErrEnum
}

// roundUp reports whether a truncated quotient q with remainder fraction rem/den
// (0 ≤ rem < den, magnitudes) must move one unit away from zero.
// cmpHalf is the comparison of 2·rem with den: −1, 0 or +1.
func (r Rounding) roundUp(cmpHalf int, qOdd bool, remZero bool) bool {
	if remZero {
		return false
	}
	switch r {
	case HalfUp:
		return cmpHalf >= 0
	case HalfEven:
		return cmpHalf > 0 || (cmpHalf == 0 && qOdd)
	}
	return false
}
