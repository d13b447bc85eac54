package drg

import "github.com/dipdrg/dipdrg/pointvalue"

// PaymentStandard is DRG-9 fixed-rate mode (费率法): the payment standard of a
// case is its points × the fund's rate per point (PV-2), round_fen by r (NUM-6).
// For a normal case at coefficient 1 the points are the base points, so this is
// RW × the rate per RW unit.
func PaymentStandard(points pointvalue.Points, ratePerPoint pointvalue.PointValue, r pointvalue.Rounding) (pointvalue.Money, error) {
	return pointvalue.Amount(points, ratePerPoint, r)
}

// RatePerPoint converts a rate per RW unit (费率, yuan per RW) to yuan per point:
// one RW is 100 base points (DRG-3), so 12252.70 per RW is 122.527 per point.
// The conversion is exact; a rate beyond int64 10⁻⁸ yuan is ErrOverflow.
func RatePerPoint(perRW pointvalue.Money) (pointvalue.PointValue, error) {
	// fen ÷ 100 → yuan, ÷ 100 → per point, × 10⁸ → 10⁻⁸ yuan: fen × 10⁴.
	v, ok := mul(int64(perRW), 10_000)
	if !ok {
		return 0, pointvalue.ErrOverflow
	}
	return pointvalue.PointValue(v), nil
}
