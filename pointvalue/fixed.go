package pointvalue

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// pow10 holds 10^0 … 10^18.
var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// parseFixed reads a plain decimal string ("-12.50", "3", "+0.1") into an integer
// counted in units of 10^-decimals. A value that needs more decimals than that is
// ErrPrecision (trailing zeros beyond them are fine: the value is exact);
// exponents, spaces, empty strings and other characters are ErrSyntax; a value
// beyond int64 is ErrRange. It does not allocate.
func parseFixed(s string, decimals int) (int64, error) {
	if s == "" {
		return 0, ErrSyntax
	}
	i, neg := 0, false
	switch s[0] {
	case '-':
		neg, i = true, 1
	case '+':
		i = 1
	}
	var v uint64
	const limit = 1 << 63
	// ErrPrecision and ErrRange are reported only once the whole string is known to
	// be a number: "1.234x" is not a number (ErrSyntax), not a precision problem.
	var late error
	digits, frac, seenDot := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			if seenDot {
				return 0, ErrSyntax
			}
			seenDot = true
			continue
		}
		if c < '0' || c > '9' {
			return 0, ErrSyntax
		}
		digits++
		if late != nil {
			continue
		}
		if seenDot {
			frac++
			if frac > decimals {
				if c != '0' {
					late = ErrPrecision
				}
				continue
			}
		}
		d := uint64(c - '0')
		if v > (limit-d)/10 { // keep v·10 + d ≤ 2⁶³ (only −2⁶³ may reach 2⁶³)
			late = ErrRange
			continue
		}
		v = v*10 + d
	}
	if digits == 0 {
		return 0, ErrSyntax
	}
	if late != nil {
		return 0, late
	}
	if frac > decimals {
		frac = decimals
	}
	for ; frac < decimals; frac++ {
		if v > limit/10 {
			return 0, ErrRange
		}
		v *= 10
	}
	if v >= limit {
		if neg && v == limit {
			return -1 << 63, nil
		}
		return 0, ErrRange
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

// formatFixed writes v (in units of 10^-unitDec) with exactly show decimals,
// rounding half-up when show < unitDec.
func formatFixed(v int64, unitDec, show int) string {
	var buf [40]byte
	return string(appendFixed(buf[:0], v, unitDec, show))
}

// appendFixed is formatFixed appending to dst, for writers that must not allocate.
func appendFixed(dst []byte, v int64, unitDec, show int) []byte {
	neg := v < 0
	m := uint64(v)
	if neg {
		m = -m // also right for −2⁶³: its magnitude 2⁶³ fits uint64
	}
	if show < unitDec {
		// round the magnitude half-up (half away from zero) in uint64: m ≤ 2⁶³, so
		// the rounded value cannot wrap, even for the extreme int64 values
		d := uint64(pow10[unitDec-show])
		q, rem := m/d, m%d
		if rem >= d-rem {
			q++
		}
		m = q
		unitDec = show
		if m == 0 {
			neg = false // "-0.001" shown at 2 decimals is "0.00", not "-0.00"
		}
	}
	div := uint64(pow10[unitDec])
	ip, fp := m/div, m%div
	if neg {
		dst = append(dst, '-')
	}
	dst = strconv.AppendUint(dst, ip, 10)
	if show > 0 {
		dst = append(dst, '.')
		var fb [20]byte
		f := strconv.AppendUint(fb[:0], fp, 10)
		for i := len(f); i < unitDec; i++ {
			dst = append(dst, '0')
		}
		dst = append(dst, f[:min(len(f), unitDec)]...)
		for i := unitDec; i < show; i++ {
			dst = append(dst, '0')
		}
	}
	return dst
}

// fromDecimal converts d to an integer in units of 10^-decimals, exactly.
func fromDecimal(d decimal.Decimal, decimals int) (int64, error) {
	scaled := d.Shift(int32(decimals))
	if !scaled.Equal(scaled.Truncate(0)) {
		return 0, ErrPrecision
	}
	bi := scaled.BigInt()
	if !bi.IsInt64() {
		return 0, ErrRange
	}
	return bi.Int64(), nil
}

func toDecimal(v int64, decimals int) decimal.Decimal {
	return decimal.New(v, -int32(decimals))
}
