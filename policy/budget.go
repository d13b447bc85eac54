package policy

import (
	"errors"
	"fmt"

	"slices"

	"github.com/dipdrg/dipdrg/internal/rulecheck"
	"github.com/dipdrg/dipdrg/param"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// The money of a fund's year that follows from its policy alone (BUD-1..BUD-4):
// each function is one rule and returns money to the fen. FundAmounts runs them
// in order for a fund; Validate runs it too, so that a policy Read accepts
// never fails here in the engine.

// Annual is BUD-1, the fund's annual budget (年度总额预算), rounded to the fen by r:
// given, growth = round_fen(prior × (1 + g)), revenue = round_fen(expected × (1 −
// surplus)), or min = the smaller of those two. Negative amounts are ErrNegative,
// g < −1 or a surplus ratio outside [0, 1] ErrRange; only the fields the method
// needs are read.
func (t *Budget) Annual(r pointvalue.Rounding) (pointvalue.Money, error) {
	switch t.Method {
	case BudgetGiven:
		if err := rulecheck.NonNeg("amount", t.Amount); err != nil {
			return 0, err
		}
		return t.Amount, nil
	case BudgetGrowth:
		return growthBudget(t, r)
	case BudgetRevenue:
		return revenueBudget(t, r)
	case BudgetMin:
		g, err := growthBudget(t, r)
		if err != nil {
			return 0, err
		}
		v, err := revenueBudget(t, r)
		if err != nil {
			return 0, err
		}
		// Rounding is monotone, so the smaller rounded figure is the rounded smaller one.
		return min(g, v), nil
	}
	return 0, rulecheck.Err("budget.method", t.Method, pointvalue.ErrEnum)
}

func growthBudget(t *Budget, r pointvalue.Rounding) (pointvalue.Money, error) {
	if err := rulecheck.NonNeg("prior_expenditure", t.PriorExpenditure); err != nil {
		return 0, err
	}
	if t.GrowthRate < -pointvalue.One {
		return 0, rulecheck.Err("growth_rate", t.GrowthRate, pointvalue.ErrRange)
	}
	return t.PriorExpenditure.MulFactor(pointvalue.One+t.GrowthRate, r)
}

func revenueBudget(t *Budget, r pointvalue.Rounding) (pointvalue.Money, error) {
	if err := rulecheck.NonNeg("expected_revenue", t.ExpectedRevenue); err != nil {
		return 0, err
	}
	if err := rulecheck.Ratio("surplus_ratio", t.SurplusRatio); err != nil {
		return 0, err
	}
	return t.ExpectedRevenue.MulFactor(pointvalue.One-t.SurplusRatio, r)
}

// CarveoutAmounts is BUD-2: each carve-out's amount (a ratio is round_fen(ratio ×
// budget) by r) in the order given, and their total. Carve-outs exceeding the budget
// are ErrPolicy; a negative amount or ratio ErrNegative, a ratio above 1 ErrRange.
func CarveoutAmounts(budget pointvalue.Money, terms []Carveout, r pointvalue.Rounding) (amounts []pointvalue.Money, total pointvalue.Money, err error) {
	if err := rulecheck.NonNeg("budget", budget); err != nil {
		return nil, 0, err
	}
	amounts = make([]pointvalue.Money, len(terms))
	for i, c := range terms {
		a := c.Amount
		if c.IsRatio {
			if err := rulecheck.Ratio("carveouts."+c.Name+".ratio", c.Ratio); err != nil {
				return nil, 0, err
			}
			if a, err = budget.MulFactor(c.Ratio, r); err != nil {
				return nil, 0, err
			}
		} else if err := rulecheck.NonNeg("carveouts."+c.Name+".amount", a); err != nil {
			return nil, 0, err
		}
		amounts[i] = a
		total += a
		if total > budget {
			return nil, 0, rulecheck.Err("carveouts", fmt.Sprintf("total %s exceeds the budget %s", total, budget), pointvalue.ErrPolicy)
		}
	}
	return amounts, total, nil
}

// ReserveAmount is BUD-3: the reserve (调剂金/风险金) set aside at the start of the
// year, round_fen(ratio × (budget − carveouts)) by r.
func ReserveAmount(budget, carveouts pointvalue.Money, ratio pointvalue.Factor, r pointvalue.Rounding) (pointvalue.Money, error) {
	if err := rulecheck.Ratio("reserve_ratio", ratio); err != nil {
		return 0, err
	}
	rest := budget - carveouts
	if err := rulecheck.NonNeg("budget less carveouts", rest); err != nil {
		return 0, err
	}
	return rest.MulFactor(ratio, r)
}

// PoolsByRatio is BUD-4 with ratios (A06): available × ratio_i for each method,
// floored to the fen, the left-over fen one each to the largest exact remainders,
// ties to the method name in byte order. The ratios must sum to exactly 1
// (ErrPolicy). pools[i] belongs to names[i]; Σ pools = available, so residual is 0.
func PoolsByRatio(available pointvalue.Money, names []string, ratios []pointvalue.Factor) (pools []pointvalue.Money, residual pointvalue.Money, err error) {
	if len(names) != len(ratios) {
		return nil, 0, rulecheck.Err("pools.ratios", "names and ratios differ in length", pointvalue.ErrInvalidArgument)
	}
	var sum int64
	w := make([]int64, len(ratios))
	for i, f := range ratios {
		if err := rulecheck.Ratio("pools.ratios."+names[i], f); err != nil {
			return nil, 0, err
		}
		w[i] = int64(f)
		sum += w[i]
	}
	if sum != pointvalue.FactorUnit {
		return nil, 0, rulecheck.Err("pools.ratios", fmt.Sprintf("sum %s is not 1", pointvalue.Factor(sum)), pointvalue.ErrPolicy)
	}
	pools, err = allocateByName(available, names, w, "pools.ratios")
	return pools, 0, err
}

// PoolsByAmount is BUD-4 with amounts: each method's pool is its amount; the amounts
// must not exceed available (ErrPolicy) and what they leave is the ledger residual,
// in no pool's row (section 13).
func PoolsByAmount(available pointvalue.Money, amounts []pointvalue.Money) (pools []pointvalue.Money, residual pointvalue.Money, err error) {
	if err := rulecheck.NonNeg("available", available); err != nil {
		return nil, 0, err
	}
	var sum pointvalue.Money
	for i, a := range amounts {
		if err := rulecheck.NonNeg(fmt.Sprintf("pools.amounts[%d]", i), a); err != nil {
			return nil, 0, err
		}
		sum += a
		if sum > available {
			return nil, 0, rulecheck.Err("pools.amounts", fmt.Sprintf("total %s exceeds %s available", sum, available), pointvalue.ErrPolicy)
		}
	}
	return slices.Clone(amounts), available - sum, nil
}

// PoolsByPriorSpending is BUD-4 by each method's share of last year's actual
// spending (A58): the largest-remainder split of available with the prior amounts
// as weights, ties to the method name in byte order. All-zero spending is an error.
// Σ pools = available, so residual is 0.
func PoolsByPriorSpending(available pointvalue.Money, names []string, prior []pointvalue.Money) (pools []pointvalue.Money, residual pointvalue.Money, err error) {
	if len(names) != len(prior) {
		return nil, 0, rulecheck.Err("pools.prior_spending", "names and amounts differ in length", pointvalue.ErrInvalidArgument)
	}
	w := make([]int64, len(prior))
	for i, a := range prior {
		if err := rulecheck.NonNeg("pools.prior_spending."+names[i], a); err != nil {
			return nil, 0, err
		}
		w[i] = int64(a)
	}
	pools, err = allocateByName(available, names, w, "pools.prior_spending")
	return pools, 0, err
}

// allocateByName runs the largest-remainder split with ties broken by name in byte
// order: it sorts the methods by name, allocates, and returns the shares in the
// caller's order.
func allocateByName(available pointvalue.Money, names []string, w []int64, field string) ([]pointvalue.Money, error) {
	if err := rulecheck.NonNeg("available", available); err != nil {
		return nil, err
	}
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case names[a] < names[b]:
			return -1
		case names[a] > names[b]:
			return 1
		}
		return 0
	})
	sw := make([]int64, len(w))
	for k, i := range order {
		if k > 0 && names[i] == names[order[k-1]] {
			return nil, rulecheck.Err(field, names[i], pointvalue.ErrDuplicate)
		}
		sw[k] = w[i]
	}
	shares, err := pointvalue.Allocate(available, sw)
	if err != nil {
		return nil, rulecheck.Err(field, "cannot split "+available.String(), err)
	}
	pools := make([]pointvalue.Money, len(w))
	for k, i := range order {
		pools[i] = shares[k]
	}
	return pools, nil
}

// FundAmounts are the money of a fund's year that follows from its policy alone
// (BUD-1..BUD-4).
type FundAmounts struct {
	Budget        pointvalue.Money   // BUD-1, the annual budget
	Carveouts     []pointvalue.Money // BUD-2, each carve-out in the order given
	CarveoutTotal pointvalue.Money
	Reserve       pointvalue.Money // BUD-3, the reserve at the start of the year
	Available     pointvalue.Money // budget − carve-outs − reserve
	// Pools is BUD-4's money of each method pool the fund has (0 where it has none).
	Pools [param.NumMethods]pointvalue.Money
	// Unallocated is what an amounts split leaves in no pool: the ledger's residual.
	Unallocated pointvalue.Money
}

// FundAmounts computes fund f's BUD-1..BUD-4 money with the policy's rounding.
// An error is a *pointvalue.RecordError whose Field is the JSON path it concerns
// (funds.<fund>.budget, .carveouts, .reserve_ratio or .pools.<split>) and whose
// cause matches ErrPolicy; Validate reports these, so a policy that validates
// never fails here.
func (p *Policy) FundAmounts(f param.Fund) (FundAmounts, error) {
	var a FundAmounts
	fp := p.Fund(f)
	if fp == nil {
		return a, &pointvalue.RecordError{Field: "funds." + f.String(), Err: param.Invalid(pointvalue.ErrUnknownFund, "not settled")}
	}
	at := func(path, value string, err error) error {
		return &pointvalue.RecordError{Field: "funds." + f.String() + "." + path, Value: value, Err: param.Invalid(err, "")}
	}
	r := p.Rounding
	var err error
	if a.Budget, err = fp.Budget.Annual(r); err != nil {
		return a, at("budget", "", err)
	}
	if a.Carveouts, a.CarveoutTotal, err = CarveoutAmounts(a.Budget, fp.Carveouts, r); err != nil {
		if errors.Is(err, pointvalue.ErrPolicy) { // their total beyond the budget
			return a, &pointvalue.RecordError{Field: "funds." + f.String() + ".carveouts", Value: carveoutTotal(a.Budget, fp.Carveouts, r),
				Err: param.Invalid(pointvalue.ErrPolicy, "carve-outs sum to more than the annual budget "+a.Budget.String())}
		}
		return a, at("carveouts", "", err)
	}
	if a.Reserve, err = ReserveAmount(a.Budget, a.CarveoutTotal, fp.ReserveRatio, r); err != nil {
		return a, at("reserve_ratio", fp.ReserveRatio.String(), err)
	}
	a.Available = a.Budget - a.CarveoutTotal - a.Reserve
	var methods []param.Method
	for m := range param.Method(param.NumMethods) {
		if p.HasPool(f, m) {
			methods = append(methods, m)
		}
	}
	names := make([]string, len(methods))
	weightsF := make([]pointvalue.Factor, len(methods))
	weightsM := make([]pointvalue.Money, len(methods))
	for i, m := range methods {
		names[i] = m.String()
		weightsF[i], weightsM[i] = fp.Pools.Ratios[m], fp.Pools.Amounts[m]
	}
	var money []pointvalue.Money
	switch fp.Pools.Kind {
	case PoolsAll:
		money = []pointvalue.Money{a.Available} // the inpatient method's pool alone
	case PoolsRatios:
		money, a.Unallocated, err = PoolsByRatio(a.Available, names, weightsF)
	case PoolsAmounts:
		money, a.Unallocated, err = PoolsByAmount(a.Available, weightsM)
	case PoolsPriorSpending:
		money, a.Unallocated, err = PoolsByPriorSpending(a.Available, names, weightsM)
	default:
		err = fmt.Errorf("%w: unknown pool split", pointvalue.ErrPolicy)
	}
	if err != nil {
		path := "funds." + f.String() + ".pools." + fp.Pools.Kind.String()
		if fp.Pools.Kind == PoolsAmounts && errors.Is(err, pointvalue.ErrPolicy) {
			var sum pointvalue.Money
			for _, x := range weightsM {
				sum += x
			}
			return a, &pointvalue.RecordError{Field: path, Value: sum.String(), Err: param.Invalid(pointvalue.ErrRange,
				"pool amounts sum to more than the "+a.Available.String()+" left after carve-outs and reserve")}
		}
		return a, &pointvalue.RecordError{Field: path, Value: a.Available.String(), Err: param.Invalid(err, "")}
	}
	for i, m := range methods {
		a.Pools[m] = money[i]
	}
	return a, nil
}

// carveoutTotal is the carve-outs' total for an error message (ratios at the budget).
func carveoutTotal(budget pointvalue.Money, cs []Carveout, r pointvalue.Rounding) string {
	var sum pointvalue.Money
	for _, c := range cs {
		x := c.Amount
		if c.IsRatio {
			x, _ = budget.MulFactor(c.Ratio, r)
		}
		sum += x
	}
	return sum.String()
}

// BudgetPointValue is fund f's budget point value (预算点值, PV-3) for its pool of
// method m: bedday.budget_point_value for a separate bed-day pool; else the value
// given, or Σ w·cost ÷ Σ w·points over the prior years given (cost being the
// fund-paid cost when the pool is fund-only), or in fixed-rate mode the fixed
// rate; rounded to PointValueScale. ok is false when there is none (no computed
// advances, A08). Validate computes it, so an error here is a bug.
func (p *Policy) BudgetPointValue(f param.Fund, m param.Method) (v pointvalue.PointValue, ok bool, err error) {
	fp := p.Fund(f)
	if fp == nil {
		return 0, false, nil
	}
	pv := &fp.PointValue
	switch {
	case m == param.BedDay:
		return p.BedDay.BudgetPointValue, p.BedDay.HasBudgetPointValue, nil
	case pv.HasBudgetPointValue:
		return pv.BudgetPointValue, true, nil
	case len(pv.BudgetYears) > 0:
		fundOnly := p.Formula(f, m) == pointvalue.FundOnly
		years := make([]pointvalue.YearTotals, len(pv.BudgetYears))
		for i, y := range pv.BudgetYears {
			cost := y.TotalCost
			if fundOnly {
				cost -= y.PatientShare // fund-paid cost (PV-3)
			}
			years[i] = pointvalue.YearTotals{Cost: cost, Points: y.TotalPoints}
		}
		v, err := pointvalue.BudgetPointValue(years, pv.Weights, p.PointValueScale, p.Rounding)
		return v, err == nil, err
	case pv.HasFixedRate:
		return pv.FixedRate, true, nil
	}
	return 0, false, nil
}

// Band returns fund f's PV-5 band around its budget point value v.
func (fp *FundPolicy) Band(v pointvalue.PointValue) pointvalue.Band {
	pv := &fp.PointValue
	return pointvalue.Band{Budget: v, Down: pv.BandDown, Up: pv.BandUp, HasDown: pv.HasBandDown, HasUp: pv.HasBandUp}
}
