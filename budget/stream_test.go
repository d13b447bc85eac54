package budget_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// streamOutputs is allOutputs for a streamed run: cases.csv as streamed, then the rest.
func streamOutputs(t *testing.T, f budget.Files, lenient bool, budgetBytes int) ([]byte, *budget.Result) {
	t.Helper()
	var cases bytes.Buffer
	res, err := budget.SettleStream(f, lenient, &cases, budget.StreamOptions{TempDir: t.TempDir(), MemoryBudget: budgetBytes})
	if err != nil {
		t.Fatal(err)
	}
	var rest bytes.Buffer
	for _, w := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return res.WriteHospitals(b) },
		func(b *bytes.Buffer) error { return res.WritePools(b) },
		func(b *bytes.Buffer) error { return res.WriteLedger(b) },
	} {
		if err := w(&rest); err != nil {
			t.Fatal(err)
		}
	}
	return append(cases.Bytes(), rest.Bytes()...), res
}

// TestStreamEqualsInMemory: the streaming settlement, with sort buffers small
// enough to spill many runs, writes byte for byte what the in-memory run writes
// (issue 7), for DRG and DIP years with readmissions and special review.
func TestStreamEqualsInMemory(t *testing.T) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		t.Run(method, func(t *testing.T) {
			f := synthFiles(t, synth.Options{Seed: 9, Cases: 20000, Method: method})
			res, err := budget.SettleFiles(f, false)
			if err != nil {
				t.Fatal(err)
			}
			want := allOutputs(t, res)
			for _, mem := range []int{0, 64 << 10} {
				got, _ := streamOutputs(t, f, false, mem)
				if !bytes.Equal(got, want) {
					t.Fatalf("memory budget %d: streamed outputs differ from the in-memory run", mem)
				}
			}
		})
	}
}

// TestStreamLenientEqualsInMemory adds bad records and duplicate ids to a batch:
// lenient streaming sets aside the same records, in the same order, and settles
// the rest to the same bytes; strict streaming reports the same errors.
func TestStreamLenientEqualsInMemory(t *testing.T) {
	f := synthFiles(t, synth.Options{Seed: 4, Cases: 6000, Method: synth.DRG})
	data, err := os.ReadFile(f.Cases)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	// a duplicate of case 10 at the end, a case with an unknown hospital, an over-precise cost
	dup := lines[10]
	bad1 := bytes.Replace(lines[20], []byte(",H"), []byte(",XH"), 1)
	bad2 := bytes.Replace(lines[30], []byte(".")[:1], []byte(".001"), 1)
	data = append(data, dup...)
	data = append(data, bad1...)
	data = append(data, bad2...)
	f.Cases = filepath.Join(t.TempDir(), "cases.csv")
	if err := os.WriteFile(f.Cases, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := budget.SettleFiles(f, true)
	if err != nil {
		t.Fatal(err)
	}
	want := allOutputs(t, res)
	got, sres := streamOutputs(t, f, true, 32<<10)
	if !bytes.Equal(got, want) {
		t.Fatal("lenient: streamed outputs differ from the in-memory run")
	}
	if len(res.Rejects) < 3 || len(sres.Rejects) != len(res.Rejects) {
		t.Fatalf("rejects: in memory %d, streamed %d", len(res.Rejects), len(sres.Rejects))
	}
	for i := range res.Rejects {
		if res.Rejects[i].Error() != sres.Rejects[i].Error() {
			t.Errorf("reject %d: %s vs %s", i, res.Rejects[i], sres.Rejects[i])
		}
	}
	// strict: the same errors
	_, err1 := budget.SettleFiles(f, false)
	_, err2 := budget.SettleStream(f, false, &bytes.Buffer{}, budget.StreamOptions{TempDir: t.TempDir()})
	var l1, l2 *pointvalue.ErrorList
	if !errors.As(err1, &l1) || !errors.As(err2, &l2) || l1.Error() != l2.Error() {
		t.Fatalf("strict errors differ:\n%v\n---\n%v", err1, err2)
	}
}
