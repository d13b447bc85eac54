package budget

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// ElasticResult is VAR-8's elastic point value of one pool.
type ElasticResult struct {
	Fixed    pointvalue.PointValue // PV_fix
	Float    pointvalue.PointValue // PV_float, when HasFloat (no increment: none)
	HasFloat bool
	Capped   bool                // float_cap held PV_float down
	Base     []pointvalue.Points // b_h = min(P_h, B_h), by row
	Gross    []pointvalue.Money  // gross_h, by row
}

// The data VAR-8 cannot settle; the engine names the policy field they concern.
var (
	// ErrElasticBaseTotal: T = ΣB × PV_fix exceeds the pool's numerator N.
	ErrElasticBaseTotal = errors.New("base total exceeds the pool")
	// ErrElasticNoBase: base_share with no base points (ΣB = 0).
	ErrElasticNoBase = errors.New("the base points sum to 0: base_share gives no fixed value")
)

// ElasticAmounts is VAR-8, the elastic point value (弹性点值法: 基准服务量固定与增量
// 服务量浮动) of a pool with formula f, its money and the patient share of its
// cases (Σshare), under the terms e. allBase are the base points of every
// hospital with a value for the fund (ΣB, whether or not it has cases); points
// and base are each row's P_h and B_h. With N the PV-1 numerator (money + Σshare;
// money ÷ ratio; money):
//
//	b_h = min(P_h, B_h), i_h = P_h − b_h
//	PV_fix = FixedValue, or round_pv(BaseShare × N ÷ ΣB)
//	T = ΣB × PV_fix (exact), at most N (else ErrElasticBaseTotal)
//	PV_float = min(FloatCap, round_pv((N − T) ÷ Σi)); none when Σi = 0
//	gross_h = round_fen(b_h × PV_fix + i_h × PV_float)
//
// each rounded once by r (point values to scale decimals). What the base unused
// and the cap hold back stays unspent: the caller's pool residual. Fixed-rate
// pools have no elastic value (ErrInvalidArgument).
func ElasticAmounts(f pointvalue.Formula, money, share pointvalue.Money, ratio pointvalue.Factor, e policy.Elastic,
	allBase, points, base []pointvalue.Points, scale int, r pointvalue.Rounding) (ElasticResult, error) {
	var res ElasticResult
	if !f.Floating() || len(points) != len(base) || scale < 0 || scale > pointvalue.MaxScale || e.HasFixedValue == e.HasBaseShare {
		return res, fmt.Errorf("budget: %w: elastic point value", pointvalue.ErrInvalidArgument)
	}
	// N in fen.
	n := new(big.Rat).SetInt64(int64(f.Numerator(money, share)))
	if f == pointvalue.ByReimbursementRatio {
		if ratio <= 0 {
			return res, fmt.Errorf("budget: %w: reimbursement ratio %s", pointvalue.ErrInvalidArgument, ratio)
		}
		n.Mul(n, big.NewRat(pointvalue.FactorUnit, int64(ratio)))
	}
	sumB := new(big.Int)
	for _, b := range allBase {
		if b < 0 {
			return res, fmt.Errorf("budget: %w: base points %s", pointvalue.ErrNegative, b)
		}
		sumB.Add(sumB, big.NewInt(int64(b)))
	}
	unit := pointvalue.ScaleUnit(scale)
	// Point values in 10⁻⁸ yuan per point are fen per point × 10⁶.
	if e.HasFixedValue {
		res.Fixed = e.FixedValue
	} else {
		if sumB.Sign() == 0 {
			return res, ErrElasticNoBase
		}
		// BaseShare × N ÷ ΣB fen per point: share·10⁻⁸ × N ÷ (ΣB·10⁻⁸) × 10⁶.
		v := new(big.Rat).Mul(n, new(big.Rat).SetFrac(big.NewInt(int64(e.BaseShare)*1_000_000), sumB))
		x, err := pointvalue.ExactRat(v).Round(unit, r)
		if err != nil {
			return res, err
		}
		res.Fixed = pointvalue.PointValue(x)
	}
	// T in fen: ΣB·10⁻⁸ × PV_fix·10⁻⁶.
	t := new(big.Rat).SetFrac(new(big.Int).Mul(sumB, big.NewInt(int64(res.Fixed))), big.NewInt(1e14))
	if t.Cmp(n) > 0 {
		return res, ErrElasticBaseTotal
	}
	res.Base = make([]pointvalue.Points, len(points))
	sumI := new(big.Int)
	for h, p := range points {
		if p < 0 || base[h] < 0 {
			return res, fmt.Errorf("budget: %w: points", pointvalue.ErrNegative)
		}
		res.Base[h] = min(p, base[h])
		sumI.Add(sumI, big.NewInt(int64(p-res.Base[h])))
	}
	if sumI.Sign() > 0 {
		// (N − T) ÷ (Σi·10⁻⁸) fen per point, × 10⁶.
		v := new(big.Rat).Sub(n, t)
		v.Mul(v, new(big.Rat).SetFrac(big.NewInt(1e14), sumI))
		x, err := pointvalue.ExactRat(v).Round(unit, r)
		if err != nil {
			return res, err
		}
		res.Float, res.HasFloat = pointvalue.PointValue(x), true
		if e.HasFloatCap && e.FloatCap < res.Float {
			res.Float, res.Capped = e.FloatCap, true
		}
	}
	res.Gross = make([]pointvalue.Money, len(points))
	for h, p := range points {
		// fen = (b·PV_fix + i·PV_float) in 10⁻⁸ point × 10⁻⁸ yuan = ÷ 10¹⁴.
		g := pointvalue.ExactInt(int64(res.Base[h])).Mul(int64(res.Fixed)).
			Add(pointvalue.ExactInt(int64(p - res.Base[h])).Mul(int64(res.Float))).Quo(1e14)
		x, err := g.Round(1, r)
		if err != nil {
			return res, err
		}
		res.Gross[h] = pointvalue.Money(x)
	}
	return res, nil
}

// ElasticCaseAmount is a case's amount in an elastic pool (VAR-8): its share of
// its hospital's gross, round_fen(points × gross_h ÷ P_h) by r; 0 when P_h = 0.
func ElasticCaseAmount(points pointvalue.Points, gross pointvalue.Money, hospitalPoints pointvalue.Points, r pointvalue.Rounding) (pointvalue.Money, error) {
	if hospitalPoints <= 0 {
		return 0, nil
	}
	x, err := pointvalue.ExactInt(int64(points)).Mul(int64(gross)).Quo(int64(hospitalPoints)).Round(1, r)
	return pointvalue.Money(x), err
}
