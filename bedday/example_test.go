package bedday_test

import (
	"fmt"

	"github.com/dipdrg/dipdrg/bedday"
	"github.com/dipdrg/dipdrg/pointvalue"
)

func Example() {
	// V9: psychiatric, tertiary, 420 yuan a day; M = 10,000 yuan; 30 days; pooled with DRG points.
	p := bedday.DefaultParams()
	env := bedday.Env{Multiplier: 100, PointScale: 4}
	daily, _ := bedday.DailyBase(pointvalue.Yuan(420), pointvalue.Yuan(10000), env)
	days := bedday.Days(pointvalue.DateOf(2025, 4, 1), pointvalue.DateOf(2025, 5, 1))
	stay, _ := p.StayPoints(daily, days, env)
	fmt.Println(daily.Format(4), days, stay.Format(4))
	// Output: 4.2000 30 126.0000
}

func ExampleParams_StayPoints() {
	// Days 1–60 × 1, 61–90 × 0.9, beyond × 0.8, 100 days at 4.2 a day:
	// 252 + 113.4 + 33.6 = 399.
	p := bedday.Params{Segments: []bedday.Segment{
		{UpTo: 60, Factor: pointvalue.One},
		{UpTo: 90, Factor: pointvalue.MustFactor("0.9")},
		{Unbounded: true, Factor: pointvalue.MustFactor("0.8")},
	}}
	stay, err := p.StayPoints(pointvalue.MustPoints("4.2"), 100, bedday.Env{Multiplier: 100, PointScale: 4})
	fmt.Println(stay.Format(4), err)
	// Output: 399.0000 <nil>
}
