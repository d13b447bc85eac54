package pointvalue

import "github.com/shopspring/decimal"

// Money is an amount in yuan held exactly as an int64 count of fen (分), NUM-1.
// The zero value is 0.00 yuan. Plain + and − on Money are exact; products with
// points or factors go through the 128-bit methods, which round once and report
// overflow.
type Money int64

// Fen returns n fen as Money.
func Fen(n int64) Money { return Money(n) }

// Yuan returns n whole yuan as Money.
func Yuan(n int64) Money { return Money(n * 100) }

// ParseMoney reads a yuan amount with at most 2 decimals ("12345.6", "12345.60").
// More decimals are ErrPrecision, a non-number ErrSyntax, a value beyond int64 fen
// ErrRange (NUM-1). Negative amounts parse; callers that forbid them check Sign.
func ParseMoney(s string) (Money, error) {
	v, err := parseFixed(s, 2)
	return Money(v), err
}

// MustMoney is ParseMoney for constants in tests and examples; it panics on error.
func MustMoney(s string) Money {
	m, err := ParseMoney(s)
	if err != nil {
		panic("pointvalue.MustMoney(" + s + "): " + err.Error())
	}
	return m
}

// MoneyFromDecimal converts d exactly; more than 2 decimals is ErrPrecision.
func MoneyFromDecimal(d decimal.Decimal) (Money, error) {
	v, err := fromDecimal(d, 2)
	return Money(v), err
}

// Fen returns the amount as an integer count of fen.
func (m Money) Fen() int64 { return int64(m) }

// Decimal returns the amount in yuan as a decimal.Decimal (for API boundaries).
func (m Money) Decimal() decimal.Decimal { return toDecimal(int64(m), 2) }

// String formats the amount in yuan with exactly 2 decimals: "12345.60".
func (m Money) String() string { return formatFixed(int64(m), 2, 2) }

// Append appends String's text to dst without allocating a string.
func (m Money) Append(dst []byte) []byte { return appendFixed(dst, int64(m), 2, 2) }

// Equal reports whether m and o are the same amount (for go-cmp).
func (m Money) Equal(o Money) bool { return m == o }

// Sign returns −1, 0 or +1.
func (m Money) Sign() int {
	switch {
	case m < 0:
		return -1
	case m > 0:
		return 1
	}
	return 0
}

// MulFactor returns round_fen(m × f) by r: "an amount times a ratio"
// (reserve ratio, advance ratio, deposit ratio…). Exact in 128 bits.
func (m Money) MulFactor(f Factor, r Rounding) (Money, error) {
	v, err := mulDiv(int64(m), int64(f), FactorUnit, r)
	return Money(v), err
}
