package files

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// maxAssessment is the top assessment score q (CLR-3): 100.
const maxAssessment = 100 * pointvalue.One

var (
	errAssessmentRange  = fmt.Errorf("%w: an assessment score is in [0, 100]", pointvalue.ErrRange)
	errCoefficientRange = fmt.Errorf("%w: a coefficient is greater than 0", pointvalue.ErrRange)
	errDuplicateRow     = pointvalue.ErrDuplicate
)

// ReadHospitals reads hospitals.csv (docs/formats.md): hospital_id and level required,
// name, coefficient (> 0), assessment ([0, 100], default 100) and
// base_points_employee, base_points_resident (VAR-8: ≥ 0, at most the policy's
// PointScale decimals; empty: none) optional. A second
// row with the same hospital_id is ErrDuplicate on its hospital_id (the first is
// kept). It returns the rows read well and, when any was rejected, a
// *pointvalue.ErrorList of every error ("hospitals.csv:3: level: x: …").
func ReadHospitals(r io.Reader, source string, opt Options) ([]budget.Hospital, error) {
	out, _, err := readHospitals(r, source, opt)
	return out, err
}

// readHospitals is ReadHospitals that also returns the header's ignored columns.
func readHospitals(r io.Reader, source string, opt Options) ([]budget.Hospital, []string, error) {
	errs := opt.errorList()
	cr := csvio.NewReaderOptions(r, source, errs, csvio.Options{Encoding: opt.encoding()})
	return readTable(cr, hospitalDecoder(cr, opt), errs)
}

// readTable decodes every record of a CSV table with decode, whose columns
// are asked for already; it returns the header's ignored columns too (a near
// miss of a known column is an error, not ignored).
func readTable[T any](cr *csvio.Reader, decode func() (T, bool), errs *pointvalue.ErrorList) ([]T, []string, error) {
	ignored := cr.CheckColumns()
	var out []T
	for cr.Next() {
		if v, ok := decode(); ok {
			out = append(out, v)
		}
	}
	return out, ignored, errs.Err()
}

// hospitalDecoder decodes the current record of cr as a hospitals.csv row.
func hospitalDecoder(cr *csvio.Reader, opt Options) func() (budget.Hospital, bool) {
	cID := cr.Col("hospital_id", true)
	cName := cr.Col("name", false)
	cLevel := cr.Col("level", true)
	cCoef := cr.Col("coefficient", false)
	cAssess := cr.Col("assessment", false)
	cFund := [param.NumFunds]csvio.Col{cr.Col("coefficient_employee", false), cr.Col("coefficient_resident", false)}
	var cBase [param.NumFunds]csvio.Col // VAR-8
	for f := range param.Fund(param.NumFunds) {
		cBase[f] = cr.Col("base_points_"+f.String(), false)
	}
	seen := map[string]bool{}
	return func() (budget.Hospital, bool) {
		id, ok1 := cr.Text(cID)
		name, ok2 := cr.Text(cName)
		level, ok3 := cr.Enum(cLevel, levelEnum, 0)
		coef, ok4 := cr.Factor(cCoef, pointvalue.One)
		hasCoef := ok4 && strings.TrimSpace(cr.Raw(cCoef)) != ""
		if hasCoef && coef == 0 {
			cr.Report(cCoef, errCoefficientRange)
			ok4 = false
		}
		assess, ok5 := cr.Factor(cAssess, maxAssessment)
		if ok5 && assess > maxAssessment {
			cr.Report(cAssess, errAssessmentRange)
			ok5 = false
		}
		var fundCoef [param.NumFunds]pointvalue.Factor
		var hasFund [param.NumFunds]bool
		for f, c := range cFund { // VAR-3
			if strings.TrimSpace(cr.Raw(c)) == "" {
				continue
			}
			k, ok := cr.Factor(c, 0)
			if ok && k <= 0 {
				cr.Report(c, errCoefficientRange)
				ok = false
			}
			fundCoef[f], hasFund[f] = k, ok
			ok4 = ok4 && ok
		}
		var base [param.NumFunds]pointvalue.Points
		var hasBase [param.NumFunds]bool
		ok6 := true
		for f, c := range cBase {
			var ok bool
			base[f], ok = cr.Points(c, opt.pointScale(), 0)
			hasBase[f] = ok && c.Present() && strings.TrimSpace(cr.Raw(c)) != ""
			ok6 = ok6 && ok
		}
		if !ok1 {
			return budget.Hospital{}, false
		}
		if seen[id] {
			cr.Report(cID, errDuplicateRow)
			return budget.Hospital{}, false
		}
		seen[strings.Clone(id)] = true // a later row with the same id is a duplicate, even when this one is bad
		if !(ok2 && ok3 && ok4 && ok5 && ok6) {
			return budget.Hospital{}, false
		}
		return budget.Hospital{
			Line: cr.Line(), ID: strings.Clone(id), Name: strings.Clone(name), Level: param.Level(level),
			Coefficient: coef, HasCoefficient: hasCoef, FundCoefficient: fundCoef, HasFundCoefficient: hasFund,
			Assessment: assess, HasAssessment: true, BasePoints: base, HasBasePoints: hasBase,
		}, true
	}
}

// ReadMembers reads members.csv: institution_id, fund, members required; age_band
// optional. A second row for the same (institution, fund, age band) is ErrDuplicate
// on its institution_id (A34). Whether the institution is in hospitals.csv and the
// fund settled are the engine's checks. Rows read well are returned with the errors.
func ReadMembers(r io.Reader, source string, opt Options) ([]budget.Members, error) {
	out, _, err := readMembers(r, source, opt)
	return out, err
}

// readMembers is ReadMembers that also returns the header's ignored columns.
func readMembers(r io.Reader, source string, opt Options) ([]budget.Members, []string, error) {
	errs := opt.errorList()
	cr := csvio.NewReaderOptions(r, source, errs, csvio.Options{Encoding: opt.encoding()})
	return readTable(cr, membersDecoder(cr), errs)
}

// membersDecoder decodes the current record of cr as a members.csv row.
func membersDecoder(cr *csvio.Reader) func() (budget.Members, bool) {
	cID := cr.Col("institution_id", true)
	cFund := cr.Col("fund", true)
	cBand := cr.Col("age_band", false)
	cN := cr.Col("members", true)
	type key struct {
		id   string
		fund param.Fund
		band string
	}
	seen := map[key]bool{}
	return func() (budget.Members, bool) {
		id, ok1 := cr.Text(cID)
		fund, ok2 := cr.Enum(cFund, fundEnum, 0)
		band, ok3 := cr.Text(cBand)
		n, ok4 := cr.Int(cN, 0)
		if !(ok1 && ok2 && ok3) {
			return budget.Members{}, false
		}
		k := key{id, param.Fund(fund), band}
		if seen[k] {
			cr.Report(cID, errDuplicateRow)
			return budget.Members{}, false
		}
		seen[key{strings.Clone(id), param.Fund(fund), strings.Clone(band)}] = true
		if !ok4 {
			return budget.Members{}, false
		}
		return budget.Members{Line: cr.Line(), Institution: strings.Clone(id), Fund: param.Fund(fund), FundText: strings.Clone(strings.TrimSpace(cr.Raw(cFund))), AgeBand: strings.Clone(band), Members: n}, true
	}
}

// ReadSpending reads spending.csv: institution_id, fund and own_spending required,
// referred_spending optional (default 0.00); amounts ≥ 0 with at most 2 decimals. A
// second row for the same (institution, fund) is ErrDuplicate on its institution_id
// (A34). Rows read well are returned with the errors.
func ReadSpending(r io.Reader, source string, opt Options) ([]budget.Spending, error) {
	out, _, err := readSpending(r, source, opt)
	return out, err
}

// readSpending is ReadSpending that also returns the header's ignored columns.
func readSpending(r io.Reader, source string, opt Options) ([]budget.Spending, []string, error) {
	errs := opt.errorList()
	cr := csvio.NewReaderOptions(r, source, errs, csvio.Options{Encoding: opt.encoding()})
	return readTable(cr, spendingDecoder(cr), errs)
}

// spendingDecoder decodes the current record of cr as a spending.csv row.
func spendingDecoder(cr *csvio.Reader) func() (budget.Spending, bool) {
	cID := cr.Col("institution_id", true)
	cFund := cr.Col("fund", true)
	cOwn := cr.Col("own_spending", true)
	cRef := cr.Col("referred_spending", false)
	type key struct {
		id   string
		fund param.Fund
	}
	seen := map[key]bool{}
	return func() (budget.Spending, bool) {
		id, ok1 := cr.Text(cID)
		fund, ok2 := cr.Enum(cFund, fundEnum, 0)
		own, ok3 := cr.Money(cOwn, 0)
		ref, ok4 := cr.Money(cRef, 0)
		if !(ok1 && ok2) {
			return budget.Spending{}, false
		}
		k := key{id, param.Fund(fund)}
		if seen[k] {
			cr.Report(cID, errDuplicateRow)
			return budget.Spending{}, false
		}
		seen[key{strings.Clone(id), param.Fund(fund)}] = true
		if !(ok3 && ok4) {
			return budget.Spending{}, false
		}
		return budget.Spending{Line: cr.Line(), Institution: strings.Clone(id), Fund: param.Fund(fund), FundText: strings.Clone(strings.TrimSpace(cr.Raw(cFund))), Own: own, Referred: ref}, true
	}
}

// ReadAdjustments reads adjustments.csv: hospital_id, fund, method required;
// advances_paid (empty: computed) and deductions (default 0) optional, neither
// negative; month optional (VAR-9: YYYY-MM for a month row, whose deductions
// that month's advance subtracts; empty for the year row, the only one that may
// give advances_paid). A second row for the same key (hospital_id, fund,
// method, month) is ErrDuplicate on its hospital_id (docs/formats.md). A row for a
// (hospital, fund, method) that is not settled, or a month outside the policy
// year, is the engine's check. Rows read well are returned with the errors.
func ReadAdjustments(r io.Reader, source string, opt Options) ([]budget.Adjustment, error) {
	out, _, err := readAdjustments(r, source, opt)
	return out, err
}

// readAdjustments is ReadAdjustments that also returns the header's ignored columns.
func readAdjustments(r io.Reader, source string, opt Options) ([]budget.Adjustment, []string, error) {
	errs := opt.errorList()
	cr := csvio.NewReaderOptions(r, source, errs, csvio.Options{Encoding: opt.encoding()})
	return readTable(cr, adjustmentDecoder(cr), errs)
}

// adjustmentDecoder decodes the current record of cr as an adjustments.csv row.
func adjustmentDecoder(cr *csvio.Reader) func() (budget.Adjustment, bool) {
	cID := cr.Col("hospital_id", true)
	cFund := cr.Col("fund", true)
	cMethod := cr.Col("method", true)
	cAdv := cr.Col("advances_paid", false)
	cDed := cr.Col("deductions", false)
	cMonth := cr.Col("month", false)
	type key struct {
		id          string
		fund        param.Fund
		method      param.Method
		year, month int
	}
	seen := map[key]bool{}
	return func() (budget.Adjustment, bool) {
		id, ok1 := cr.Text(cID)
		fund, ok2 := cr.Enum(cFund, fundEnum, 0)
		method, ok3 := cr.Enum(cMethod, methodEnum, 0)
		adv, ok4 := cr.Money(cAdv, 0)
		hasAdv := ok4 && strings.TrimSpace(cr.Raw(cAdv)) != ""
		ded, ok5 := cr.Money(cDed, 0)
		year, month, ok6 := readMonth(cr, cMonth)
		if ok4 && hasAdv && month > 0 {
			cr.Report(cAdv, errAdvancesOnMonthRow)
			ok4 = false
		}
		if !(ok1 && ok2 && ok3 && ok6) {
			return budget.Adjustment{}, false
		}
		k := key{id, param.Fund(fund), param.Method(method), year, month}
		if seen[k] {
			cr.Report(cID, errDuplicateRow)
			return budget.Adjustment{}, false
		}
		seen[key{strings.Clone(id), param.Fund(fund), param.Method(method), year, month}] = true
		if !(ok4 && ok5) {
			return budget.Adjustment{}, false
		}
		return budget.Adjustment{
			Line: cr.Line(), Hospital: strings.Clone(id), Fund: param.Fund(fund), Method: param.Method(method),
			AdvancesPaid: adv, HasAdvancesPaid: hasAdv, Deductions: ded, Year: year, Month: month,
		}, true
	}
}

var (
	errMonth              = fmt.Errorf("%w: a month is YYYY-MM", pointvalue.ErrDate)
	errAdvancesOnMonthRow = fmt.Errorf("%w: advances_paid belongs on the year row (empty month), VAR-9", pointvalue.ErrInvalidArgument)
)

// readMonth reads an adjustments row's month (VAR-9): YYYY-MM, month 01–12;
// empty gives the year row (0, 0).
func readMonth(cr *csvio.Reader, c csvio.Col) (year, month int, ok bool) {
	s, ok := cr.Text(c)
	if !ok || s == "" {
		return 0, 0, ok
	}
	if len(s) == 7 && s[4] == '-' {
		y, err1 := strconv.Atoi(s[:4])
		m, err2 := strconv.Atoi(s[5:])
		if err1 == nil && err2 == nil && y > 0 && m >= 1 && m <= 12 && s[0] != '+' && s[5] != '+' {
			return y, m, true
		}
	}
	cr.Report(c, errMonth)
	return 0, 0, false
}
