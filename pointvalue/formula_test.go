package pointvalue

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFloatingReferenceVectors: docs/rules.md section 12, V1 and V2.
func TestFloatingReferenceVectors(t *testing.T) {
	// V1 fund-only: 50,000,000.00 ÷ 100,000 points = 500.000000
	v, ok, err := Floating(FundOnly, Pool{Money: MustMoney("50000000.00"), Points: PointsFromInt(100000)}, 0, 6, HalfUp)
	if err != nil || !ok || v.String() != "500.000000" {
		t.Errorf("V1 = %v, %v, %v; want 500.000000", v, ok, err)
	}
	// V2 by-ratio: 700,000,000.00 ÷ 0.70 ÷ 10,000,000 points = 100.000000
	v, ok, err = Floating(ByReimbursementRatio, Pool{Money: MustMoney("700000000.00"), Points: PointsFromInt(10000000)}, MustFactor("0.70"), 6, HalfUp)
	if err != nil || !ok || v.String() != "100.000000" {
		t.Errorf("V2 = %v, %v, %v; want 100.000000", v, ok, err)
	}
}

func TestFloating(t *testing.T) {
	tests := []struct {
		name  string
		f     Formula
		pool  Pool
		ratio string
		scale int
		r     Rounding
		want  string // "" with ok false
		err   error
	}{
		// (9,000,000.00 + 1,000,000.00 share) ÷ 40,000 points = 250.000000
		{"with-patient-share", WithPatientShare, Pool{MustMoney("9000000"), MustMoney("1000000"), PointsFromInt(40000)}, "", 6, HalfUp, "250.000000", nil},
		// the share does not count under fund-only: 9,000,000.00 ÷ 40,000 = 225
		{"fund-only ignores share", FundOnly, Pool{MustMoney("9000000"), MustMoney("1000000"), PointsFromInt(40000)}, "", 6, HalfUp, "225.000000", nil},
		// 100.00 ÷ 3 = 33.3333333… → 33.333333
		{"thirds", FundOnly, Pool{Money: MustMoney("100"), Points: PointsFromInt(3)}, "", 6, HalfUp, "33.333333", nil},
		// 200.00 ÷ 3 = 66.6666666… → 66.666667 (half-up and half-even alike)
		{"two thirds", FundOnly, Pool{Money: MustMoney("200"), Points: PointsFromInt(3)}, "", 6, HalfEven, "66.666667", nil},
		// 0.25 ÷ 100,000 = 0.0000025: half-up 0.000003, half-even 0.000002, down 0.000002
		{"half up", FundOnly, Pool{Money: MustMoney("0.25"), Points: PointsFromInt(100000)}, "", 6, HalfUp, "0.000003", nil},
		{"half even", FundOnly, Pool{Money: MustMoney("0.25"), Points: PointsFromInt(100000)}, "", 6, HalfEven, "0.000002", nil},
		{"down", FundOnly, Pool{Money: MustMoney("0.25"), Points: PointsFromInt(100000)}, "", 6, Down, "0.000002", nil},
		// 0.15 ÷ 100,000 = 0.0000015 → 0.000002 both ways
		{"half even odd", FundOnly, Pool{Money: MustMoney("0.15"), Points: PointsFromInt(100000)}, "", 6, HalfEven, "0.000002", nil},
		// by-ratio: 100.00 ÷ 0.75 ÷ 1 = 133.3333333… → 133.333333; at scale 2: 133.33
		{"by-ratio", ByReimbursementRatio, Pool{Money: MustMoney("100"), Points: PointsFromInt(1)}, "0.75", 6, HalfUp, "133.333333", nil},
		{"by-ratio scale 2", ByReimbursementRatio, Pool{Money: MustMoney("100"), Points: PointsFromInt(1)}, "0.75", 2, HalfUp, "133.330000", nil},
		// zero points: money is an error (PV-1, section 13), no money is no value
		{"zero points", FundOnly, Pool{Money: MustMoney("1.00")}, "", 6, HalfUp, "", ErrZeroPoints},
		{"zero points share only", WithPatientShare, Pool{Share: MustMoney("5.00")}, "", 6, HalfUp, "", ErrZeroPoints},
		{"zero points by-ratio", ByReimbursementRatio, Pool{Money: MustMoney("1.00")}, "0.7", 6, HalfUp, "", ErrZeroPoints},
		{"zero points zero money", FundOnly, Pool{}, "", 6, HalfUp, "", nil},
		{"zero points zero money wps", WithPatientShare, Pool{}, "", 6, HalfUp, "", nil},
		{"negative points", FundOnly, Pool{Money: 1, Points: -1}, "", 6, HalfUp, "", ErrInvalidArgument},
		{"by-ratio zero ratio", ByReimbursementRatio, Pool{Money: 1, Points: 1}, "0", 6, HalfUp, "", ErrInvalidArgument},
		{"fixed rate does not float", FixedRate, Pool{Money: 1, Points: 1}, "", 6, HalfUp, "", ErrInvalidArgument},
		// 1,000,000.00 ÷ 0.00001 points = 10¹¹ yuan/point: the quotient fits int64
		// at 10⁻⁶ steps (10¹⁷) but not in 10⁻⁸ units (10¹⁹): ErrOverflow, not wrapped
		{"overflow", FundOnly, Pool{Money: MustMoney("1000000"), Points: MustPoints("0.00001")}, "", 6, HalfUp, "", ErrOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ratio Factor
			if tc.ratio != "" {
				ratio = MustFactor(tc.ratio)
			}
			v, ok, err := Floating(tc.f, tc.pool, ratio, tc.scale, tc.r)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v; want %v", err, tc.err)
			}
			if ok != (tc.want != "") {
				t.Fatalf("ok = %v; want %v", ok, tc.want != "")
			}
			if ok && v.String() != tc.want {
				t.Errorf("PV = %v; want %s", v, tc.want)
			}
			if !ok && v != 0 {
				t.Errorf("PV = %v without a value", v)
			}
		})
	}
}

// TestFundMoney is PV-1's F for each formula, on x = 1000.00 valued in points,
// patient share 300.00 and reimbursement ratio 0.855.
func TestFundMoney(t *testing.T) {
	tests := []struct {
		name string
		f    Formula
		x    string
		r    Rounding
		want string
		err  error
	}{
		{"with-patient-share", WithPatientShare, "1000.00", HalfUp, "700.00", nil},          // 1000 − 300
		{"fixed-rate", FixedRate, "1000.00", HalfUp, "700.00", nil},                         // 1000 − 300
		{"fund-only", FundOnly, "1000.00", HalfUp, "1000.00", nil},                          // x itself
		{"by-ratio", ByReimbursementRatio, "1000.00", HalfUp, "855.00", nil},                // 1000 × 0.855
		{"by-ratio rounds", ByReimbursementRatio, "1000.01", HalfUp, "855.01", nil},         // 855.00855 → 855.01
		{"by-ratio half", ByReimbursementRatio, "0.02", HalfEven, "0.02", nil},              // 0.0171 → 0.02
		{"by-ratio neg", ByReimbursementRatio, "-1000.01", HalfUp, "-855.01", nil},          // −855.00855 → −855.01
		{"with-patient-share clawback", WithPatientShare, "200.00", HalfUp, "-100.00", nil}, // 200 − 300
		{"unknown formula", Formula(9), "1.00", HalfUp, "", ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.f.FundMoney(MustMoney(tc.x), MustMoney("300.00"), MustFactor("0.855"), tc.r)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v; want %v", err, tc.err)
			}
			if err == nil && got.String() != tc.want {
				t.Errorf("F(%s) = %s; want %s", tc.x, got, tc.want)
			}
		})
	}
	// half a fen under by-ratio: 0.01 × 0.5 = 0.005 → half-up 0.01, half-even 0.00
	for r, want := range map[Rounding]string{HalfUp: "0.01", HalfEven: "0.00", Down: "0.00"} {
		got, err := ByReimbursementRatio.FundMoney(MustMoney("0.01"), 0, MustFactor("0.5"), r)
		if err != nil || got.String() != want {
			t.Errorf("F(0.01) by %v = %v, %v; want %s", r, got, err, want)
		}
	}
}

func TestFormulaNames(t *testing.T) {
	for _, f := range []Formula{WithPatientShare, ByReimbursementRatio, FundOnly, FixedRate} {
		g, err := ParseFormula(f.String())
		if err != nil || g != f {
			t.Errorf("ParseFormula(%q) = %v, %v", f.String(), g, err)
		}
		if f.Floating() == (f == FixedRate) {
			t.Errorf("%v.Floating() = %v", f, f.Floating())
		}
	}
	if _, err := ParseFormula("fund_only"); !errors.Is(err, ErrEnum) {
		t.Errorf("err = %v; want ErrEnum", err)
	}
	if Formula(9).String() != "formula(?)" {
		t.Error("String of an unknown formula")
	}
	var zero Formula
	if zero != WithPatientShare {
		t.Error("the zero Formula must be with-patient-share, the DRG default")
	}
	if n := WithPatientShare.Numerator(Yuan(10), Yuan(3)); n != Yuan(13) {
		t.Errorf("Numerator = %v; want 13.00", n)
	}
	if n := FundOnly.Numerator(Yuan(10), Yuan(3)); n != Yuan(10) {
		t.Errorf("Numerator = %v; want 10.00", n)
	}
}

// TestFixedRate is PV-2: a given rate per point, no floating.
func TestFixedRate(t *testing.T) {
	// Harbin's 12252.70 per RW unit = 122.527 per DRG point (1 RW = 100 points)
	rate := MustPointValue("122.527")
	// 1000 points × 122.527 = 122,527.00 gross; patient share 20,000.00 → fund 102,527.00
	got, err := hospital(FixedRate, PointsFromInt(1000), MustMoney("20000"), rate, 0, HalfUp)
	want := hospitalAmount{Gross: MustMoney("122527.00"), Fund: MustMoney("102527.00")}
	if err != nil || got != want {
		t.Errorf("Hospital = %+v, %v; want %+v", got, err, want)
	}
}

// TestBudgetPointValue is PV-3, hand-worked.
func TestBudgetPointValue(t *testing.T) {
	years := []YearTotals{ // oldest first
		{Cost: MustMoney("100000000.00"), Points: PointsFromInt(1000000)},
		{Cost: MustMoney("110000000.00"), Points: PointsFromInt(1050000)},
		{Cost: MustMoney("120000000.00"), Points: PointsFromInt(1100000)},
	}
	tests := []struct {
		name    string
		years   []YearTotals
		weights []Factor
		r       Rounding
		want    string
		err     error
	}{
		// Σ w·cost = 0.1·100,000,000 + 0.2·110,000,000 + 0.7·120,000,000
		//          = 10,000,000 + 22,000,000 + 84,000,000 = 116,000,000
		// Σ w·points = 0.1·1,000,000 + 0.2·1,050,000 + 0.7·1,100,000
		//            = 100,000 + 210,000 + 770,000 = 1,080,000
		// 116,000,000 ÷ 1,080,000 = 107.4074074… → 107.407407
		{"default weights", years, nil, HalfUp, "107.407407", nil},
		{"explicit weights", years, []Factor{MustFactor("0.1"), MustFactor("0.2"), MustFactor("0.7")}, HalfUp, "107.407407", nil},
		// two years, weights 0.3/0.7: (30,000,000 + 84,000,000) ÷ (300,000 + 770,000)
		// = 114,000,000 ÷ 1,070,000 = 11400 ÷ 107 = 106.5420560… → 106.542056
		{"two years", []YearTotals{years[0], years[2]}, []Factor{MustFactor("0.3"), MustFactor("0.7")}, HalfUp, "106.542056", nil},
		// one year, weight 1: 1.00 ÷ 400,000 points = 0.0000025 → half-up 0.000003, half-even 0.000002
		{"half up", []YearTotals{{Yuan(1), PointsFromInt(400000)}}, []Factor{One}, HalfUp, "0.000003", nil},
		{"half even", []YearTotals{{Yuan(1), PointsFromInt(400000)}}, []Factor{One}, HalfEven, "0.000002", nil},
		{"two years need weights", years[1:], nil, HalfUp, "", ErrInvalidArgument},
		{"weights length", years, []Factor{One}, HalfUp, "", ErrInvalidArgument},
		{"no years", nil, nil, HalfUp, "", ErrInvalidArgument},
		{"negative weight", years[:1], []Factor{-One}, HalfUp, "", ErrInvalidArgument},
		{"negative cost", []YearTotals{{Cost: -1, Points: 1}}, []Factor{One}, HalfUp, "", ErrInvalidArgument},
		{"zero points", []YearTotals{{Cost: Yuan(1)}}, []Factor{One}, HalfUp, "", ErrZeroPoints},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := BudgetPointValue(tc.years, tc.weights, 6, tc.r)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v; want %v", err, tc.err)
			}
			if err == nil && v.String() != tc.want {
				t.Errorf("PV_budget = %v; want %s", v, tc.want)
			}
		})
	}
}

// TestApplyBand is PV-5, each case worked to the fen. Budget 100.000000 with a
// ±10% band: floor 90.000000, ceiling 110.000000. 100,000 points throughout.
func TestApplyBand(t *testing.T) {
	band := Band{Budget: MustPointValue("100"), Down: MustFactor("0.1"), Up: MustFactor("0.1"), HasDown: true, HasUp: true}
	pts := PointsFromInt(100000)
	tests := []struct {
		name      string
		f         Formula
		pool      Pool
		ratio     string
		band      Band
		available string
		want      BandResult
		err       error
	}{
		// 8,000,000.00 ÷ 100,000 = 80 < 90: holding 90 needs 9,000,000.00, a draw of
		// 1,000,000.00 the reserve (2,000,000.00) can pay
		{"floor held", FundOnly, Pool{Money: MustMoney("8000000"), Points: pts}, "", band, "2000000",
			BandResult{Value: MustPointValue("90"), Clamped: -1, Draw: MustMoney("1000000")}, nil},
		// the reserve holds exactly the draw
		{"floor held exactly", FundOnly, Pool{Money: MustMoney("8000000"), Points: pts}, "", band, "1000000",
			BandResult{Value: MustPointValue("90"), Clamped: -1, Draw: MustMoney("1000000")}, nil},
		// reserve 333,333.33 is short: (8,000,000.00 + 333,333.33) ÷ 100,000
		// = 83.3333333 → rounded down 83.333333; it needs 8,333,333.30, a draw of
		// 333,333.30 ≤ 333,333.33 available
		{"floor short", FundOnly, Pool{Money: MustMoney("8000000"), Points: pts}, "", band, "333333.33",
			BandResult{Value: MustPointValue("83.333333"), Clamped: -1, Draw: MustMoney("333333.30"), FloorShort: true}, nil},
		// an empty reserve leaves the floating value: no draw
		{"floor empty reserve", FundOnly, Pool{Money: MustMoney("8000000"), Points: pts}, "", band, "0",
			BandResult{Value: MustPointValue("80"), Clamped: -1, FloorShort: true}, nil},
		// 12,000,000.00 ÷ 100,000 = 120 > 110: the pool needs 11,000,000.00,
		// 1,000,000.00 returns to the reserve
		{"ceiling", FundOnly, Pool{Money: MustMoney("12000000"), Points: pts}, "", band, "0",
			BandResult{Value: MustPointValue("110"), Clamped: 1, Return: MustMoney("1000000")}, nil},
		// 10,000,000.00 ÷ 100,000 = 100, inside [90, 110]: unchanged
		{"inside", FundOnly, Pool{Money: MustMoney("10000000"), Points: pts}, "", band, "5000000",
			BandResult{Value: MustPointValue("100")}, nil},
		// at the floor exactly: inside (the band is closed)
		{"at floor", FundOnly, Pool{Money: MustMoney("9000000"), Points: pts}, "", band, "5000000",
			BandResult{Value: MustPointValue("90")}, nil},
		{"at ceiling", FundOnly, Pool{Money: MustMoney("11000000"), Points: pts}, "", band, "0",
			BandResult{Value: MustPointValue("110")}, nil},
		// with-patient-share: (7,000,000.00 + 1,000,000.00) ÷ 100,000 = 80; holding 90
		// needs 90 × 100,000 − 1,000,000.00 = 8,000,000.00: draw 1,000,000.00
		{"floor with share", WithPatientShare, Pool{MustMoney("7000000"), MustMoney("1000000"), pts}, "", band, "5000000",
			BandResult{Value: MustPointValue("90"), Clamped: -1, Draw: MustMoney("1000000")}, nil},
		// by-ratio: 7,700,000.00 ÷ 0.7 ÷ 100,000 = 110 > ceiling 105 (Up 0.05);
		// 105 × 100,000 × 0.7 = 7,350,000.00 needed, 350,000.00 returns
		{"ceiling by-ratio", ByReimbursementRatio, Pool{Money: MustMoney("7700000"), Points: pts}, "0.7",
			Band{Budget: MustPointValue("100"), Up: MustFactor("0.05"), HasUp: true}, "0",
			BandResult{Value: MustPointValue("105"), Clamped: 1, Return: MustMoney("350000")}, nil},
		// bounds are rounded to the scale: 33.333333 × 1.1 = 36.6666663 → 36.666666;
		// 4,000,000.00 ÷ 100,000 = 40 is above; 36.666666 × 100,000 = 3,666,666.60
		// needed, 333,333.40 returns
		{"rounded ceiling", FundOnly, Pool{Money: MustMoney("4000000"), Points: pts}, "",
			Band{Budget: MustPointValue("33.333333"), Up: MustFactor("0.1"), HasUp: true}, "0",
			BandResult{Value: MustPointValue("36.666666"), Clamped: 1, Return: MustMoney("333333.40")}, nil},
		// no lower bound: a low value stays
		{"no floor", FundOnly, Pool{Money: MustMoney("1000000"), Points: pts}, "",
			Band{Budget: MustPointValue("100"), Up: MustFactor("0.1"), HasUp: true}, "5000000",
			BandResult{Value: MustPointValue("10")}, nil},
		{"fixed rate", FixedRate, Pool{Money: 1, Points: pts}, "", band, "0",
			BandResult{}, ErrInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ratio Factor
			if tc.ratio != "" {
				ratio = MustFactor(tc.ratio)
			}
			if tc.err != nil {
				if _, err := ApplyBand(tc.f, 1, tc.band, tc.pool, ratio, MustMoney(tc.available), 6, HalfUp); !errors.Is(err, tc.err) {
					t.Fatalf("err = %v; want %v", err, tc.err)
				}
				return
			}
			v, ok, err := Floating(tc.f, tc.pool, ratio, 6, HalfUp)
			if err != nil || !ok {
				t.Fatalf("Floating: %v, %v", ok, err)
			}
			got, err := ApplyBand(tc.f, v, tc.band, tc.pool, ratio, MustMoney(tc.available), 6, HalfUp)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("ApplyBand (-want +got):\n%s", d)
			}
			if got.Draw > MustMoney(tc.available) {
				t.Errorf("draw %v beyond the available reserve %s", got.Draw, tc.available)
			}
		})
	}
}

func TestPoolNeeded(t *testing.T) {
	p := Pool{Money: Yuan(1), Share: MustMoney("50.00"), Points: MustPoints("1000.0001")}
	// 1000.0001 × 100 = 100,000.01
	tests := []struct {
		f    Formula
		want string
	}{
		{WithPatientShare, "99950.01"},     // 100,000.01 − 50.00
		{ByReimbursementRatio, "70000.01"}, // 100,000.01 × 0.7 = 70,000.007 → 70,000.01
		{FundOnly, "100000.01"},
		{FixedRate, "100000.01"},
	}
	for _, tc := range tests {
		got, err := PoolNeeded(tc.f, MustPointValue("100"), p, MustFactor("0.7"), HalfUp)
		if err != nil || got.String() != tc.want {
			t.Errorf("PoolNeeded(%v) = %v, %v; want %s", tc.f, got, err, tc.want)
		}
	}
	if _, err := PoolNeeded(Formula(9), 1, p, One, HalfUp); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("err = %v; want ErrInvalidArgument", err)
	}
	// A65: the need is rounded once after the subtraction. 3 points × 0.005 =
	// 0.015 yuan, less 0.01 of share: 0.005 → half-even 0.00 (to the even fen);
	// rounding the gross first gave 0.02 − 0.01 = 0.01.
	tie := Pool{Share: Fen(1), Points: PointsFromInt(3)}
	if got, err := PoolNeeded(WithPatientShare, MustPointValue("0.005"), tie, 0, HalfEven); err != nil || got != 0 {
		t.Errorf("PoolNeeded half-even tie = %v, %v; want 0.00", got, err)
	}
	if got, err := PoolNeeded(WithPatientShare, MustPointValue("0.005"), tie, 0, HalfUp); err != nil || got != Fen(1) {
		t.Errorf("PoolNeeded half-up tie = %v, %v; want 0.01", got, err)
	}
}

// TestHospital is PV-4: gross = round_fen(points × PV), fund = F(gross).
func TestHospital(t *testing.T) {
	tests := []struct {
		name   string
		f      Formula
		points string
		share  string
		pv     string
		r      Rounding
		want   hospitalAmount
	}{
		// 1234.5678 × 250 = 308,641.95; minus share 50,000.00 = 258,641.95
		{"with-patient-share", WithPatientShare, "1234.5678", "50000", "250", HalfUp,
			hospitalAmount{Gross: MustMoney("308641.95"), Fund: MustMoney("258641.95")}},
		// 10 × 250 = 2,500.00 gross, share 3,000.00: fund −500.00, a clawback
		{"clawback", WithPatientShare, "10", "3000", "250", HalfUp,
			hospitalAmount{Gross: MustMoney("2500"), Fund: MustMoney("-500"), Clawback: true}},
		// share equal to gross: fund 0.00, not a clawback
		{"zero fund", WithPatientShare, "10", "2500", "250", HalfUp,
			hospitalAmount{Gross: MustMoney("2500"), Fund: 0}},
		// 1000.0001 × 100 = 100,000.01; × 0.7 = 70,000.007 → 70,000.01
		{"by-ratio", ByReimbursementRatio, "1000.0001", "99999", "100", HalfUp,
			hospitalAmount{Gross: MustMoney("100000.01"), Fund: MustMoney("70000.01")}},
		// fund-only: F(x) = x, the share plays no part
		{"fund-only", FundOnly, "0.0001", "99999", "500", HalfUp,
			hospitalAmount{Gross: MustMoney("0.05"), Fund: MustMoney("0.05")}},
		// 1 × 0.005 = half a fen: half-up 0.01, half-even 0.00
		{"half up", FundOnly, "1", "0", "0.005", HalfUp, hospitalAmount{Gross: Fen(1), Fund: Fen(1)}},
		{"half even", FundOnly, "1", "0", "0.005", HalfEven, hospitalAmount{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := hospital(tc.f, MustPoints(tc.points), MustMoney(tc.share), MustPointValue(tc.pv), MustFactor("0.7"), tc.r)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Hospital (-want +got):\n%s", d)
			}
		})
	}
	if _, err := hospital(FundOnly, MustPoints("100000000"), 0, MustPointValue("1000000000"), 0, HalfUp); !errors.Is(err, ErrOverflow) {
		t.Errorf("err = %v; want ErrOverflow", err)
	}
	if _, err := hospital(Formula(9), 1, 0, 1, 0, HalfUp); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("err = %v; want ErrInvalidArgument", err)
	}
}

// TestScaleOutOfRange: a scale beyond 0 … 8 is an error, not a panic.
func TestScaleOutOfRange(t *testing.T) {
	p := Pool{Money: Yuan(1), Points: PointsFromInt(1)}
	for _, s := range []int{-1, 9} {
		if _, _, err := Floating(FundOnly, p, 0, s, HalfUp); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("Floating(scale %d) err = %v", s, err)
		}
		if _, err := BudgetPointValue([]YearTotals{{Yuan(1), PointsFromInt(1)}}, []Factor{One}, s, HalfUp); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("BudgetPointValue(scale %d) err = %v", s, err)
		}
		if _, err := ApplyBand(FundOnly, 1, Band{}, p, 0, 0, s, HalfUp); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("ApplyBand(scale %d) err = %v", s, err)
		}
		if _, err := PointsFromInt(1).Mul(One, s, HalfUp); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("Points.Mul(scale %d) err = %v", s, err)
		}
	}
}

// hospitalAmount is PV-4 for one hospital row, as the engine composes it.
type hospitalAmount struct {
	Gross    Money // round_fen(points_h × PV)
	Fund     Money // F(gross) (PV-1)
	Clawback bool  // Fund < 0
}

// hospital is PV-4: gross = round_fen(points × v), fund = F(gross).
func hospital(f Formula, points Points, share Money, v PointValue, ratio Factor, r Rounding) (hospitalAmount, error) {
	g, err := Amount(points, v, r)
	if err != nil {
		return hospitalAmount{}, err
	}
	fm, err := f.FundMoney(g, share, ratio, r)
	if err != nil {
		return hospitalAmount{}, err
	}
	return hospitalAmount{Gross: g, Fund: fm, Clawback: fm < 0}, nil
}
