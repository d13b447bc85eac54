package dip

import (
	"strings"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// ScoreBaseKind is the form of the catalog builder's score base (VAR-5).
type ScoreBaseKind uint8

const (
	// BaseAverage: M is the weighted mean cost of every kept grouped case
	// (平均费用法, DIP-2; the default).
	BaseAverage ScoreBaseKind = iota
	// BaseGroup: M is one built group's m_g (基准病种费用法): that group scores
	// ScoreScale.
	BaseGroup
	// BaseQuota: M is a given amount (标准定额法): a group costing it scores
	// ScoreScale (1 with ScoreScale 1, the draft's form).
	BaseQuota
)

// ScoreBase is the cost M one score unit stands for in DIP-2's score_g =
// round(m_g ÷ M × ScoreScale) (VAR-5, 平均费用法/基准病种费用法/标准定额法). The
// zero value is the average. It is an option of the builder, not a policy field:
// DIP-9 and BED-1 divide by the policy's region_avg_cost, which a region using
// another form sets to the M the builder used (BuildReport.M).
type ScoreBase struct {
	Kind  ScoreBaseKind
	Group string   // BaseGroup: the code of a built group, compared as codes are (ERR-6)
	Quota pv.Money // BaseQuota: the amount, > 0
}

// ParseScoreBase reads a score base as examples/calibrate's -score-base writes
// it: "average", "base-group:<code>" or "fixed-quota:<amount>" (an amount > 0
// with at most 2 decimals). Another form, an empty code or a bad amount is a
// *ScoreBaseError.
func ParseScoreBase(s string) (ScoreBase, error) {
	form, arg, has := strings.Cut(s, ":")
	switch {
	case form == "average" && !has:
		return ScoreBase{}, nil
	case form == "base-group":
		if code := strings.TrimSpace(arg); code != "" {
			return ScoreBase{Kind: BaseGroup, Group: code}, nil
		}
		return ScoreBase{}, &ScoreBaseError{Base: s, Reason: "base-group needs a group code"}
	case form == "fixed-quota":
		q, err := pv.ParseMoney(strings.TrimSpace(arg))
		switch {
		case err != nil:
			return ScoreBase{}, &ScoreBaseError{Base: s, Reason: "the quota is an amount > 0 with at most 2 decimals", Err: err}
		case q <= 0:
			return ScoreBase{}, &ScoreBaseError{Base: s, Reason: "the quota is an amount > 0 with at most 2 decimals", Err: pv.ErrRange}
		}
		return ScoreBase{Kind: BaseQuota, Quota: q}, nil
	}
	return ScoreBase{}, &ScoreBaseError{Base: s, Reason: "want average, base-group:<code> or fixed-quota:<amount>"}
}

// String returns the base as ParseScoreBase reads it.
func (b ScoreBase) String() string {
	switch b.Kind {
	case BaseGroup:
		return "base-group:" + b.Group
	case BaseQuota:
		return "fixed-quota:" + b.Quota.String()
	}
	return "average"
}

// ScoreBaseError is a score base the builder cannot use (VAR-5): an unknown
// form, a quota not > 0 or with more than 2 decimals, or a base group that was
// not built or has no kept case. It matches pointvalue.ErrInvalidArgument (a
// usage error of the builder) and Err when set.
type ScoreBaseError struct {
	Base   string // the score base as given
	Reason string
	Err    error // the parse error of a quota, or nil
}

func (e *ScoreBaseError) Error() string { return "score base " + e.Base + ": " + e.Reason }

// Unwrap returns ErrInvalidArgument and the cause.
func (e *ScoreBaseError) Unwrap() []error {
	if e.Err != nil {
		return []error{pv.ErrInvalidArgument, e.Err}
	}
	return []error{pv.ErrInvalidArgument}
}
