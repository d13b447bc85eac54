package files

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Rejects keeps every record error of a run (ERR-1, ERR-2) — what a lenient
// run sets aside and rejects.csv lists — in the order of rejects.csv (source,
// line, field, value, reason), in bounded memory: the first
// pointvalue.DefaultErrorCap of them in that order (what standard error
// shows) in memory, and all of them in sorted runs spilled to a temporary
// directory, 64 Ki errors at a time, merged when they are written.
//
// Pass one as Options.Rejects to Settle or Stream: every reader's and the
// engine's record errors then go to it as they are found, and the Result's
// Rejects (or the returned *pointvalue.ErrorList) keep only the first
// DefaultErrorCap. WriteCSV writes rejects.csv; Close removes the spilled runs.
// A Rejects is for one run and one goroutine at a time (Settle and Stream add
// to it from one).
type Rejects struct {
	dir   string // where runs are spilled ("": the system's temporary directory)
	mode  rejectsMode
	n     int
	head  errHeap                   // the DefaultErrorCap smallest, as a max-heap
	buf   []*pointvalue.RecordError // spill mode: the chunk being filled; memory mode: all
	tmp   string                    // the spill directory, made with the first run
	runs  []string                  // sorted runs on disk
	err   error                     // the first write error; Len still counts
	files int                       // runs written, for their names
}

type rejectsMode uint8

const (
	rejectsSpill  rejectsMode = iota // keep all: in memory up to a chunk, then sorted runs on disk
	rejectsMemory                    // keep all in memory (a library caller with no store: as before)
	rejectsHead                      // keep the first DefaultErrorCap only (strict: nothing is written)
)

// tempPrefix starts the name of every temporary file and directory the
// package makes in an output directory (rejects spilled, outputs not yet in
// place): a later run there removes the ones a killed run left.
const tempPrefix = ".dipdrg-tmp-"

// rejectsChunk is the number of errors held in memory before a sorted run is
// spilled (about 10 MB; a variable for tests); rejectsFanIn the runs merged
// at once (open files).
var rejectsChunk = 1 << 16

const rejectsFanIn = 64

// NewRejects returns an empty store that spills under dir ("": the system's
// temporary directory), in a directory of its own made when the first run is
// written.
func NewRejects(dir string) *Rejects { return &Rejects{dir: dir, mode: rejectsSpill} }

// Add keeps one error (pointvalue.ErrorSink).
func (r *Rejects) Add(e *pointvalue.RecordError) {
	r.n++
	r.addHead(e)
	switch r.mode {
	case rejectsHead:
		return
	case rejectsMemory:
		r.buf = append(r.buf, e)
		return
	}
	r.buf = append(r.buf, e)
	if len(r.buf) >= rejectsChunk {
		r.spill()
	}
}

// addHead keeps e among the DefaultErrorCap smallest.
func (r *Rejects) addHead(e *pointvalue.RecordError) {
	if len(r.head) < pointvalue.DefaultErrorCap {
		heap.Push(&r.head, e)
		return
	}
	if compareErrors(e, r.head[0]) < 0 {
		r.head[0] = e
		heap.Fix(&r.head, 0)
	}
}

// Len is the number of errors added.
func (r *Rejects) Len() int {
	if r == nil {
		return 0
	}
	return r.n
}

// Head returns the first min(n, DefaultErrorCap, Len) errors in the order of
// rejects.csv.
func (r *Rejects) Head(n int) []*pointvalue.RecordError {
	if r == nil {
		return nil
	}
	out := slices.Clone([]*pointvalue.RecordError(r.head))
	budget.SortErrors(out)
	return out[:min(n, len(out))]
}

// Err returns the first error writing a spilled run (the rejects are then
// incomplete: WriteCSV returns it too).
func (r *Rejects) Err() error { return r.err }

// All iterates every error in the order of rejects.csv (spilled errors read
// back carry their reason as text: errors.Is no longer sees their sentinel).
// An error reading the runs ends the iteration; Err then returns it.
func (r *Rejects) All() iter.Seq[*pointvalue.RecordError] {
	return func(yield func(*pointvalue.RecordError) bool) {
		if r == nil {
			return
		}
		switch r.mode {
		case rejectsHead:
			for _, e := range r.Head(pointvalue.DefaultErrorCap) {
				if !yield(e) {
					return
				}
			}
			return
		}
		mem := slices.Clone(r.buf)
		budget.SortErrors(mem)
		if len(r.runs) == 0 {
			for _, e := range mem {
				if !yield(e) {
					return
				}
			}
			return
		}
		if err := r.mergeDown(rejectsFanIn - 1); err != nil {
			r.fail(err)
			return
		}
		m, err := openMerge(r.runs, mem)
		if err != nil {
			r.fail(err)
			return
		}
		defer m.close()
		for {
			e, ok := m.next()
			if !ok {
				break
			}
			if !yield(e) {
				return
			}
		}
		if m.err != nil {
			r.fail(m.err)
		}
	}
}

// WriteCSV writes rejects.csv: every error, sorted (docs/formats.md).
func (r *Rejects) WriteCSV(w io.Writer) error {
	cw := csvio.NewWriter(w)
	if err := cw.Write(rejectsColumns...); err != nil {
		return err
	}
	for e := range r.All() {
		if err := cw.Write(e.Source, strconv.Itoa(e.Line), e.Field, e.Value, e.Reason()); err != nil {
			return err
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	return cw.Flush()
}

// Close removes the spilled runs. The store is empty afterwards.
func (r *Rejects) Close() error {
	if r == nil {
		return nil
	}
	var err error
	if r.tmp != "" {
		err = os.RemoveAll(r.tmp)
	}
	r.n, r.head, r.buf, r.runs, r.tmp = 0, nil, nil, nil, ""
	return err
}

func (r *Rejects) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// spill writes the chunk as a sorted run; every rejectsFanIn runs are merged
// into one, so that writing opens at most rejectsFanIn files.
func (r *Rejects) spill() {
	if r.err != nil {
		r.buf = r.buf[:0] // counted, not kept: WriteCSV will fail
		return
	}
	budget.SortErrors(r.buf)
	name, err := r.newRun()
	if err == nil {
		err = writeRun(name, slices.Values(r.buf))
	}
	clear(r.buf)
	r.buf = r.buf[:0]
	if err != nil {
		r.fail(err)
		return
	}
	r.runs = append(r.runs, name)
	if len(r.runs) >= rejectsFanIn {
		r.fail(r.mergeDown(1))
	}
}

func (r *Rejects) newRun() (string, error) {
	if r.tmp == "" {
		d, err := os.MkdirTemp(r.dir, tempPrefix+"rejects-")
		if err != nil {
			return "", fmt.Errorf("rejects: %w", err)
		}
		r.tmp = d
	}
	r.files++
	return filepath.Join(r.tmp, fmt.Sprintf("run-%06d", r.files)), nil
}

// mergeDown merges the runs into one until at most most are left.
func (r *Rejects) mergeDown(most int) error {
	for len(r.runs) > most {
		k := min(len(r.runs), rejectsFanIn)
		group := r.runs[:k]
		name, err := r.newRun()
		if err != nil {
			return err
		}
		m, err := openMerge(group, nil)
		if err != nil {
			return err
		}
		err = writeRun(name, func(yield func(*pointvalue.RecordError) bool) {
			for {
				e, ok := m.next()
				if !ok || !yield(e) {
					return
				}
			}
		})
		m.close()
		if err == nil {
			err = m.err
		}
		if err != nil {
			return err
		}
		for _, g := range group {
			os.Remove(g)
		}
		r.runs = append([]string{name}, r.runs[k:]...)
	}
	return nil
}

// A run is a file of records: uvarint line, then source, field, value,
// reason and the record's id, each a uvarint length and its bytes.
func writeRun(name string, errs iter.Seq[*pointvalue.RecordError]) error {
	fh, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("rejects: %w", err)
	}
	w := bufio.NewWriterSize(fh, 1<<16)
	var b []byte
	for e := range errs {
		b = binary.AppendUvarint(b[:0], uint64(max(e.Line, 0)))
		for _, s := range [...]string{e.Source, e.Field, e.Value, e.Reason(), e.ID} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
		if _, err := w.Write(b); err != nil {
			fh.Close()
			return fmt.Errorf("rejects: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		fh.Close()
		return fmt.Errorf("rejects: %w", err)
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("rejects: %w", err)
	}
	return nil
}

// runReader reads a run back.
type runReader struct {
	fh  *os.File
	r   *bufio.Reader
	buf []byte
}

var errRunCorrupt = errors.New("rejects: a spilled run is corrupt")

// next reads one record; io.EOF at the end.
func (rr *runReader) next() (*pointvalue.RecordError, error) {
	line, err := binary.ReadUvarint(rr.r)
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, errRunCorrupt
	}
	var f [5]string
	for k := range f {
		n, err := binary.ReadUvarint(rr.r)
		if err != nil || n > 1<<30 {
			return nil, errRunCorrupt
		}
		rr.buf = slices.Grow(rr.buf[:0], int(n))[:n]
		if _, err := io.ReadFull(rr.r, rr.buf); err != nil {
			return nil, errRunCorrupt
		}
		f[k] = string(rr.buf)
	}
	return &pointvalue.RecordError{Source: f[0], Line: int(line), Field: f[1], Value: f[2], Err: errors.New(f[3]), ID: f[4]}, nil
}

// merge yields the errors of sorted runs (and a sorted slice) in order.
type merge struct {
	readers []*runReader
	mem     []*pointvalue.RecordError
	h       mergeHeap
	err     error
}

type mergeItem struct {
	e   *pointvalue.RecordError
	src int // index into readers; -1: the slice
	at  int // the slice's next index
}

type mergeHeap []mergeItem

func (h mergeHeap) Len() int           { return len(h) }
func (h mergeHeap) Less(i, j int) bool { return compareErrors(h[i].e, h[j].e) < 0 }
func (h mergeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)        { *h = append(*h, x.(mergeItem)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func openMerge(runs []string, mem []*pointvalue.RecordError) (*merge, error) {
	m := &merge{}
	for _, name := range runs {
		fh, err := os.Open(name)
		if err != nil {
			m.close()
			return nil, fmt.Errorf("rejects: %w", err)
		}
		rr := &runReader{fh: fh, r: bufio.NewReaderSize(fh, 1<<14)}
		m.readers = append(m.readers, rr)
		e, err := rr.next()
		if err == nil {
			m.h = append(m.h, mergeItem{e: e, src: len(m.readers) - 1})
		} else if err != io.EOF {
			m.close()
			return nil, err
		}
	}
	if len(mem) > 0 {
		m.h = append(m.h, mergeItem{e: mem[0], src: -1, at: 1})
	}
	heap.Init(&m.h)
	m.mem = mem
	return m, nil
}

func (m *merge) next() (*pointvalue.RecordError, bool) {
	if len(m.h) == 0 || m.err != nil {
		return nil, false
	}
	top := m.h[0]
	if top.src < 0 {
		if top.at < len(m.mem) {
			m.h[0] = mergeItem{e: m.mem[top.at], src: -1, at: top.at + 1}
			heap.Fix(&m.h, 0)
		} else {
			heap.Pop(&m.h)
		}
		return top.e, true
	}
	e, err := m.readers[top.src].next()
	switch {
	case err == nil:
		m.h[0] = mergeItem{e: e, src: top.src}
		heap.Fix(&m.h, 0)
	case err == io.EOF:
		heap.Pop(&m.h)
	default:
		m.err = err
	}
	return top.e, true
}

func (m *merge) close() {
	for _, rr := range m.readers {
		rr.fh.Close()
	}
}

// errHeap is a max-heap of errors in the order of rejects.csv.
type errHeap []*pointvalue.RecordError

func (h errHeap) Len() int           { return len(h) }
func (h errHeap) Less(i, j int) bool { return compareErrors(h[i], h[j]) > 0 }
func (h errHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *errHeap) Push(x any)        { *h = append(*h, x.(*pointvalue.RecordError)) }
func (h *errHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// compareErrors is the order of rejects.csv (budget.SortErrors).
func compareErrors(a, b *pointvalue.RecordError) int {
	return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Field, b.Field), cmp.Compare(a.Value, b.Value), cmp.Compare(a.Reason(), b.Reason()))
}
