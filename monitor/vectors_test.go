package monitor

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
)

// settleFiles reads and settles a year's files, the settlement-list columns read.
func settleFiles(t testing.TB, f files.Files) (*budget.Result, budget.Input) {
	t.Helper()
	in, _, err := files.Read(f, files.Options{Monitoring: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := budget.Settle(context.Background(), in, budget.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res, in
}

// sampleFiles are the files of a test year of examples/settle/testdata.
func sampleFiles(name string) files.Files {
	dir := filepath.Join("..", "examples", "settle", "testdata", name)
	return files.Files{Policy: filepath.Join(dir, "policy.json"), Hospitals: filepath.Join(dir, "hospitals.csv"),
		Cases: filepath.Join(dir, "cases.csv"), Weights: filepath.Join(dir, "weights.csv")}
}

// synthFiles writes a generated year and returns its files.
func synthFiles(t testing.TB, opt synth.Options) files.Files {
	t.Helper()
	b, err := synth.Generate(opt)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := b.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	return files.Dir(dir)
}

func written(t testing.TB, rep *Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteRows(&b, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteAlerts(&b, rep); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestExactPathAgrees: the exact sums (math/big) give every figure the
// fixed-point spans give, on the vectors and on generated years of both methods.
func TestExactPathAgrees(t *testing.T) {
	years := map[string]files.Files{"vectors": sampleFiles("monitoring"),
		"drg": synthFiles(t, synth.Options{Seed: 4, Cases: 20000, Method: synth.DRG}),
		"dip": synthFiles(t, synth.Options{Seed: 4, Cases: 20000, Method: synth.DIP})}
	for name, f := range years {
		t.Run(name, func(t *testing.T) {
			res, in := settleFiles(t, f)
			fast, err := Measure(res, in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if fast.Exact {
				t.Log("the spans needed the exact path")
			}
			forceExact = true
			defer func() { forceExact = false }()
			slow, err := Measure(res, in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !slow.Exact {
				t.Fatal("forceExact did not take the exact path")
			}
			if a, b := written(t, fast), written(t, slow); !bytes.Equal(a, b) {
				t.Errorf("exact path differs from the spans' (%d vs %d bytes)", len(a), len(b))
			}
			if fast.NumRows() < 20 {
				t.Errorf("only %d rows", fast.NumRows())
			}
		})
	}
}
