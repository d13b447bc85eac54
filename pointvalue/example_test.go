package pointvalue_test

import (
	"errors"
	"fmt"

	"github.com/dipdrg/dipdrg/pointvalue"
)

func ExampleParseMoney() {
	m, err := pointvalue.ParseMoney("12345.6")
	fmt.Println(m, m.Fen(), err)

	// NUM-1: more than 2 decimals is an error, never rounded quietly
	_, err = pointvalue.ParseMoney("12345.678")
	fmt.Println(errors.Is(err, pointvalue.ErrPrecision), err)
	// Output:
	// 12345.60 1234560 <nil>
	// true more decimals than allowed
}

func ExampleAmount() {
	// PV-2: Harbin's 12252.70 yuan per RW unit is 122.527 per DRG point
	rate := pointvalue.MustPointValue("122.527")
	gross, _ := pointvalue.Amount(pointvalue.PointsFromInt(1000), rate, pointvalue.HalfUp)
	fmt.Println(gross)

	// 1 point at 0.005 yuan is half a fen: NUM-5 rounding decides
	half := pointvalue.MustPointValue("0.005")
	up, _ := pointvalue.Amount(pointvalue.PointsFromInt(1), half, pointvalue.HalfUp)
	even, _ := pointvalue.Amount(pointvalue.PointsFromInt(1), half, pointvalue.HalfEven)
	fmt.Println(up, even)
	// Output:
	// 122527.00
	// 0.01 0.00
}

func ExampleFloating() {
	// V1, fund-only: 50,000,000.00 ÷ 100,000 points
	v, ok, err := pointvalue.Floating(pointvalue.FundOnly, pointvalue.Pool{
		Money:  pointvalue.MustMoney("50000000.00"),
		Points: pointvalue.PointsFromInt(100000),
	}, 0, 6, pointvalue.HalfUp)
	fmt.Println(v, ok, err)

	// V2, by-reimbursement-ratio: 700,000,000.00 ÷ 0.70 ÷ 10,000,000 points
	v, ok, err = pointvalue.Floating(pointvalue.ByReimbursementRatio, pointvalue.Pool{
		Money:  pointvalue.MustMoney("700000000.00"),
		Points: pointvalue.PointsFromInt(10000000),
	}, pointvalue.MustFactor("0.70"), 6, pointvalue.HalfUp)
	fmt.Println(v, ok, err)

	// money but no points
	_, ok, err = pointvalue.Floating(pointvalue.FundOnly, pointvalue.Pool{Money: pointvalue.Yuan(1)}, 0, 6, pointvalue.HalfUp)
	fmt.Println(ok, err)
	// Output:
	// 500.000000 true <nil>
	// 100.000000 true <nil>
	// false pool has money but zero points
}

func ExampleBudgetPointValue() {
	// PV-3 over three prior years, oldest first, default weights 0.1/0.2/0.7:
	// (0.1·100M + 0.2·110M + 0.7·120M) ÷ (0.1·1.00M + 0.2·1.05M + 0.7·1.10M)
	// = 116,000,000 ÷ 1,080,000 = 107.4074074…
	years := []pointvalue.YearTotals{
		{Cost: pointvalue.MustMoney("100000000"), Points: pointvalue.PointsFromInt(1000000)},
		{Cost: pointvalue.MustMoney("110000000"), Points: pointvalue.PointsFromInt(1050000)},
		{Cost: pointvalue.MustMoney("120000000"), Points: pointvalue.PointsFromInt(1100000)},
	}
	v, err := pointvalue.BudgetPointValue(years, nil, 6, pointvalue.HalfUp)
	fmt.Println(v, err)
	// Output: 107.407407 <nil>
}

func ExampleApplyBand() {
	// PV-5: budget point value 100 with a ±10% band; the pool gives 80.
	band := pointvalue.Band{
		Budget: pointvalue.MustPointValue("100"),
		Down:   pointvalue.MustFactor("0.1"), HasDown: true,
		Up: pointvalue.MustFactor("0.1"), HasUp: true,
	}
	pool := pointvalue.Pool{Money: pointvalue.MustMoney("8000000"), Points: pointvalue.PointsFromInt(100000)}
	v, _, _ := pointvalue.Floating(pointvalue.FundOnly, pool, 0, 6, pointvalue.HalfUp)

	// a reserve of 2,000,000.00 holds the floor 90: it pays 1,000,000.00
	res, _ := pointvalue.ApplyBand(pointvalue.FundOnly, v, band, pool, 0, pointvalue.MustMoney("2000000"), 6, pointvalue.HalfUp)
	fmt.Println(res.Value, res.Draw, res.FloorShort)

	// a reserve of 333,333.33 cannot: the PV is what 8,333,333.33 gives, rounded down
	res, _ = pointvalue.ApplyBand(pointvalue.FundOnly, v, band, pool, 0, pointvalue.MustMoney("333333.33"), 6, pointvalue.HalfUp)
	fmt.Println(res.Value, res.Draw, res.FloorShort)
	// Output:
	// 90.000000 1000000.00 false
	// 83.333333 333333.30 true
}

func ExampleFormula_FundMoney() {
	// PV-4 under with-patient-share: 10 points at 250 yuan is 2,500.00 gross; the
	// patients already paid 3,000.00, so the fund claws back 500.00
	gross, _ := pointvalue.Amount(pointvalue.PointsFromInt(10), pointvalue.MustPointValue("250"), pointvalue.HalfUp)
	fund, err := pointvalue.WithPatientShare.FundMoney(gross, pointvalue.MustMoney("3000"), 0, pointvalue.HalfUp)
	fmt.Println(gross, fund, fund < 0, err)
	// Output: 2500.00 -500.00 true <nil>
}

func ExampleAllocate() {
	// NUM-7 exact-share: 1.00 yuan among three equal hospitals; the left-over
	// fen goes to the first (ties to the smaller index)
	shares, err := pointvalue.Allocate(pointvalue.Yuan(1), []int64{1, 1, 1})
	fmt.Println(shares, err)
	// Output: [0.34 0.33 0.33] <nil>
}

func ExampleAccumulator() {
	// PV-7: two shards of the cases, merged, equal the whole
	var a, b pointvalue.Accumulator // zero values are ready to use
	a.Add(0, 1, pointvalue.MustPoints("150.5"), pointvalue.MustMoney("100"), pointvalue.MustMoney("1000"))
	b.Add(0, 1, pointvalue.MustPoints("49.5"), pointvalue.MustMoney("20"), pointvalue.MustMoney("300"))
	b.Add(0, 2, pointvalue.MustPoints("10"), pointvalue.MustMoney("5"), pointvalue.MustMoney("50"))
	a.Merge(&b)
	row := a.Row(0, 1)
	fmt.Println(row.Cases, row.Points, row.Share, row.Cost)
	pool, err := a.Pool(0)
	fmt.Println(pool.Cases, pool.Points, pool.Share, pool.Cost, err)
	// Output:
	// 2 200.0000 120.00 1300.00
	// 3 210.0000 125.00 1350.00 <nil>
}
