// Package rulecheck holds the argument checks the pure rule functions of
// packages policy and budget share: each names the field and value a rule
// rejected and keeps the sentinel for errors.Is.
package rulecheck

import (
	"fmt"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Err names the field and value a rule rejected, keeping the sentinel for errors.Is.
func Err(field string, value any, err error) error {
	return fmt.Errorf("%s: %v: %w", field, value, err)
}

// Ratio checks 0 ≤ f ≤ 1.
func Ratio(field string, f pointvalue.Factor) error {
	if f < 0 {
		return Err(field, f, pointvalue.ErrNegative)
	}
	if f > pointvalue.One {
		return Err(field, f, pointvalue.ErrRange)
	}
	return nil
}

// NonNeg checks m ≥ 0.
func NonNeg(field string, m pointvalue.Money) error {
	if m < 0 {
		return Err(field, m, pointvalue.ErrNegative)
	}
	return nil
}
