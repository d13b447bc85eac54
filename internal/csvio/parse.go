package csvio

import (
	"fmt"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Reasons with detail, built once so that reporting them allocates only the
// RecordError.
var (
	errMoneyPrecision  = fmt.Errorf("%w: at most 2 decimals", pointvalue.ErrPrecision)
	errFactorPrecision = fmt.Errorf("%w: at most 8 decimals", pointvalue.ErrPrecision)
	errIntPrecision    = fmt.Errorf("%w: a whole number is required", pointvalue.ErrPrecision)
	errPointsPrecision [pointvalue.MaxScale + 1]error
	errNoEnum          = fmt.Errorf("%w: no enumeration given", pointvalue.ErrInvalidArgument)
)

func init() {
	for s := range errPointsPrecision {
		errPointsPrecision[s] = fmt.Errorf("%w: at most %d decimals", pointvalue.ErrPrecision, s)
	}
}

// cell returns the trimmed cell of c. use is false when the caller must not
// parse it: then ok is true for an empty optional cell or absent optional column
// (the default applies) and false for an empty required cell (reported here as
// ErrRequired) or an absent required column (already reported by Col).
func (r *Reader) cell(c Col) (s string, use, ok bool) {
	if c.Index < 0 {
		return "", false, !c.Required
	}
	if r.bad != nil && c.Index < len(r.bad) && r.bad[c.Index] {
		return "", false, false // already reported by the caller (SetRecord)
	}
	s = trim(r.Raw(c))
	if s == "" {
		if c.Required {
			r.Report(c, pointvalue.ErrRequired)
			return "", false, false
		}
		return "", false, true
	}
	return s, true, true
}

// Text returns the cell with surrounding ASCII spaces and tabs trimmed (a
// substring of the cell: no allocation; with Options.Reuse valid only until
// the next Next). An empty optional cell gives ""; an empty required cell is
// ErrRequired. The text is valid UTF-8: the reader checks, or decodes, the
// whole input.
func (r *Reader) Text(c Col) (string, bool) {
	s, use, ok := r.cell(c)
	if !use {
		return "", ok
	}
	return s, true
}

// Money reads a yuan amount: ≥ 0 (ErrNegative), at most 2 decimals
// (ErrPrecision), a plain decimal number (ErrSyntax) within int64 fen
// (ErrRange) — NUM-1. An empty optional cell gives def; on error def and false.
func (r *Reader) Money(c Col, def pointvalue.Money) (pointvalue.Money, bool) {
	s, use, ok := r.cell(c)
	if !use {
		return def, ok
	}
	m, err := pointvalue.ParseMoney(s)
	if err == pointvalue.ErrPrecision {
		err = errMoneyPrecision
	} else if err == nil && m < 0 {
		err = pointvalue.ErrNegative
	}
	if err != nil {
		r.Report(c, err)
		return def, false
	}
	return m, true
}

// Factor reads a coefficient, ratio or weight: ≥ 0, at most 8 decimals (NUM-3).
// An empty optional cell gives def; on error def and false.
func (r *Reader) Factor(c Col, def pointvalue.Factor) (pointvalue.Factor, bool) {
	s, use, ok := r.cell(c)
	if !use {
		return def, ok
	}
	f, err := pointvalue.ParseFactor(s)
	if err == pointvalue.ErrPrecision {
		err = errFactorPrecision
	} else if err == nil && f < 0 {
		err = pointvalue.ErrNegative
	}
	if err != nil {
		r.Report(c, err)
		return def, false
	}
	return f, true
}

// Points reads points (or DIP scores): ≥ 0, at most scale decimals (NUM-2),
// 0 ≤ scale ≤ 8 (another scale is ErrInvalidArgument). An empty optional cell
// gives def; on error def and false.
func (r *Reader) Points(c Col, scale int, def pointvalue.Points) (pointvalue.Points, bool) {
	s, use, ok := r.cell(c)
	if !use {
		return def, ok
	}
	p, err := pointvalue.ParsePoints(s, scale)
	if err == pointvalue.ErrPrecision && scale >= 0 && scale <= pointvalue.MaxScale {
		err = errPointsPrecision[scale]
	} else if err == nil && p < 0 {
		err = pointvalue.ErrNegative
	}
	if err != nil {
		r.Report(c, err)
		return def, false
	}
	return p, true
}

// Int reads a whole number ≥ 0: digits with an optional leading "+"; a fraction
// of zeros ("12.00") is exact and accepted, another fraction is ErrPrecision.
// An empty optional cell gives def; on error def and false.
func (r *Reader) Int(c Col, def int64) (int64, bool) {
	s, use, ok := r.cell(c)
	if !use {
		return def, ok
	}
	v, err := parseInt(s)
	if err != nil {
		r.Report(c, err)
		return def, false
	}
	return v, true
}

// parseInt reads [+-]digits[.zeros] into an int64 ≥ 0.
func parseInt(s string) (int64, error) {
	i, neg := 0, false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, i = s[0] == '-', 1
	}
	var v int64
	digits, frac := 0, false
	const maxDiv10 = (1<<63 - 1) / 10
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && !frac:
			frac = true
		case c < '0' || c > '9':
			return 0, pointvalue.ErrSyntax
		case frac:
			if c != '0' {
				// Keep checking the syntax of the rest before calling it over-precise.
				for j := i + 1; j < len(s); j++ {
					if s[j] < '0' || s[j] > '9' {
						return 0, pointvalue.ErrSyntax
					}
				}
				return 0, errIntPrecision
			}
		default:
			digits++
			d := int64(c - '0')
			if v > maxDiv10 || v*10 > 1<<63-1-d {
				return 0, pointvalue.ErrRange
			}
			v = v*10 + d
		}
	}
	if digits == 0 {
		return 0, pointvalue.ErrSyntax
	}
	if neg && v != 0 {
		return 0, pointvalue.ErrNegative
	}
	return v, nil
}

// Date reads a YYYY-MM-DD date; impossible days ("2025-02-30") are ErrDate. An
// empty optional cell gives 0 (1970-01-01) and true; on error 0 and false.
func (r *Reader) Date(c Col) (pointvalue.Date, bool) {
	s, use, ok := r.cell(c)
	if !use {
		return 0, ok
	}
	d, err := pointvalue.ParseDate(s)
	if err != nil {
		r.Report(c, err)
		return 0, false
	}
	return d, true
}

// Bool reads "0" (false) or "1" (true); anything else is ErrBool. An empty
// optional cell gives def; on error def and false.
func (r *Reader) Bool(c Col, def bool) (bool, bool) {
	s, use, ok := r.cell(c)
	if !use {
		return def, ok
	}
	switch s {
	case "0":
		return false, true
	case "1":
		return true, true
	}
	r.Report(c, pointvalue.ErrBool)
	return def, false
}

// Enum reads a word of e (English, ASCII case ignored, or Chinese) and returns
// its value; another word is ErrEnum, the reason listing the allowed words. An
// empty optional cell gives def; on error def and false.
func (r *Reader) Enum(c Col, e *Enum, def int) (int, bool) {
	s, use, ok := r.cell(c)
	if !use {
		return def, ok
	}
	if e == nil {
		r.Report(c, errNoEnum)
		return def, false
	}
	v, found := e.Lookup(s)
	if !found {
		r.Report(c, e.err)
		return def, false
	}
	return v, true
}
