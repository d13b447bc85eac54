package dip

import (
	"testing"

	"github.com/dipdrg/dipdrg/param"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

func money(s string) pv.Money   { return pv.MustMoney(s) }
func factor(s string) pv.Factor { return pv.MustFactor(s) }
func pts(s string) pv.Points    { return pv.MustPoints(s) }

// Groups of the scoring tests (indexes are the constants below).
const (
	gPlain = iota // score 1000, avg 10,000.00, no level costs (the V3–V5 group)
	gLevel        // score 1000, avg 10,000.00; tertiary 12,500.00, primary 8,000.00
	gPrim         // primary group (基层病种): score 500, avg 5,000.00
	gOdd          // score 200, avg 10,000.00
)

func testGroups() []Group {
	return []Group{
		{Code: "PLAIN", Kind: Core, Diagnosis: "A01.0", Score: pv.PointsFromInt(1000), AvgCost: money("10000")},
		{Code: "LEVEL", Kind: Core, Diagnosis: "A02.0", Score: pv.PointsFromInt(1000), AvgCost: money("10000"),
			AvgCostByLevel: [param.NumLevels]pv.Money{money("12500"), 0, money("8000")}},
		{Code: "PRIM", Kind: Core, Diagnosis: "A03.0", Score: pv.PointsFromInt(500), AvgCost: money("5000"), Primary: true},
		{Code: "ODD", Kind: Core, Diagnosis: "A04.0", Score: pv.PointsFromInt(200), AvgCost: money("10000")},
	}
}

// Hospitals of the scoring tests.
const (
	hTert = iota // tertiary, coefficient 1
	hSec         // secondary, 0.9
	hPrim        // primary level, 0.8
	hOwn         // tertiary with its own coefficient 1.05
)

func testHospitals() []Hospital {
	return []Hospital{
		{Level: param.Tertiary, Coef: pv.One},
		{Level: param.Secondary, Coef: factor("0.9")},
		{Level: param.Primary, Coef: factor("0.8")},
		{Level: param.Tertiary, Coef: factor("1.05")},
	}
}

func testCatalog(t testing.TB) *Catalog {
	t.Helper()
	c, err := NewCatalog(testGroups())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testScorer(t testing.TB, p testParams) *Scorer {
	t.Helper()
	s, err := newTestScorer(testCatalog(t), p, testHospitals())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testParams is a policy's dip section with the environment it is scored in, as
// the tests set them together (p.PointScale is the Env's, p.HighRatio the Params').
type testParams struct {
	Params
	Env
}

func defaultTestParams() testParams {
	return testParams{Params: DefaultParams(), Env: Env{PointScale: 4, Rounding: pv.HalfUp}}
}

func newTestScorer(c *Catalog, p testParams, hospitals []Hospital) (*Scorer, error) {
	return NewScorer(c, p.Params, p.Env, hospitals)
}
