package files_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/synth"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// synthFiles writes a generated batch to a temporary directory and returns its Files.
func synthFiles(t testing.TB, opt synth.Options) files.Files {
	t.Helper()
	b, err := synth.Generate(opt)
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, b.WriteDir(dir))
	return files.Dir(dir)
}

// allOutputs writes the four output files of a result into one buffer.
func allOutputs(t testing.TB, res *budget.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, files.WriteCases(&buf, res))
	require.NoError(t, files.WriteHospitals(&buf, res))
	require.NoError(t, files.WritePools(&buf, res))
	require.NoError(t, files.WriteLedger(&buf, res.Ledger))
	return buf.Bytes()
}

// rejectsCSV is rejects.csv of a result.
func rejectsCSV(t testing.TB, res *budget.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, files.WriteRejects(&buf, res.Rejects))
	return buf.Bytes()
}

// caseResults reads a result's cases through its iterator, every string copied:
// a streamed year's cases view a window that the next window reuses.
func caseResults(t testing.TB, res *budget.Result) []budget.CaseResult {
	t.Helper()
	var out []budget.CaseResult
	for c := range res.Cases() {
		for _, s := range []*string{&c.CaseID, &c.HospitalID, &c.Group, &c.Flags, &c.Rules} {
			*s = strings.Clone(*s)
		}
		out = append(out, c)
	}
	require.NoError(t, res.CasesErr())
	return out
}

// settled is what a run gives: its outputs, rejects and cases.
type settled struct {
	res     *budget.Result
	out     []byte
	rejects []byte
	cases   []budget.CaseResult
}

// inMemory settles f with files.Settle.
func inMemory(t *testing.T, f files.Files, opt files.Options) settled {
	t.Helper()
	res, err := files.Settle(context.Background(), f, opt)
	require.NoError(t, err)
	require.Positive(t, res.NumCases())
	return settled{res: res, out: allOutputs(t, res), rejects: rejectsCSV(t, res), cases: caseResults(t, res)}
}

// streamed settles f with files.Stream under a fresh temporary directory,
// writes its outputs and reads its cases, closes it and checks that Close
// removed its runs and that its cases can no longer be read.
func streamed(t *testing.T, f files.Files, opt files.Options) settled {
	t.Helper()
	opt.TempDir = t.TempDir()
	res, err := files.Stream(context.Background(), f, opt)
	require.NoError(t, err)
	require.Zero(t, res.NumCases(), "a streamed year's cases are only read through Cases")
	s := settled{res: res, out: allOutputs(t, res), rejects: rejectsCSV(t, res), cases: caseResults(t, res)}
	require.NoError(t, res.Close())
	left, err := os.ReadDir(opt.TempDir)
	require.NoError(t, err)
	require.Empty(t, left, "Close leaves the runs behind")
	for range res.Cases() {
		t.Fatal("a case read after Close")
	}
	require.Error(t, res.CasesErr(), "reading the cases after Close")
	return s
}

// requireSame checks that a streamed run gave what the in-memory run gave: the
// four outputs and rejects.csv byte for byte, and the same cases, hospitals,
// pools, ledger and rejects as values.
func requireSame(t *testing.T, want, got settled, what string) {
	t.Helper()
	if !bytes.Equal(got.out, want.out) {
		t.Fatalf("%s: streamed outputs differ from the in-memory run", what)
	}
	require.Equal(t, string(want.rejects), string(got.rejects), "%s: rejects.csv", what)
	require.Equal(t, want.cases, got.cases, "%s: cases", what)
	require.Equal(t, want.res.Hospitals, got.res.Hospitals, "%s: hospitals", what)
	require.Equal(t, want.res.Pools, got.res.Pools, "%s: pools", what)
	require.Equal(t, want.res.Ledger, got.res.Ledger, "%s: ledger", what)
	require.Equal(t, errorTexts(want.res.Rejects), errorTexts(got.res.Rejects), "%s: rejects", what)
	require.Equal(t, want.res.RejectsDropped, got.res.RejectsDropped, "%s: rejects dropped", what)
}

func errorTexts(errs []*pointvalue.RecordError) []string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return s
}

var specialShare = regexp.MustCompile(`"special_max_share": "[0-9.]+"`)

// crossCaseYear is a synthetic year whose cross-case rules bite: the
// special-review cap is tightened to 0.1% so that approvals are refused (DRG-8,
// DIP-8), readmissions are synth's (DRG-7, DIP-7), and the records of cases.csv
// are shuffled, so that a stream's runs each span the whole id range and every
// window merges many of them.
func crossCaseYear(t *testing.T, method string, cases int, seed uint64) files.Files {
	t.Helper()
	f := synthFiles(t, synth.Options{Seed: seed, Cases: cases, Method: method})
	p, err := os.ReadFile(f.Policy)
	require.NoError(t, err)
	require.True(t, specialShare.Match(p), "no special_max_share in the synthetic policy")
	require.NoError(t, os.WriteFile(f.Policy, specialShare.ReplaceAll(p, []byte(`"special_max_share": "0.001"`)), 0o644))
	header, recs := readRecords(t, f.Cases)
	r := rand.New(rand.NewPCG(seed, 7))
	r.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	writeRecords(t, f.Cases, header, recs)
	return f
}

// readRecords splits a synthetic cases.csv (no quoted fields) into its header and records.
func readRecords(t *testing.T, name string) (header string, recs []string) {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	require.NotContains(t, string(data), `"`)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	return lines[0], lines[1:]
}

func writeRecords(t *testing.T, name, header string, recs []string) {
	t.Helper()
	require.NoError(t, os.WriteFile(name, []byte(header+"\n"+strings.Join(recs, "\n")+"\n"), 0o644))
}

// setFields returns rec with the named columns set (pairs of column, value).
func setFields(t *testing.T, header, rec string, kv ...string) string {
	t.Helper()
	cols, fields := strings.Split(header, ","), strings.Split(rec, ",")
	for i := 0; i < len(kv); i += 2 {
		k := slices.Index(cols, kv[i])
		require.GreaterOrEqual(t, k, 0, kv[i])
		fields[k] = kv[i+1]
	}
	return strings.Join(fields, ",")
}

func countFlag(cases []budget.CaseResult, flag string) int {
	n := 0
	for _, c := range cases {
		if slices.Contains(strings.Split(c.Flags, "|"), flag) {
			n++
		}
	}
	return n
}

// TestStreamEqualsInMemory: the streamed settlement writes byte for byte what
// the in-memory run writes (NUM-8), for DRG and DIP years with readmissions and
// refused special reviews, in one window and in windows small enough that the
// cases are spilled to many runs and the engine runs over many windows (the
// cross-case rules then link cases of different windows).
func TestStreamEqualsInMemory(t *testing.T) {
	for _, method := range []string{synth.DRG, synth.DIP} {
		t.Run(method, func(t *testing.T) {
			for _, tc := range []struct {
				cases   int
				windows []int
			}{
				{20000, []int{0, 1000}},
				{1500, []int{7, 64}},
			} {
				f := crossCaseYear(t, method, tc.cases, 9)
				want := inMemory(t, f, files.Options{})
				require.Len(t, want.cases, tc.cases)
				if tc.cases >= 20000 { // the year exercises the cross-case rules
					require.Positive(t, countFlag(want.cases, "readmission"), "no readmission")
					require.Positive(t, countFlag(want.cases, "special-refused"), "no refused special review")
				}
				for _, window := range tc.windows {
					got := streamed(t, f, files.Options{Window: window})
					requireSame(t, want, got, "window "+strconv.Itoa(window))
				}
			}
		})
	}
}

// badYear is crossCaseYear with bad records and duplicate case ids added:
// duplicates of one case at the end of the file and of another before it (the
// first read is kept, A29, whichever run and window it lands in), an unknown
// hospital, a discharge outside the policy year (A28), and, when readerErrors,
// records the reader rejects (an over-precise cost, a cost that is not a
// number on a duplicate id).
func badYear(t *testing.T, readerErrors bool) files.Files {
	t.Helper()
	f := crossCaseYear(t, synth.DRG, 1500, 4)
	header, recs := readRecords(t, f.Cases)
	first, last := recs[10], recs[len(recs)-1]
	bad := []string{
		setFields(t, header, recs[20], "case_id", "A-unknown-hospital", "hospital_id", "XH"),
		setFields(t, header, recs[30], "case_id", "Z-outside-year", "admit_date", "2024-12-01", "discharge_date", "2024-12-31"),
	}
	recs = append([]string{last}, recs...)                                            // last's first copy is the one kept
	recs = append(recs, first, setFields(t, header, first, "total_cost", "20000.00")) // later copies of first are rejected
	recs = append(recs[:700], append(bad, recs[700:]...)...)
	if readerErrors {
		recs = append(recs,
			setFields(t, header, recs[40], "case_id", "M-precise", "total_cost", "1.001"),
			setFields(t, header, first, "total_cost", "x"))
	}
	writeRecords(t, f.Cases, header, recs)
	return f
}

// TestStreamLenientEqualsInMemory: with bad records and duplicate ids, lenient
// streaming sets aside the same records, in the same order, and settles the
// rest to the same bytes, whatever the window.
func TestStreamLenientEqualsInMemory(t *testing.T) {
	f := badYear(t, true)
	want := inMemory(t, f, files.Options{Lenient: true})
	// 2 duplicates of first, 1 of last, the unknown hospital, the outside year, the two reader rejects
	require.Len(t, want.res.Rejects, 7)
	for _, window := range []int{0, 7, 100} {
		got := streamed(t, f, files.Options{Lenient: true, Window: window})
		requireSame(t, want, got, "window "+strconv.Itoa(window))
	}
}

// TestStreamStrictErrorsEqual: strict streaming fails with the errors the
// in-memory run gives: the reader's and the engine's together (duplicates,
// unknown hospital, outside the year, found across runs and windows; issue 14:
// the reader's errors alone hid the engine's).
func TestStreamStrictErrorsEqual(t *testing.T) {
	for _, readerErrors := range []bool{true, false} {
		f := badYear(t, readerErrors)
		_, err := files.Settle(context.Background(), f, files.Options{})
		var want *pointvalue.ErrorList
		require.ErrorAs(t, err, &want)
		if readerErrors {
			require.Len(t, want.Errors, 7) // the 2 reader errors and the 5 across records
		} else {
			require.Len(t, want.Errors, 5)
		}
		for _, window := range []int{0, 7, 100} {
			res, err := files.Stream(context.Background(), f, files.Options{Window: window, TempDir: t.TempDir()})
			require.Nil(t, res)
			var got *pointvalue.ErrorList
			require.ErrorAs(t, err, &got, "window %d", window)
			require.Equal(t, want.Error(), got.Error(), "window %d", window)
			require.Equal(t, errorTexts(want.Errors), errorTexts(got.Errors), "window %d", window)
		}
	}
}

// TestStreamFileErrorsEqual: errors of a whole cases.csv (a missing required
// column, a file that cannot be opened) fail both runs alike, lenient too.
func TestStreamFileErrorsEqual(t *testing.T) {
	f := crossCaseYear(t, synth.DRG, 50, 2)
	header, recs := readRecords(t, f.Cases)
	noShare := filepath.Join(t.TempDir(), "cases.csv")
	cols := strings.Split(header, ",")
	k := slices.Index(cols, "patient_share")
	drop := func(s string) string {
		fs := strings.Split(s, ",")
		return strings.Join(append(fs[:k:k], fs[k+1:]...), ",")
	}
	var out []string
	for _, r := range recs {
		out = append(out, drop(r))
	}
	writeRecords(t, noShare, drop(header), out)
	for _, cases := range []string{noShare, filepath.Join(t.TempDir(), "missing.csv")} {
		for _, lenient := range []bool{false, true} {
			g := f
			g.Cases = cases
			_, err1 := files.Settle(context.Background(), g, files.Options{Lenient: lenient})
			res, err2 := files.Stream(context.Background(), g, files.Options{Lenient: lenient, TempDir: t.TempDir()})
			require.Nil(t, res)
			require.Error(t, err1)
			require.Error(t, err2)
			require.Equal(t, err1.Error(), err2.Error(), "%s lenient %v", filepath.Base(cases), lenient)
		}
	}
}
