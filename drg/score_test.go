package drg

import (
	"github.com/dipdrg/dipdrg/param"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/dipdrg/dipdrg/pointvalue"
)

func TestCaseSize(t *testing.T) {
	if n := unsafe.Sizeof(Case{}); n > 48 {
		t.Fatalf("Case is %d bytes, want ≤ 48", n)
	}
}

func TestScoreClasses(t *testing.T) {
	s := testScorer(t, nil)
	const stable = "DRG-3|DRG-4|DRG-5"
	tests := []struct {
		name  string
		c     Case
		class Class
		pts   string
		ratio string
		flags string
		rules string
		coef  string
	}{
		// normal: 100 × 1.2 = 120
		{"normal", Case{Cost: money("10000"), Group: gA100}, Normal, "120", "1", "", stable, "1.2"},
		// base exactly 100 takes T = 3: ratio exactly 3 is not high → 120
		{"ratio exactly T=3 is normal", Case{Cost: money("30000"), Group: gA100}, Normal, "120", "3", "", stable, "1.2"},
		// ratio 2.5 ≤ 3 at base 100 → normal (at base 100.0001 it would be high)
		{"base 100 ratio 2.5 normal", Case{Cost: money("25000"), Group: gA100}, Normal, "120", "2.5", "", stable, "1.2"},
		// ratio 3.000001 > 3: 120 + 100 × 0.000001 = 120.0001
		{"just above T=3", Case{Cost: money("30000.01"), Group: gA100}, High, "120.0001", "3", "", stable, "1.2"},
		// ratio 3.5: 120 + 100 × 0.5 = 170
		{"high base 100", Case{Cost: money("35000"), Group: gA100}, High, "170", "3.5", "", stable, "1.2"},
		// base 100.0001 takes T = 2; ratio 2.5: 100.0001 × 1.2 + 100.0001 × 0.5
		// = 120.00012 + 50.00005 = 170.00017 → 170.0002
		{"base 100.0001 uses T=2", Case{Cost: money("25000"), Group: gD}, High, "170.0002", "2.5", "", stable, "1.2"},
		// coef 1: 100.0001 + 50.00005 = 150.00015 → 150.0002 (half-up)
		{"base 100.0001 coef 1", Case{Cost: money("25000"), Group: gD, Hospital: 1}, High, "150.0002", "2.5", "", stable, "1"},
		// base 400 takes T = 1.5: ratio exactly 1.5 → normal 400 × 1.2 = 480
		{"ratio exactly T=1.5", Case{Cost: money("60000"), Group: gC400}, Normal, "480", "1.5", "", stable, "1.2"},
		// ratio 2: 480 + 400 × 0.5 = 680
		{"high base 400", Case{Cost: money("80000"), Group: gC400}, High, "680", "2", "", stable, "1.2"},
		// no avg_cost: reference 1.5 × 10000 = 15000; ratio 1 → 150 × 1
		{"reference RW×M", Case{Cost: money("15000"), Group: gB150, Hospital: 1}, Normal, "150", "1", "", stable, "1"},
		// ratio 45000/15000 = 3 > T(150) = 2: 150 + 150 × 1 = 300
		{"high base 150 via RW×M", Case{Cost: money("45000"), Group: gB150, Hospital: 1}, High, "300", "3", "", stable, "1"},
		// ratio exactly 0.4 is not low → 120
		{"ratio exactly LowRatio", Case{Cost: money("4000"), Group: gA100}, Normal, "120", "0.4", "", stable, "1.2"},
		// ratio 0.399999: min(100, 100 × 1.2 × 0.399999 = 47.99988) → 47.9999
		{"just below LowRatio", Case{Cost: money("3999.99"), Group: gA100}, Low, "47.9999", "0.4", "", stable, "1.2"},
		// zero cost: min(100, 0) = 0
		{"low zero cost", Case{Cost: 0, Group: gA100}, Low, "0", "0", "", stable, "1.2"},
		// V7: min(100, 100 × 1.2 × 0.3 = 36) = 36
		{"V7 incomplete", Case{Cost: money("3000"), Group: gA100, Flags: FlagIncomplete}, Incomplete, "36", "0.3", "", stable, "1.2"},
		// V8: min(100, 100 × 1.2 × 0.95 = 114) = 100
		{"V8 incomplete cap", Case{Cost: money("9500"), Group: gA100, Flags: FlagIncomplete}, Incomplete, "100", "0.95", "", stable, "1.2"},
		// A10: incomplete whatever its ratio (5 > T): min(100, 600) = 100
		{"incomplete beats high", Case{Cost: money("50000"), Group: gA100, Flags: FlagIncomplete}, Incomplete, "100", "5", "", stable, "1.2"},
		// unstable: 25000 ÷ 10000 × 100 = 250, no coefficient (hospital 0 has 1.2)
		{"unstable", Case{Cost: money("25000"), Group: gU}, Unstable, "250", "1.25", "unstable", "DRG-5", "0"},
		// unstable beats incomplete
		{"unstable beats incomplete", Case{Cost: money("25000"), Group: gU, Flags: FlagIncomplete}, Unstable, "250", "1.25", "unstable", "DRG-5", "0"},
		// ungrouped: 12345.67 ÷ 10000 × 100 = 123.4567
		{"ungrouped", Case{Cost: money("12345.67"), Group: NoGroup}, Ungrouped, "123.4567", "0", "ungrouped", "DRG-5", "0"},
		// unknown code: 3333.33 ÷ 10000 × 100 = 33.3333
		{"unknown group", Case{Cost: money("3333.33"), Group: UnknownGroup}, Ungrouped, "33.3333", "0", "ungrouped|unknown-group", "DRG-5", "0"},
		// approved special: its points, only DRG-8, no flags
		{"special", Case{Cost: money("10000"), Group: gA100, Flags: FlagSpecial, Special: points("250.5")}, Special, "250.5", "1", "", "DRG-8", "0"},
		{"special beats ungrouped", Case{Cost: money("10000"), Group: UnknownGroup, Flags: FlagSpecial, Special: points("77")}, Special, "77", "0", "", "DRG-8", "0"},
		{"special beats readmission", Case{Cost: money("10000"), Group: gA100, Flags: FlagSpecial | FlagReadmitted, Special: points("80")}, Special, "80", "1", "", "DRG-8", "0"},
		// refused: scored normally (120), flagged, DRG-8 added
		{"special refused", Case{Cost: money("10000"), Group: gA100, Flags: FlagSpecial | FlagSpecialRefused, Special: points("250")}, Normal, "120", "1", "special-refused", "DRG-3|DRG-4|DRG-5|DRG-8", "1.2"},
		// V10: earlier stay 120 points × 0.5 = 60
		{"V10 readmission", Case{Cost: money("10000"), Group: gA100, Flags: FlagReadmitted}, Normal, "60", "1", "readmission", "DRG-3|DRG-4|DRG-5|DRG-7", "1.2"},
		// readmitted high: (100.0001 × 1.2 + 100.0001 × 0.5) × 0.5 = 85.000085 → 85.0001
		{"readmitted high", Case{Cost: money("25000"), Group: gD, Flags: FlagReadmitted}, High, "85.0001", "2.5", "readmission", "DRG-3|DRG-4|DRG-5|DRG-7", "1.2"},
		// readmitted ungrouped: 12345.67 ÷ 10000 × 100 × 0.5 = 61.728350 → 61.7284
		{"readmitted ungrouped", Case{Cost: money("12345.67"), Group: NoGroup, Flags: FlagReadmitted}, Ungrouped, "61.7284", "0", "readmission|ungrouped", "DRG-5|DRG-7", "0"},
		// coef 1.5 on base 100.0003: 150.00045 → 150.0005 half-up
		{"half-up", Case{Cost: money("10000"), Group: gE, Hospital: 2}, Normal, "150.0005", "1", "", stable, "1.5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			r, err := s.Score(&c)
			noErr(t, err)
			eq(t, tc.class.String(), r.Class.String())
			eq(t, points(tc.pts), r.Points, "points %s", r.Points)
			eq(t, factor(tc.ratio), r.Ratio, "ratio %s", r.Ratio)
			eq(t, tc.flags, r.Flags.String())
			eq(t, tc.rules, r.Rules.String())
			eq(t, factor(tc.coef), r.Coef)
		})
	}
}

func TestScoreBaseAndReference(t *testing.T) {
	s := testScorer(t, nil)
	tests := []struct {
		name    string
		group   int32
		base    string
		refCost string
	}{
		{"RW 1", gA100, "100", "10000"},
		{"RW 1.5 no avg: 1.5 × 10000", gB150, "150", "15000"},
		{"RW 1.000001 → 100.0001", gD, "100.0001", "10000"},
		// 1.23456789 × 100 = 123.456789 → 123.4568; reference 1.23456789 × 10000 = 12345.6789 → 12345.68
		{"RW 8 decimals", gBig, "123.4568", "12345.68"},
		{"ungrouped", NoGroup, "0", "0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Case{Cost: money("1000"), Group: tc.group, Hospital: 1}
			r, err := s.Score(&c)
			noErr(t, err)
			eq(t, points(tc.base), r.Base)
			eq(t, money(tc.refCost), r.RefCost)
		})
	}
}

func TestScoreRounding(t *testing.T) {
	// 100.0003 × 1.5 = 150.00045: half-up 150.0005, half-even 150.0004.
	// PointScale 2: base 100.0003 → 100.00; × 1.5 = 150.00.
	tests := []struct {
		name string
		edit func(*testParams)
		want string
	}{
		{"half-up", nil, "150.0005"},
		{"half-even", func(p *testParams) { p.Rounding = pointvalue.HalfEven }, "150.0004"},
		{"down", func(p *testParams) { p.Rounding = pointvalue.Down }, "150.0004"},
		{"scale 2", func(p *testParams) { p.PointScale = 2 }, "150"},
		{"scale 8", func(p *testParams) { p.PointScale = 8 }, "150.00045"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := testScorer(t, tc.edit)
			c := Case{Cost: money("10000"), Group: gE, Hospital: 2}
			r, err := s.Score(&c)
			noErr(t, err)
			eq(t, points(tc.want), r.Points, "got %s", r.Points)
		})
	}
}

// A48: the readmission factor applies to the exact points, rounded once.
func TestReadmissionRoundsOnce(t *testing.T) {
	// M = 100000.00; ungrouped cost 0.29: 0.29 ÷ 100000 × 100 = 0.00029 exact;
	// × 0.5 = 0.000145 → 0.0001. Rounding first would give 0.0003 × 0.5 → 0.0002.
	s := testScorer(t, func(p *testParams) { p.RegionAvgCost = money("100000") })
	c := Case{Cost: money("0.29"), Group: NoGroup, Flags: FlagReadmitted}
	r, err := s.Score(&c)
	noErr(t, err)
	eq(t, points("0.0001"), r.Points)
	// ReadmitRule none ignores the mark: 0.00029 → 0.0003.
	s = testScorer(t, func(p *testParams) { p.RegionAvgCost = money("100000"); p.ReadmitRule = param.ReadmitNone })
	r, err = s.Score(&c)
	noErr(t, err)
	eq(t, points("0.0003"), r.Points)
	eq(t, "ungrouped", r.Flags.String())
}

// The exact math/big path gives the numbers the rule asks for.
func TestScoreSlowPath(t *testing.T) {
	// M = 1,000,000,000.00 yuan: (w/gcd)·M = 123456789 × 10¹¹ fen overflows int64.
	s := testScorer(t, func(p *testParams) { p.RegionAvgCost = money("1000000000") })
	// reference 1.23456789 × 10⁹ = 1,234,567,890.00; cost 1,000,000,000.00:
	// ratio 0.81000000737… → normal; base 123.4568 × 1.2 = 148.14816 → 148.1482.
	c := Case{Cost: money("1000000000"), Group: gBig}
	r, err := s.Score(&c)
	noErr(t, err)
	eq(t, Normal, r.Class)
	eq(t, points("148.1482"), r.Points)
	eq(t, factor("0.81"), r.Ratio)
	// cost 100,000,000.00: ratio 0.0810000007 < 0.4 → low: 123.4568 × 1.2 × 0.081000000737…
	// = 11.99999… : 148.14816 × 100000000/1234567890 = 148.14816 × 0.0810000007371 = 12.00000107… → 12.0000
	c = Case{Cost: money("100000000"), Group: gBig, Flags: FlagReadmitted}
	r, err = s.Score(&c)
	noErr(t, err)
	eq(t, Low, r.Class)
	// × 0.5 = 6.0000005… → 6.0000
	eq(t, points("6"), r.Points)
}

func TestScoreErrors(t *testing.T) {
	s := testScorer(t, nil)
	noM := testScorer(t, func(p *testParams) { p.RegionAvgCost = 0 })
	tests := []struct {
		name string
		s    *Scorer
		c    Case
		want error
	}{
		{"negative cost", s, Case{Cost: -1, Group: gA100}, pointvalue.ErrNegative},
		{"unknown hospital", s, Case{Cost: 1, Group: gA100, Hospital: 3}, pointvalue.ErrUnknownHospital},
		{"negative hospital", s, Case{Cost: 1, Group: gA100, Hospital: -1}, pointvalue.ErrUnknownHospital},
		{"group out of range", s, Case{Cost: 1, Group: 99}, pointvalue.ErrInvalidArgument},
		{"group -3", s, Case{Cost: 1, Group: -3}, pointvalue.ErrInvalidArgument},
		{"special 5 decimals", s, Case{Cost: 1, Group: gA100, Flags: FlagSpecial, Special: points("1.00001")}, pointvalue.ErrPrecision},
		{"special negative", s, Case{Cost: 1, Group: gA100, Flags: FlagSpecial, Special: -1}, pointvalue.ErrNegative},
		{"no M: group without avg", noM, Case{Cost: 1, Group: gB150}, ErrNoRegionAvgCost},
		{"no M: ungrouped", noM, Case{Cost: 1, Group: NoGroup}, ErrNoRegionAvgCost},
		{"no M: unstable", noM, Case{Cost: 1, Group: gU}, ErrNoRegionAvgCost},
		{"overflow", s, Case{Cost: 1 << 62, Group: NoGroup}, pointvalue.ErrOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.s.Score(&tc.c)
			isErr(t, err, tc.want)
		})
	}
	// M not needed: a group with avg_cost scores without it (100 × 1.2).
	c := Case{Cost: money("10000"), Group: gA100}
	r, err := noM.Score(&c)
	noErr(t, err)
	eq(t, points("120"), r.Points)
	isErr(t, ErrNoRegionAvgCost, pointvalue.ErrPolicy)
}

func TestNewScorerErrors(t *testing.T) {
	w := testWeights(t)
	tests := []struct {
		name string
		edit func(*testParams)
	}{
		{"scale 9", func(p *testParams) { p.PointScale = 9 }},
		{"no thresholds", func(p *testParams) { p.HighThresholds = nil }},
		{"last bounded", func(p *testParams) { p.HighThresholds = p.HighThresholds[:2] }},
		{"not increasing", func(p *testParams) { p.HighThresholds[1].UpTo = p.HighThresholds[0].UpTo }},
		{"T zero", func(p *testParams) { p.HighThresholds[0].T = 0 }},
		{"negative low", func(p *testParams) { p.LowRatio = -1 }},
		{"share above 1", func(p *testParams) { p.SpecialMaxShare = factor("1.01") }},
		{"negative M", func(p *testParams) { p.RegionAvgCost = -1 }},
		{"readmit days", func(p *testParams) { p.ReadmitDays = -1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := defaultTestParams()
			p.HighThresholds = append([]Threshold(nil), p.HighThresholds...)
			tc.edit(&p)
			_, err := newTestScorer(w, p, testCoefs)
			isErr(t, err, pointvalue.ErrPolicy)
		})
	}
	_, err := newTestScorer(w, defaultTestParams(), []pointvalue.Factor{0})
	isErr(t, err, pointvalue.ErrPolicy)
	_, err = newTestScorer(nil, defaultTestParams(), nil)
	isErr(t, err, pointvalue.ErrInvalidArgument)
}

func TestScoreAllocs(t *testing.T) {
	s := testScorer(t, nil)
	cases := []Case{
		{Cost: money("10000"), Group: gA100},
		{Cost: money("35000"), Group: gD, Flags: FlagReadmitted},
		{Cost: money("3000"), Group: gB150, Flags: FlagIncomplete},
		{Cost: money("1000"), Group: gA100},
		{Cost: money("12345.67"), Group: NoGroup},
		{Cost: money("25000"), Group: gU},
		{Cost: money("1"), Group: gC400, Flags: FlagSpecial, Special: points("3")},
	}
	var sink pointvalue.Points
	n := testing.AllocsPerRun(100, func() {
		for i := range cases {
			r, err := s.Score(&cases[i])
			if err != nil {
				t.Fatal(err)
			}
			sink += r.Points
		}
	})
	if n != 0 {
		t.Fatalf("Score allocates %v times per run", n)
	}
	_ = sink
}

// Scoring a batch in any order gives the same per-hospital totals (Score is pure).
func TestScoreOrderIndependent(t *testing.T) {
	s := testScorer(t, nil)
	rng := rand.New(rand.NewPCG(1, 2))
	cases := randomCases(rng, 2000)
	totals := func(cs []Case) map[int32]pointvalue.Points {
		m := map[int32]pointvalue.Points{}
		for i := range cs {
			r, err := s.Score(&cs[i])
			noErr(t, err)
			m[cs[i].Hospital] += r.Points
		}
		return m
	}
	want := totals(cases)
	for k := 0; k < 5; k++ {
		shuffled := append([]Case(nil), cases...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		eq(t, want, totals(shuffled))
	}
}

func randomCases(rng *rand.Rand, n int) []Case {
	cases := make([]Case, n)
	for i := range cases {
		g := int32(rng.IntN(int(gBig)+2)) - 1 // NoGroup … gE
		if rng.IntN(20) == 0 {
			g = UnknownGroup
		}
		c := Case{
			Cost:     pointvalue.Money(rng.Int64N(10_000_000)),
			Hospital: int32(rng.IntN(len(testCoefs))),
			Group:    g,
		}
		if rng.IntN(10) == 0 {
			c.Flags |= FlagIncomplete
		}
		if rng.IntN(6) == 0 {
			c.Flags |= FlagReadmitted
		}
		if rng.IntN(8) == 0 {
			c.Flags |= FlagSpecial
			c.Special = pointvalue.PointsFromInt(int64(rng.IntN(500)))
			if rng.IntN(3) == 0 {
				c.Flags |= FlagSpecialRefused
			}
		}
		cases[i] = c
	}
	return cases
}
