package budget

import (
	"fmt"
	"slices"

	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// The pure rules of the budget year (section 2 of SETTLEMENT.md): each function
// is one rule, takes plain values and returns money to the fen. The engine feeds
// them from the Policy; they know nothing of it.

// ruleErr names the field and value a rule rejected, keeping the sentinel for errors.Is.
func ruleErr(field string, value any, err error) error {
	return fmt.Errorf("%s: %v: %w", field, value, err)
}

// ruleRatio checks 0 ≤ f ≤ 1.
func ruleRatio(field string, f pointvalue.Factor) error {
	if f < 0 {
		return ruleErr(field, f, pointvalue.ErrNegative)
	}
	if f > pointvalue.One {
		return ruleErr(field, f, pointvalue.ErrRange)
	}
	return nil
}

// ruleNonNeg checks m ≥ 0.
func ruleNonNeg(field string, m pointvalue.Money) error {
	if m < 0 {
		return ruleErr(field, m, pointvalue.ErrNegative)
	}
	return nil
}

// DefaultSurplusRatio is BUD-1's default SurplusRatio, 0.03. AnnualBudget takes the
// ratio as given (0 is a valid ratio); the policy fills this default when absent.
const DefaultSurplusRatio pointvalue.Factor = 3_000_000

// AnnualBudgetTerms are the inputs of BUD-1; only those of the basis are read.
// Its fields match the policy's BudgetRule, so BudgetRule converts to it.
type AnnualBudgetTerms struct {
	Method           policy.BudgetMethod
	Amount           pointvalue.Money  // given
	PriorExpenditure pointvalue.Money  // growth: 上年决算
	GrowthRate       pointvalue.Factor // growth: ≥ −1
	ExpectedRevenue  pointvalue.Money  // revenue
	SurplusRatio     pointvalue.Factor // revenue: in [0, 1]
}

// AnnualBudget is BUD-1, the fund's annual budget (年度总额预算), rounded to the fen
// by r: given, growth = round_fen(prior × (1 + g)), revenue =
// round_fen(expected × (1 − surplus)), or min = the smaller of those two.
// Negative amounts are ErrNegative, g < −1 or a surplus ratio outside [0, 1] ErrRange.
func AnnualBudget(t AnnualBudgetTerms, r pointvalue.Rounding) (pointvalue.Money, error) {
	switch t.Method {
	case policy.BudgetGiven:
		if err := ruleNonNeg("amount", t.Amount); err != nil {
			return 0, err
		}
		return t.Amount, nil
	case policy.BudgetGrowth:
		return growthBudget(t, r)
	case policy.BudgetRevenue:
		return revenueBudget(t, r)
	case policy.BudgetMin:
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
	return 0, ruleErr("budget.method", t.Method, pointvalue.ErrEnum)
}

func growthBudget(t AnnualBudgetTerms, r pointvalue.Rounding) (pointvalue.Money, error) {
	if err := ruleNonNeg("prior_expenditure", t.PriorExpenditure); err != nil {
		return 0, err
	}
	if t.GrowthRate < -pointvalue.One {
		return 0, ruleErr("growth_rate", t.GrowthRate, pointvalue.ErrRange)
	}
	return t.PriorExpenditure.MulFactor(pointvalue.One+t.GrowthRate, r)
}

func revenueBudget(t AnnualBudgetTerms, r pointvalue.Rounding) (pointvalue.Money, error) {
	if err := ruleNonNeg("expected_revenue", t.ExpectedRevenue); err != nil {
		return 0, err
	}
	if err := ruleRatio("surplus_ratio", t.SurplusRatio); err != nil {
		return 0, err
	}
	return t.ExpectedRevenue.MulFactor(pointvalue.One-t.SurplusRatio, r)
}

// CarveoutTerm is one carve-out (单列) of BUD-2: an amount, or (IsRatio) a ratio of
// the annual budget. Its fields match the policy's Carveout (CarveoutTerm(c) converts).
type CarveoutTerm struct {
	Name    string
	Amount  pointvalue.Money
	Ratio   pointvalue.Factor
	IsRatio bool
}

// CarveoutAmounts is BUD-2: each carve-out's amount (a ratio is round_fen(ratio ×
// budget) by r) in the order given, and their total. Carve-outs exceeding the budget
// are ErrPolicy; a negative amount or ratio ErrNegative, a ratio above 1 ErrRange.
func CarveoutAmounts(budget pointvalue.Money, terms []CarveoutTerm, r pointvalue.Rounding) (amounts []pointvalue.Money, total pointvalue.Money, err error) {
	if err := ruleNonNeg("budget", budget); err != nil {
		return nil, 0, err
	}
	amounts = make([]pointvalue.Money, len(terms))
	for i, c := range terms {
		a := c.Amount
		if c.IsRatio {
			if err := ruleRatio("carveouts."+c.Name+".ratio", c.Ratio); err != nil {
				return nil, 0, err
			}
			if a, err = budget.MulFactor(c.Ratio, r); err != nil {
				return nil, 0, err
			}
		} else if err := ruleNonNeg("carveouts."+c.Name+".amount", a); err != nil {
			return nil, 0, err
		}
		amounts[i] = a
		total += a
		if total > budget {
			return nil, 0, ruleErr("carveouts", fmt.Sprintf("total %s exceeds the budget %s", total, budget), pointvalue.ErrPolicy)
		}
	}
	return amounts, total, nil
}

// DefaultReserveRatio is BUD-3's default ReserveRatio, 0.05.
const DefaultReserveRatio pointvalue.Factor = 5_000_000

// ReserveAmount is BUD-3: the reserve (调剂金/风险金) set aside at the start of the
// year, round_fen(ratio × (budget − carveouts)) by r.
func ReserveAmount(budget, carveouts pointvalue.Money, ratio pointvalue.Factor, r pointvalue.Rounding) (pointvalue.Money, error) {
	if err := ruleRatio("reserve_ratio", ratio); err != nil {
		return 0, err
	}
	rest := budget - carveouts
	if err := ruleNonNeg("budget less carveouts", rest); err != nil {
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
		return nil, 0, ruleErr("pools.ratios", "names and ratios differ in length", pointvalue.ErrInvalidArgument)
	}
	var sum int64
	w := make([]int64, len(ratios))
	for i, f := range ratios {
		if err := ruleRatio("pools.ratios."+names[i], f); err != nil {
			return nil, 0, err
		}
		w[i] = int64(f)
		sum += w[i]
	}
	if sum != pointvalue.FactorUnit {
		return nil, 0, ruleErr("pools.ratios", fmt.Sprintf("sum %s is not 1", pointvalue.Factor(sum)), pointvalue.ErrPolicy)
	}
	pools, err = allocateByName(available, names, w, "pools.ratios")
	return pools, 0, err
}

// PoolsByAmount is BUD-4 with amounts: each method's pool is its amount; the amounts
// must not exceed available (ErrPolicy) and what they leave is the ledger residual,
// in no pool's row (section 13).
func PoolsByAmount(available pointvalue.Money, amounts []pointvalue.Money) (pools []pointvalue.Money, residual pointvalue.Money, err error) {
	if err := ruleNonNeg("available", available); err != nil {
		return nil, 0, err
	}
	var sum pointvalue.Money
	for i, a := range amounts {
		if err := ruleNonNeg(fmt.Sprintf("pools.amounts[%d]", i), a); err != nil {
			return nil, 0, err
		}
		sum += a
		if sum > available {
			return nil, 0, ruleErr("pools.amounts", fmt.Sprintf("total %s exceeds %s available", sum, available), pointvalue.ErrPolicy)
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
		return nil, 0, ruleErr("pools.prior_spending", "names and amounts differ in length", pointvalue.ErrInvalidArgument)
	}
	w := make([]int64, len(prior))
	for i, a := range prior {
		if err := ruleNonNeg("pools.prior_spending."+names[i], a); err != nil {
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
	if err := ruleNonNeg("available", available); err != nil {
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
			return nil, ruleErr(field, names[i], pointvalue.ErrDuplicate)
		}
		sw[k] = w[i]
	}
	shares, err := pointvalue.Allocate(available, sw)
	if err != nil {
		return nil, ruleErr(field, "cannot split "+available.String(), err)
	}
	pools := make([]pointvalue.Money, len(w))
	for k, i := range order {
		pools[i] = shares[k]
	}
	return pools, nil
}

// MonthlySchedule is BUD-5, a cash plan: the pool spread over the 12 months evenly
// (profile empty) or in proportion to last year's 12 monthly amounts, by largest
// remainder to the fen, ties to the earlier month. Σ months = pool.
func MonthlySchedule(pool pointvalue.Money, profile []pointvalue.Money) ([12]pointvalue.Money, error) {
	var out [12]pointvalue.Money
	if err := ruleNonNeg("pool", pool); err != nil {
		return out, err
	}
	var w [12]int64
	switch len(profile) {
	case 0:
		for m := range w {
			w[m] = 1
		}
	case 12:
		for m, a := range profile {
			if err := ruleNonNeg(fmt.Sprintf("profile[%d]", m+1), a); err != nil {
				return out, err
			}
			w[m] = int64(a)
		}
	default:
		return out, ruleErr("profile", fmt.Sprintf("%d months", len(profile)), pointvalue.ErrInvalidArgument)
	}
	shares, err := pointvalue.Allocate(pool, w[:])
	if err != nil {
		return out, ruleErr("profile", "cannot split "+pool.String(), err)
	}
	copy(out[:], shares)
	return out, nil
}
