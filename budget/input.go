package budget

import (
	"context"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Input is everything one settlement year needs: the policy, the hospitals, the
// year's cases and the tables their methods use, the per-capita members and
// spending, and the adjustments (advances actually paid, audit deductions).
type Input struct {
	Policy      *policy.Policy
	Hospitals   []Hospital
	Cases       *Batch       // nil: no case
	Weights     *drg.Weights // required when DRG cases are settled
	Catalog     *dip.Catalog // required when DIP cases are settled
	Members     []Members
	Spending    []Spending
	Adjustments []Adjustment
}

// Options say how Settle runs; the zero value settles strictly on every core.
type Options struct {
	// Lenient sets rejected records aside (Result.Rejects) and settles the rest
	// (ERR-2); the default, strict, settles nothing when any record is rejected.
	Lenient bool
	// Workers is the number of goroutines that score and total the cases (0:
	// GOMAXPROCS; 1: serial). Shards merge exactly (PV-7): the result does not
	// depend on it.
	Workers int
	// Sources names the inputs in errors; empty names are the file names of docs/formats.md.
	Sources Sources
	// Rejects are the records the readers set aside already (lenient mode): they
	// join Result.Rejects, sorted with the engine's.
	Rejects []*pointvalue.RecordError
	// Sink, when set, receives every record error of the run as it is found
	// (the rejects of a lenient run, the errors a strict run stops with); the
	// run then keeps only the first pointvalue.DefaultErrorCap of them in
	// memory (Result.Rejects, RejectsDropped counting the rest). A caller that
	// writes every reject (rejects.csv) of a large batch gives a sink that
	// spills them to disk (package files does).
	Sink pointvalue.ErrorSink
	// Progress, when set, is called as the run moves from phase to phase.
	Progress func(Progress)
}

// Progress reports where a run is: the phase it starts and the cases so far.
type Progress struct {
	Phase string // "accept", "prepare", "score", "settle"
	Cases int
}

// Sources are the base names errors give the inputs.
type Sources struct {
	Policy, Hospitals, Cases, Members, Spending, Adjustments, Weights, Catalog string
}

func (s Sources) withDefaults() Sources {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&s.Policy, "policy.json")
	def(&s.Hospitals, "hospitals.csv")
	def(&s.Cases, "cases.csv")
	def(&s.Members, "members.csv")
	def(&s.Spending, "spending.csv")
	def(&s.Adjustments, "adjustments.csv")
	def(&s.Weights, "weights.csv")
	def(&s.Catalog, "catalog.csv")
	return s
}

// Hospital is one row of hospitals.csv: a designated hospital (定点医疗机构) or a
// per-capita primary-care institution. Its zero values move no money: no
// coefficient of its own, and an assessment score of 100.
type Hospital struct {
	Line  int // physical line in the source, header = 1 (for the engine's cross-table errors)
	ID    string
	Name  string
	Level param.Level
	// Coefficient is DRG-4's hospital coefficient (差异系数), or for DIP the
	// hospital's own coefficient replacing its level's, when HasCoefficient.
	Coefficient    pointvalue.Factor
	HasCoefficient bool
	// FundCoefficient is the hospital's coefficient for one fund's cases
	// (coefficient_employee, coefficient_resident; VAR-3), first in the order of
	// coefficients, when HasFundCoefficient.
	FundCoefficient    [param.NumFunds]pointvalue.Factor
	HasFundCoefficient [param.NumFunds]bool
	// Assessment is the quality assessment score q (考核得分) of CLR-3, in [0, 100]
	// with up to 8 decimals, when HasAssessment; without one it is 100 (no penalty).
	Assessment    pointvalue.Factor
	HasAssessment bool
	// BasePoints are the hospital's base service points (基准服务点数) in each
	// fund's elastic pool (VAR-8), ≥ 0, when HasBasePoints.
	BasePoints    [param.NumFunds]pointvalue.Points
	HasBasePoints [param.NumFunds]bool
}

// CoefficientFor returns the coefficient k of the hospital's cases of method m
// in fund f where the case's group gives none, in VAR-3's order: the hospital's
// own for the fund; its own; for DIP the fund's level coefficient, then the
// policy's; else 1. own reports the hospital's own (it comes before a group's
// coef_<level>, VAR-4), perFund a per-fund value (rule VAR-3).
func (h *Hospital) CoefficientFor(m param.Method, f param.Fund, p *policy.Policy) (k pointvalue.Factor, own, perFund bool) {
	switch {
	case int(f) < param.NumFunds && h.HasFundCoefficient[f]:
		return h.FundCoefficient[f], true, true
	case h.HasCoefficient:
		return h.Coefficient, true, false
	case m != param.DIP || p == nil || int(h.Level) >= param.NumLevels:
		return pointvalue.One, false, false
	}
	if fp := p.Fund(f); fp != nil && fp.LevelCoefficients[h.Level] > 0 {
		return fp.LevelCoefficients[h.Level], false, true
	}
	return p.DIP.LevelCoefficients[h.Level], false, false
}

// Score returns the hospital's assessment score q: Assessment, or 100 when none is given.
func (h *Hospital) Score() pointvalue.Factor {
	if !h.HasAssessment {
		return 100 * pointvalue.One
	}
	return h.Assessment
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

// Adjustment is one row of adjustments.csv: the advances actually paid during the
// year and the audit deductions (审核扣减) of one (hospital, fund, method) row, or
// with a Month (VAR-9) that month's deductions (该月审核扣款), which the month's
// advance subtracts.
type Adjustment struct {
	Line            int // physical line in the source, header = 1
	Hospital        string
	Fund            param.Fund
	Method          param.Method
	AdvancesPaid    pointvalue.Money // when HasAdvancesPaid (the year row only); else the engine computes CLR-1's
	HasAdvancesPaid bool
	Deductions      pointvalue.Money // default 0.00
	// Year and Month (1–12) name a month row (VAR-9); Month 0 is the year row.
	// The year must be the policy's.
	Year, Month int
}

// canceled reports a cancelled context as an error.
func canceled(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return context.Cause(ctx)
}
