package bedday

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

func pts(s string) pv.Points { return pv.MustPoints(s) }

func TestDays(t *testing.T) {
	d := func(y int, m time.Month, day int) pv.Date { return pv.DateOf(y, m, day) }
	tests := []struct {
		name             string
		admit, discharge pv.Date
		want             int
	}{
		{"same day counts 1", d(2025, 3, 1), d(2025, 3, 1), 1},
		{"one night", d(2025, 3, 1), d(2025, 3, 2), 1},
		{"30 days", d(2025, 3, 1), d(2025, 3, 31), 30},
		{"across February 2024 (leap)", d(2024, 2, 1), d(2024, 3, 1), 29},
		{"wrong order counts 1", d(2025, 3, 5), d(2025, 3, 1), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			eq(t, tc.want, Days(tc.admit, tc.discharge))
		})
	}
}

func TestDailyBase(t *testing.T) {
	tests := []struct {
		name    string
		rule    rule
		rate, m pv.Money
		want    string
		wantErr error
	}{
		// V9: 420 ÷ 10,000 × 100 = 4.2
		{"V9 drg ×100", rule{PointScale: 4, Multiplier: 100}, pv.Yuan(420), pv.Yuan(10000), "4.2", nil},
		// DIP: 420 ÷ 10,000 × 1000 = 42
		{"dip ×1000", rule{PointScale: 4, Multiplier: 1000}, pv.Yuan(420), pv.Yuan(10000), "42", nil},
		// 200 ÷ 30,000 × 100 = 0.666666… → 0.6667 half-up
		{"repeating half-up", rule{PointScale: 4, Multiplier: 100}, pv.Yuan(200), pv.Yuan(30000), "0.6667", nil},
		// … → 0.6666 down
		{"repeating down", rule{PointScale: 4, Multiplier: 100, Rounding: pv.Down}, pv.Yuan(200), pv.Yuan(30000), "0.6666", nil},
		// 0.01 ÷ 20,000 × 100 = 0.00005: half-up 0.0001, half-even 0.0000
		{"tie half-up", rule{PointScale: 4, Multiplier: 100}, pv.Fen(1), pv.Yuan(20000), "0.0001", nil},
		{"tie half-even", rule{PointScale: 4, Multiplier: 100, Rounding: pv.HalfEven}, pv.Fen(1), pv.Yuan(20000), "0", nil},
		// scale 8: 200 ÷ 30,000 × 100 = 0.66666666|6… → 0.66666667
		{"scale 8", rule{Multiplier: 100, PointScale: 8}, pv.Yuan(200), pv.Yuan(30000), "0.66666667", nil},
		{"zero M", rule{PointScale: 4, Multiplier: 100}, pv.Yuan(420), 0, "", pv.ErrRange},
		{"negative M", rule{PointScale: 4, Multiplier: 100}, pv.Yuan(420), -1, "", pv.ErrRange},
		{"negative rate", rule{PointScale: 4, Multiplier: 100}, -1, pv.Yuan(10000), "", pv.ErrNegative},
		{"zero multiplier", rule{PointScale: 4}, pv.Yuan(420), pv.Yuan(10000), "", pv.ErrPolicy},
		// 9.2e18 fen ÷ 1 fen × 1000 points does not fit
		{"overflow", rule{PointScale: 4, Multiplier: 1000}, pv.Money(1 << 62), 1, "", pv.ErrOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.rule.dailyBase(tc.rate, tc.m)
			if tc.wantErr != nil {
				errIs(t, err, tc.wantErr)
				return
			}
			noErr(t, err)
			eq(t, pts(tc.want), got)
		})
	}
}

func TestStayPoints(t *testing.T) {
	banded := []seg{{60, pv.One}, {90, pv.MustFactor("0.9")}, {0, pv.MustFactor("0.8")}}
	tests := []struct {
		name    string
		rule    rule
		daily   string
		days    int
		want    string
		wantErr error
	}{
		// V9: 4.2 × 30 = 126
		{"V9", rule{PointScale: 4, Multiplier: 100}, "4.2", 30, "126", nil},
		// DIP V9 analogue: 42 × 30 = 1260
		{"dip ×1000 daily", rule{PointScale: 4, Multiplier: 1000}, "42", 30, "1260", nil},
		// 4.2×60×1 + 4.2×30×0.9 + 4.2×10×0.8 = 252 + 113.4 + 33.6 = 399
		{"segments 100 days", rule{PointScale: 4, Multiplier: 100, Segments: banded}, "4.2", 100, "399", nil},
		// 4.2×60 + 4.2×5×0.9 = 252 + 18.9 = 270.9
		{"segments 65 days", rule{PointScale: 4, Multiplier: 100, Segments: banded}, "4.2", 65, "270.9", nil},
		// inside the first band: 4.2 × 60 = 252 (edge inclusive)
		{"segments 60 days", rule{PointScale: 4, Multiplier: 100, Segments: banded}, "4.2", 60, "252", nil},
		// day 61 is the first ×0.9 day: 252 + 3.78 = 255.78
		{"segments 61 days", rule{PointScale: 4, Multiplier: 100, Segments: banded}, "4.2", 61, "255.78", nil},
		// MaxDays 90 caps 100 days: 252 + 113.4 = 365.4
		{"max days with segments", rule{PointScale: 4, Multiplier: 100, Segments: banded, MaxDays: 90}, "4.2", 100, "365.4", nil},
		// MaxDays 20 caps 30 days: 4.2 × 20 = 84
		{"max days", rule{PointScale: 4, Multiplier: 100, MaxDays: 20}, "4.2", 30, "84", nil},
		// MaxDays above the stay does nothing: 4.2 × 30 = 126
		{"max days above stay", rule{PointScale: 4, Multiplier: 100, MaxDays: 40}, "4.2", 30, "126", nil},
		// rounding once: 1.2345 × 1 × 0.5 + 1.2345 × 1 × 0.5 = 0.61725 + 0.61725 = 1.2345;
		// rounding each segment would give 0.6173 + 0.6173 = 1.2346.
		{"rounded once", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{1, pv.MustFactor("0.5")}, {0, pv.MustFactor("0.5")}}}, "1.2345", 2, "1.2345", nil},
		// 0.61725 alone: half-up 0.6173, half-even 0.6172, down 0.6172
		{"half-up", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{0, pv.MustFactor("0.5")}}}, "1.2345", 1, "0.6173", nil},
		{"half-even", rule{PointScale: 4, Multiplier: 100, Rounding: pv.HalfEven, Segments: []seg{{0, pv.MustFactor("0.5")}}}, "1.2345", 1, "0.6172", nil},
		{"down", rule{PointScale: 4, Multiplier: 100, Rounding: pv.Down, Segments: []seg{{0, pv.MustFactor("0.5")}}}, "1.2345", 1, "0.6172", nil},
		// scale 8 keeps 0.61725 as is
		{"scale 8", rule{Multiplier: 100, PointScale: 8, Segments: []seg{{0, pv.MustFactor("0.5")}}}, "1.2345", 1, "0.61725", nil},
		{"zero days", rule{PointScale: 4, Multiplier: 100}, "4.2", 0, "0", nil},
		{"negative days", rule{PointScale: 4, Multiplier: 100}, "4.2", -1, "", pv.ErrNegative},
		{"negative daily", rule{PointScale: 4, Multiplier: 100}, "-4.2", 1, "", pv.ErrNegative},
		{"open segment not last", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{0, pv.One}, {10, pv.One}}}, "4.2", 30, "", pv.ErrPolicy},
		{"last not open", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{10, pv.One}}}, "4.2", 30, "", pv.ErrPolicy},
		{"not increasing", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{10, pv.One}, {10, pv.One}, {0, pv.One}}}, "4.2", 5, "", pv.ErrPolicy},
		{"negative factor", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{0, -1}}}, "4.2", 5, "", pv.ErrPolicy},
		{"bad scale", rule{Multiplier: 100, PointScale: 9}, "4.2", 5, "", pv.ErrPolicy},
		// 9e10 points × 200,000,000 days does not fit in int64 1e-8 units
		{"overflow", rule{PointScale: 4, Multiplier: 100}, "90000000000", 200000000, "", pv.ErrOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.rule.stayPoints(pts(tc.daily), tc.days)
			if tc.wantErr != nil {
				errIs(t, err, tc.wantErr)
				return
			}
			noErr(t, err)
			eq(t, pts(tc.want), got)
		})
	}
}

func TestV9EndToEnd(t *testing.T) {
	// V9: 420/day, M 10,000, 30 days → daily 4.2000, stay 126.0000.
	r := rule{PointScale: 4, Multiplier: 100}
	noErr(t, r.validate())
	daily, err := r.dailyBase(pv.Yuan(420), pv.Yuan(10000))
	noErr(t, err)
	eq(t, "4.2000", daily.Format(4))
	stay, err := r.stayPoints(daily, Days(pv.DateOf(2025, 1, 1), pv.DateOf(2025, 1, 31)))
	noErr(t, err)
	eq(t, "126.0000", stay.Format(4))
}

func TestValidate(t *testing.T) {
	ok := []seg{{60, pv.One}, {90, pv.MustFactor("0.9")}, {0, pv.MustFactor("0.8")}}
	tests := []struct {
		name string
		rule rule
		ok   bool
	}{
		{"default segments", rule{PointScale: 4, Multiplier: 100}, true},
		{"banded", rule{Multiplier: 1000, Segments: ok, MaxDays: 180, PointScale: 8}, true},
		{"zero factor allowed", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{10, pv.One}, {0, 0}}}, true},
		{"zero multiplier", rule{PointScale: 4}, false},
		{"negative multiplier", rule{PointScale: 4, Multiplier: -100}, false},
		{"scale 9", rule{Multiplier: 100, PointScale: 9}, false},
		{"scale -1", rule{Multiplier: 100, PointScale: -1}, false},
		{"negative max days", rule{PointScale: 4, Multiplier: 100, MaxDays: -1}, false},
		{"unknown rounding", rule{PointScale: 4, Multiplier: 100, Rounding: 7}, false},
		{"last bounded", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{60, pv.One}}}, false},
		{"open in the middle", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{0, pv.One}, {0, pv.One}}}, false},
		{"decreasing", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{60, pv.One}, {30, pv.One}, {0, pv.One}}}, false},
		{"negative bound", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{-5, pv.One}, {0, pv.One}}}, false},
		{"negative factor", rule{PointScale: 4, Multiplier: 100, Segments: []seg{{60, pv.One}, {0, -1}}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.rule.validate()
			if tc.ok {
				noErr(t, err)
				return
			}
			errIs(t, err, pv.ErrPolicy)
		})
	}
}

func TestStayPointsAllocs(t *testing.T) {
	r := rule{PointScale: 4, Multiplier: 100, Segments: []seg{{60, pv.One}, {90, pv.MustFactor("0.9")}, {0, pv.MustFactor("0.8")}}}
	daily := pts("4.2")
	params, env := r.split()
	var sink pv.Points
	allocs := testing.AllocsPerRun(1000, func() {
		p, err := params.StayPoints(daily, 100, env)
		if err != nil {
			t.Fatal(err)
		}
		sink += p
	})
	eq(t, 0.0, allocs)
	_ = sink
}

// reference evaluates BED-2 in shopspring/decimal: the slow path.
func reference(r *rule, daily pv.Points, days int) decimal.Decimal {
	if r.MaxDays > 0 && days > r.MaxDays {
		days = r.MaxDays
	}
	d := daily.Decimal()
	segs := r.Segments
	if len(segs) == 0 {
		segs = []seg{{0, pv.One}}
	}
	sum := decimal.Zero
	prev := 0
	for _, s := range segs {
		end := days
		if s.UpTo != 0 && s.UpTo < end {
			end = s.UpTo
		}
		if end > prev {
			sum = sum.Add(d.Mul(decimal.NewFromInt(int64(end - prev))).Mul(s.Factor.Decimal()))
		}
		prev = s.UpTo
	}
	scale := int32(r.PointScale)
	switch r.Rounding {
	case pv.HalfEven:
		return sum.RoundBank(scale)
	case pv.Down:
		return sum.Truncate(scale)
	}
	return sum.Round(scale)
}

func FuzzStayPoints(f *testing.F) {
	f.Add(int64(420000000), 30, 0, int64(0), 0, int64(0), int64(100000000), 0, 4, uint8(0))
	f.Add(int64(420000000), 100, 60, int64(100000000), 90, int64(90000000), int64(80000000), 0, 4, uint8(0))
	f.Add(int64(123450000), 2, 1, int64(50000000), 0, int64(0), int64(50000000), 0, 4, uint8(1))
	f.Add(int64(1), 7, 3, int64(33333333), 5, int64(66666667), int64(12345678), 6, 2, uint8(2))
	f.Add(int64(9e17), 1000000, 0, int64(0), 0, int64(0), int64(1e10), 0, 8, uint8(0))
	f.Add(int64(-5), -3, -1, int64(-1), 0, int64(0), int64(-7), -2, 9, uint8(9))
	f.Fuzz(func(t *testing.T, daily int64, days, up1 int, f1 int64, up2 int, f2, f3 int64, maxDays, scale int, rnd uint8) {
		// Build up to three segments; zero bounds drop the bounded ones.
		var segs []seg
		if up1 != 0 {
			segs = append(segs, seg{up1, pv.Factor(f1)})
		}
		if up2 != 0 {
			segs = append(segs, seg{up2, pv.Factor(f2)})
		}
		if len(segs) > 0 || f3 != int64(pv.One) {
			segs = append(segs, seg{0, pv.Factor(f3)})
		}
		r := rule{Segments: segs, MaxDays: maxDays, Multiplier: 100, PointScale: scale, Rounding: pv.Rounding(rnd)}
		got, err := r.stayPoints(pv.Points(daily), days)
		if verr := r.validate(); verr != nil {
			if !errors.Is(err, pv.ErrPolicy) {
				t.Fatalf("invalid rule %v (%v) but StayPoints err %v", r, verr, err)
			}
			return
		}
		if daily < 0 || days < 0 {
			if !errors.Is(err, pv.ErrNegative) {
				t.Fatalf("negative input: err %v", err)
			}
			return
		}
		want := reference(&r, pv.Points(daily), days)
		wantUnits := want.Shift(pv.MaxScale)
		fits := wantUnits.Abs().LessThan(decimal.New(1, 18)) // |want| < 1e10 points: no intermediate can pass 2^127
		if err != nil {
			if !errors.Is(err, pv.ErrOverflow) || fits {
				t.Fatalf("StayPoints(%v, %d, %+v) error %v; reference %s", pv.Points(daily), days, r, err, want)
			}
			return
		}
		if !want.Equal(got.Decimal()) {
			t.Fatalf("StayPoints(%v, %d, %+v) = %s; reference %s", pv.Points(daily), days, r, got.Decimal(), want)
		}
	})
}
