// Package extsort sorts more byte records than fit in memory: records are
// buffered up to a memory budget, each full buffer is sorted and written to a
// temporary file as a run, and the runs are merged. Records compare as byte
// strings (bytes.Compare), so callers encode their keys so that byte order is
// the order they want (strings ended by a 0 byte, numbers big-endian).
//
// Memory is bounded by the budget plus one read buffer per run; disk holds
// every record once. Equal records keep no particular order (they are equal).
package extsort

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"slices"
)

// DefaultBudget is the memory a Sorter buffers before it writes a run: 32 MiB.
const DefaultBudget = 32 << 20

// Sorter collects records and yields them sorted. The zero value is not usable; call New.
type Sorter struct {
	dir    string
	budget int
	arena  []byte
	offs   []int // start of each record in arena (the end is the next start)
	runs   []*os.File
	err    error
	done   bool
}

// New returns a Sorter that writes its runs under dir ("" for the system
// temporary directory) once budget bytes are buffered (≤ 0: DefaultBudget).
func New(dir string, budget int) *Sorter {
	if budget <= 0 {
		budget = DefaultBudget
	}
	return &Sorter{dir: dir, budget: budget}
}

// Add copies rec into the sorter.
func (s *Sorter) Add(rec []byte) error {
	if s.err != nil {
		return s.err
	}
	if s.done {
		return errors.New("extsort: Add after Sort")
	}
	if len(s.arena)+len(rec) > s.budget && len(s.offs) > 0 {
		if s.err = s.spill(); s.err != nil {
			return s.err
		}
	}
	if s.arena == nil {
		s.arena = make([]byte, 0, min(s.budget, 1<<20))
	}
	if len(s.arena)+len(rec) > cap(s.arena) && cap(s.arena) < s.budget {
		// grow to at most the budget, never past it by doubling
		grown := make([]byte, len(s.arena), min(max(2*cap(s.arena), len(s.arena)+len(rec)), s.budget+len(rec)))
		copy(grown, s.arena)
		s.arena = grown
	}
	s.offs = append(s.offs, len(s.arena))
	s.arena = append(s.arena, rec...)
	return nil
}

func (s *Sorter) rec(i int) []byte {
	end := len(s.arena)
	if i+1 < len(s.offs) {
		end = s.offs[i+1]
	}
	return s.arena[s.offs[i]:end]
}

// sorted returns the buffered records in order (slices of the arena).
func (s *Sorter) sorted() [][]byte {
	recs := make([][]byte, len(s.offs))
	for i := range s.offs {
		recs[i] = s.rec(i)
	}
	slices.SortFunc(recs, bytes.Compare)
	return recs
}

// spill writes the buffer as a sorted run.
func (s *Sorter) spill() error {
	f, err := os.CreateTemp(s.dir, "extsort-run-*")
	if err != nil {
		return err
	}
	_ = os.Remove(f.Name()) // unlinked: the file lives as long as it is open
	w := bufio.NewWriterSize(f, 1<<16)
	var hdr [binary.MaxVarintLen64]byte
	for _, r := range s.sorted() {
		n := binary.PutUvarint(hdr[:], uint64(len(r)))
		if _, err := w.Write(hdr[:n]); err != nil {
			f.Close()
			return err
		}
		if _, err := w.Write(r); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return err
	}
	s.runs = append(s.runs, f)
	s.arena, s.offs = s.arena[:0], s.offs[:0]
	if len(s.runs) >= maxRuns {
		return s.compact()
	}
	return nil
}

// maxRuns bounds the open run files: past it the runs are merged into one.
const maxRuns = 64

// compact merges every run into one run file.
func (s *Sorter) compact() error {
	f, err := os.CreateTemp(s.dir, "extsort-run-*")
	if err != nil {
		return err
	}
	_ = os.Remove(f.Name())
	w := bufio.NewWriterSize(f, 1<<16)
	var hdr [binary.MaxVarintLen64]byte
	var werr error
	err = s.merge(func(r []byte) bool {
		n := binary.PutUvarint(hdr[:], uint64(len(r)))
		if _, werr = w.Write(hdr[:n]); werr == nil {
			_, werr = w.Write(r)
		}
		return werr == nil
	})
	for _, old := range s.runs {
		old.Close()
	}
	s.runs = nil
	if err == nil {
		err = werr
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return err
	}
	s.runs = []*os.File{f}
	return nil
}

// run is one run being merged.
type run struct {
	r   *bufio.Reader
	cur []byte
}

func (r *run) next() (bool, error) {
	n, err := binary.ReadUvarint(r.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if cap(r.cur) < int(n) {
		r.cur = make([]byte, n)
	}
	r.cur = r.cur[:n]
	_, err = io.ReadFull(r.r, r.cur)
	return err == nil, err
}

type runHeap []*run

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return bytes.Compare(h[i].cur, h[j].cur) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*run)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Sort yields every record in byte order; yield returning false stops early.
// The slice passed to yield is only valid during the call. Sort closes the
// runs; the Sorter cannot be used again.
func (s *Sorter) Sort(yield func(rec []byte) bool) error {
	if s.err != nil {
		return s.err
	}
	if s.done {
		return errors.New("extsort: Sort called twice")
	}
	s.done = true
	defer func() {
		for _, f := range s.runs {
			f.Close()
		}
		s.runs, s.arena, s.offs = nil, nil, nil
	}()
	if len(s.runs) == 0 {
		for _, r := range s.sorted() {
			if !yield(r) {
				return nil
			}
		}
		return nil
	}
	if len(s.offs) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	s.arena, s.offs = nil, nil
	return s.merge(yield)
}

// merge yields the records of every run in order.
func (s *Sorter) merge(yield func(rec []byte) bool) error {
	h := make(runHeap, 0, len(s.runs))
	for _, f := range s.runs {
		r := &run{r: bufio.NewReaderSize(f, 1<<16)}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, r)
		}
	}
	heap.Init(&h)
	for h.Len() > 0 {
		r := h[0]
		if !yield(r.cur) {
			return nil
		}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

// Runs reports how many runs are on disk (0: all in memory).
func (s *Sorter) Runs() int { return len(s.runs) }
