package budget

import (
	"fmt"
	"io"
	"strings"

	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Enumerations of the input tables: the English word or the Chinese term (FORMATS).
var (
	fundEnum = csvio.NewEnum(
		csvio.EnumWord{Value: int(param.Employee), Words: []string{"employee", "职工", "职工医保"}},
		csvio.EnumWord{Value: int(param.Resident), Words: []string{"resident", "居民", "居民医保"}},
	)
	levelEnum = csvio.NewEnum(
		csvio.EnumWord{Value: int(param.Tertiary), Words: []string{"tertiary", "三级"}},
		csvio.EnumWord{Value: int(param.Secondary), Words: []string{"secondary", "二级"}},
		csvio.EnumWord{Value: int(param.Primary), Words: []string{"primary", "一级及以下"}},
	)
	methodEnum = csvio.NewEnum(
		csvio.EnumWord{Value: int(param.DRG), Words: []string{"drg"}},
		csvio.EnumWord{Value: int(param.DIP), Words: []string{"dip"}},
		csvio.EnumWord{Value: int(param.BedDay), Words: []string{"bedday"}},
		csvio.EnumWord{Value: int(param.Capita), Words: []string{"capita"}},
	)
)

// maxAssessment is the top assessment score q (CLR-3): 100.
const maxAssessment = 100 * pointvalue.One

var (
	errAssessmentRange  = fmt.Errorf("%w: an assessment score is in [0, 100]", pointvalue.ErrRange)
	errCoefficientRange = fmt.Errorf("%w: a coefficient is greater than 0", pointvalue.ErrRange)
	errDuplicateRow     = pointvalue.ErrDuplicate
)

// Hospital is one row of hospitals.csv: a designated hospital (定点医疗机构) or a
// per-capita primary-care institution.
type Hospital struct {
	Line  int // physical line in the source, header = 1 (for the engine's cross-table errors)
	ID    string
	Name  string
	Level param.Level
	// Coefficient is DRG-4's hospital coefficient (差异系数), or for DIP the hospital's
	// own coefficient replacing its level's; meaningful when HasCoefficient (an empty
	// cell: 1 for DRG, the level's coefficient for DIP).
	Coefficient    pointvalue.Factor
	HasCoefficient bool
	// Assessment is the quality assessment score q (考核得分) of CLR-3, in [0, 100]
	// with up to 8 decimals; default 100.
	Assessment pointvalue.Factor
}

// CoefficientFor returns the coefficient a case of method m uses at this hospital
// when the hospital gives none of its own: DRG 1, DIP the policy's level coefficient.
func (h *Hospital) CoefficientFor(m param.Method, p *policy.Policy) pointvalue.Factor {
	if h.HasCoefficient {
		return h.Coefficient
	}
	if m == param.DIP && p != nil && int(h.Level) < param.NumLevels {
		return p.DIP.LevelCoefficients[h.Level]
	}
	return pointvalue.One
}

// ReadHospitals reads hospitals.csv (FORMATS): hospital_id and level required,
// name, coefficient (> 0) and assessment ([0, 100], default 100) optional. A second
// row with the same hospital_id is ErrDuplicate on its hospital_id (the first is
// kept). It returns the rows read well and, when any was rejected, a
// *pointvalue.ErrorList of every error ("hospitals.csv:3: level: x: …").
func ReadHospitals(r io.Reader, source string) ([]Hospital, error) {
	var errs pointvalue.ErrorList
	cr := csvio.NewReader(r, source, &errs)
	cID := cr.Col("hospital_id", true)
	cName := cr.Col("name", false)
	cLevel := cr.Col("level", true)
	cCoef := cr.Col("coefficient", false)
	cAssess := cr.Col("assessment", false)
	var out []Hospital
	seen := map[string]bool{}
	for cr.Next() {
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
		if !ok1 {
			continue
		}
		if seen[id] {
			cr.Report(cID, errDuplicateRow)
			continue
		}
		if !(ok2 && ok3 && ok4 && ok5) {
			seen[id] = true // a later row with the same id is still a duplicate
			continue
		}
		seen[id] = true
		out = append(out, Hospital{
			Line: cr.Line(), ID: strings.Clone(id), Name: strings.Clone(name), Level: param.Level(level),
			Coefficient: coef, HasCoefficient: hasCoef, Assessment: assess,
		})
	}
	return out, errs.Err()
}

// Members is one row of members.csv (CAP-1): the members of a fund enrolled with a
// primary-care institution (签约人头) in one age band.
type Members struct {
	FundText    string // the fund cell as read (职工…), for errors
	Line        int    // physical line in the source, header = 1
	Institution string
	Fund        param.Fund
	AgeBand     string // "" when the column is absent or empty: weight 1 unless the policy weighs ""
	Members     int64
}

// ReadMembers reads members.csv: institution_id, fund, members required; age_band
// optional. A second row for the same (institution, fund, age band) is ErrDuplicate
// on its institution_id (A34). Whether the institution is in hospitals.csv and the
// fund settled are the engine's checks. Rows read well are returned with the errors.
func ReadMembers(r io.Reader, source string) ([]Members, error) {
	var errs pointvalue.ErrorList
	cr := csvio.NewReader(r, source, &errs)
	cID := cr.Col("institution_id", true)
	cFund := cr.Col("fund", true)
	cBand := cr.Col("age_band", false)
	cN := cr.Col("members", true)
	type key struct {
		id   string
		fund param.Fund
		band string
	}
	var out []Members
	seen := map[key]bool{}
	for cr.Next() {
		id, ok1 := cr.Text(cID)
		fund, ok2 := cr.Enum(cFund, fundEnum, 0)
		band, ok3 := cr.Text(cBand)
		n, ok4 := cr.Int(cN, 0)
		if !(ok1 && ok2 && ok3) {
			continue
		}
		k := key{id, param.Fund(fund), band}
		if seen[k] {
			cr.Report(cID, errDuplicateRow)
			continue
		}
		seen[k] = true
		if !ok4 {
			continue
		}
		out = append(out, Members{Line: cr.Line(), Institution: strings.Clone(id), Fund: param.Fund(fund), FundText: strings.Clone(strings.TrimSpace(cr.Raw(cFund))), AgeBand: strings.Clone(band), Members: n})
	}
	return out, errs.Err()
}

// Spending is one row of spending.csv (CAP-4): a fund's outpatient spending at a
// per-capita institution (Own) and its members' referred spending elsewhere
// (Referred, 转外就医), both fund money.
type Spending struct {
	FundText    string // the fund cell as read, for errors
	Line        int    // physical line in the source, header = 1
	Institution string
	Fund        param.Fund
	Own         pointvalue.Money
	Referred    pointvalue.Money
}

// ReadSpending reads spending.csv: institution_id, fund and own_spending required,
// referred_spending optional (default 0.00); amounts ≥ 0 with at most 2 decimals. A
// second row for the same (institution, fund) is ErrDuplicate on its institution_id
// (A34). Rows read well are returned with the errors.
func ReadSpending(r io.Reader, source string) ([]Spending, error) {
	var errs pointvalue.ErrorList
	cr := csvio.NewReader(r, source, &errs)
	cID := cr.Col("institution_id", true)
	cFund := cr.Col("fund", true)
	cOwn := cr.Col("own_spending", true)
	cRef := cr.Col("referred_spending", false)
	type key struct {
		id   string
		fund param.Fund
	}
	var out []Spending
	seen := map[key]bool{}
	for cr.Next() {
		id, ok1 := cr.Text(cID)
		fund, ok2 := cr.Enum(cFund, fundEnum, 0)
		own, ok3 := cr.Money(cOwn, 0)
		ref, ok4 := cr.Money(cRef, 0)
		if !(ok1 && ok2) {
			continue
		}
		k := key{id, param.Fund(fund)}
		if seen[k] {
			cr.Report(cID, errDuplicateRow)
			continue
		}
		seen[k] = true
		if !(ok3 && ok4) {
			continue
		}
		out = append(out, Spending{Line: cr.Line(), Institution: strings.Clone(id), Fund: param.Fund(fund), FundText: strings.Clone(strings.TrimSpace(cr.Raw(cFund))), Own: own, Referred: ref})
	}
	return out, errs.Err()
}

// Adjustment is one row of adjustments.csv: the advances actually paid during the
// year and the audit deductions (审核扣减) of one (hospital, fund, method) row.
type Adjustment struct {
	Line            int // physical line in the source, header = 1
	Hospital        string
	Fund            param.Fund
	Method          param.Method
	AdvancesPaid    pointvalue.Money // when HasAdvancesPaid; else the engine computes CLR-1's
	HasAdvancesPaid bool
	Deductions      pointvalue.Money // default 0.00
}

// ReadAdjustments reads adjustments.csv: hospital_id, fund, method required;
// advances_paid (empty: computed) and deductions (default 0) optional, neither
// negative. A second row for the same key is ErrDuplicate on its hospital_id
// (FORMATS). A row for a (hospital, fund, method) that is not settled is the
// engine's check (on the method field). Rows read well are returned with the errors.
func ReadAdjustments(r io.Reader, source string) ([]Adjustment, error) {
	var errs pointvalue.ErrorList
	cr := csvio.NewReader(r, source, &errs)
	cID := cr.Col("hospital_id", true)
	cFund := cr.Col("fund", true)
	cMethod := cr.Col("method", true)
	cAdv := cr.Col("advances_paid", false)
	cDed := cr.Col("deductions", false)
	type key struct {
		id     string
		fund   param.Fund
		method param.Method
	}
	var out []Adjustment
	seen := map[key]bool{}
	for cr.Next() {
		id, ok1 := cr.Text(cID)
		fund, ok2 := cr.Enum(cFund, fundEnum, 0)
		method, ok3 := cr.Enum(cMethod, methodEnum, 0)
		adv, ok4 := cr.Money(cAdv, 0)
		hasAdv := ok4 && strings.TrimSpace(cr.Raw(cAdv)) != ""
		ded, ok5 := cr.Money(cDed, 0)
		if !(ok1 && ok2 && ok3) {
			continue
		}
		k := key{id, param.Fund(fund), param.Method(method)}
		if seen[k] {
			cr.Report(cID, errDuplicateRow)
			continue
		}
		seen[k] = true
		if !(ok4 && ok5) {
			continue
		}
		out = append(out, Adjustment{
			Line: cr.Line(), Hospital: strings.Clone(id), Fund: param.Fund(fund), Method: param.Method(method),
			AdvancesPaid: adv, HasAdvancesPaid: hasAdv, Deductions: ded,
		})
	}
	return out, errs.Err()
}
