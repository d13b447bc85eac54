package budget

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/internal/extsort"
	"github.com/dipdrg/dipdrg/internal/readmit"
	"github.com/dipdrg/dipdrg/internal/special"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// StreamOptions tune SettleStream.
type StreamOptions struct {
	TempDir      string // where the external sorts write their runs ("": the system's)
	MemoryBudget int    // bytes each external sort buffers before it writes a run (0: 64 MiB)
}

// SettleStream settles a year whose cases.csv need not fit in memory, with the
// same rules and byte-identical outputs as SettleFiles (NUM-8). Pass one reads
// and checks every case and keeps only the cross-case state: the case ids (in an
// external sort, for duplicates, A29), the special-review approvals (DRG-8,
// DIP-8) and the readmission keys (in an external sort, DRG-7, DIP-7); pass two
// reads the cases again, scores them and totals every (pool, hospital) (PV-7);
// the point values and the year follow from the totals; the case results,
// sorted by case id in bounded memory, are written to casesOut as cases.csv.
// Result.Cases is left empty. Memory grows with the hospitals, the approvals and
// the stays to reduce, not with the cases.
func SettleStream(f Files, lenient bool, casesOut io.Writer, opt StreamOptions) (*Result, error) {
	in, rejects, err := readFiles(f, true, false)
	if err != nil {
		return nil, err
	}
	in.Lenient = lenient
	st, err := newRun(in)
	if err != nil {
		return nil, err
	}
	ss := &streamState{st: st, opt: opt, reject: map[int]bool{}, reduced: map[int]bool{}, refused: map[int]bool{},
		ids: extsort.New(opt.TempDir, opt.MemoryBudget), links: extsort.New(opt.TempDir, opt.MemoryBudget)}

	// Pass one: read and check; the case reader's errors join the tables'.
	readerErrs := &pointvalue.ErrorList{Cap: 1 << 30}
	readerErrs.Merge(rejects)
	if err := ss.openCases(f.Cases, readerErrs, ss.check); err != nil {
		return nil, err
	}
	if readerErrs.Len() > 0 && !lenient { // as ReadFiles: the readers' errors alone
		SortErrors(readerErrs.Errors)
		return nil, readerErrs
	}
	if err := ss.duplicates(); err != nil {
		return nil, err
	}
	if err := st.inputErrors(); err != nil {
		return nil, err
	}
	var ok bool
	if ss.sc, ok = st.newScorers(ss.n[param.DRG] > 0, ss.n[param.DIP] > 0); !ok {
		return nil, st.fatal.Err()
	}
	ss.capSpecial()
	if err := ss.linkReadmissions(); err != nil {
		return nil, err
	}

	// Pass two: score and total.
	st.initTotals()
	ss.results = extsort.New(opt.TempDir, opt.MemoryBudget)
	ss.w = &worker{words: new(words)}
	for f := range ss.w.cmi {
		ss.w.cmi[f] = make([]drg.CMI, len(st.hosp))
	}
	if err := ss.openCases(f.Cases, &pointvalue.ErrorList{Cap: 1 << 30}, ss.score); err != nil {
		return nil, err
	}
	st.mergeWorker(ss.w)
	for _, e := range ss.scoreErrs {
		st.scoreError(&e.a, e.err)
	}
	if err := st.acc.Err(); err != nil {
		st.fatalf("cases", "", fmt.Errorf("%w: total points beyond int64 (NUM-3)", err))
	}

	res, err := st.settleYear()
	if res != nil && lenient {
		res.Rejects = append(res.Rejects, readerErrs.Errors...)
		SortErrors(res.Rejects)
		res.RejectsDropped += readerErrs.Dropped
	}
	if err != nil {
		return res, err
	}
	return res, ss.writeCases(res, casesOut)
}

// streamState is the cross-case state of a streaming settlement.
type streamState struct {
	st  *state
	opt StreamOptions
	sc  *scorers

	ids, links, results *extsort.Sorter
	reject              map[int]bool // lines of cases set aside (errors or later duplicates)
	n                   [param.NumMethods]int
	counts              [param.NumMethods][]int // DRG-8/DIP-8 N: cases per hospital
	claims              []streamClaim
	refused, reduced    map[int]bool // lines: special approvals refused, earlier stays to reduce
	w                   *worker
	scoreErrs           []streamErr
	buf                 []byte
}

type streamClaim struct {
	method    param.Method
	hosp      int32
	discharge pointvalue.Date
	id        string
	line      int
}

type streamErr struct {
	a   acceptedCase
	err error
}

// openCases runs fn over every well-formed case of the file.
func (ss *streamState) openCases(name string, errs *pointvalue.ErrorList, fn func(a *acceptedCase) error) error {
	fh, err := os.Open(name)
	if err != nil {
		errs.Add(&pointvalue.RecordError{Source: base(name), Value: name, Err: fmt.Errorf("%w: %w", pointvalue.ErrMalformed, err)})
		return errs
	}
	defer fh.Close()
	cr := NewCaseReader(fh, name, ss.st.p.PointScale, errs)
	if !cr.r.OK() {
		return errs
	}
	var c Case
	for cr.Next(&c) {
		a := acceptedCase{c: &c}
		if err := fn(&a); err != nil {
			return err
		}
	}
	return nil
}

func dateKey(d pointvalue.Date) uint32 { return uint32(d) ^ 1<<31 }

// check is pass one for a case: the checks of Settle, the id for the duplicate
// search, the counts and approvals of the special-review cap, the readmission key.
func (ss *streamState) check(a *acceptedCase) error {
	st := ss.st
	c := a.c
	ok := true
	bad := func(field, value string, err error) {
		st.errs.Addf(st.src.Cases, c.Line, field, value, err)
		ok = false
	}
	*a = st.checkCase(c, bad)
	if !ok {
		ss.reject[c.Line] = true
	}
	// id \0 line accepted method hospital: duplicates found in id order (A29)
	b := append(ss.buf[:0], c.ID...)
	b = append(b, 0)
	b = binary.BigEndian.AppendUint64(b, uint64(c.Line))
	b = append(b, boolByte(ok), byte(a.method))
	b = binary.BigEndian.AppendUint32(b, uint32(a.hosp))
	ss.buf = b
	if err := ss.ids.Add(b); err != nil {
		return err
	}
	if !ok {
		return nil
	}
	ss.count(a, 1)
	if (a.method == param.DRG || a.method == param.DIP) && c.HasSpecial {
		ss.claims = append(ss.claims, streamClaim{a.method, a.hosp, c.Discharge, strings.Clone(c.ID), c.Line})
	}
	return ss.addLink(a)
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func (ss *streamState) count(a *acceptedCase, d int) {
	ss.n[a.method] += d
	if ss.counts[a.method] == nil {
		ss.counts[a.method] = make([]int, len(ss.st.hosp))
	}
	ss.counts[a.method][a.hosp] += d
}

// addLink records a DRG or DIP stay that may link (a patient id and a group):
// method patient \0 hospital group discharge admit id \0 line.
func (ss *streamState) addLink(a *acceptedCase) error {
	c := a.c
	if c.PatientID == "" || (a.method != param.DRG && a.method != param.DIP) {
		return nil
	}
	var g int32 = -1
	switch a.method {
	case param.DRG:
		if ss.st.in.Weights != nil && c.Group != "" {
			if v, ok := ss.st.in.Weights.Lookup(c.Group); ok {
				g = v
			}
		}
	case param.DIP:
		if ss.st.in.Catalog != nil {
			g, _ = ss.st.in.Catalog.Resolve(c.Group, c.Diagnosis, c.Procedures, c.Treatment)
		}
	}
	if g < 0 {
		return nil // ungrouped stays never link (A25)
	}
	b := append(ss.buf[:0], byte(a.method))
	b = append(b, c.PatientID...)
	b = append(b, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(a.hosp))
	b = binary.BigEndian.AppendUint32(b, uint32(g))
	b = binary.BigEndian.AppendUint32(b, dateKey(c.Discharge))
	b = binary.BigEndian.AppendUint32(b, dateKey(c.Admit))
	b = append(b, c.ID...)
	b = append(b, 0)
	b = binary.BigEndian.AppendUint64(b, uint64(c.Line))
	ss.buf = b
	return ss.links.Add(b)
}

// duplicates walks the ids in order: every later copy of an id is rejected (A29).
func (ss *streamState) duplicates() error {
	st := ss.st
	var prev []byte
	return ss.ids.Sort(func(r []byte) bool {
		z := bytes.IndexByte(r, 0)
		id, rest := r[:z], r[z+1:]
		if prev != nil && bytes.Equal(id, prev) {
			line := int(binary.BigEndian.Uint64(rest))
			st.errs.Addf(st.src.Cases, line, "case_id", string(id), pointvalue.ErrDuplicate)
			if rest[8] == 1 && !ss.reject[line] {
				ss.count(&acceptedCase{method: param.Method(rest[9]), hosp: int32(binary.BigEndian.Uint32(rest[10:]))}, -1)
				for i, cl := range ss.claims {
					if cl.line == line {
						ss.claims = slices.Delete(ss.claims, i, i+1)
						break
					}
				}
			}
			ss.reject[line] = true
		}
		prev = append(prev[:0], id...)
		return true
	})
}

// capSpecial is DRG-8 / DIP-8's cap over the approvals, as drg and dip Prepare run it.
func (ss *streamState) capSpecial() {
	p := ss.st.p
	slices.SortFunc(ss.claims, func(a, b streamClaim) int { return strings.Compare(a.id, b.id) })
	for _, m := range []param.Method{param.DRG, param.DIP} {
		share, scope := p.DRG.SpecialMaxShare, p.DRG.SpecialScope
		if m == param.DIP {
			share, scope = p.DIP.SpecialMaxShare, p.DIP.SpecialScope
		}
		var claims []special.Claim
		var at []int
		for i, cl := range ss.claims {
			if cl.method != m {
				continue
			}
			var sc int32
			if scope == param.ScopeHospital {
				sc = cl.hosp
			}
			claims = append(claims, special.Claim{Scope: sc, Discharge: cl.discharge, Index: int32(len(claims))})
			at = append(at, i)
		}
		if len(claims) == 0 {
			continue
		}
		counts := []int{ss.n[m]}
		if scope == param.ScopeHospital {
			counts = ss.counts[m]
		}
		for _, k := range special.Refused(claims, counts, share) {
			ss.refused[ss.claims[at[k]].line] = true
		}
	}
}

// linkReadmissions walks the stays grouped by (method, patient, hospital, group)
// and marks the earlier stays to reduce (DRG-7, DIP-7) with readmit.Mark.
func (ss *streamState) linkReadmissions() error {
	p := ss.st.p
	approved := map[int]bool{}
	for _, cl := range ss.claims {
		if !ss.refused[cl.line] {
			approved[cl.line] = true
		}
	}
	var key []byte
	var stays []readmit.Stay
	var lines []int
	var reduced []bool
	flush := func() {
		if len(stays) == 0 {
			return
		}
		days := p.DRG.ReadmitDays
		rule := p.DRG.ReadmitRule
		if param.Method(key[0]) == param.DIP {
			days, rule = p.DIP.ReadmitDays, p.DIP.ReadmitRule
		}
		if rule != param.ReadmitNone {
			reduced = slices.Grow(reduced[:0], len(stays))[:len(stays)]
			clear(reduced)
			readmit.Mark(stays, days, reduced)
			for i, r := range reduced {
				if r && !stays[i].Exempt {
					ss.reduced[lines[i]] = true
				}
			}
		}
		stays, lines = stays[:0], lines[:0]
	}
	err := ss.links.Sort(func(r []byte) bool {
		z := 1 + bytes.IndexByte(r[1:], 0) // after the method byte, the patient id's end
		k := r[:z+1+8]                     // method patient \0 hospital group
		rest := r[z+1:]
		if !bytes.Equal(k, key) {
			flush()
			key = append(key[:0], k...)
		}
		idEnd := 16 + bytes.IndexByte(rest[16:], 0)
		line := int(binary.BigEndian.Uint64(rest[idEnd+1:]))
		if ss.reject[line] {
			return true
		}
		stays = append(stays, readmit.Stay{
			Hospital: 0, Group: 0,
			Discharge: pointvalue.Date(int32(binary.BigEndian.Uint32(rest[8:]) ^ 1<<31)),
			Admit:     pointvalue.Date(int32(binary.BigEndian.Uint32(rest[12:]) ^ 1<<31)),
			Exempt:    approved[line],
		})
		lines = append(lines, line)
		return true
	})
	flush()
	return err
}

// score is pass two for a case: the same scoring as Settle with the flags the
// cross-case rules set, the totals, and the result queued in case-id order.
func (ss *streamState) score(a *acceptedCase) error {
	st := ss.st
	c := a.c
	if ss.reject[c.Line] {
		return nil
	}
	*a = st.checkCase(c, func(string, string, error) {})
	var cr CaseResult
	var g int32 = -1
	var err error
	switch a.method {
	case param.DRG:
		dc := st.drgCase(a, -1)
		if ss.refused[c.Line] {
			dc.Flags |= drg.FlagSpecialRefused
		}
		if ss.reduced[c.Line] {
			dc.Flags |= drg.FlagReadmitted
		}
		if err = ss.sc.scoreDRG(a, &dc, &cr, ss.w.words); err == nil {
			g = dc.Group
		}
	case param.DIP:
		dc := st.dipCase(a, -1, ss.sc.dip[0])
		if ss.refused[c.Line] {
			dc.Flags |= dip.FlagSpecialRefused
		}
		if ss.reduced[c.Line] {
			dc.Flags |= dip.FlagReadmitted
		}
		err = ss.sc.scoreDIP(a, &dc, st.in.Catalog, &cr, ss.w.words)
	case param.BedDay:
		err = st.scoreBedDay(ss.sc, a, &cr)
	}
	if err != nil {
		ac := *a
		cc := *c
		ac.c = &cc
		ss.scoreErrs = append(ss.scoreErrs, streamErr{ac, err})
	}
	identify(a, &cr)
	ss.w.add(st, a, cr.Points, g)
	ss.buf = encodeResult(ss.buf[:0], &cr, a.pool)
	return ss.results.Add(ss.buf)
}

// encodeResult writes a case result as id \0 followed by its fields.
func encodeResult(b []byte, cr *CaseResult, pool param.Method) []byte {
	b = append(b, cr.CaseID...)
	b = append(b, 0)
	for _, s := range []string{cr.HospitalID, cr.Group, cr.Flags, cr.Rules} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = append(b, byte(cr.Fund), byte(cr.Method), byte(cr.Class), byte(pool), boolByte(cr.HasBase), boolByte(cr.HasRatio))
	for _, v := range []int64{int64(cr.Base), int64(cr.Ratio), int64(cr.Points)} {
		b = binary.BigEndian.AppendUint64(b, uint64(v))
	}
	return b
}

var errCorrupt = errors.New("budget: corrupt sort record")

func decodeResult(b []byte, cr *CaseResult) (pool param.Method, err error) {
	z := bytes.IndexByte(b, 0)
	cr.CaseID = string(b[:z])
	b = b[z+1:]
	for _, s := range []*string{&cr.HospitalID, &cr.Group, &cr.Flags, &cr.Rules} {
		n, k := binary.Uvarint(b)
		if k <= 0 || int(n) > len(b)-k {
			return 0, errCorrupt
		}
		*s = string(b[k : k+int(n)])
		b = b[k+int(n):]
	}
	if len(b) != 6+24 {
		return 0, errCorrupt
	}
	cr.Fund, cr.Method, cr.Class, pool = param.Fund(b[0]), param.Method(b[1]), Class(b[2]), param.Method(b[3])
	cr.HasBase, cr.HasRatio = b[4] == 1, b[5] == 1
	cr.Base = pointvalue.Points(binary.BigEndian.Uint64(b[6:]))
	cr.Ratio = pointvalue.Factor(binary.BigEndian.Uint64(b[14:]))
	cr.Points = pointvalue.Points(binary.BigEndian.Uint64(b[22:]))
	return pool, nil
}

// writeCases is the last pass: the results in case-id order, each with its
// amount at its pool's point value (PV-4), as WriteCases writes them.
func (ss *streamState) writeCases(res *Result, out io.Writer) error {
	var pv [param.NumFunds][param.NumMethods]*PoolResult
	for i := range res.Pools {
		p := &res.Pools[i]
		pv[p.Fund][p.Method] = p
	}
	ps := ss.st.p.PointScale
	cw := csvio.NewWriter(out)
	if err := cw.Write(CasesColumns...); err != nil {
		return err
	}
	var werr error
	err := ss.results.Sort(func(r []byte) bool {
		var cr CaseResult
		pool, err := decodeResult(r, &cr)
		if err != nil {
			werr = err
			return false
		}
		if p := pv[cr.Fund][pool]; p != nil && p.HasPointValue {
			if cr.Amount, werr = pointvalue.Amount(cr.Points, p.PointValue, ss.st.p.Rounding); werr != nil {
				return false
			}
			cr.HasAmount = true
		}
		werr = cw.Write(caseRow(&cr, ps)...)
		return werr == nil
	})
	if err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	return cw.Flush()
}
