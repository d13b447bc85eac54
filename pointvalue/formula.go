package pointvalue

import (
	"math/big"
)

// Formula is how a pool's point value is found and how points become fund money
// (PV-1, PV-2). The zero value is WithPatientShare, the DRG point method's default.
type Formula uint8

const (
	// WithPatientShare: PV = (pool + Σ patient share) ÷ Σ points; points are valued
	// in total-cost terms and F(x) = x − patient share.
	WithPatientShare Formula = iota
	// ByReimbursementRatio (DIP 2020 form): PV = pool ÷ ReimbursementRatio ÷ Σ points;
	// F(x) = round_fen(x × ReimbursementRatio).
	ByReimbursementRatio
	// FundOnly: PV = pool ÷ Σ points; points are valued in fund money, F(x) = x.
	FundOnly
	// FixedRate (费率法, PV-2): a given yuan rate per point, no floating; F(x) = x − patient share.
	FixedRate
)

var formulaNames = [...]string{"with-patient-share", "by-reimbursement-ratio", "fund-only", "fixed-rate"}

// String returns the policy.json spelling.
func (f Formula) String() string {
	if int(f) < len(formulaNames) {
		return formulaNames[f]
	}
	return "formula(?)"
}

// ParseFormula reads a policy.json formula name.
func ParseFormula(s string) (Formula, error) {
	for i, n := range formulaNames {
		if s == n {
			return Formula(i), nil
		}
	}
	return 0, ErrEnum
}

// Floating reports whether the formula derives the point value from the pool.
func (f Formula) Floating() bool { return f != FixedRate }

// FundMoney is PV-1's F: the fund money for an amount x valued in points, given the
// patient share of the cases behind it and the pool's reimbursement ratio.
//   - with-patient-share, fixed rate: x − share
//   - by-reimbursement-ratio: round_fen(x × ratio)
//   - fund-only: x
func (f Formula) FundMoney(x, share Money, ratio Factor, r Rounding) (Money, error) {
	switch f {
	case WithPatientShare, FixedRate:
		return x - share, nil
	case ByReimbursementRatio:
		return x.MulFactor(ratio, r)
	case FundOnly:
		return x, nil
	}
	return 0, ErrInvalidArgument
}

// Numerator is the money the point value shares out: pool + Σ share under
// with-patient-share, pool otherwise (for by-ratio before the division by the ratio).
func (f Formula) Numerator(pool, share Money) Money {
	if f == WithPatientShare {
		return pool + share
	}
	return pool
}

// quoRound returns round(num ÷ den) by r, exactly, for the pool-level formulas
// (run once per pool, so math/big is fine here). den must be > 0.
func quoRound(num, den *big.Int, r Rounding) (int64, error) {
	if den.Sign() <= 0 {
		return 0, ErrInvalidArgument
	}
	q := roundBig(num, den, r)
	if !q.IsInt64() {
		return 0, ErrOverflow
	}
	return q.Int64(), nil
}

// roundBig returns num ÷ den rounded to a whole number by r (half away from
// zero, half to even, or toward zero), exactly: the math/big form of the
// engine's one rounding, for the slow paths that take over beyond 128 bits
// (NUM-3). den must be positive; num and den are not modified.
func roundBig(num, den *big.Int, r Rounding) *big.Int {
	q, m := new(big.Int).QuoRem(num, den, new(big.Int)) // truncated toward zero
	if m.Sign() == 0 {
		return q
	}
	c := m.Abs(m).Lsh(m, 1).Cmp(den)
	if r.roundUp(c, q.Bit(0) == 1, false) {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

func bi(x int64) *big.Int { return big.NewInt(x) }

// scaleBack returns q steps of the last decimal at scale as a PointValue,
// ErrOverflow (not a wrapped value) when it does not fit int64 (NUM-6).
func scaleBack(q int64, scale int) (PointValue, error) {
	v, ok := mul64(q, ScaleUnit(scale)).int64()
	if !ok {
		return 0, ErrOverflow
	}
	return PointValue(v), nil
}

// Pool is what PV-1 needs of one pool (per fund and method, PV-6): its money, the
// patient share of its cases and their points.
type Pool struct {
	Money  Money  // the pool after carve-outs, reserve and the method split
	Share  Money  // Σ patient share of the pool's cases
	Points Points // Σ rounded case points (PV-4: exact sum)
}

// Floating is PV-1: the settlement point value of a pool under a floating formula,
// rounded to scale decimals (NUM-4) by r. ratio is the reimbursement ratio
// (by-reimbursement-ratio only; it must be > 0).
// Zero points with money in the pool is ErrZeroPoints; zero points and zero money
// has no point value: (0, false, nil).
func Floating(f Formula, p Pool, ratio Factor, scale int, r Rounding) (v PointValue, ok bool, err error) {
	if !f.Floating() || scale < 0 || scale > MaxScale {
		return 0, false, ErrInvalidArgument
	}
	num := f.Numerator(p.Money, p.Share)
	if p.Points == 0 {
		if num == 0 {
			return 0, false, nil
		}
		return 0, false, ErrZeroPoints
	}
	if p.Points < 0 {
		return 0, false, ErrInvalidArgument
	}
	// V (10⁻⁸ yuan/point) = num_fen/100 ÷ (P/10⁸) × 10⁸ = num·10¹⁴ ÷ P
	n := new(big.Int).Mul(bi(int64(num)), bi(1e14))
	d := bi(int64(p.Points))
	if f == ByReimbursementRatio {
		if ratio <= 0 {
			return 0, false, ErrInvalidArgument
		}
		// ÷ (ratio/10⁸)
		n.Mul(n, bi(FactorUnit))
		d.Mul(d, bi(int64(ratio)))
	}
	d.Mul(d, bi(ScaleUnit(scale)))
	q, err := quoRound(n, d, r)
	if err != nil {
		return 0, false, err
	}
	pv, err := scaleBack(q, scale)
	if err != nil {
		return 0, false, err
	}
	return pv, true, nil
}

// YearTotals is one prior year for PV-3: its total cost (or fund-paid cost for a
// fund-only pool) and its total points.
type YearTotals struct {
	Cost   Money
	Points Points
}

// DefaultYearWeights returns PV-3's weights for three prior years, oldest first
// (1:2:7): 0.1, 0.2, 0.7 (a new slice each time).
func DefaultYearWeights() []Factor { return []Factor{10_000_000, 20_000_000, 70_000_000} }

// BudgetPointValue is PV-3 (预算点值): Σ w·cost ÷ Σ w·points over prior years
// (oldest first), rounded to scale decimals by r. weights must match years in
// length (nil: DefaultYearWeights for three years).
func BudgetPointValue(years []YearTotals, weights []Factor, scale int, r Rounding) (PointValue, error) {
	if weights == nil && len(years) == 3 {
		weights = DefaultYearWeights()
	}
	if len(years) == 0 || len(weights) != len(years) || scale < 0 || scale > MaxScale {
		return 0, ErrInvalidArgument
	}
	num, den := new(big.Int), new(big.Int)
	t := new(big.Int)
	for i, y := range years {
		if weights[i] < 0 || y.Cost < 0 || y.Points < 0 {
			return 0, ErrInvalidArgument
		}
		num.Add(num, t.Mul(bi(int64(weights[i])), bi(int64(y.Cost))))
		den.Add(den, t.Mul(bi(int64(weights[i])), bi(int64(y.Points))))
	}
	if den.Sign() == 0 {
		return 0, ErrZeroPoints
	}
	// V = Σw·cost_fen/100 ÷ (Σw·P/10⁸) × 10⁸ = Σw·cost·10¹⁴ ÷ Σw·P
	num.Mul(num, bi(1e14))
	den.Mul(den, bi(ScaleUnit(scale)))
	q, err := quoRound(num, den, r)
	if err != nil {
		return 0, err
	}
	return scaleBack(q, scale)
}

// PoolNeeded is the pool a formula would need to give the point value v (PV-5, A26):
// with-patient-share round_fen(v × Σpoints) − Σshare; by-ratio round_fen(v × Σpoints × ratio);
// fund-only (and fixed rate) round_fen(v × Σpoints).
func PoolNeeded(f Formula, v PointValue, p Pool, ratio Factor, r Rounding) (Money, error) {
	switch f {
	case WithPatientShare:
		// round_fen(PV × Σpoints − Σshare): the subtraction before the one rounding (A65)
		q, err := ExactInt(int64(p.Points)).Mul(int64(v)).Quo(1e14).Sub(ExactInt(int64(p.Share))).Round(1, r)
		return Money(q), err
	case ByReimbursementRatio:
		// fen = P·v·ratio ÷ 10²² (exact in big: up to ~190 bits)
		n := new(big.Int).Mul(bi(int64(p.Points)), bi(int64(v)))
		n.Mul(n, bi(int64(ratio)))
		q, err := quoRound(n, new(big.Int).Mul(bi(1e14), bi(FactorUnit)), r)
		return Money(q), err
	case FundOnly, FixedRate:
		return Amount(p.Points, v, r)
	}
	return 0, ErrInvalidArgument
}

// Band is PV-5's optional point-value band around the budget point value.
type Band struct {
	Budget         PointValue // PV_budget
	Down           Factor     // BandDown: the floor is Budget × (1 − Down)
	Up             Factor     // BandUp: the ceiling is Budget × (1 + Up)
	HasDown, HasUp bool
}

// BandResult is the settlement point value after PV-5 and the reserve flow it causes.
type BandResult struct {
	Value      PointValue // the settlement point value
	Clamped    int        // −1 held at (or toward) the floor, +1 cut to the ceiling, 0 inside
	Draw       Money      // money drawn from the reserve to hold the floor
	Return     Money      // money returned to the reserve under the ceiling
	FloorShort bool       // the reserve could not pay the whole floor
}

// ApplyBand is PV-5: the floating point value v (already rounded to scale) is
// clamped to [Budget×(1−Down), Budget×(1+Up)], bounds rounded to scale by r.
// Holding the floor costs PoolNeeded(floor) − pool, drawn from the reserve as far
// as available allows; when it does not, the value is the one pool + available
// gives, rounded down to scale, and the draw what that value needs (section 13).
// Money not spent under a ceiling returns to the reserve.
func ApplyBand(f Formula, v PointValue, b Band, p Pool, ratio Factor, available Money, scale int, r Rounding) (BandResult, error) {
	res := BandResult{Value: v}
	if !f.Floating() {
		return res, ErrInvalidArgument
	}
	floorV, ceilV, err := b.Bounds(scale, r)
	if err != nil {
		return res, err
	}
	if b.HasDown {
		if v < floorV {
			need, err := PoolNeeded(f, floorV, p, ratio, r)
			if err != nil {
				return res, err
			}
			draw := max(need-p.Money, 0)
			if draw <= available {
				return BandResult{Value: floorV, Clamped: -1, Draw: draw}, nil
			}
			// the floor holds only as far as the reserve pays
			w, _, err := Floating(f, Pool{Money: p.Money + available, Share: p.Share, Points: p.Points}, ratio, scale, Down)
			if err != nil {
				return res, err
			}
			w = max(w, v)
			need, err = PoolNeeded(f, w, p, ratio, r)
			if err != nil {
				return res, err
			}
			draw = min(max(need-p.Money, 0), available)
			return BandResult{Value: w, Clamped: -1, Draw: draw, FloorShort: true}, nil
		}
	}
	if b.HasUp {
		if v > ceilV {
			need, err := PoolNeeded(f, ceilV, p, ratio, r)
			if err != nil {
				return res, err
			}
			return BandResult{Value: ceilV, Clamped: 1, Return: max(p.Money-need, 0)}, nil
		}
	}
	return res, nil
}

func bound(budget PointValue, k Factor, scale int, r Rounding) (PointValue, error) {
	q, err := mul64(int64(budget), int64(k)).quo(FactorUnit, ScaleUnit(scale), r)
	return PointValue(q), err
}

// Bounds returns the band's floor Budget × (1 − Down) and ceiling Budget × (1 +
// Up), each rounded to scale by r (A26); a side the band does not set is 0. A
// bound beyond int64 is ErrOverflow.
func (b Band) Bounds(scale int, r Rounding) (floor, ceil PointValue, err error) {
	if scale < 0 || scale > MaxScale || b.Down < 0 || b.Down > One || b.Up < 0 || b.Up > maxFactor-One {
		return 0, 0, ErrInvalidArgument
	}
	if b.HasDown {
		if floor, err = bound(b.Budget, One-b.Down, scale, r); err != nil {
			return 0, 0, err
		}
	}
	if b.HasUp {
		if ceil, err = bound(b.Budget, One+b.Up, scale, r); err != nil {
			return 0, 0, err
		}
	}
	return floor, ceil, nil
}

// maxFactor is the largest Factor.
const maxFactor Factor = 1<<63 - 1
