package bedday_test

import (
	"fmt"

	"github.com/dipdrg/dipdrg/internal/bedday"
	"github.com/dipdrg/dipdrg/pointvalue"
)

func Example() {
	// V9: psychiatric, tertiary, 420 yuan a day; M = 10,000 yuan; 30 days; pooled with DRG points.
	r := bedday.Rule{PointScale: 4, Multiplier: 100}
	daily, _ := r.DailyBase(pointvalue.Yuan(420), pointvalue.Yuan(10000))
	days := bedday.Days(pointvalue.DateOf(2025, 4, 1), pointvalue.DateOf(2025, 5, 1))
	stay, _ := r.StayPoints(daily, days)
	fmt.Println(daily.Format(4), days, stay.Format(4))
	// Output: 4.2000 30 126.0000
}

func ExampleRule_StayPoints() {
	// Days 1–60 × 1, 61–90 × 0.9, beyond × 0.8, 100 days at 4.2 a day:
	// 252 + 113.4 + 33.6 = 399.
	r := bedday.Rule{PointScale: 4, Multiplier: 100, Segments: []bedday.Segment{
		{UpTo: 60, Factor: pointvalue.One},
		{UpTo: 90, Factor: pointvalue.MustFactor("0.9")},
		{UpTo: 0, Factor: pointvalue.MustFactor("0.8")},
	}}
	stay, err := r.StayPoints(pointvalue.MustPoints("4.2"), 100)
	fmt.Println(stay.Format(4), err)
	// Output: 399.0000 <nil>
}
