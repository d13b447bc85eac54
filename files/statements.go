package files

import (
	"io"
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// The reconciliation outputs' columns (docs/formats.md).
var (
	statementsColumns = []string{"fund", "method", "hospital_id", "points", "point_value", "gross", "fund_amount", "actual_cost",
		"cost_ratio", "corridor_band", "corridor_amount", "fund_corridor", "reserve_draw", "reserve_return", "referred", "deductions",
		"entitlement", "deposit", "deposit_returned", "forfeited", "final", "advances", "clearing", "settlement_ratio",
		"elastic_base_points", "elastic_point_value"}
	casesExplainedColumns = []string{"case_id", "hospital_id", "fund", "method", "group", "class", "reference_cost", "cost_ratio",
		"coefficient", "factors", "base_points", "points", "amount", "readmitted_by", "special", "flags", "rules"}
)

// Statement is one row of statements.csv: a hospital's (or per-capita
// institution's) year in one pool, every step from its points to its
// clearing, such that, to the fen:
//
//	FundCorridor = FundAmount + ReserveDraw − ReserveReturn       (the fund money the corridor gives)
//	Entitlement  = FundCorridor − Referred − Deductions            (deposit rule; − Forfeited too under the
//	                                                                assessment coefficient, CLR-3)
//	Final        = Entitlement − Deposit + DepositReturned         (CLR-4)
//	Clearing     = Final − Advances                                (CLR-4)
//
// and Σ over a pool's rows of Final + Referred is the pool's payments
// (pools.csv), Σ over a fund's pools the ledger's.
type Statement struct {
	budget.HospitalResult
	CostRatio    pointvalue.Factor // r = A ÷ S (CLR-2), 4 decimals by the policy's rounding
	HasCostRatio bool              // false when S ≤ 0 (no band, A31)
	FundCorridor pointvalue.Money  // F(S) + the reserve draw (after scaling) − the return
	// Entitlement is CLR-3's E: F(C) − referred − deductions, or under the
	// assessment coefficient what the coefficient leaves of it (the final).
	Entitlement pointvalue.Money
	// An elastic pool's rows (VAR-8) add the hospital's base points b_h and
	// the fixed point value PV_fix (HospitalResult's ElasticBasePoints,
	// ElasticPointValue): elastic_base_points, elastic_point_value.
}

// Statements returns the statements.csv rows of a settled year, in the order
// of its hospital rows (fund, method, hospital id).
func Statements(r *budget.Result) []Statement {
	coefRule := r.Policy != nil && r.Policy.Advances.AssessmentRule == policy.AssessCoefficient
	rnd := pointvalue.HalfUp
	if r.Policy != nil {
		rnd = r.Policy.Rounding
	}
	out := make([]Statement, len(r.Hospitals))
	for i, h := range r.Hospitals {
		s := Statement{HospitalResult: h}
		if h.Gross > 0 {
			if q, err := pointvalue.ExactFrac(int64(h.ActualCost), int64(h.Gross)).Mul(int64(pointvalue.One)).Round(10_000, rnd); err == nil {
				s.CostRatio, s.HasCostRatio = pointvalue.Factor(q), true
			}
		}
		s.FundCorridor = h.FundAmount + h.ReserveDraw - h.ReserveReturn
		s.Entitlement = h.Entitlement
		if coefRule {
			s.Entitlement = h.Final // E after the coefficient; no deposit
		}
		out[i] = s
	}
	return out
}

// WriteStatements writes statements.csv (docs/formats.md): one row per
// (fund, method, hospital) with every step from points to clearing (see
// Statement). Capita rows are as in hospitals.csv (head points, the standard,
// B_i, A_i) with the referred spending.
func WriteStatements(w io.Writer, r *budget.Result) error {
	ps, pvs := scales(r)
	cw := csvio.NewWriter(w)
	if err := cw.Write(statementsColumns...); err != nil {
		return err
	}
	for _, s := range Statements(r) {
		if err := cw.Write(s.Fund.String(), s.Method.String(), s.HospitalID, s.Points.Format(ps),
			optional(s.HasPointValue, s.PointValue, func(v pointvalue.PointValue) string { return v.Format(pvs) }),
			s.Gross.String(), s.FundAmount.String(), s.ActualCost.String(),
			optional(s.HasCostRatio, s.CostRatio, func(f pointvalue.Factor) string { return f.Format(ratioDecimals) }),
			s.CorridorBand.String(), s.CorridorAmount.String(), s.FundCorridor.String(),
			s.ReserveDraw.String(), s.ReserveReturn.String(), s.Referred.String(), s.Deductions.String(),
			s.Entitlement.String(), s.Deposit.String(), s.DepositReturned.String(), s.Forfeited.String(),
			s.Final.String(), s.Advances.String(), s.Clearing.String(),
			optional(s.HasRatio, s.SettlementRatio, func(f pointvalue.Factor) string { return f.Format(ratioDecimals) }),
			optional(s.HasElastic, s.ElasticBasePoints, func(p pointvalue.Points) string { return p.Format(ps) }),
			optional(s.HasElastic, s.ElasticPointValue, func(v pointvalue.PointValue) string { return v.Format(pvs) })); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// WriteCasesExplained writes cases_explained.csv (docs/formats.md, settle
// -explain): every settled case in case-id order with its reference cost,
// ratio, the coefficient and the other factors its points used, the later
// stay that made it a readmission and its special review (EXP-1).
func WriteCasesExplained(w io.Writer, r *budget.Result) error {
	ps, _ := scales(r)
	cw := csvio.NewWriter(w)
	if err := cw.Write(casesExplainedColumns...); err != nil {
		return err
	}
	var readmit, ungrouped [param.NumMethods]pointvalue.Factor
	if p := r.Policy; p != nil {
		readmit[param.DRG], readmit[param.DIP] = p.DRG.ReadmitFactor, p.DIP.ReadmitFactor
		ungrouped[param.DIP] = p.DIP.UngroupedFactor
	}
	for c := range r.Explained() {
		flags := strings.Split(c.Flags, "|")
		var factors []string
		add := func(name string, f pointvalue.Factor) {
			if f != 0 && f != pointvalue.One {
				factors = append(factors, name+"="+f.String())
			}
		}
		add("factor", c.Factor)
		if slices.Contains(flags, "readmission") {
			add("readmit", readmit[c.Method])
		}
		add("severity", c.Aux)
		add("tcm", c.TCM)
		if c.Class == budget.ClassUngrouped && c.Method == param.DIP {
			add("ungrouped", ungrouped[param.DIP])
		}
		slices.Sort(factors)
		special := ""
		switch {
		case c.Class == budget.ClassSpecial:
			special = "approved"
		case slices.Contains(flags, "special-refused"):
			special = "refused"
		}
		var ref, ratio, base, amount, coef string
		if c.HasRatio {
			ref, ratio = c.RefCost.String(), c.Ratio.Format(ratioDecimals)
		}
		if c.HasBase {
			base = c.Base.Format(ps)
		}
		if c.HasAmount {
			amount = c.Amount.String()
		}
		if c.Coef != 0 {
			coef = c.Coef.String()
		}
		if err := cw.Write(c.CaseID, c.HospitalID, c.Fund.String(), c.Method.String(), c.Group, c.Class.String(),
			ref, ratio, coef, strings.Join(factors, "|"), base, c.Points.Format(ps), amount,
			c.ReadmittedBy, special, c.Flags, c.Rules); err != nil {
			return err
		}
	}
	if err := r.CasesErr(); err != nil {
		return err
	}
	return cw.Flush()
}
