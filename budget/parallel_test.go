package budget_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
)

// synthFiles writes a generated batch to a temporary directory and returns its Files.
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

// allOutputs writes the four output files of a result into one buffer.
func allOutputs(t testing.TB, res *budget.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, w := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return files.WriteCases(b, res) },
		func(b *bytes.Buffer) error { return files.WriteHospitals(b, res) },
		func(b *bytes.Buffer) error { return files.WritePools(b, res) },
		func(b *bytes.Buffer) error { return files.WriteLedger(b, res.Ledger) },
	} {
		if err := w(&buf); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// TestParallelEqualsSerial: scoring and aggregating in shards across goroutines
// merges exactly (PV-7): every output byte equals the serial run's.
func TestParallelEqualsSerial(t *testing.T) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		t.Run(method, func(t *testing.T) {
			f := synthFiles(t, synth.Options{Seed: 5, Cases: 40000, Method: method})
			in, _, err := files.Read(f, files.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var want []byte
			for _, workers := range []int{1, 2, 3, 8} {
				res, err := budget.Settle(context.Background(), in, budget.Options{Workers: workers})
				if err != nil {
					t.Fatalf("workers %d: %v", workers, err)
				}
				got := allOutputs(t, res)
				if want == nil {
					want = got
					continue
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("workers %d: outputs differ from the serial run", workers)
				}
			}
		})
	}
}
