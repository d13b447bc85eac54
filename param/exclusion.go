package param

import (
	"strconv"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Exclusion is a method's stay-length exclusion (超短/超长住院不纳入, VAR-12): a
// stay of at most MaxDaysShort days, or of at least MinDaysLong days (days as
// BED-2 counts them), without a bed-day category, is not scored by the method:
// it is paid by cost as ungrouped, or, AsBedDay, as a bed-day stay of Category.
// The zero value excludes nothing.
type Exclusion struct {
	MaxDaysShort int    // 0: no short bound
	MinDaysLong  int    // 0: no long bound
	AsBedDay     bool   // as = bedday
	Category     string // the bed-day category, AsBedDay
}

// On reports whether the exclusion excludes anything.
func (e *Exclusion) On() bool { return e.MaxDaysShort > 0 || e.MinDaysLong > 0 }

// Excludes reports whether a stay of days days is excluded.
func (e *Exclusion) Excludes(days int) bool {
	return (e.MaxDaysShort > 0 && days <= e.MaxDaysShort) || (e.MinDaysLong > 0 && days >= e.MinDaysLong)
}

// ExclusionField is the row of a method's "exclude" object (VAR-12):
// {"max_days_short", "min_days_long", "as": "ungrouped" | "bedday", "category"}.
func ExclusionField[T any](key string, ref func(*T) *Exclusion) Field[T] {
	return Custom(key, func(t *T, v *Value, pr *Problems) { decodeExclusion(ref(t), v, pr) }).
		Rule("VAR-12").Default("null").
		Shape(`{"max_days_short": <days>, "min_days_long": <days>, "as": "ungrouped" | "bedday", "category": "<bed-day category>"}`).
		Example(`{"max_days_short": 2, "min_days_long": 60}`).
		Doc("超短/超长住院不纳入: stays of at most max_days_short or at least min_days_long days (without a bed-day category) are paid by cost as ungrouped, or as bed-day stays of category")
}

func decodeExclusion(e *Exclusion, v *Value, pr *Problems) {
	if v.Kind != JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	*e = Exclusion{}
	for i, k := range v.Keys {
		x := v.Vals[i]
		switch k {
		case "max_days_short", "min_days_long":
			if x.IsNull() {
				continue
			}
			n, err := ParseInt(x)
			if err != nil {
				pr.AddError(k, x.Show(), err)
				continue
			}
			if n < 1 {
				pr.Add(k, x.Show(), pointvalue.ErrRange, "must be a positive number of days")
				continue
			}
			if k == "max_days_short" {
				e.MaxDaysShort = n
			} else {
				e.MinDaysLong = n
			}
		case "as":
			switch {
			case x.Kind == JSONString && x.Text == "ungrouped":
			case x.Kind == JSONString && x.Text == "bedday":
				e.AsBedDay = true
			default:
				pr.Add(k, x.Show(), pointvalue.ErrEnum, "one of: ungrouped, bedday")
			}
		case "category":
			if x.Kind != JSONString {
				pr.Add(k, x.Show(), pointvalue.ErrSyntax, "expected a string")
				continue
			}
			e.Category = x.Text
		default:
			pr.Add(k, x.Show(), pointvalue.ErrPolicy, "unknown field")
		}
	}
	if e.MaxDaysShort > 0 && e.MinDaysLong > 0 && e.MaxDaysShort >= e.MinDaysLong {
		pr.Add("max_days_short", strconv.Itoa(e.MaxDaysShort), pointvalue.ErrRange, "must be below min_days_long")
	}
	if e.AsBedDay && e.Category == "" {
		pr.Add("category", "", pointvalue.ErrRequired, "as bedday needs a bed-day category")
	}
}
