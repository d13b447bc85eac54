package budget

import (
	"fmt"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Class is a case's class in the results (EXP-1; docs/formats.md `class`).
type Class uint8

const (
	ClassNormal Class = iota
	ClassHigh
	ClassLow
	ClassIncomplete
	ClassUnstable
	ClassUngrouped
	ClassBedDay
	ClassSpecial
)

var classNames = [...]string{"normal", "high", "low", "incomplete", "unstable", "ungrouped", "bedday", "special"}

// String returns the word of docs/formats.md.
func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "class(?)"
}

// CaseResult is the explanation of one case (EXP-1): what it was scored as, with
// which numbers and rules, and what its points are worth at the pool's point value.
type CaseResult struct {
	CaseID     string
	HospitalID string
	Fund       param.Fund
	Method     param.Method // drg, dip or bedday (a bed-day stay is bedday whatever its pool)
	Group      string       // DRG code, DIP group (as given when unknown), or the bed-day category
	Class      Class

	Base    pointvalue.Points // DRG: RW × 100; DIP: catalog score; bed-day: daily base points
	HasBase bool              // false when ungrouped
	RefCost pointvalue.Money  // reference cost the ratio uses (0 when none)
	Ratio   pointvalue.Factor // cost ÷ reference cost (4 decimals in outputs)
	// HasRatio is true for every case with a known group (also unstable and special).
	HasRatio bool
	Coef     pointvalue.Factor // hospital / level coefficient applied (0 when none was)
	Aux, TCM pointvalue.Factor // DIP-5: the severity coefficient and the TCM factor (1 + bonus, or 1) applied; 0 when none was
	// Factor is the group's adjustment factor applied (VAR-4); 0 when none (or 1) was (Explain only).
	Factor pointvalue.Factor
	// ReadmittedBy is, for an earlier stay reduced by DRG-7/DIP-7, the case id of
	// the later stay that readmitted it (the first in discharge order); "" otherwise (Explain only).
	ReadmittedBy string
	Days         int // bed-day stays: days paid before MaxDays

	Points    pointvalue.Points // final points, rounded once to PointScale
	Amount    pointvalue.Money  // round_fen(points × point value): an explanation (PV-4)
	HasAmount bool              // false when the pool has no point value
	Flags     string            // docs/formats.md words, |-joined, sorted
	Rules     string            // rule ids applied, |-joined, sorted
}

// HospitalResult is one hospital's (or per-capita institution's) settlement in
// one pool (EXP-2; docs/formats.md hospitals.csv). For capita rows Points are head points,
// PointValue the per-capita standard, Cases the members, Gross the budget B_i and
// ActualCost A_i.
type HospitalResult struct {
	Fund       param.Fund
	Method     param.Method
	HospitalID string

	Cases  int64
	Points pointvalue.Points
	CMI    pointvalue.Factor // DRG rows: Σ RW ÷ cases (DRG-10), when HasCMI
	HasCMI bool

	PointValue    pointvalue.PointValue // the pool's settlement point value (capita: the standard)
	HasPointValue bool

	Gross        pointvalue.Money // S = round_fen(points × PV) (PV-4), or the exact share
	PatientShare pointvalue.Money
	FundAmount   pointvalue.Money // F(gross) (PV-1)
	ActualCost   pointvalue.Money // the corridor's A (CLR-2)

	CorridorBand   CorridorBand
	CorridorAmount pointvalue.Money // C, or S + the scaled draw (section 13)
	ReserveDraw    pointvalue.Money // corridor money drawn from the reserve (after scaling)
	ReserveReturn  pointvalue.Money // corridor money returned to the reserve

	Deductions      pointvalue.Money // 审核扣减 (to the reserve)
	Entitlement     pointvalue.Money // E (CLR-3)
	Deposit         pointvalue.Money // D, quality deposit held
	DepositReturned pointvalue.Money
	Forfeited       pointvalue.Money // D − returned, or the assessment-coefficient difference, to the reserve
	Assessment      pointvalue.Factor

	Advances        pointvalue.Money
	AdvancesGiven   bool // the advances actually paid came from adjustments
	Final           pointvalue.Money
	Clearing        pointvalue.Money
	SettlementRatio pointvalue.Factor // final ÷ advances, 4 decimals (CLR-4), when HasRatio
	HasRatio        bool

	Referred pointvalue.Money // capita: referred spending paid on the institution's behalf (CAP-4)
	// VAR-8, in an elastic pool: the base points paid at the fixed value (b_h) and
	// that value (PV_fix); PointValue is then the floating value (PV_float).
	ElasticBasePoints pointvalue.Points
	ElasticPointValue pointvalue.PointValue
	HasElastic        bool
	Flags             []string // clawback, low-use, overrun, reserve-short, surplus-capped; sorted
	// Variants are the hospital-level regional variants that acted on the row
	// (docs/variants.md: VAR-6, VAR-8, VAR-9, VAR-13), sorted in byte order.
	Variants []string
}

// PoolResult is one pool's account (EXP-3; docs/formats.md pools.csv): pool + ReserveOut
// − ReserveIn = Payments + Residual, to the fen (NUM-7).
type PoolResult struct {
	Fund    param.Fund
	Method  param.Method
	Formula pointvalue.Formula // capita pools: FundOnly

	Pool        pointvalue.Money
	ReserveIn   pointvalue.Money
	ReserveOut  pointvalue.Money
	TotalPoints pointvalue.Points
	Share       pointvalue.Money

	BudgetPointValue    pointvalue.PointValue
	HasBudgetPointValue bool
	PointValue          pointvalue.PointValue // capita: the per-capita standard
	HasPointValue       bool
	// Band says whether PV-5 moved the point value: −1 to (or toward) the floor, +1 to the ceiling.
	Band       int
	FloorShort bool

	Payments pointvalue.Money // Σ final (+ Σ referred spending for capita)
	Residual pointvalue.Money // rounding remainder and unspent money
	Overrun  bool             // a fixed-rate or given-standard overrun the reserve did not cover
	// VAR-8, an elastic pool: the fixed value of a base point (PV_fix);
	// PointValue is then the floating value (PV_float), none when no point
	// exceeds a base. ElasticFloatCapped says float_cap held it down.
	ElasticPointValue  pointvalue.PointValue
	HasElastic         bool
	ElasticFloatCapped bool
	// Variants are the pool-level regional variants in force (docs/variants.md: VAR-8,
	// VAR-9, VAR-10), sorted in byte order.
	Variants []string
}

// The ids of the hospital- and pool-level variants as the results name them
// (docs/variants.md; EXP-2, EXP-3).
const (
	VariantSurplusCap = "VAR-6"  // CLR-2's surplus capped (the row, with flag surplus-capped)
	VariantElastic    = "VAR-8"  // the elastic point value (the pool and its rows)
	VariantMonthly    = "VAR-9"  // monthly point values (the pool; rows whose advances used one) or month deductions (the row)
	VariantCarryOver  = "VAR-10" // the per-capita carry-over (the capita pool)
	VariantAssessment = "VAR-13" // CLR-3's coefficient applied before the deductions (the row)
)

// LedgerRow is BUD-7 for one fund: Budget = Carveouts + Payments + ReserveEnd + Residual.
type LedgerRow struct {
	Fund        param.Fund
	Budget      pointvalue.Money
	Carveouts   pointvalue.Money
	Reserve     pointvalue.Money // BUD-3's reserve at the start of the year
	Payments    pointvalue.Money
	ReserveEnd  pointvalue.Money
	Residual    pointvalue.Money
	Unallocated pointvalue.Money // part of Residual: money an amounts split left in no pool
	Balanced    bool

	// BUD-6's figures of the year (see Result.Indicators).
	InpatientCost pointvalue.Money // total cost of every inpatient case: DRG or DIP and bed-day
	DRGDIPCost    pointvalue.Money // of which settled by DRG or DIP (bed-day stays excluded)
	Advances      pointvalue.Money // Σ advances of the fund's rows
	Final         pointvalue.Money // Σ final of the fund's rows
}

// Result is a settled year: every case, hospital, pool and fund, with their
// explanations, stamped with the policy id. The cases stay columns (the points,
// class, flags and rules of each row of the batch): Case gives one as a
// CaseResult, built when asked, and Cases iterates them in case-id order.
type Result struct {
	PolicyID  string
	Policy    *policy.Policy
	Hospitals []HospitalResult // by (fund, method, hospital id)
	Pools     []PoolResult     // by (fund, method)
	Ledger    []LedgerRow      // by fund
	// Rejects are the records set aside in lenient mode (ERR-2), sorted by source, line, field.
	Rejects []*pointvalue.RecordError
	// RejectsDropped counts rejects beyond the error cap (not listed).
	RejectsDropped int
	// Ignored are the input files' unknown columns, which the readers ignored
	// (docs/formats.md: listed once per file in the summary); the engine
	// reads no file and leaves it to them (package files sets it).
	Ignored []IgnoredColumn
	// IgnoredCells counts the settlement-list cells (docs/monitoring.md §1) a lenient
	// run reported among the Rejects and read as empty, the case still settled:
	// monitoring cells ignored, not records set aside (package files sets it).
	IgnoredCells int

	counts   *CaseCounts // a streamed year's, counted as it was scored (CaseCounts)
	cases    *caseTable  // the settled cases as columns; nil for a streamed year
	stream   *Stream     // a streamed year's cases, read again by Cases
	casesErr error       // what stopped Cases early (streamed years)
}

// IgnoredColumn is a column of an input file's header that no reader knows and
// that is no near miss of a known one: it was ignored.
type IgnoredColumn struct {
	Source string // the file's base name, as errors name it
	Column string // the header name as written
}

// Balanced reports whether every fund's ledger balances (BUD-7).
func (r *Result) Balanced() bool {
	for _, l := range r.Ledger {
		if !l.Balanced {
			return false
		}
	}
	return true
}

// Indicators is BUD-6 for fund f of a settled year: the months of expenditure
// the fund's accumulated balance (累计结余, which the caller knows; the year's
// files do not carry it) covers, the settlement ratio (结付率 = Σ final ÷ Σ
// advances) and the share of inpatient cost settled by DRG or DIP. The year's
// expenditure is its payments plus its carve-outs.
func (r *Result) Indicators(f param.Fund, balance pointvalue.Money, t IndicatorTerms) (Indicators, error) {
	for _, l := range r.Ledger {
		if l.Fund == f {
			return FundIndicators(FundFigures{
				Balance:           balance,
				AnnualExpenditure: l.Payments + l.Carveouts,
				DRGDIPCost:        l.DRGDIPCost,
				InpatientCost:     l.InpatientCost,
				Final:             l.Final,
				Advances:          max(0, l.Advances), // VAR-9: advances ≤ 0 give no settlement ratio
			}, t)
		}
	}
	return Indicators{}, fmt.Errorf("budget: %w: fund %s was not settled", pointvalue.ErrUnknownFund, f)
}
