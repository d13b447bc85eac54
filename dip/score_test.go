package dip

import (
	"errors"
	"testing"
	"unsafe"

	"github.com/dipdrg/dipdrg/param"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

func TestScore(t *testing.T) {
	def := defaultTestParams()
	def.RegionAvgCost = money("10000")

	inclusive := def
	inclusive.Inclusive = true

	review := def
	review.HighRule = HighSpecialReview

	sev := def
	sev.SeverityCoefficients = map[string]pv.Factor{"1": factor("1.2"), "2": factor("0.8")}

	tcm := def
	tcm.TCMBonus = factor("0.1")

	primCoef := def
	primCoef.PrimaryCoefficient = factor("0.95")

	ungF := def
	ungF.UngroupedFactor = factor("0.9")

	given := FlagGiven
	grouped := RuleDIP3 | RuleDIP4 | RuleDIP5
	known := RuleDIP4 | RuleDIP5

	type want struct {
		class  Class
		points string
		flags  CaseFlags
		rules  RuleSet
	}
	tests := []struct {
		name string
		p    testParams
		c    Case
		sev  string // severity key, if any
		w    want
	}{
		// V3: ratio 25,000 ÷ 10,000 = 2.5 > 2: (2.5 − 2 + 1) × 1000 = 1500.
		{"V3 high", def, Case{Cost: money("25000"), Group: gPlain, Flags: given}, "", want{High, "1500.0000", 0, known}},
		// V4: 4,000 ÷ 10,000 = 0.4 < 0.5: 0.4 × 1000 = 400.
		{"V4 low", def, Case{Cost: money("4000"), Group: gPlain, Flags: given}, "", want{Low, "400.0000", 0, known}},
		// V5: ratio exactly 2 and exactly 0.5 are normal when strict.
		{"V5 ratio 2 strict", def, Case{Cost: money("20000"), Group: gPlain, Flags: given}, "", want{Normal, "1000.0000", 0, known}},
		{"V5 ratio 0.5 strict", def, Case{Cost: money("5000"), Group: gPlain, Flags: given}, "", want{Normal, "1000.0000", 0, known}},
		// One fen past each boundary: 20,000.01 ÷ 10,000 = 2.000001 → (1.000001) × 1000 = 1000.001;
		// 4,999.99 ÷ 10,000 = 0.499999 → 499.999.
		{"high one fen above 2", def, Case{Cost: money("20000.01"), Group: gPlain, Flags: given}, "", want{High, "1000.0010", 0, known}},
		{"low one fen below 0.5", def, Case{Cost: money("4999.99"), Group: gPlain, Flags: given}, "", want{Low, "499.9990", 0, known}},
		{"normal one fen below 2", def, Case{Cost: money("19999.99"), Group: gPlain, Flags: given}, "", want{Normal, "1000.0000", 0, known}},
		{"normal one fen above 0.5", def, Case{Cost: money("5000.01"), Group: gPlain, Flags: given}, "", want{Normal, "1000.0000", 0, known}},
		// V5 inclusive: ratio 2 is high, (2 − 2 + 1) × 1000 = 1000; ratio 0.5 is low, 0.5 × 1000 = 500.
		{"V5 ratio 2 inclusive", inclusive, Case{Cost: money("20000"), Group: gPlain, Flags: given}, "", want{High, "1000.0000", 0, known}},
		{"V5 ratio 0.5 inclusive", inclusive, Case{Cost: money("5000"), Group: gPlain, Flags: given}, "", want{Low, "500.0000", 0, known}},
		{"zero cost", def, Case{Cost: 0, Group: gPlain, Flags: given}, "", want{Low, "0.0000", 0, known}},
		// Extreme ratio 5: 50,000 ÷ 10,000 = 5 is not > 5; (5 − 2 + 1) × 1000 = 4000.
		{"ratio 5 strict no expert", def, Case{Cost: money("50000"), Group: gPlain, Flags: given}, "", want{High, "4000.0000", 0, known}},
		// 50,000.01 → 5.000001: (4.000001) × 1000 = 4000.001, flagged.
		{"ratio above 5 expert", def, Case{Cost: money("50000.01"), Group: gPlain, Flags: given}, "", want{High, "4000.0010", FlagsExpertReview, known}},
		// A64: inclusive moves the high and low bounds only: ratio exactly 5 is not extreme.
		{"ratio 5 inclusive not expert", inclusive, Case{Cost: money("50000"), Group: gPlain, Flags: given}, "", want{High, "4000.0000", 0, known}},
		// A15: a high case is scored as normal and flagged.
		{"special-review high", review, Case{Cost: money("25000"), Group: gPlain, Flags: given}, "", want{Normal, "1000.0000", FlagsSpecialReviewCandidate, known}},
		{"special-review extreme", review, Case{Cost: money("60000"), Group: gPlain, Flags: given}, "", want{Normal, "1000.0000", FlagsExpertReview | FlagsSpecialReviewCandidate, known}},
		{"special-review low unchanged", review, Case{Cost: money("4000"), Group: gPlain, Flags: given}, "", want{Low, "400.0000", 0, known}},
		// Level reference: tertiary ref 12,500: 25,000 ÷ 12,500 = 2 → normal 1000 × 1.
		{"level ref tertiary", def, Case{Cost: money("25000"), Group: gLevel, Hospital: hTert, Flags: given}, "", want{Normal, "1000.0000", 0, known}},
		// param.Secondary has no level cost → 10,000: 2.5 → 1500 × 0.9 = 1350.
		{"level ref missing → overall", def, Case{Cost: money("25000"), Group: gLevel, Hospital: hSec, Flags: given}, "", want{High, "1350.0000", 0, known}},
		// param.Primary ref 8,000: 4,000 ÷ 8,000 = 0.5 → normal, 1000 × 0.8 = 800.
		{"level ref primary", def, Case{Cost: money("4000"), Group: gLevel, Hospital: hPrim, Flags: given}, "", want{Normal, "800.0000", 0, known}},
		// Own coefficient 1.05: 1000 × 1.05 = 1050.
		{"own coefficient", def, Case{Cost: money("10000"), Group: gPlain, Hospital: hOwn, Flags: given}, "", want{Normal, "1050.0000", 0, known}},
		// A primary group ignores the hospital's 1.05: 500 × 1 = 500; with PrimaryCoefficient 0.95: 475.
		{"primary group", def, Case{Cost: money("5000"), Group: gPrim, Hospital: hOwn, Flags: given}, "", want{Normal, "500.0000", 0, known}},
		{"primary group coefficient", primCoef, Case{Cost: money("5000"), Group: gPrim, Hospital: hSec, Flags: given}, "", want{Normal, "475.0000", 0, known}},
		// Severity A 1.2 at a secondary hospital: 1000 × 0.9 × 1.2 = 1080; missing key → 1: 900.
		{"severity", sev, Case{Cost: money("10000"), Group: gPlain, Hospital: hSec, Flags: given}, "1", want{Normal, "1080.0000", 0, known}},
		{"severity missing", sev, Case{Cost: money("10000"), Group: gPlain, Hospital: hSec, Flags: given}, "Z", want{Normal, "900.0000", 0, known}},
		// V14: share 0.55 ≥ 0.5: 1000 × (1 + 0.1) = 1100; exactly 0.5 also; 0.49999999 not.
		{"V14 TCM", tcm, Case{Cost: money("10000"), Group: gPlain, TCMShare: factor("0.55"), Flags: given | FlagTCM}, "", want{Normal, "1100.0000", 0, known}},
		{"TCM at the minimum", tcm, Case{Cost: money("10000"), Group: gPlain, TCMShare: factor("0.5"), Flags: given | FlagTCM}, "", want{Normal, "1100.0000", 0, known}},
		{"TCM below the minimum", tcm, Case{Cost: money("10000"), Group: gPlain, TCMShare: factor("0.49999999"), Flags: given | FlagTCM}, "", want{Normal, "1000.0000", 0, known}},
		// All of DIP-4/5 together: 25,000 → 1500 × 0.9 × 0.8 (B) × 1.1 = 1188.
		{"high × level × severity × TCM", func() testParams { p := sev; p.TCMBonus = factor("0.1"); return p }(),
			Case{Cost: money("25000"), Group: gPlain, Hospital: hSec, TCMShare: pv.One, Flags: given | FlagTCM}, "2", want{High, "1188.0000", 0, known}},
		// Grouped by the engine: DIP-3 joins the rules.
		{"engine grouped", def, Case{Cost: money("10000"), Group: gPlain}, "", want{Normal, "1000.0000", 0, grouped}},
		// DIP-7: 25,000 at 0.9 → 1500 × 0.9 × 0.5 = 675.
		{"readmitted", def, Case{Cost: money("25000"), Group: gPlain, Hospital: hSec, Flags: given | FlagReadmitted}, "", want{High, "675.0000", FlagsReadmission, known | RuleDIP7}},
		{"readmit rule none ignores the mark", func() testParams { p := def; p.ReadmitRule = param.ReadmitNone; return p }(),
			Case{Cost: money("25000"), Group: gPlain, Hospital: hSec, Flags: given | FlagReadmitted}, "", want{High, "1350.0000", 0, known}},
		// A48, rounded once: 200 × 1.00000025 (own coefficient) = 200.00005, × 0.5 = 100.000025 → 100.0000
		// (rounding 200.00005 first would give 200.0001 × 0.5 = 100.00005 → 100.0001).
		{"readmission rounded once", def, Case{Cost: money("10000"), Group: gOdd, Hospital: 4, Flags: given | FlagReadmitted}, "", want{Normal, "100.0000", FlagsReadmission, known | RuleDIP7}},
		// DIP-8 approved: its points, whatever the cost.
		{"special approved", def, Case{Cost: money("90000"), Group: gPlain, Special: pts("777.1234"), Flags: given | FlagSpecial}, "", want{Special, "777.1234", 0, RuleDIP8}},
		{"special approved engine grouped", def, Case{Cost: money("90000"), Group: gPlain, Special: pts("777.1234"), Flags: FlagSpecial}, "", want{Special, "777.1234", 0, RuleDIP3 | RuleDIP8}},
		{"special approved ungrouped", def, Case{Cost: money("90000"), Group: NoGroup, Special: pts("12"), Flags: FlagSpecial}, "", want{Special, "12.0000", 0, RuleDIP3 | RuleDIP8}},
		// Refused: scored normally (V3's 1500), flagged.
		{"special refused", def, Case{Cost: money("25000"), Group: gPlain, Special: pts("777"), Flags: given | FlagSpecial | FlagSpecialRefused}, "", want{High, "1500.0000", FlagsSpecialRefused, known | RuleDIP8}},
		// DIP-9: 12,345.67 ÷ 10,000 × 1000 = 1234.567; no level (0.9), severity or TCM factor.
		{"ungrouped", def, Case{Cost: money("12345.67"), Group: NoGroup, Hospital: hSec, TCMShare: pv.One}, "", want{Ungrouped, "1234.5670", FlagsUngrouped, RuleDIP3 | RuleDIP9}},
		// A given code not in the catalog is ungrouped (DIP-9) and unknown, as for DRG (docs/formats.md).
		{"unknown group", def, Case{Cost: money("12345.67"), Group: UnknownGroup, Flags: given}, "", want{Ungrouped, "1234.5670", FlagsUngrouped | FlagsUnknownGroup, RuleDIP9}},
		// × UngroupedFactor 0.9: 1234.567 × 0.9 = 1111.1103.
		{"ungrouped factor", ungF, Case{Cost: money("12345.67"), Group: NoGroup}, "", want{Ungrouped, "1111.1103", FlagsUngrouped, RuleDIP3 | RuleDIP9}},
		// 200 ÷ 30,000 × 1000 = 6.6666… → 6.6667 (half-up) with M 30,000.
		{"ungrouped rounding", func() testParams { p := def; p.RegionAvgCost = money("30000"); return p }(),
			Case{Cost: money("200"), Group: NoGroup}, "", want{Ungrouped, "6.6667", FlagsUngrouped, RuleDIP3 | RuleDIP9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hosp := append(testHospitals(), Hospital{Level: param.Tertiary, Coef: factor("1.00000025")})
			s, err := newTestScorer(testCatalog(t), tt.p, hosp)
			require.NoError(t, err)
			c := tt.c
			c.Severity = s.SeverityIndex(tt.sev)
			res, err := s.Score(&c)
			require.NoError(t, err)
			got := want{res.Class, res.Points.Format(4), res.Flags, res.Rules}
			if d := cmp.Diff(tt.w, got, cmp.AllowUnexported(want{})); d != "" {
				t.Errorf("(-want +got)\n%s\nflags %q rules %q", d, res.Flags, res.Rules)
			}
		})
	}
}

// TestScoreExplanation checks the explanation fields of one case of each kind.
func TestScoreExplanation(t *testing.T) {
	p := defaultTestParams()
	p.RegionAvgCost = money("10000")
	p.TCMBonus = factor("0.1")
	p.SeverityCoefficients = map[string]pv.Factor{"3": factor("1.3")}
	s := testScorer(t, p)

	// param.Secondary hospital, level group without a secondary cost: ref 10,000;
	// 25,000 → ratio 2.5 → 1500 × 0.9 × 1.3 × 1.1 = 1930.5.
	c := Case{Cost: money("25000"), Group: gLevel, Hospital: hSec, TCMShare: factor("0.6"), Severity: s.SeverityIndex("3"), Flags: FlagTCM}
	res, err := s.Score(&c)
	require.NoError(t, err)
	want := Result{Class: High, Base: pv.PointsFromInt(1000), RefCost: money("10000"), Ratio: factor("2.5"),
		Coef: factor("0.9"), Aux: factor("1.3"), TCM: factor("1.1"), Points: pts("1930.5"),
		Rules: RuleDIP3 | RuleDIP4 | RuleDIP5}
	require.Empty(t, cmp.Diff(want, res))
	require.Equal(t, "DIP-3|DIP-4|DIP-5", res.Rules.String())
	require.Equal(t, "high", res.Class.String())

	// Ratio to 4 decimals: 10,000 ÷ 12,500 = 0.8 at the tertiary level; 3,333.33 ÷ 10,000 → 0.3333.
	c = Case{Cost: money("10000"), Group: gLevel, Hospital: hTert, Flags: FlagGiven}
	res, err = s.Score(&c)
	require.NoError(t, err)
	require.Equal(t, factor("0.8"), res.Ratio)
	require.Equal(t, money("12500"), res.RefCost)
	c = Case{Cost: money("3333.33"), Group: gPlain, Flags: FlagGiven}
	res, err = s.Score(&c)
	require.NoError(t, err)
	require.Equal(t, factor("0.3333"), res.Ratio) // 0.333333 rounded once to 4 decimals

	// Ungrouped: no base, no ratio, no coefficients.
	c = Case{Cost: money("100"), Group: NoGroup, Hospital: hSec}
	res, err = s.Score(&c)
	require.NoError(t, err)
	require.Equal(t, Result{Class: Ungrouped, Points: pts("10"), Flags: FlagsUngrouped, Rules: RuleDIP3 | RuleDIP9}, res)

	// Special: its ratio is still given for explanation (90,000 ÷ 10,000 = 9), no flags.
	c = Case{Cost: money("90000"), Group: gPlain, Special: pts("5"), Flags: FlagSpecial | FlagGiven}
	res, err = s.Score(&c)
	require.NoError(t, err)
	require.Equal(t, Result{Class: Special, Base: pv.PointsFromInt(1000), RefCost: money("10000"), Ratio: factor("9"),
		Points: pts("5"), Rules: RuleDIP8}, res)
}

func TestScoreRounding(t *testing.T) {
	// M 10,000, UngroupedFactor 0.05: cost 0.01 → 0.001 × 0.05 = 0.00005; cost 0.03 → 0.00015.
	for _, tt := range []struct {
		r          pv.Rounding
		cost       string
		want4      string
		wantScale8 string
	}{
		{pv.HalfUp, "0.01", "0.0001", "0.00005000"},
		{pv.HalfEven, "0.01", "0.0000", "0.00005000"},
		{pv.Down, "0.01", "0.0000", "0.00005000"},
		{pv.HalfUp, "0.03", "0.0002", "0.00015000"},
		{pv.HalfEven, "0.03", "0.0002", "0.00015000"},
		{pv.Down, "0.03", "0.0001", "0.00015000"},
	} {
		t.Run(tt.r.String()+" "+tt.cost, func(t *testing.T) {
			p := defaultTestParams()
			p.RegionAvgCost = money("10000")
			p.UngroupedFactor = factor("0.05")
			p.Rounding = tt.r
			s := testScorer(t, p)
			c := Case{Cost: money(tt.cost), Group: NoGroup}
			res, err := s.Score(&c)
			require.NoError(t, err)
			require.Equal(t, tt.want4, res.Points.Format(4))
			p.PointScale = 8
			s = testScorer(t, p)
			res, err = s.Score(&c)
			require.NoError(t, err)
			require.Equal(t, tt.wantScale8, res.Points.Format(8))
		})
	}
}

func TestScoreErrors(t *testing.T) {
	p := defaultTestParams() // no RegionAvgCost
	s := testScorer(t, p)
	for _, tt := range []struct {
		name string
		c    Case
		want error
	}{
		{"hospital out of range", Case{Hospital: 9, Group: gPlain}, pv.ErrUnknownHospital},
		{"negative hospital", Case{Hospital: -1, Group: gPlain}, pv.ErrUnknownHospital},
		{"group out of range", Case{Group: 99}, pv.ErrInvalidArgument},
		{"group below sentinels", Case{Group: -3}, pv.ErrInvalidArgument},
		{"negative cost", Case{Group: gPlain, Cost: -1}, pv.ErrNegative},
		{"negative special", Case{Group: gPlain, Special: -1, Flags: FlagSpecial}, pv.ErrNegative},
		{"severity out of range", Case{Group: gPlain, Severity: 1}, pv.ErrInvalidArgument},
		{"negative severity", Case{Group: gPlain, Severity: -1}, pv.ErrInvalidArgument},
		{"ungrouped without M", Case{Group: NoGroup, Cost: 100}, pv.ErrPolicy},
		// 1000 × ratio 9.2e16 ≫ int64 points: an error, never a wrapped value.
		{"overflow", Case{Group: gPlain, Cost: pv.Money(1 << 62)}, pv.ErrOverflow},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Score(&tt.c)
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestNewScorerErrors(t *testing.T) {
	cat := testCatalog(t)
	mod := func(f func(*testParams)) testParams { p := defaultTestParams(); f(&p); return p }
	for _, tt := range []struct {
		name string
		p    testParams
		h    []Hospital
		want error
	}{
		{"point scale", mod(func(p *testParams) { p.PointScale = 9 }), nil, pv.ErrPolicy},
		{"score scale", mod(func(p *testParams) { p.ScoreScale = 0 }), nil, pv.ErrPolicy},
		{"high ratio", mod(func(p *testParams) { p.HighRatio = 0 }), nil, pv.ErrPolicy},
		{"low above high", mod(func(p *testParams) { p.LowRatio = factor("2.5") }), nil, pv.ErrPolicy},
		{"negative tcm bonus", mod(func(p *testParams) { p.TCMBonus = -1 }), nil, pv.ErrPolicy},
		{"tcm share min", mod(func(p *testParams) { p.TCMShareMin = factor("1.5") }), nil, pv.ErrPolicy},
		{"severity", mod(func(p *testParams) { p.SeverityCoefficients = map[string]pv.Factor{"7": -1} }), nil, pv.ErrPolicy},
		{"special share", mod(func(p *testParams) { p.SpecialMaxShare = factor("1.1") }), nil, pv.ErrPolicy},
		{"readmit days", mod(func(p *testParams) { p.ReadmitDays = -1 }), nil, pv.ErrPolicy},
		{"high rule", mod(func(p *testParams) { p.HighRule = 7 }), nil, pv.ErrPolicy},
		{"hospital level", defaultTestParams(), []Hospital{{Level: 3}}, pv.ErrInvalidArgument},
		{"hospital coef", defaultTestParams(), []Hospital{{Coef: -1}}, pv.ErrNegative},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newTestScorer(cat, tt.p, tt.h)
			require.ErrorIs(t, err, tt.want)
		})
	}
	_, err := newTestScorer(nil, defaultTestParams(), nil)
	require.True(t, errors.Is(err, pv.ErrInvalidArgument))
}

func TestCaseSize(t *testing.T) {
	// Cost, Share, Special, TCMShare 4×8 + Hospital, Group 2×4 + Severity 2 + Flags 1 = 43 → 48.
	if n := unsafe.Sizeof(Case{}); n != 48 {
		t.Fatalf("Case is %d bytes, want 48", n)
	}
}

func TestScoreAllocs(t *testing.T) {
	p := defaultTestParams()
	p.RegionAvgCost = money("10000")
	p.TCMBonus = factor("0.1")
	p.SeverityCoefficients = map[string]pv.Factor{"1": factor("1.2345")}
	s := testScorer(t, p)
	cases := []Case{
		{Cost: money("25000"), Group: gPlain, Hospital: hSec, TCMShare: pv.One, Severity: 1, Flags: FlagReadmitted | FlagTCM},
		{Cost: money("4000.37"), Group: gLevel, Hospital: hOwn, Severity: NoSeverity},
		{Cost: money("99999999.99"), Group: gPrim, Hospital: hPrim, Severity: 1},
		{Cost: money("12345.67"), Group: NoGroup, Severity: NoSeverity},
		{Cost: money("1"), Group: gPlain, Special: pts("3"), Flags: FlagSpecial, Severity: NoSeverity},
	}
	var sink pv.Points
	n := testing.AllocsPerRun(200, func() {
		for i := range cases {
			r, err := s.Score(&cases[i])
			if err != nil {
				t.Fatal(err)
			}
			sink += r.Points
		}
	})
	if n != 0 {
		t.Fatalf("Score allocates %v times per run, want 0", n)
	}
	_ = sink
}

func TestStrings(t *testing.T) {
	require.Equal(t, "expert-review|readmission|special-refused|special-review-candidate|ungrouped|unknown-group",
		(FlagsExpertReview | FlagsReadmission | FlagsSpecialRefused | FlagsSpecialReviewCandidate | FlagsUngrouped | FlagsUnknownGroup).String())
	require.Equal(t, "", CaseFlags(0).String())
	require.Equal(t, "DIP-3|DIP-4|DIP-5|DIP-7|DIP-8|DIP-9", (RuleDIP3 | RuleDIP4 | RuleDIP5 | RuleDIP7 | RuleDIP8 | RuleDIP9).String())
	require.Equal(t, "DIP-3|DIP-8", (RuleDIP8 | RuleDIP3).String())
	for c, w := range map[Class]string{Normal: "normal", High: "high", Low: "low", Ungrouped: "ungrouped", Special: "special", 9: "class(?)"} {
		require.Equal(t, w, c.String())
	}
	require.Equal(t, "surgical", Surgical.String())
	require.Equal(t, "comprehensive", Comprehensive.String())
	require.Equal(t, "secondary", param.Secondary.String())
	require.Equal(t, "special-review", HighSpecialReview.String())
	require.Equal(t, "region", defaultTestParams().SpecialScope.String())
}

func TestScoreBeyond128Bits(t *testing.T) {
	// Four 8-decimal factors: 1000 × 1.23456789 (level) × 1.23456789 (severity)
	// × (1 + 0.23456789) (TCM) × 0.12345679 (readmission) = 1000 × 1.23456789³ × 0.12345679
	// = 1000 × 1.881676372353657… × 0.12345679 = 232.3057246799356…
	// → 232.3057 at 4 decimals, 232.30572468 at 8. The fast path's denominator
	// (10³² after reduction) does not fit, so the exact math/big path runs.
	for _, tt := range []struct {
		scale int
		want  string
	}{{4, "232.3057"}, {8, "232.30572468"}} {
		p := defaultTestParams()
		p.PointScale = tt.scale
		p.TCMBonus = factor("0.23456789")
		p.ReadmitFactor = factor("0.12345679")
		p.SeverityCoefficients = map[string]pv.Factor{"7": factor("1.23456789")}
		s, err := newTestScorer(testCatalog(t), p, []Hospital{{Level: param.Tertiary, Coef: factor("1.23456789")}})
		require.NoError(t, err)
		c := Case{Cost: money("10000"), Group: gPlain, TCMShare: pv.One, Severity: s.SeverityIndex("7"), Flags: FlagReadmitted | FlagTCM}
		for _, slow := range []bool{false, true} {
			s.slowOnly = slow
			res, err := s.Score(&c)
			require.NoError(t, err)
			require.Equal(t, tt.want, res.Points.Format(tt.scale))
		}
	}
}

func TestSeverityIndex(t *testing.T) {
	p := defaultTestParams()
	p.SeverityCoefficients = map[string]pv.Factor{"2": factor("0.8"), "1": factor("1.2")}
	s := testScorer(t, p)
	// Keys sorted: A → 1, B → 2; empty or missing → NoSeverity (0).
	require.Equal(t, int16(1), s.SeverityIndex("1"))
	require.Equal(t, int16(1), s.SeverityIndex("01")) // A81: compared as integers
	require.Equal(t, int16(1), s.SeverityIndex("１"))
	require.Equal(t, int16(2), s.SeverityIndex("2"))
	require.Equal(t, NoSeverity, s.SeverityIndex("2.0"))
	require.Equal(t, NoSeverity, s.SeverityIndex("2级"))
	require.Equal(t, NoSeverity, s.SeverityIndex(""))
	require.Equal(t, NoSeverity, s.SeverityIndex("C"))
	require.Nil(t, s.Params().SeverityCoefficients)
}
