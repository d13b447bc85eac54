package files

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/csvio"
)

// RunFile is the name of the run record, written last (docs/formats.md).
const RunFile = "run.json"

// FailedLedgerFile is where a run whose ledger does not balance writes its
// ledger for diagnosis, leaving the previous set untouched (exit status 3).
const FailedLedgerFile = "failed-ledger.csv"

// outputMode is the mode of every output file.
const outputMode = 0o644

// lockName is the lock file an OutputSet holds while it works in a directory.
const lockName = ".dipdrg.lock"

// outputNames are the files a set may hold: a new set removes those of them it
// does not write, so that a directory with a run.json holds exactly its set.
var outputNames = []string{"hospitals.csv", "cases.csv", "pools.csv", "ledger.csv", "statements.csv",
	"rejects.csv", "cases_explained.csv", FailedLedgerFile}

// ErrLocked is the error of OpenOutputSet when another run holds the
// directory's lock.
var ErrLocked = errors.New("another run is writing this output directory (its lock is held)")

// OutputSet writes a run's outputs into a directory as a set (docs/formats.md
// "Additions"), so that a reader can tell a complete set from a stale or a
// mixed one:
//
//   - OpenOutputSet takes the directory's lock file (a second run fails with
//     ErrLocked) and removes what a killed run left (temporary files);
//   - Write writes each output to a temporary name in the directory, mode
//     0644, and syncs it: nothing of the previous set is touched yet, and a
//     run that fails here (bad input, an unbalanced ledger, a write error)
//     leaves the previous set, run.json included, as it was;
//   - Commit replaces the set: it removes the previous run.json, renames each
//     output into place (and removes the outputs of the previous set the new
//     one does not have), then writes run.json — which records every output's
//     name, size, SHA-256 and rows — last;
//   - Close removes the temporary files of an uncommitted set and releases
//     the lock.
//
// So a directory with a run.json holds exactly the set it describes, each
// file whole; one without is incomplete. No output is ever half-written under
// its own name: a file in place is one a run wrote whole and synced.
type OutputSet struct {
	dir       string
	lock      *dirLock
	staged    []stagedFile
	committed bool
}

// stagedFile is an output written to a temporary name.
type stagedFile struct {
	tmp    string
	digest OutputDigest
}

// OutputDigest is an output as run.json records it.
type OutputDigest struct {
	FileDigest
	Rows int64 `json:"rows"` // data rows: lines after the header
}

// OpenOutputSet creates dir when missing, takes its lock and removes the
// temporary files a killed run left there.
func OpenOutputSet(dir string) (*OutputSet, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	l, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	s := &OutputSet{dir: dir, lock: l}
	if err := s.removeLeftovers(); err != nil {
		l.unlock()
		return nil, err
	}
	return s, nil
}

// removeLeftovers removes the temporary files and directories of runs that
// were killed (the lock says none is running).
func (s *OutputSet) removeLeftovers() error {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, tempPrefix) || strings.HasPrefix(n, budget.StreamTempPrefix) {
			if err := os.RemoveAll(filepath.Join(s.dir, n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Dir returns the directory.
func (s *OutputSet) Dir() string { return s.dir }

// Write writes one output of the set with write, to a temporary name, and
// syncs it. name is the file's name in the directory (a base name).
func (s *OutputSet) Write(name string, write func(io.Writer) error) error {
	if s.committed {
		return fmt.Errorf("%s: the set is committed", name)
	}
	if name == RunFile || name != filepath.Base(name) || slices.ContainsFunc(s.staged, func(f stagedFile) bool { return f.digest.Name == name }) {
		return fmt.Errorf("%s: not a name for an output of this set", name)
	}
	tmp, d, err := s.writeTemp(name, write)
	if err != nil {
		return err
	}
	s.staged = append(s.staged, stagedFile{tmp: tmp, digest: d})
	return nil
}

// writeTemp writes a file to a temporary name, mode 0644, synced, and
// returns that name and the file's digest. On error nothing is left.
func (s *OutputSet) writeTemp(name string, write func(io.Writer) error) (tmp string, d OutputDigest, err error) {
	if err := fault("create " + name); err != nil {
		return "", d, err
	}
	fh, err := os.CreateTemp(s.dir, tempPrefix+name+"-*")
	if err != nil {
		return "", d, err
	}
	tmp = fh.Name()
	defer func() {
		if err != nil {
			fh.Close()
			if !errors.Is(err, errKilled) { // a killed process removes nothing
				os.Remove(tmp)
			}
		}
	}()
	if err = fh.Chmod(outputMode); err != nil {
		return tmp, d, fmt.Errorf("%s: %w", name, err)
	}
	c := &countingWriter{w: &faultWriter{w: fh, name: name}, h: sha256.New()}
	bw := bufio.NewWriterSize(c, 1<<16)
	if err = write(bw); err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = fault("sync " + name)
	}
	if err == nil && syncOutputs {
		err = fh.Sync()
	}
	if err == nil {
		err = fh.Close()
	}
	if err != nil {
		return tmp, d, fmt.Errorf("%s: %w", name, err)
	}
	d = OutputDigest{FileDigest: FileDigest{Name: name, Size: c.n, SHA256: hex.EncodeToString(c.h.Sum(nil))}, Rows: max(0, c.lines-1)}
	return tmp, d, nil
}

// Commit replaces the directory's set with the outputs written (see
// OutputSet): rec, completed with every output's digest and the end time, is
// written as run.json, last. A failure before the previous run.json is
// removed leaves the previous set as it was.
func (s *OutputSet) Commit(rec *RunRecord) error {
	if s.committed {
		return errors.New("the set is committed already")
	}
	rec.Outputs = rec.Outputs[:0]
	for _, f := range s.staged {
		rec.Outputs = append(rec.Outputs, f.digest)
	}
	if rec.Finished == "" {
		rec.Finished = time.Now().Format(time.RFC3339)
	}
	body, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	body = append(body, '\n')
	// What would stop a rename (a directory in the way) stops the run before
	// anything is replaced.
	for _, f := range append(slices.Clone(s.staged), stagedFile{digest: OutputDigest{FileDigest: FileDigest{Name: RunFile}}}) {
		if fi, err := os.Lstat(filepath.Join(s.dir, f.digest.Name)); err == nil && !fi.Mode().IsRegular() {
			return fmt.Errorf("%s: in the way: not a regular file", filepath.Join(s.dir, f.digest.Name))
		}
	}
	runTmp, _, err := s.writeTemp(RunFile, func(w io.Writer) error { _, err := w.Write(body); return err })
	if err != nil {
		return err
	}
	s.staged = append(s.staged, stagedFile{tmp: runTmp, digest: OutputDigest{FileDigest: FileDigest{Name: RunFile}}})
	s.committed = true // from here on the temporary files are renamed, not removed

	// Replacing begins by removing the previous run.json: from here until the
	// new one is in place the directory holds no complete set, and says so.
	if err := s.remove(RunFile); err != nil {
		return err
	}
	if err := s.syncDir(); err != nil {
		return err
	}
	keep := map[string]bool{RunFile: true}
	for _, f := range s.staged {
		keep[f.digest.Name] = true
	}
	for _, n := range outputNames {
		if !keep[n] {
			if err := s.remove(n); err != nil {
				return err
			}
		}
	}
	for _, f := range s.staged[:len(s.staged)-1] {
		if err := s.rename(f.tmp, f.digest.Name); err != nil {
			return err
		}
	}
	if err := s.syncDir(); err != nil {
		return err
	}
	if err := s.rename(runTmp, RunFile); err != nil {
		return err
	}
	return s.syncDir()
}

// WriteAside writes one file into the directory (temporary name, synced,
// renamed into place) without touching the set: failed-ledger.csv.
func (s *OutputSet) WriteAside(name string, write func(io.Writer) error) error {
	if name == RunFile || name != filepath.Base(name) {
		return fmt.Errorf("%s: not a name for a file aside", name)
	}
	tmp, _, err := s.writeTemp(name, write)
	if err != nil {
		return err
	}
	if err := s.rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return s.syncDir()
}

// Close removes the temporary files of the set that are not in place (all of
// them when it was not committed) and releases the lock. It is safe to call
// more than once.
func (s *OutputSet) Close() error {
	if s.lock == nil {
		return nil
	}
	var err error
	for _, f := range s.staged { // those renamed into place are gone from their temporary names
		if e := os.Remove(f.tmp); e != nil && !os.IsNotExist(e) && err == nil {
			err = e
		}
	}
	s.staged = nil
	if e := s.lock.unlock(); e != nil && err == nil {
		err = e
	}
	s.lock = nil
	return err
}

func (s *OutputSet) remove(name string) error {
	if err := fault("remove " + name); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(s.dir, name)); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}

func (s *OutputSet) rename(tmp, name string) error {
	if err := fault("rename " + name); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(s.dir, name))
}

// syncDir makes the directory's entries durable (best effort: some systems
// cannot sync a directory).
func (s *OutputSet) syncDir() error {
	if err := fault("sync dir"); err != nil {
		return err
	}
	if !syncOutputs {
		return nil
	}
	if d, err := os.Open(s.dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// countingWriter hashes what it writes and counts bytes and lines.
type countingWriter struct {
	w     io.Writer
	h     hash.Hash
	n     int64
	lines int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.h.Write(p[:n])
	c.n += int64(n)
	c.lines += int64(bytes.Count(p[:n], []byte{'\n'}))
	return n, err
}

// RunRecord is run.json (docs/formats.md): what a complete set of outputs
// was made from and holds. Commit fills in Outputs and, when empty, Finished.
type RunRecord struct {
	PolicyID        string                 `json:"policy_id"`
	Region          string                 `json:"region"`
	Year            int                    `json:"year"`
	Version         string                 `json:"version"`
	Engine          string                 `json:"engine"` // module path and version (EngineVersion)
	Started         string                 `json:"started"`
	Finished        string                 `json:"finished"`
	Mode            string                 `json:"mode"` // "strict" or "lenient"
	Stream          bool                   `json:"stream"`
	Encoding        string                 `json:"encoding"`
	Inputs          []FileDigest           `json:"inputs"`
	Outputs         []OutputDigest         `json:"outputs"`
	CasesSettled    int64                  `json:"cases_settled"`
	RecordsRejected int                    `json:"records_rejected"`
	IgnoredColumns  []budget.IgnoredColumn `json:"ignored_columns"`
	// IgnoredCells are the monitoring cells ignored (docs/monitoring.md §1): reported in
	// rejects.csv, read as empty, their cases settled; not among RecordsRejected.
	IgnoredCells int `json:"monitoring_cells_ignored"`
}

// NewRunRecord starts a run record from a settled year: the policy, the
// counts, the ignored columns; started is when the run began.
func NewRunRecord(res *budget.Result, started time.Time, opt Options, stream bool) *RunRecord {
	rec := &RunRecord{PolicyID: res.PolicyID, Engine: EngineVersion(), Started: started.Format(time.RFC3339),
		Mode: "strict", Stream: stream, Encoding: "utf-8", IgnoredColumns: res.Ignored,
		RecordsRejected: len(res.Rejects) + res.RejectsDropped - res.IgnoredCells, IgnoredCells: res.IgnoredCells}
	if rec.IgnoredColumns == nil {
		rec.IgnoredColumns = []budget.IgnoredColumn{}
	}
	if opt.Lenient {
		rec.Mode = "lenient"
	}
	if opt.Encoding != "" {
		if e, err := csvio.ParseEncoding(opt.Encoding); err == nil {
			rec.Encoding = e.String()
		}
	}
	if p := res.Policy; p != nil {
		rec.Region, rec.Year, rec.Version = p.Region, p.Year, p.Version
	}
	if opt.Inputs != nil {
		rec.Inputs = *opt.Inputs
	}
	for _, h := range res.Hospitals {
		if h.Method.String() != "capita" {
			rec.CasesSettled += h.Cases
		}
	}
	return rec
}

// EngineVersion is the module path and version of the engine that runs, as
// the build recorded it ("github.com/dipdrg/dipdrg (devel)" in a work tree).
func EngineVersion() string {
	const path = "github.com/dipdrg/dipdrg"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return path
	}
	if info.Main.Path == path {
		return path + " " + info.Main.Version
	}
	for _, d := range info.Deps {
		if d.Path == path {
			return path + " " + d.Version
		}
	}
	return path
}

// syncOutputs is false in tests that write many sets and simulate their
// faults without a machine crash: syncing only makes them slow.
var syncOutputs = true

// fault is a test's hook into the steps of writing a set (nil: none).
var faultHook func(step string) error

// errKilled is what a test's hook returns to stop a set as a killed process
// stops: where it is, cleaning up nothing.
var errKilled = errors.New("killed (test)")

func fault(step string) error {
	if faultHook == nil {
		return nil
	}
	return faultHook(step)
}

// faultWriter lets the test hook fail a write half-way.
type faultWriter struct {
	w    io.Writer
	name string
}

func (f *faultWriter) Write(p []byte) (int, error) {
	if err := fault("write " + f.name); err != nil {
		n, _ := f.w.Write(p[:len(p)/2])
		return n, err
	}
	return f.w.Write(p)
}
