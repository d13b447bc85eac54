package drg

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dipdrg/dipdrg/pointvalue"
)

var (
	money  = pointvalue.MustMoney
	factor = pointvalue.MustFactor
	points = pointvalue.MustPoints
)

// Test groups (indexes are the constants below).
const (
	gA100 int32 = iota // RW 1, base 100, avg 10000.00
	gB150              // RW 1.5, base 150, no avg: reference RW × M
	gC400              // RW 4, base 400, avg 40000.00
	gU                 // RW 2, unstable
	gD                 // RW 1.000001, base 100.0001, avg 10000.00
	gE                 // RW 1.000003, base 100.0003, avg 10000.00
	gBig               // RW 1.23456789, no avg (slow path with a huge M)
)

// Hospitals: 0 → 1.2, 1 → 1, 2 → 1.5.
var testCoefs = []pointvalue.Factor{factor("1.2"), factor("1"), factor("1.5")}

func testWeights(t testing.TB) *Weights {
	t.Helper()
	w, err := NewWeights([]Group{
		{Code: "A100", Weight: factor("1"), AvgCost: money("10000"), Stable: true},
		{Code: "B150", Weight: factor("1.5"), Stable: true},
		{Code: "C400", Weight: factor("4"), AvgCost: money("40000"), Stable: true},
		{Code: "U", Weight: factor("2"), AvgCost: money("20000"), Stable: false},
		{Code: "D", Weight: factor("1.000001"), AvgCost: money("10000"), Stable: true},
		{Code: "E", Weight: factor("1.000003"), AvgCost: money("10000"), Stable: true},
		{Code: "BIG", Weight: factor("1.23456789"), Stable: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// testScorer: default params, M = 10000.00.
func testScorer(t testing.TB, edit func(*testParams)) *Scorer {
	t.Helper()
	p := defaultTestParams()
	p.RegionAvgCost = money("10000")
	if edit != nil {
		edit(&p)
	}
	s, err := newTestScorer(testWeights(t), p, testCoefs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// eq stops the test when got differs from want (go-cmp; testify/require cannot be
// built in this module: its dependencies are missing from go.sum).
func eq[T any](t *testing.T, want, got T, what ...any) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s (-want +got):\n%s", msg(what), diff)
	}
}

func msg(what []any) string {
	if len(what) > 0 {
		if f, ok := what[0].(string); ok {
			return fmt.Sprintf(f, what[1:]...)
		}
	}
	return fmt.Sprint(what...)
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func isErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("error %v, want %v", err, want)
	}
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(3, 4)) }

// testParams is a policy's drg section with the environment it is scored in, as
// the tests set them together (p.PointScale is the Env's, p.LowRatio the Params').
type testParams struct {
	Params
	Env
}

func defaultTestParams() testParams {
	return testParams{Params: DefaultParams(), Env: Env{PointScale: 4, Rounding: pointvalue.HalfUp}}
}

func newTestScorer(w *Weights, p testParams, coefs []pointvalue.Factor) (*Scorer, error) {
	return NewScorer(w, p.Params, p.Env, Hospitals(coefs))
}
