package budget

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unsafe"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// A spill record is one row of a batch as a Stream writes it to its runs: a
// fixed-width part, then the case id and the patient id. The small tables a
// row refers to (hospitals, groups, DIP keys, bed-day categories, severities,
// fund texts) are the stream's dictionary, shared by every run and window, so a
// record holds their indexes and a window is rebuilt without a map lookup.
//
//	off  size  field
//	0    4     body length (after these 4 bytes)
//	4    2     case id length n
//	6    4     line
//	10   4     hospital       14  4  group      18  4  DIP key    22  4  bed-day category
//	26   4     severity       30  4  fund text  34  4  admit      38  4  discharge
//	42   8     cost           50  8  share      58  8  special    66  4  TCM share
//	70   1     fund           71  1  method     72  1  flags      73  2  patient id length m
//	75   n     case id        75+n m  patient id
const recFixed = 75

// dictionary maps a batch's small-table indexes to a stream's.
type dictionary struct {
	d *Batch // its interners are the stream's tables
}

// translate returns, for each small table of b, b's index → the dictionary's.
func (t *dictionary) translate(b *Batch) (tr [6][]uint32) {
	for k, pair := range [...][2]*interner{{&b.hosps, &t.d.hosps}, {&b.groups, &t.d.groups}, {&b.categories, &t.d.categories},
		{&b.severities, &t.d.severities}, {&b.fundTexts, &t.d.fundTexts}} {
		src, dst := pair[0], pair[1]
		tr[k] = make([]uint32, len(src.s)+1)
		for x := 1; x < len(src.s); x++ {
			tr[k][x] = dst.intern(src.s[x])
		}
	}
	tr[5] = make([]uint32, len(b.dipKeyParts)+1)
	for x := 1; x < len(b.dipKeyParts); x++ {
		d := b.dipKeyParts[x]
		tr[5][x] = t.d.internDIPKey(d.diagnosis, d.procedures, d.treatment)
	}
	return tr
}

// appendRecord appends row i as a spill record, its table indexes translated by tr.
func (b *Batch) appendRecord(dst []byte, i uint32, tr *[6][]uint32) []byte {
	id := b.id(i)
	start := len(dst)
	dst = append(dst, make([]byte, recFixed)...)
	r := dst[start:]
	le := binary.LittleEndian
	le.PutUint16(r[4:], uint16(min(len(id), 1<<16-1)))
	le.PutUint32(r[6:], b.line[i])
	le.PutUint32(r[10:], tr[0][b.hosp[i]])
	le.PutUint32(r[14:], tr[1][b.group[i]])
	le.PutUint32(r[18:], tr[5][b.dipKeyOf(i)])
	le.PutUint32(r[22:], tr[2][b.bedDay(i)])
	if b.severity != nil {
		le.PutUint32(r[26:], tr[3][b.severity[i]])
	}
	le.PutUint32(r[30:], tr[4][b.fundText[i]])
	le.PutUint32(r[34:], uint32(b.admit[i]))
	le.PutUint32(r[38:], uint32(b.discharge[i]))
	le.PutUint64(r[42:], uint64(b.cost[i]))
	le.PutUint64(r[50:], uint64(b.share[i]))
	fl := b.flags[i]
	if fl&rowSpecial != 0 {
		le.PutUint64(r[58:], uint64(b.special[i]))
	}
	if fl&rowTCM != 0 {
		le.PutUint32(r[66:], uint32(b.tcm[i]))
	}
	r[70], r[71], r[72] = byte(b.fund[i]), b.method[i], fl
	dst = append(dst, id[:min(len(id), 1<<16-1)]...)
	p0 := len(dst)
	dst = b.appendPatient(dst, i)
	le.PutUint16(dst[start+73:], uint16(min(len(dst)-p0, 1<<16-1)))
	le.PutUint32(dst[start:], uint32(len(dst)-start-4))
	return dst
}

var errRecord = errors.New("budget: stream: a damaged spill record")

// recordID returns the case id of a record body (the bytes after its length).
func recordID(body []byte) []byte {
	n := int(binary.LittleEndian.Uint16(body[0:]))
	return body[recFixed-4 : recFixed-4+n]
}

// appendBody appends the row a record body holds to b, whose small tables are
// the stream's dictionary's.
func (b *Batch) appendBody(body []byte) error {
	if len(body) < recFixed-4 {
		return errRecord
	}
	le := binary.LittleEndian
	n, m := int(le.Uint16(body[0:])), int(le.Uint16(body[69:]))
	if len(body) != recFixed-4+n+m {
		return errRecord
	}
	r := body[:]
	row := uint32(len(b.idEnd))
	b.line = append(b.line, le.Uint32(r[2:]))
	b.ids = append(b.ids, r[recFixed-4:recFixed-4+n]...)
	b.idEnd = append(b.idEnd, uint32(len(b.ids)))
	pid := r[recFixed-4+n:]
	hi, lo, long := packPatient(unsafe.String(unsafe.SliceData(pid), len(pid)))
	if long {
		if b.patLong == nil {
			b.patLong = map[uint32]string{}
		}
		b.patLong[row] = string(pid)
	}
	b.patHi, b.patLo = append(b.patHi, hi), append(b.patLo, lo)
	b.hosp = append(b.hosp, le.Uint32(r[6:]))
	b.group = append(b.group, le.Uint32(r[10:]))
	if k := le.Uint32(r[14:]); k != 0 || b.dipKey != nil {
		if b.dipKey == nil {
			b.dipKey = make([]uint32, row, cap(b.idEnd))
		}
		b.dipKey = append(b.dipKey, k)
	}
	fl := r[68]
	if fl&rowBedDay != 0 {
		if b.beddays == nil {
			b.beddays = map[uint32]uint32{}
		}
		b.beddays[row] = le.Uint32(r[18:])
	}
	if k := le.Uint32(r[22:]); k != 0 || b.severity != nil {
		if b.severity == nil {
			b.severity = make([]uint16, row, cap(b.idEnd))
		}
		b.severity = append(b.severity, uint16(min(k, 1<<16-1)))
	}
	b.fundText = append(b.fundText, uint8(min(le.Uint32(r[26:]), 255)))
	b.admit = append(b.admit, pointvalue.Date(int32(le.Uint32(r[30:]))))
	b.discharge = append(b.discharge, pointvalue.Date(int32(le.Uint32(r[34:]))))
	b.cost = append(b.cost, pointvalue.Money(le.Uint64(r[38:])))
	b.share = append(b.share, pointvalue.Money(le.Uint64(r[46:])))
	if fl&rowSpecial != 0 {
		if b.special == nil {
			b.special = map[uint32]pointvalue.Points{}
		}
		b.special[row] = pointvalue.Points(le.Uint64(r[54:]))
	}
	if fl&rowTCM != 0 && b.tcm == nil {
		b.tcm = make([]int32, row, cap(b.idEnd))
	}
	if b.tcm != nil {
		b.tcm = append(b.tcm, int32(le.Uint32(r[62:])))
	}
	b.fund = append(b.fund, param.Fund(r[66]))
	b.method = append(b.method, r[67])
	b.flags = append(b.flags, fl)
	return nil
}

// internDIPKey interns a DIP grouping key into b's tables.
func (b *Batch) internDIPKey(diagnosis, procedures string, t dip.Treatment) uint32 {
	b.keyBuf = append(append(append(append(b.keyBuf[:0], diagnosis...), 0), procedures...), 0, byte('0'+t))
	k := b.dipKeys.internBytes(b.keyBuf)
	if int(k) >= len(b.dipKeyParts) {
		if len(b.dipKeyParts) == 0 {
			b.dipKeyParts = append(b.dipKeyParts, dipKey{})
		}
		b.dipKeyParts = append(b.dipKeyParts, dipKey{strings.Clone(diagnosis), strings.Clone(procedures), t})
	}
	return k
}

// useTables makes b's small tables the dictionary's (a window of a stream).
func (b *Batch) useTables(d *Batch) {
	b.hosps, b.groups, b.categories, b.severities, b.fundTexts = d.hosps, d.groups, d.categories, d.severities, d.fundTexts
	b.dipKeys, b.dipKeyParts = d.dipKeys, d.dipKeyParts
}

// runWriter writes one sorted run of records to a file.
type runWriter struct {
	f   *os.File
	w   *bufio.Writer
	err error
}

func newRunWriter(name string) (*runWriter, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("budget: stream: %w", err)
	}
	return &runWriter{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

func (w *runWriter) write(rec []byte) {
	if w.err == nil {
		_, w.err = w.w.Write(rec)
	}
}

func (w *runWriter) close() error {
	if w.err == nil {
		w.err = w.w.Flush()
	}
	if err := w.f.Close(); w.err == nil {
		w.err = err
	}
	if w.err != nil {
		return fmt.Errorf("budget: stream: %w", w.err)
	}
	return nil
}

// runRecord is the record a run reader holds: its body, and the key parts.
type runRecord struct {
	body []byte
	id   []byte
	line uint64
}

type runReader struct {
	f   *os.File
	r   *bufio.Reader
	rec runRecord
	buf []byte
}

func (rr *runReader) next() (bool, error) {
	var n [4]byte
	if _, err := io.ReadFull(rr.r, n[:]); err != nil {
		if err == io.EOF {
			return false, nil
		}
		return false, err
	}
	size := int(binary.LittleEndian.Uint32(n[:]))
	if cap(rr.buf) < size {
		rr.buf = make([]byte, size, max(size, 2*cap(rr.buf)))
	}
	rr.buf = rr.buf[:size]
	if _, err := io.ReadFull(rr.r, rr.buf); err != nil {
		return false, err
	}
	if size < recFixed-4 {
		return false, errRecord
	}
	idLen := int(binary.LittleEndian.Uint16(rr.buf))
	if recFixed-4+idLen > size {
		return false, errRecord
	}
	id := rr.buf[recFixed-4 : recFixed-4+idLen]
	line := uint64(binary.LittleEndian.Uint32(rr.buf[2:]))
	rr.rec = runRecord{body: rr.buf, id: id, line: line}
	return true, nil
}

// runMerger yields the records of every run in (case id, line) order: the first
// read of an id comes first (A29).
type runMerger struct {
	runs []*runReader // a heap on (id, line)
	e    error
	cur0 *runReader // the run whose record is current (the heap's top)
}

func openRuns(names []string) (*runMerger, error) {
	m := &runMerger{}
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			m.close()
			return nil, fmt.Errorf("budget: stream: %w", err)
		}
		rr := &runReader{f: f, r: bufio.NewReaderSize(f, 256<<10)}
		ok, err := rr.next()
		if err != nil {
			f.Close()
			m.close()
			return nil, fmt.Errorf("budget: stream: %w", err)
		}
		if !ok {
			f.Close()
			continue
		}
		m.runs = append(m.runs, rr)
	}
	for i := len(m.runs)/2 - 1; i >= 0; i-- {
		m.down(i)
	}
	return m, nil
}

func (m *runMerger) less(a, b *runReader) bool {
	if c := bytes.Compare(a.rec.id, b.rec.id); c != 0 {
		return c < 0
	}
	return a.rec.line < b.rec.line
}

func (m *runMerger) down(i int) {
	h := m.runs
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		j := l
		if r := l + 1; r < len(h) && m.less(h[r], h[l]) {
			j = r
		}
		if !m.less(h[j], h[i]) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}

// next moves to the next record; cur returns it (valid until the next call).
func (m *runMerger) next() bool {
	if m.e != nil {
		return false
	}
	if m.cur0 != nil { // advance the run whose record was taken last
		ok, err := m.cur0.next()
		if err != nil {
			m.e = fmt.Errorf("budget: stream: %w", err)
			return false
		}
		if !ok {
			m.cur0.f.Close()
			last := len(m.runs) - 1
			m.runs[0] = m.runs[last]
			m.runs = m.runs[:last]
		}
		m.down(0)
		m.cur0 = nil
	}
	if len(m.runs) == 0 {
		return false
	}
	m.cur0 = m.runs[0]
	return true
}

func (m *runMerger) cur() *runRecord { return &m.cur0.rec }

func (m *runMerger) err() error { return m.e }

func (m *runMerger) close() {
	for _, r := range m.runs {
		r.f.Close()
	}
	m.runs = nil
}
