package files

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// blankTail is an input of some bytes followed by n newlines, made as it is
// read; Len is what is left, as a bytes.Reader's (ReadCases sizes from it).
type blankTail struct {
	head []byte
	n    int64 // newlines left
}

func (b *blankTail) Len() int { return len(b.head) + int(b.n) }

func (b *blankTail) Read(p []byte) (int, error) {
	if len(b.head) > 0 {
		k := copy(p, b.head)
		b.head = b.head[k:]
		return k, nil
	}
	if b.n == 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), b.n))
	for i := range k {
		p[i] = '\n'
	}
	b.n -= int64(k)
	return k, nil
}

// TestReadCasesSizedByCases: 20,000 cases followed by 100 Mi blank lines
// (100 MB of input, 2 MB of it cases): the columns are sized by the cases
// read, not by the file's size (ERR-4; issue 14: rows followed by 200 Mi
// blank lines ran out of memory, the batch sized from the bytes; here the
// old sizing allocated 124 MB).
func TestReadCasesSizedByCases(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MB")
	}
	var b strings.Builder
	b.WriteString("case_id,hospital_id,fund,group,admit_date,discharge_date,total_cost,patient_share\n")
	const n = 20_000
	for i := range n {
		fmt.Fprintf(&b, "C%06d,H1,employee,G1,2025-03-01,2025-03-05,100.00,10.00\n", i)
	}
	in := &blankTail{head: []byte(b.String()), n: 100 << 20}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	batch, err := ReadCases(in, "cases.csv", Options{})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Equal(t, n, batch.Len())
	// ~100 bytes of columns per case: the 20,000 cases need a few MB; the
	// estimate from the bytes (almost a million rows) is capped at 4 × 16,384.
	alloc := after.TotalAlloc - before.TotalAlloc
	require.Less(t, alloc, uint64(40<<20), "allocated %d MB reading 20,000 cases", alloc>>20)
}

// TestRecordCapQuotedLines: a quoted field spread over many short lines counts
// whole against the record cap (csvio.MaxRecordBytes): reading stops with one
// error on the line the record starts, having held about one record (issue
// 14: a 200 MB field cost 955 MB).
func TestRecordCapQuotedLines(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("case_id,hospital_id,fund,group,admit_date,discharge_date,total_cost,patient_share\n")
	b.WriteString("C1,H1,employee,G1,2025-03-01,2025-03-05,100.00,10.00\n")
	b.WriteString(`C2,"`)
	line := []byte("ab\n")
	for b.Len() < 16<<20 { // 16 MB of 3-byte lines: 5.6 million lines
		b.Write(line)
	}
	b.WriteString("\",employee,G1,2025-03-01,2025-03-05,100.00,10.00\n")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	batch, err := ReadCases(bytes.NewReader(b.Bytes()), "cases.csv", Options{})
	runtime.ReadMemStats(&after)
	require.EqualError(t, err, "cases.csv:3: : : malformed record: a record longer than 1048576 bytes")
	require.True(t, csvio.FileError(err.(*pointvalue.ErrorList).Errors[0]), "the record cap stops the whole file")
	require.Equal(t, 1, batch.Len())
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(8<<20))
}

// TestRejectsSpill: every reject of a lenient run reaches rejects.csv, however
// many, in the order of rejects.csv, while memory holds a chunk of them and the
// first DefaultErrorCap (what standard error prints); in memory and streamed
// alike. Chunks are 64 errors here (the real ones 64 Ki).
func TestRejectsSpill(t *testing.T) {
	defer func(c int) { rejectsChunk = c }(rejectsChunk)
	rejectsChunk = 64
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	// 2,000 good cases and 5,000 bad ones (4,000 bad fields over 3,000 rows,
	// 1,000 unknown hospitals found by the engine), and 200 bad hospital rows.
	var cases, hosp strings.Builder
	cases.WriteString("case_id,hospital_id,fund,group,admit_date,discharge_date,total_cost,patient_share\n")
	hosp.WriteString("hospital_id,level\nH1,tertiary\n")
	for i := range 200 {
		fmt.Fprintf(&hosp, "X%03d,fourth\n", i)
	}
	for i := range 6000 {
		switch {
		case i%3 == 0:
			fmt.Fprintf(&cases, "C%05d,H1,employee,G1,2025-03-01,2025-03-05,100.00,10.00\n", i)
		case i%6 == 1:
			fmt.Fprintf(&cases, "C%05d,H1,employee,G1,2025-03-01,2025-13-05,1.001,10.00\n", i) // two bad fields
		case i%6 == 5:
			fmt.Fprintf(&cases, "C%05d,H9,employee,G1,2025-03-01,2025-03-05,100.00,10.00\n", i) // unknown hospital
		default:
			fmt.Fprintf(&cases, "C%05d,H1,employee,G1,2025-03-01,2025-03-05,100.00,x\n", i)
		}
	}
	f := Files{
		Policy: write("policy.json", `{"region": "T", "year": 2025, "version": "1",
  "funds": {"employee": {"budget": {"method": "given", "amount": "100000.00"}, "region_avg_cost": "10000.00"}}}`),
		Hospitals: write("hospitals.csv", hosp.String()),
		Weights:   write("weights.csv", "drg_code,weight,name\nG1,1,x\n"),
		Cases:     write("cases.csv", cases.String()),
	}
	// In memory, no store: every reject in Result.Rejects (the reference).
	all, err := Settle(context.Background(), f, Options{Lenient: true})
	require.NoError(t, err)
	const total = 200 + 2000 + 1000 + 1000 + 1000 // hospitals, 2 per i%6==1 row, the x shares, unknown hospitals
	require.Len(t, all.Rejects, total)
	var want bytes.Buffer
	require.NoError(t, WriteRejects(&want, all.Rejects))

	for _, stream := range []bool{false, true} {
		spill := t.TempDir()
		rj := NewRejects(spill)
		opt := Options{Lenient: true, Rejects: rj, TempDir: t.TempDir(), Window: 500}
		settle := Settle
		if stream {
			settle = Stream
		}
		res, err := settle(context.Background(), f, opt)
		require.NoError(t, err)
		require.Len(t, res.Rejects, pointvalue.DefaultErrorCap, "the first in memory")
		require.Equal(t, total-pointvalue.DefaultErrorCap, res.RejectsDropped)
		require.Equal(t, errorTexts(all.Rejects[:pointvalue.DefaultErrorCap]), errorTexts(res.Rejects))
		require.Equal(t, total, rj.Len())
		require.LessOrEqual(t, len(rj.buf), rejectsChunk, "memory holds at most a chunk")
		require.NotEmpty(t, rj.runs, "the rest was spilled")
		var got bytes.Buffer
		require.NoError(t, rj.WriteCSV(&got))
		require.Equal(t, want.String(), got.String(), "stream %v: rejects.csv", stream)
		require.NoError(t, rj.Close())
		left, err := os.ReadDir(spill)
		require.NoError(t, err)
		require.Empty(t, left, "Close removes the spilled runs")
		res.Close()
	}
}

func errorTexts(errs []*pointvalue.RecordError) []string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return s
}
