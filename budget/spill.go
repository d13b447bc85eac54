package budget

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"unsafe"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// A spill record is one case as a Stream writes it to its runs: its length
// (uvarint), then the case id and line (the merge key), then every field Append
// takes, strings as uvarint length + bytes, numbers as varints.

// appendRecord appends row i as a spill record.
func (b *Batch) appendRecord(dst []byte, i uint32) []byte {
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0) // length, patched below
	str := func(s string) {
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		dst = append(dst, s...)
	}
	str(b.id(i))
	dst = binary.AppendUvarint(dst, uint64(b.line[i]))
	n := len(dst)
	dst = binary.AppendUvarint(dst, 0)
	p0 := len(dst)
	dst = b.appendPatient(dst, i)
	if l := len(dst) - p0; l < 128 {
		dst[n] = byte(l)
	} else { // re-encode the length in front of a long id
		pid := append([]byte(nil), dst[p0:]...)
		dst = binary.AppendUvarint(dst[:n], uint64(len(pid)))
		dst = append(dst, pid...)
	}
	str(b.hosps.get(b.hosp[i]))
	dst = append(dst, byte(b.fund[i]))
	str(b.fundTexts.get(uint32(b.fundText[i])))
	dst = append(dst, b.method[i])
	str(b.groups.get(b.group[i]))
	if k := b.dipKey[i]; k != 0 {
		d := &b.dipKeyParts[k]
		dst = append(dst, 1+byte(d.treatment))
		str(d.diagnosis)
		str(d.procedures)
	} else {
		dst = append(dst, 0)
	}
	dst = binary.AppendVarint(dst, int64(b.admit[i]))
	dst = binary.AppendVarint(dst, int64(b.discharge[i]))
	dst = binary.AppendVarint(dst, int64(b.cost[i]))
	dst = binary.AppendVarint(dst, int64(b.share[i]))
	str(b.categories.get(b.bedday[i]))
	fl := b.flags[i]
	dst = append(dst, fl)
	if fl&rowTCM != 0 {
		dst = binary.AppendVarint(dst, int64(b.tcm[i]))
	}
	if fl&rowSpecial != 0 {
		dst = binary.AppendVarint(dst, int64(b.special[i]))
	}
	sev := ""
	if b.severity != nil {
		sev = b.severities.get(uint32(b.severity[i]))
	}
	str(sev)
	binary.LittleEndian.PutUint32(dst[start:], uint32(len(dst)-start-4))
	return dst
}

var errRecord = errors.New("budget: stream: a damaged spill record")

// recordDecoder reads the fields of one spill record.
type recordDecoder struct {
	b   []byte
	bad bool
}

func (d *recordDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *recordDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *recordDecoder) byte() byte {
	if len(d.b) == 0 {
		d.bad = true
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

// str returns the next string as a view of the record (Append copies it).
func (d *recordDecoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.bad, d.b = true, nil
		return ""
	}
	s := d.b[:n]
	d.b = d.b[n:]
	if n == 0 {
		return ""
	}
	return unsafe.String(&s[0], len(s))
}

// decodeRecord decodes a record body (the bytes after its length) into c; c's
// strings view the body.
func decodeRecord(body []byte, c *Case) error {
	d := recordDecoder{b: body}
	*c = Case{}
	c.ID = d.str()
	c.Line = int(d.uvarint())
	c.PatientID = d.str()
	c.HospitalID = d.str()
	c.Fund = param.Fund(d.byte())
	c.FundText = d.str()
	if m := d.byte(); m != 0 {
		c.Method, c.MethodGiven = param.Method(m-1), true
	}
	c.Group = d.str()
	if t := d.byte(); t != 0 {
		c.Treatment = dip.Treatment(t - 1)
		c.Diagnosis = d.str()
		c.Procedures = d.str()
	} else {
		c.Treatment = dip.TreatmentUnset
	}
	c.Admit = pointvalue.Date(d.varint())
	c.Discharge = pointvalue.Date(d.varint())
	c.TotalCost = pointvalue.Money(d.varint())
	c.PatientShare = pointvalue.Money(d.varint())
	c.BedDayCategory = d.str()
	fl := d.byte()
	c.Incomplete = fl&rowIncomplete != 0
	if fl&rowTCM != 0 {
		c.TCMShare, c.HasTCMShare = pointvalue.Factor(d.varint()), true
	}
	if fl&rowSpecial != 0 {
		c.SpecialPoints, c.HasSpecial = pointvalue.Points(d.varint()), true
	}
	c.Severity = d.str()
	if d.bad || len(d.b) != 0 {
		return errRecord
	}
	return nil
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
	idLen, k := binary.Uvarint(rr.buf)
	if k <= 0 || idLen > uint64(len(rr.buf)-k) {
		return false, errRecord
	}
	id := rr.buf[k : k+int(idLen)]
	line, j := binary.Uvarint(rr.buf[k+int(idLen):])
	if j <= 0 {
		return false, errRecord
	}
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
