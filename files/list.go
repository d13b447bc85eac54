package files

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// ErrIgnoredCell marks the error of a settlement-list cell (docs/monitoring.md §1) that
// was reported and then read as empty: the case is still settled, and the error
// counts as an ignored monitoring cell, not as a rejected record. Its text is the
// cell's reason alone (rejects.csv shows it as any other).
var ErrIgnoredCell = errors.New("monitoring cell ignored")

// ignoredCell is a settlement-list cell's error: its reason, matching ErrIgnoredCell too.
type ignoredCell struct{ err error }

func (e *ignoredCell) Error() string   { return e.err.Error() }
func (e *ignoredCell) Unwrap() []error { return []error{e.err, ErrIgnoredCell} }

// IgnoredCells counts the errors of settlement-list cells among errs (those
// that set no record aside).
func IgnoredCells(errs []*pointvalue.RecordError) int {
	n := 0
	for _, e := range errs {
		if errors.Is(e, ErrIgnoredCell) {
			n++
		}
	}
	return n
}

// The enumerations of the settlement-list columns: the 4101A code or the Chinese term.
var (
	genderEnum = csvio.NewEnum(
		csvio.EnumWord{Value: int(budget.GenderUnknown), Words: []string{"0", "未知"}},
		csvio.EnumWord{Value: int(budget.GenderMale), Words: []string{"1", "男"}},
		csvio.EnumWord{Value: int(budget.GenderFemale), Words: []string{"2", "女"}},
		csvio.EnumWord{Value: int(budget.GenderUnstated), Words: []string{"9", "未说明"}},
	)
	dischargeEnum = csvio.NewEnum(
		csvio.EnumWord{Value: int(budget.DischargeOrdered), Words: []string{"1", "医嘱离院"}},
		csvio.EnumWord{Value: int(budget.DischargeTransfer), Words: []string{"2", "医嘱转院"}},
		csvio.EnumWord{Value: int(budget.DischargeCommunity), Words: []string{"3", "医嘱转社区/乡镇卫生院", "医嘱转社区卫生服务机构/乡镇卫生院"}},
		csvio.EnumWord{Value: int(budget.DischargeAgainst), Words: []string{"4", "非医嘱离院"}},
		csvio.EnumWord{Value: int(budget.DischargeDeath), Words: []string{"5", "死亡"}},
		csvio.EnumWord{Value: int(budget.DischargeOther), Words: []string{"9", "其他"}},
	)
	planEnum = csvio.NewEnum(
		csvio.EnumWord{Value: 1, Words: []string{"1", "无"}},
		csvio.EnumWord{Value: 2, Words: []string{"2", "有"}},
	)
)

var (
	errAge       = fmt.Errorf("%w: an age is 0 to 150 years", pointvalue.ErrRange)
	errBirth     = fmt.Errorf("%w: born after admission", pointvalue.ErrDateOrder)
	errLOS       = fmt.Errorf("%w: los is 1 to discharge − admission + 1 days", pointvalue.ErrRange)
	errICU       = fmt.Errorf("%w: icu_days is 0 to los", pointvalue.ErrRange)
	errPays      = fmt.Errorf("%w: psn_selfpay + psn_ownpay above total_cost", pointvalue.ErrShareAboveCost)
	errDiagEmpty = fmt.Errorf("%w: an empty code in the list", pointvalue.ErrMalformed)
	errDiagSpace = fmt.Errorf("%w: a code with a space", pointvalue.ErrMalformed)
	errDiagDup   = fmt.Errorf("%w: a code given twice", pointvalue.ErrDuplicate)
)

// listCols are cases.csv's settlement-list columns, asked for only when
// monitoring is (Options.Monitoring): otherwise they are unknown columns,
// ignored, and settlement bytes never depend on them.
type listCols struct {
	age, birth, gender, dscg, los, secondary, selfpay, ownpay, plan, icu csvio.Col
	present                                                              budget.ListColumns
}

func newListCols(r *csvio.Reader) *listCols {
	l := &listCols{
		age:       r.Col("age", false),
		birth:     r.ColAlias("birth_date", false, "brdy"),
		gender:    r.ColAlias("gender", false, "gend"),
		dscg:      r.Col("dscg_way", false),
		los:       r.ColAlias("los", false, "act_ipt_days"),
		secondary: r.Col("secondary_diagnoses", false),
		selfpay:   r.Col("psn_selfpay", false),
		ownpay:    r.Col("psn_ownpay", false),
		plan:      r.Col("days_rinp_flag_31", false),
		icu:       r.Col("icu_days", false),
	}
	for _, c := range []struct {
		col  csvio.Col
		list budget.ListColumns
	}{{l.age, budget.ListAge}, {l.birth, budget.ListAge}, {l.gender, budget.ListGender}, {l.dscg, budget.ListDischargeWay},
		{l.los, budget.ListLOS}, {l.secondary, budget.ListSecondaryDiagnoses}, {l.selfpay, budget.ListSelfPay},
		{l.ownpay, budget.ListOwnPay}, {l.plan, budget.ListReadmitPlan}, {l.icu, budget.ListICUDays}} {
		if c.col.Present() {
			l.present |= c.list
		}
	}
	return l
}

// decodeList reads the settlement-list cells of the current record into c.List
// (docs/monitoring.md §1). A bad cell is reported (ERR-1), marked ErrIgnoredCell, and
// read as empty: it never sets the record aside. datesOK and costOK say whether
// the record's dates and total cost read, for the checks against them.
func (cr *CaseReader) decodeList(c *budget.Case, datesOK, costOK bool) {
	cr.r.WrapReports(ignore)
	cr.readList(c, datesOK, costOK)
	cr.r.WrapReports(nil)
}

// ignore marks a settlement-list cell's error (ErrIgnoredCell).
func ignore(err error) error { return &ignoredCell{err} }

// readList is decodeList without the marking of its errors.
func (cr *CaseReader) readList(c *budget.Case, datesOK, costOK bool) {
	r, l := cr.r, cr.list
	ls := &c.List
	ls.Columns = l.present
	if age, ok := r.Int(l.age, -1); ok && age >= 0 {
		if age > 150 {
			r.Report(l.age, errAge)
		} else {
			ls.Age, ls.HasAge = int(age), true
		}
	}
	if strings.TrimSpace(r.Raw(l.birth)) != "" {
		if bd, ok := r.Date(l.birth); ok {
			switch {
			case datesOK && bd > c.Admit:
				r.Report(l.birth, errBirth)
			case datesOK && !ls.HasAge: // age wins when both are given
				if age := completedYears(bd, c.Admit); age <= 150 {
					ls.Age, ls.HasAge = age, true
				} else {
					r.Report(l.birth, errAge)
				}
			}
		}
	}
	if g, ok := digitEnum(r, l.gender, genderEnum, "0129"); ok {
		ls.Gender = budget.Gender(g)
	}
	if d, ok := digitEnum(r, l.dscg, dischargeEnum, "123459"); ok {
		ls.DischargeWay = budget.DischargeWay(d)
	}
	days := int64(-1) // discharge − admission + 1, when the dates read
	if datesOK {
		days = int64(c.Discharge-c.Admit) + 1
	}
	if los, ok := r.Int(l.los, -1); ok && los != -1 { // −1: empty
		if los < 1 || (days > 0 && los > days) {
			r.Report(l.los, errLOS)
		} else {
			ls.LOS = int(los)
		}
	}
	if s, ok := r.Text(l.secondary); ok && s != "" {
		if err := checkCodes(s); err != nil {
			r.Report(l.secondary, err)
		} else {
			ls.SecondaryDiagnoses = s
		}
	}
	if v, ok := r.Money(l.selfpay, -1); ok && v >= 0 { // −1: empty (a negative amount is an error)
		ls.SelfPay, ls.HasSelfPay = v, true
	}
	if v, ok := r.Money(l.ownpay, -1); ok && v >= 0 {
		ls.OwnPay, ls.HasOwnPay = v, true
	}
	if costOK && ls.HasSelfPay && ls.SelfPay > c.TotalCost {
		r.Report(l.selfpay, errPays)
		ls.SelfPay, ls.HasSelfPay = 0, false
	}
	if costOK && ls.HasOwnPay && ls.OwnPay > c.TotalCost-ls.SelfPay { // the sum is psn_ownpay's check (§1)
		r.Report(l.ownpay, errPays)
		ls.OwnPay, ls.HasOwnPay = 0, false
	}
	if p, ok := digitEnum(r, l.plan, planEnum, "12"); ok {
		ls.ReadmitPlanned = p == 2
	}
	if icu, ok := r.Int(l.icu, -1); ok && icu != -1 { // −1: empty
		stay := int64(ls.LOS)
		if stay == 0 && datesOK {
			stay = max(int64(c.Discharge-c.Admit), 1)
		}
		if stay > 0 && icu > stay {
			r.Report(l.icu, errICU)
		} else {
			ls.ICUDays, ls.HasICUDays = int(icu), true
		}
	}
}

// digitEnum reads an enumeration cell whose code is one of the digits (the
// usual cell: no lookup), else as the enumeration's words; empty gives 0.
func digitEnum(r *csvio.Reader, c csvio.Col, e *csvio.Enum, digits string) (int, bool) {
	if raw := r.Raw(c); len(raw) == 1 && strings.IndexByte(digits, raw[0]) >= 0 {
		return int(raw[0] - '0'), true
	}
	return r.Enum(c, e, 0)
}

// completedYears is the age in whole years on day d of someone born on birth.
func completedYears(birth, d pointvalue.Date) int {
	by, bm, bd := birth.Civil()
	y, m, dd := d.Civil()
	age := y - by
	if m < bm || m == bm && dd < bd {
		age--
	}
	return age
}

// checkCodes checks a |-joined list of codes: none empty, none with a space, none twice.
func checkCodes(s string) error {
	for start := 0; start <= len(s); {
		end := strings.IndexByte(s[start:], '|')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		code := s[start:end]
		switch {
		case code == "":
			return errDiagEmpty
		case strings.IndexByte(code, ' ') >= 0 || strings.IndexByte(code, '\t') >= 0:
			return errDiagSpace
		}
		for p := 0; p < start; { // an earlier code the same
			q := strings.IndexByte(s[p:start], '|') + p
			if s[p:q] == code {
				return errDiagDup
			}
			p = q + 1
		}
		start = end + 1
	}
	return nil
}
