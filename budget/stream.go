package budget

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/internal/radix"
	"github.com/dipdrg/dipdrg/internal/readmit"
	"github.com/dipdrg/dipdrg/internal/special"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// StreamOptions say how a Stream runs: Options, and where and how much it spills.
type StreamOptions struct {
	Options
	// TempDir is where the sorted runs are written ("": the system's temporary directory).
	TempDir string
	// Window is the number of cases the engine holds in memory at once (0: 1<<19);
	// memory grows with it, not with the year.
	Window int
}

// A Stream settles a year whose cases do not fit in memory, by the same engine
// as Settle and to the same result (NUM-8): the cases arrive in batches (Add),
// each is sorted by case id and spilled to disk as a run; Settle then merges the
// runs into case-id order and runs the engine's phases window by window:
//
//	pass 1  accept every window (errors, duplicates A29) and gather what the
//	        cross-case rules need: the special-review approvals and counts (DRG-8,
//	        DIP-8) in memory, the stays of each patient spilled to partitions by
//	        a hash of the patient id, each then linked in memory (DRG-7, DIP-7)
//	pass 2  score every window with the cross-case flags, and total (PV-7)
//	year    point values, hospitals, corridor, clearing, ledger (as Settle)
//	cases   Result.Cases scores the windows once more, in case-id order, at the
//	        year's point values (what files writes to cases.csv)
//
// Memory is bounded by the window, one partition of stays and two bits per
// case; disk holds every case once. A Stream is for one goroutine; Close removes
// its files.
type Stream struct {
	year *run
	opt  StreamOptions
	dir  string
	runs []string
	rows int // cases added
	buf  []byte
	dict dictionary // the small tables of every run and window

	refused, reduced []uint64       // by global row (order of the merged runs)
	later            map[int]string // a reduced stay's global row → the later stay's case id
	settled          bool
	err              error
}

// NewStream starts a streamed year: in holds everything but the cases (in.Cases
// is ignored), which Add takes batch by batch.
func NewStream(ctx context.Context, in Input, opt StreamOptions) (*Stream, error) {
	in.Cases = nil
	r, err := newRun(ctx, in, opt.Options)
	if err != nil {
		return nil, err
	}
	if opt.Window <= 0 {
		opt.Window = 1 << 19
	}
	dir, err := os.MkdirTemp(opt.TempDir, StreamTempPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("budget: stream: %w", err)
	}
	return &Stream{year: r, opt: opt, dir: dir, dict: dictionary{d: &Batch{}}}, nil
}

// StreamTempPrefix starts the name of the directory a Stream spills to under
// StreamOptions.TempDir (what a killed run leaves there is recognised by it).
const StreamTempPrefix = "dipdrg-stream-"

// Close removes the stream's files. The Result's Cases can no longer be read.
func (s *Stream) Close() error {
	s.runs = nil
	if s.err == nil {
		s.err = errStreamClosed
	}
	return os.RemoveAll(s.dir)
}

var errStreamClosed = errors.New("budget: stream closed")

// Add sorts a batch of cases by case id and writes it to disk as one run. The
// batch can be reset and reused once Add returns.
func (s *Stream) Add(b *Batch) error {
	if s.err != nil {
		return s.err
	}
	if s.settled {
		return fmt.Errorf("budget: %w: Add after Settle", pointvalue.ErrInvalidArgument)
	}
	if err := canceled(s.year.ctx); err != nil {
		return err
	}
	if b.Len() == 0 {
		return nil
	}
	if s.rows+b.Len() > 1<<31-1 {
		return fmt.Errorf("budget: %w: a stream takes at most 2³¹−1 cases", pointvalue.ErrInvalidArgument)
	}
	b.sortByID()
	name := fmt.Sprintf("%s/cases-%04d.run", s.dir, len(s.runs))
	w, err := newRunWriter(name)
	if err != nil {
		s.err = err
		return err
	}
	tr := s.dict.translate(b)
	for k, i := range b.order {
		s.buf = b.appendRecord(s.buf, i, &tr)
		if len(s.buf) >= 1<<16 || k == len(b.order)-1 {
			w.write(s.buf)
			s.buf = s.buf[:0]
		}
	}
	if err := w.close(); err != nil {
		s.err = err
		return err
	}
	s.runs = append(s.runs, name)
	s.rows += b.Len()
	s.year.progress("read", s.rows)
	return nil
}

// AddRejects adds records a reader set aside (lenient mode) to Result.Rejects.
func (s *Stream) AddRejects(errs []*pointvalue.RecordError) {
	s.year.opt.Rejects = append(s.year.opt.Rejects, errs...)
}

// Settle settles the year from the cases added: what Settle returns for the same
// cases in one batch, but for Result.Cases, which reads the runs again (and
// Result.NumCases, 0). The Result is valid until Close.
func (s *Stream) Settle() (*Result, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.settled {
		return nil, fmt.Errorf("budget: %w: Settle called twice", pointvalue.ErrInvalidArgument)
	}
	s.settled = true
	y := s.year
	if err := s.cross(); err != nil {
		return nil, err
	}
	y.progress("score", s.rows)
	y.totals = *newTotals(len(y.hosp))
	var fails pointvalue.ErrorList
	var reported [param.NumFunds]bool
	var counts CaseCounts
	err := s.windows(func(w *run, base int) error {
		f, err := w.scoreRows()
		if err != nil {
			return err
		}
		counts.add(w.settled, w.route, w.outcome) // the summary's (CaseCounts)
		w.scoreErrors(f, &fails, &reported)
		if err := w.total(); err != nil {
			return err
		}
		y.totals.merge(&w.totals)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if fails.Len() > 0 {
		SortErrors(fails.Errors)
		return nil, &fails
	}
	if err := y.totals.acc.Err(); err != nil {
		return nil, y.tableError(y.src.Cases, "points", fmt.Errorf("%w: total points beyond int64 (NUM-3)", err))
	}
	res, err := y.settleYear()
	if err != nil {
		return nil, err
	}
	res.stream = s
	res.counts = &counts
	return res, nil
}

// cross is pass 1: every window accepted, errors reported, and the cross-case
// rules run over the whole year.
func (s *Stream) cross() error {
	y := s.year
	y.progress("accept", s.rows)
	type method struct {
		rules  crossRules
		claims []special.Claim
		counts []int
		stays  *staySpill
	}
	var ms [2]*method
	for m, pm := range []param.Method{param.DRG, param.DIP} {
		cr := crossRulesOf(y.p, pm)
		ms[m] = &method{rules: cr, counts: make([]int, max(1, len(y.hosp)))}
		if cr.readmit {
			ms[m].stays = newStaySpill(fmt.Sprintf("%s/stays-%d", s.dir, m))
		}
	}
	var used [2]bool
	var rec []byte
	err := s.windows(func(w *run, base int) error {
		u := w.methodsUsed()
		used[0], used[1] = used[0] || u[0], used[1] || u[1]
		for m := range w.unknown { // ERR-5's counts, over the year
			for f := range w.unknown[m] {
				y.unknown[m][f][0] += w.unknown[m][f][0]
				y.unknown[m][f][1] += w.unknown[m][f][1]
			}
		}
		for m, md := range ms {
			for _, i := range w.methodRows(m) {
				if w.isExcluded(i) { // VAR-12: out of N, never linked
					continue
				}
				g := base + int(i) // a window's rows are in case-id order
				h := w.hmap[w.b.hosp[i]]
				scope := int32(0)
				if md.rules.scope == param.ScopeHospital {
					scope = h
				}
				md.counts[scope]++
				sp := w.cflags[i]&flagSpecial != 0
				if sp {
					md.claims = append(md.claims, special.Claim{Scope: scope, Discharge: w.b.discharge[i], Index: int32(g)})
				}
				if md.stays != nil && w.grp[i] >= 0 && w.b.hasPatient(i) {
					rec = w.b.appendPatient(rec[:0], i)
					md.stays.add(rec, w.b.id(i), stayRec{g: uint32(g), h: uint32(h), grp: uint32(w.grp[i]),
						admit: w.b.admit[i], discharge: w.b.discharge[i], special: sp})
				}
			}
		}
		return nil
	}, withErrors)
	if err != nil {
		return err
	}
	if err := y.stop(); err != nil {
		return err
	}
	if err := y.needTables(used); err != nil {
		return err
	}
	if err := y.checkUnknown(); err != nil {
		return err
	}
	words := (s.rows + 63) / 64
	s.refused, s.reduced = make([]uint64, words), make([]uint64, words)
	for _, md := range ms {
		for _, g := range special.Refused(md.claims, md.counts, md.rules.share) {
			setBit(s.refused, int(g))
		}
		md.claims = nil
		if md.stays != nil {
			if err := s.readmissions(md.stays, md.rules.days); err != nil {
				return err
			}
		}
	}
	return canceled(y.ctx)
}

// readmissions runs DRG-7 / DIP-7 over the spilled stays, partition by
// partition: readmit.Mark over each patient's stays in case-id order, as
// Settle runs it over all of them.
func (s *Stream) readmissions(stays *staySpill, days int) error {
	if err := stays.close(); err != nil {
		return err
	}
	defer stays.remove()
	var (
		group []readmit.Stay
		rows  []int
		ids   []string // views of the partition's text
		by    []int32
	)
	mark := func() {
		by = slices.Grow(by[:0], len(group))[:len(group)]
		for k := range by {
			by[k] = -1
		}
		readmit.MarkBy(group, days, by)
		for k, j := range by {
			if j >= 0 && !group[k].Exempt {
				setBit(s.reduced, rows[k])
				if s.later == nil {
					s.later = map[int]string{}
				}
				s.later[rows[k]] = strings.Clone(ids[j]) // the readmission, for Explain
			}
		}
		group, rows, ids = group[:0], rows[:0], ids[:0]
	}
	for p := range stays.parts {
		recs, pats, err := stays.load(p)
		if err != nil {
			return err
		}
		items := make([]radix.Item, len(recs))
		for k := range recs {
			items[k] = radix.Item{Key: recs[k].hash, Row: uint32(k)}
		}
		items = radix.Sort(items, nil) // stable: a patient's stays stay in case-id order
		for a := 0; a < len(items); {
			z := a + 1
			for z < len(items) && items[z].Key == items[a].Key {
				z++
			}
			run := items[a:z]
			patient := func(it radix.Item) string { return pats[recs[it.Row].pat:recs[it.Row].patEnd] }
			// equal hashes are almost always one patient; split the rare collision
			for k := 1; k < len(run); k++ {
				if patient(run[k]) != patient(run[0]) {
					slices.SortStableFunc(run, func(x, y radix.Item) int { return strings.Compare(patient(x), patient(y)) })
					break
				}
			}
			if len(run) == 1 { // one stay links to nothing
				a = z
				continue
			}
			for k, it := range run {
				if k > 0 && patient(it) != patient(run[k-1]) {
					mark()
				}
				r := &recs[it.Row]
				group = append(group, readmit.Stay{Hospital: int32(r.h), Group: int32(r.grp), Admit: r.admit, Discharge: r.discharge,
					Exempt: r.special && !bit(s.refused, int(r.g))})
				rows = append(rows, int(r.g))
				ids = append(ids, pats[r.id:r.idEnd])
			}
			mark()
			a = z
		}
	}
	return nil
}

// stayRec is one stay of a patient as the stream spills it.
type stayRec struct {
	hash             uint64
	pat, patEnd      uint32 // the patient id in the partition's text
	id, idEnd        uint32 // the case id in the partition's text
	g, h, grp        uint32 // global row, hospital, group
	admit, discharge pointvalue.Date
	special          bool
}

// staySpill writes the stays of one method to partitions by a hash of the
// patient id, so that each partition (a patient's stays all in one) fits in
// memory when it is linked.
type staySpill struct {
	name  string
	parts [16]*runWriter
	seed  maphash.Seed
	buf   []byte
	err   error
}

func newStaySpill(name string) *staySpill { return &staySpill{name: name, seed: maphash.MakeSeed()} }

func (t *staySpill) add(patient []byte, id string, r stayRec) {
	if t.err != nil {
		return
	}
	p := maphash.Bytes(t.seed, patient) >> 60
	if t.parts[p] == nil {
		if t.parts[p], t.err = newRunWriter(fmt.Sprintf("%s-%02d", t.name, p)); t.err != nil {
			return
		}
	}
	b := binary.AppendUvarint(t.buf[:0], uint64(len(patient)))
	b = append(b, patient...)
	b = binary.LittleEndian.AppendUint32(b, r.g)
	b = binary.LittleEndian.AppendUint32(b, r.h)
	b = binary.LittleEndian.AppendUint32(b, r.grp)
	b = binary.LittleEndian.AppendUint32(b, uint32(r.admit))
	b = binary.LittleEndian.AppendUint32(b, uint32(r.discharge))
	b = append(b, boolByte(r.special))
	b = binary.AppendUvarint(b, uint64(len(id))) // the case id: a readmission's explanation
	b = append(b, id...)
	t.buf = b
	t.parts[p].write(b)
}

func (t *staySpill) close() error {
	for _, w := range t.parts {
		if w != nil {
			if err := w.close(); err != nil && t.err == nil {
				t.err = err
			}
		}
	}
	return t.err
}

func (t *staySpill) remove() {
	for p, w := range t.parts {
		if w != nil {
			os.Remove(fmt.Sprintf("%s-%02d", t.name, p))
		}
	}
}

// load reads partition p back: its stays in the order they were added, and the
// text their patient ids are in.
func (t *staySpill) load(p int) ([]stayRec, string, error) {
	if t.parts[p] == nil {
		return nil, "", nil
	}
	data, err := os.ReadFile(fmt.Sprintf("%s-%02d", t.name, p))
	if err != nil {
		return nil, "", fmt.Errorf("budget: stream: %w", err)
	}
	var recs []stayRec
	for off := 0; off < len(data); {
		n, k := binary.Uvarint(data[off:])
		if k <= 0 || uint64(len(data)-off-k) < n+21 {
			return nil, "", errRecord
		}
		pat := off + k
		end := pat + int(n)
		f := data[end : end+21]
		idLen, k2 := binary.Uvarint(data[end+21:])
		if k2 <= 0 || uint64(len(data)-end-21-k2) < idLen {
			return nil, "", errRecord
		}
		id := end + 21 + k2
		recs = append(recs, stayRec{
			hash: maphash.Bytes(t.seed, data[pat:end]), pat: uint32(pat), patEnd: uint32(end),
			id: uint32(id), idEnd: uint32(id + int(idLen)),
			g: binary.LittleEndian.Uint32(f), h: binary.LittleEndian.Uint32(f[4:]), grp: binary.LittleEndian.Uint32(f[8:]),
			admit: pointvalue.Date(int32(binary.LittleEndian.Uint32(f[12:]))), discharge: pointvalue.Date(int32(binary.LittleEndian.Uint32(f[16:]))),
			special: f[20] != 0,
		})
		off = id + int(idLen)
	}
	return recs, string(data), nil
}

func setBit(s []uint64, i int) { s[i>>6] |= 1 << (i & 63) }
func bit(s []uint64, i int) bool {
	return s[i>>6]&(1<<(i&63)) != 0
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// windowMode says whether a window reports its errors (pass 1 only).
type windowMode bool

const withErrors windowMode = true

// windows merges the runs into case-id order and runs fn over each window of
// about opt.Window cases (never splitting a case id: duplicates stay together),
// accepted and resolved; after pass 1 the cross-case flags are set too. base is
// the window's first global row.
func (s *Stream) windows(fn func(w *run, base int) error, mode ...windowMode) error {
	y := s.year
	report := len(mode) > 0 && mode[0] == withErrors
	m, err := openRuns(s.runs)
	if err != nil {
		return err
	}
	defer m.close()
	b := &Batch{}
	b.useTables(s.dict.d)
	base := 0
	flush := func() error {
		if b.Len() == 0 {
			return nil
		}
		if err := canceled(y.ctx); err != nil {
			return err
		}
		w := y.window(b, report)
		w.acceptRows()
		w.resolve()
		y.codes, y.dipKey = w.codes, w.dipKey
		if s.refused != nil {
			for _, i := range w.settled {
				g := base + int(i)
				if bit(s.refused, g) {
					w.cflags[i] |= flagRefused
				}
				if bit(s.reduced, g) {
					w.cflags[i] |= flagReadmitted
					w.linkLater(i, s.later[g])
				}
			}
		}
		if err := fn(w, base); err != nil {
			return err
		}
		base += b.Len()
		b.Reset()
		b.useTables(s.dict.d)
		return nil
	}
	var last []byte
	for m.next() {
		rec := m.cur()
		if b.Len() >= s.opt.Window && string(rec.id) != string(last) {
			if err := flush(); err != nil {
				return err
			}
		}
		if err := b.appendBody(rec.body); err != nil {
			return err
		}
		last = append(last[:0], rec.id...)
	}
	if err := m.err(); err != nil {
		return err
	}
	return flush()
}

// window is a run over one window of a stream: the year's policy, tables and
// hospitals, the window's batch. Its errors go to the year's list in pass 1 and
// nowhere after (they were reported).
func (y *run) window(b *Batch, report bool) *run {
	w := &run{ctx: y.ctx, in: y.in, opt: y.opt, p: y.p, src: y.src, b: b,
		hosp: y.hosp, hidx: y.hidx, errs: y.errs, blame: y.blame}
	w.opt.Progress = nil // the year reports its phases, not each window
	if !report {
		w.errs = &pointvalue.ErrorList{Cap: 1}
	}
	w.hmap = y.hospitalMap(b)
	w.codes, w.dipKey = y.codes, y.dipKey // resolved once for all windows (shared tables)
	return w
}

// Cases iterates a streamed year's cases in case-id order, scoring each window
// again at the year's point values; an error ends the iteration and is kept for
// CasesErr.
func (s *Stream) cases(res *Result, yield func(CaseResult) bool, explain bool) {
	if s.err != nil {
		res.casesErr = s.err
		return
	}
	stop := errors.New("stop")
	err := s.windows(func(w *run, base int) error {
		if _, err := w.scoreRows(); err != nil {
			return err
		}
		t := &Result{cases: w.caseTable(res)}
		for k := range t.NumCases() {
			c := t.Case(k)
			if explain {
				c = t.Explain(k)
			}
			if !yield(c) {
				return stop
			}
		}
		return nil
	})
	if err != nil && err != stop {
		res.casesErr = err
	}
}
