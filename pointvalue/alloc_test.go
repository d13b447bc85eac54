package pointvalue

import (
	"testing"
)

// Sinks keep the compiler from dropping the measured calls.
var (
	sinkMoney  Money
	sinkPoints Points
	sinkInt    int64
	sinkErr    error
	sinkBytes  []byte
)

// TestCountMallocs, in strconv's style: the per-case operations of a scoring loop
// allocate nothing (the house rule "zero allocations per case").
func TestCountMallocs(t *testing.T) {
	if testing.Short() {
		t.Skip("AllocsPerRun is slow-ish and -short was given")
	}
	acc := NewAccumulator(2, 8) // sized first: Add must not grow it
	buf := make([]byte, 0, 64)
	moneyText := "12345.67" // a variable, as a CSV field would be
	pv := MustPointValue("122.527")
	coef := MustFactor("1.05")
	mallocs := []struct {
		name  string
		count float64
		f     func()
	}{
		{"Points.Mul", 0, func() { sinkPoints, sinkErr = MustPoints("123.4567").Mul(coef, 4, HalfUp) }},
		{"Points.Round", 0, func() { sinkPoints = Points(123456789).Round(4, HalfEven) }},
		{"Amount", 0, func() { sinkMoney, sinkErr = Amount(PointsFromInt(1000), pv, HalfUp) }},
		{"Amount overflow", 0, func() { sinkMoney, sinkErr = Amount(1<<62, 1<<62, HalfUp) }},
		{"Money.MulFactor", 0, func() { sinkMoney, sinkErr = Money(1234567).MulFactor(coef, HalfUp) }},
		{"int128 ops and Quo", 0, func() {
			a := mul64(123456789, 987654321).add(i128(5)).sub(i128(7)).mul(-3).negate()
			if a.cmp(i128(0)) > 0 && a.sign() > 0 && !a.isZero() {
				sinkInt, sinkErr = a.quo(1e8, 1e4, HalfUp)
			}
		}},
		{"MulDiv", 0, func() { sinkInt, sinkErr = mulDiv(1234567, 98765, 4321, HalfEven) }},
		{"ParseMoney", 0, func() { sinkMoney, sinkErr = ParseMoney(moneyText) }},
		{"ParseMoney error", 0, func() { sinkMoney, sinkErr = ParseMoney("1.234") }},
		{"ParsePoints", 0, func() { sinkPoints, sinkErr = ParsePoints("1234.5678", 4) }},
		{"Money.Append", 0, func() { sinkBytes = Money(-1234567).Append(buf[:0]) }},
		{"Points.Append", 0, func() { sinkBytes = Points(123456789).Append(buf[:0], 4) }},
		{"Accumulator.Add", 0, func() { acc.Add(1, 7, 12345, 100, 1000) }},
		{"FundMoney", 0, func() { sinkMoney, sinkErr = ByReimbursementRatio.FundMoney(1234567, 0, coef, HalfUp) }},
		{"Hospital", 0, func() {
			h, err := hospital(WithPatientShare, PointsFromInt(1000), 500, pv, 0, HalfUp)
			sinkMoney, sinkErr = h.Fund, err
		}},
	}
	for _, mt := range mallocs {
		if got := testing.AllocsPerRun(100, mt.f); got > mt.count {
			t.Errorf("%s: %v allocations per run; want ≤ %v", mt.name, got, mt.count)
		}
	}
	if sinkErr != nil && sinkErr != ErrOverflow && sinkErr != ErrPrecision {
		t.Error(sinkErr)
	}
}
