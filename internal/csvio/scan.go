package csvio

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"math/bits"
	"unicode/utf8"
	"unsafe"
)

// MaxRecordBytes bounds one record of an input: all its physical lines,
// line ends excluded, so a quoted field spread over many short lines counts
// whole (ERR-4). A longer record stops the reading with an error naming the
// line the record starts on; the reader never buffers much more than this.
const MaxRecordBytes = 1 << 20

const (
	chunkSize = 64 << 10                   // the first buffer, and each new one in the stable mode
	minRead   = 4 << 10                    // the least free space a read is given
	maxBuf    = MaxRecordBytes + chunkSize // the largest buffer: one record of MaxRecordBytes and a read
)

// Scan results.
type result uint8

const (
	recOK    result = iota // a record: its fields are set
	recBad                 // a malformed record (scanner.perr), skipped; reported at recLine
	recEnd                 // the end of the input
	recFatal               // reading stopped (scanner.fatal) at the record starting on recLine
)

// errTooLong is the cause of recFatal for a record over MaxRecordBytes.
var errTooLong = errors.New("a record longer than 1048576 bytes")

// scanner splits RFC 4180 records (',' separator, "\n" or "\r\n" line ends,
// double-quoted fields with "" escapes that may hold commas and line ends)
// exactly as encoding/csv does with FieldsPerRecord = -1 and no LazyQuotes:
// the same fields, the same start lines, the same errors (csv.ErrBareQuote,
// csv.ErrQuote) and the same recovery (reading resumes on the line after the
// one the error is on). Empty lines between records are skipped but counted.
//
// The input is read into a buffer of chunkSize bytes that grows, while one
// record does not fit, up to maxBuf. Unquoted fields, and quoted ones holding
// neither "" nor a line end in CRLF, are views into that buffer; the others
// are unescaped into scratch. Which view outlives which call depends on reuse:
//
//   - reuse false (the stable mode): bytes once handed out are never written
//     again. When a buffer runs out a new one is allocated and the unfinished
//     record copied there; the old buffer is left to the fields that point
//     into it, and scratch is not reused either. A field stays valid forever,
//     at the cost of one buffer allocation per chunkSize bytes of input.
//   - reuse true: the buffer is compacted and read into again, and scratch
//     reused; a field is valid until the next scan.
//
// The input is decoded (GB18030) or validated (UTF-8) as it is read, so every
// byte a field can hold is valid UTF-8; see encoding.go.
type scanner struct {
	src   io.Reader
	reuse bool
	dec   *gbDecoder // nil for UTF-8 input

	// buf[start:end] is input not yet consumed, valid UTF-8; buf[end:raw] was
	// read but not yet validated (a UTF-8 sequence cut by the read).
	buf        []byte
	start, end int
	raw        int
	err        error // why no more input comes: io.EOF, a read error or an encoding error

	line int // physical line the next record starts on

	// The last record.
	recLine   int
	base      []byte   // what bounds index: the buffer from the record's start, or scratch
	bounds    []uint64 // field i is base[uint32(bounds[i]):bounds[i]>>32]
	nfields   int      // fields in the record; only the first maxFields are kept in bounds
	maxFields int      // < 0: no limit
	scratch   []byte
	perr      error // recBad's cause
	fatal     error // recFatal's cause: errTooLong, a read error or an encoding error
}

// newScanner starts reading src: it allocates the first buffer and looks at
// the first bytes for a byte-order mark (an error there comes with the first
// scan). enc is the input's encoding unless a UTF-8 BOM says otherwise.
func newScanner(src io.Reader, enc Encoding, reuse bool) *scanner {
	s := &scanner{src: src, reuse: reuse, line: 1, maxFields: -1, buf: make([]byte, chunkSize)}
	s.sniff(enc)
	return s
}

// field returns field i of the last record (i < min(nfields, maxFields)).
func (s *scanner) field(i int) string {
	v := s.bounds[i]
	a, b := uint32(v), uint32(v>>32)
	if a == b {
		return ""
	}
	return unsafe.String(&s.base[a], int(b-a))
}

// kept is the number of fields of the last record held in bounds.
func (s *scanner) kept() int { return len(s.bounds) }

// more reads input until buf[start:end] grows. It returns false once no more
// comes: s.err says why (io.EOF at the end).
func (s *scanner) more() bool {
	have := s.end - s.start
	for tries := 0; s.err == nil; tries++ {
		s.makeRoom()
		var n int
		var err error
		if s.dec != nil {
			n, err = s.dec.decode(s.buf[s.raw:])
			s.raw += n
			s.end = s.raw // the decoder writes valid UTF-8
		} else {
			n, err = s.src.Read(s.buf[s.raw:])
			if n < 0 || n > len(s.buf)-s.raw {
				n, err = 0, errors.New("invalid read count") // a broken io.Reader
			}
			s.raw += n
			if e := s.validate(err == io.EOF); e != nil {
				err = e
			}
		}
		if err != nil {
			s.err = err
		}
		if s.end-s.start > have {
			return true
		}
		if n == 0 && tries > 100 {
			s.err = io.ErrNoProgress
		}
	}
	return false
}

// makeRoom leaves at least minRead free bytes after buf[raw], keeping
// buf[start:raw] (the unfinished record and the unvalidated tail).
func (s *scanner) makeRoom() {
	if len(s.buf)-s.raw >= minRead {
		return
	}
	keep := s.raw - s.start
	if s.reuse && keep+minRead <= len(s.buf) {
		copy(s.buf, s.buf[s.start:s.raw])
	} else {
		size := len(s.buf)
		if !s.reuse {
			size = chunkSize // a fresh buffer: the old one may be pointed into
		}
		for size < keep+minRead {
			size *= 2
		}
		nb := make([]byte, min(size, max(maxBuf, keep+minRead)))
		copy(nb, s.buf[s.start:s.raw])
		s.buf = nb
	}
	s.end -= s.start
	s.raw -= s.start
	s.start = 0
}

// validate checks the bytes read since the last call, buf[end:raw], for
// UTF-8, leaving out a sequence cut by the read unless atEOF. On invalid
// input end stops at the first bad byte and the encoding error is returned.
func (s *scanner) validate(atEOF bool) error {
	b := s.buf[s.end:s.raw]
	n := len(b)
	if !atEOF {
		n = completeUTF8(b)
	}
	if utf8.Valid(b[:n]) {
		s.end += n
		return nil
	}
	for i := 0; i < n; {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			n = i
			break
		}
		i += size
	}
	s.end += n
	// The hint's window: the line of the bad byte, read on to its end.
	at := s.end
	from := max(at-hintBack, s.start+lineStart(s.buf[s.start:at]))
	for tries := 0; !atEOF && s.raw < len(s.buf) && tries < 100; tries++ {
		if bytes.IndexByte(s.buf[at:s.raw], '\n') >= 0 || s.raw-at >= hintAhead {
			break
		}
		m, err := s.src.Read(s.buf[s.raw:])
		s.raw += max(0, min(m, len(s.buf)-s.raw))
		atEOF = err == io.EOF
		if err != nil && !atEOF {
			break
		}
	}
	return notUTF8(s.buf[from:s.raw], atEOF)
}

// completeUTF8 returns the length of b without a UTF-8 sequence cut at its end.
func completeUTF8(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		c := b[i]
		if c < utf8.RuneSelf {
			return len(b)
		}
		if c >= 0xC0 { // a leading byte
			need := 2
			if c >= 0xF0 {
				need = 4
			} else if c >= 0xE0 {
				need = 3
			}
			if len(b)-i < need {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}

// lineStart returns where the last line of b starts.
func lineStart(b []byte) int { return bytes.LastIndexByte(b, '\n') + 1 }

// scan reads the next record.
func (s *scanner) scan() result {
	s.bounds = s.bounds[:0]
	s.nfields = 0
	s.perr, s.fatal = nil, nil
	s.recLine = s.line
	// Skip empty lines ("\n", "\r\n", and "\r" at the end of the input).
	for {
		if s.start == s.end && !s.more() {
			return s.atEnd()
		}
		switch s.buf[s.start] {
		case '\n':
			s.start++
			s.line++
			continue
		case '\r':
			if s.start+1 == s.end && !s.more() {
				if s.err == io.EOF {
					s.start++
				}
				return s.atEnd()
			}
			if s.buf[s.start+1] == '\n' {
				s.start += 2
				s.line++
				continue
			}
		}
		break
	}
	s.recLine = s.line
	// Fast path: a whole line in the buffer without a quote.
	b := s.buf[s.start:s.end]
	if nl := bytes.IndexByte(b, '\n'); nl >= 0 && nl <= MaxRecordBytes+1 {
		line := b[:nl]
		if bytes.IndexByte(line, '"') < 0 {
			if nl > 0 && line[nl-1] == '\r' {
				line = line[:nl-1]
			}
			if len(line) > MaxRecordBytes {
				return s.tooLong()
			}
			s.split(line)
			s.base = b
			s.start += nl + 1
			s.line++
			return recOK
		}
	}
	return s.scanSlow()
}

// atEnd is the result when no input is left at the start of a record.
func (s *scanner) atEnd() result {
	s.recLine = s.line
	if s.err == io.EOF {
		return recEnd
	}
	s.fatal = s.err
	return recFatal
}

func (s *scanner) tooLong() result {
	s.fatal = errTooLong
	s.err = errTooLong
	s.start = s.end // nothing more is read
	return recFatal
}

// split sets the fields of a line without quotes. It looks at 8 bytes at a
// time: m has bit 7 of each byte of w that is a comma set (exact for every
// byte, no borrow from one byte into the next).
func (s *scanner) split(line []byte) {
	const (
		ones   = 0x0101010101010101
		low7   = 0x7F7F7F7F7F7F7F7F
		commas = ',' * ones
	)
	bounds := s.bounds[:0]
	lim := s.maxFields
	if lim < 0 {
		lim = math.MaxInt
	}
	n, st, i := 0, 0, 0
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i:]) ^ commas
		m := ^((x&low7 + low7) | x) &^ low7
		for m != 0 {
			j := i + bits.TrailingZeros64(m)>>3
			if n < lim {
				bounds = append(bounds, uint64(st)|uint64(j)<<32)
			}
			n++
			st = j + 1
			m &= m - 1
		}
	}
	for ; i < len(line); i++ {
		if line[i] == ',' {
			if n < lim {
				bounds = append(bounds, uint64(st)|uint64(i)<<32)
			}
			n++
			st = i + 1
		}
	}
	if n < lim {
		bounds = append(bounds, uint64(st)|uint64(len(line))<<32)
	}
	s.bounds = bounds
	s.nfields = n + 1
}

// add keeps one more field of the record (base[a:b]).
func (s *scanner) add(a, b int) {
	if s.nfields != s.maxFields { // maxFields < 0: no limit
		s.bounds = append(s.bounds, uint64(a)|uint64(b)<<32)
	}
	s.nfields++
}

// Parser states of scanSlow.
const (
	stField   = iota // at the start of a field
	stPlain          // in an unquoted field
	stQuoted         // in a quoted field
	stClosing        // just after a quote in a quoted field
	stSkip           // after an error: skipping to the end of the line
)

// scanSlow reads a record that has quotes, or is not whole in the buffer. It
// works on offsets from s.start, which stay right while more() moves the
// buffer. A record with a field to unescape is then split again by unescape.
func (s *scanner) scanSlow() result {
	var (
		b      = s.buf[s.start:s.end]
		i      = 0 // next byte to look at
		from   = 0 // where the current field's text starts
		nl     = 0 // line ends inside the record so far
		state  = stField
		dirty  = false // a field needs unescaping
		endRec int     // where the record's text ends (line end excluded)
		next   int     // where the next record starts
	)
	s.bounds = s.bounds[:0]
	s.nfields = 0
	for {
		if i >= len(b) {
			if len(b) > MaxRecordBytes+1 { // even a final "\r\n" leaves it too long
				return s.tooLong()
			}
			if s.more() {
				b = s.buf[s.start:s.end]
				continue
			}
			if s.err != io.EOF {
				s.fatal = s.err
				return recFatal
			}
			// The end of the input ends the record (a final "\r" is dropped).
			endRec, next = len(b), len(b)
			switch state {
			case stField:
				s.add(i, i) // "a," at the end: a last empty field
			case stPlain:
				if endRec > from && b[endRec-1] == '\r' {
					endRec--
				}
				s.add(from, endRec)
			case stQuoted:
				s.perr = csv.ErrQuote
				s.start += next
				return recBad
			case stClosing:
				s.add(from, i-1)
			case stSkip:
				s.start += next
				return recBad
			}
			break
		}
		switch state {
		case stField:
			if b[i] == '"' {
				state, i = stQuoted, i+1
			} else {
				state = stPlain
			}
			from = i
			continue
		case stPlain:
			j := i
			for j < len(b) && b[j] != ',' && b[j] != '\n' && b[j] != '"' {
				j++
			}
			i = j
			if j == len(b) {
				continue
			}
			switch b[j] {
			case ',':
				s.add(from, j)
				state, i = stField, j+1
				continue
			case '"':
				s.perr, state = csv.ErrBareQuote, stSkip
				continue
			}
			endRec, next = j, j+1
			if endRec > from && b[endRec-1] == '\r' {
				endRec--
			}
			s.add(from, endRec)
			nl++
		case stQuoted:
			j := bytes.IndexByte(b[i:], '"')
			text := b[i:]
			if j >= 0 {
				text = b[i : i+j]
			}
			nl += bytes.Count(text, nlByte)
			// A "\r\n" becomes "\n" (its halves may come in two reads).
			dirty = dirty || bytes.IndexByte(text, '\r') >= 0
			if j < 0 {
				i = len(b)
				continue
			}
			state, i = stClosing, i+j+1
			continue
		case stClosing:
			switch b[i] {
			case '"':
				dirty, state, i = true, stQuoted, i+1
				continue
			case ',':
				s.add(from, i-1)
				state, i = stField, i+1
				continue
			case '\n':
				s.add(from, i-1)
				endRec, next = i, i+1
				nl++
			case '\r':
				if i+1 == len(b) {
					// Is it "\r\n", or "\r" at the end of the input?
					if len(b) <= MaxRecordBytes+1 && s.more() {
						b = s.buf[s.start:s.end]
						continue
					}
					if s.err != io.EOF {
						if len(b) > MaxRecordBytes+1 {
							return s.tooLong()
						}
						s.fatal = s.err
						return recFatal
					}
					s.add(from, i-1)
					endRec, next = i, i+1
					break
				}
				if b[i+1] == '\n' {
					s.add(from, i-1)
					endRec, next = i, i+2
					nl++
					break
				}
				s.perr, state = csv.ErrQuote, stSkip
				continue
			default:
				s.perr, state = csv.ErrQuote, stSkip
				continue
			}
		case stSkip:
			j := bytes.IndexByte(b[i:], '\n')
			if j < 0 {
				i = len(b)
				continue
			}
			next = i + j + 1
			if next-1 > MaxRecordBytes {
				return s.tooLong()
			}
			s.start += next
			s.line += nl + 1
			return recBad
		}
		break
	}
	if endRec > MaxRecordBytes {
		return s.tooLong()
	}
	if dirty {
		s.unescape(b[:endRec])
	} else {
		s.base = b
	}
	s.start += next
	s.line += nl
	return recOK
}

var nlByte = []byte{'\n'}

// unescape splits a well-formed record again, copying every field into
// scratch with "" made " and CRLF made LF (as encoding/csv does).
func (s *scanner) unescape(rec []byte) {
	out := s.scratch[:0]
	if !s.reuse {
		out = make([]byte, 0, len(rec)) // a field of the last record may point into scratch
	}
	s.bounds = s.bounds[:0]
	s.nfields = 0
	i := 0
	for {
		a := len(out)
		if i < len(rec) && rec[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(rec[i:], '"') // there is one: the record is well formed
				out = appendLF(out, rec[i:i+j])
				i += j + 1
				if i < len(rec) && rec[i] == '"' {
					out = append(out, '"')
					i++
					continue
				}
				break
			}
		} else {
			j := bytes.IndexByte(rec[i:], ',')
			if j < 0 {
				j = len(rec) - i
			}
			out = append(out, rec[i:i+j]...)
			i += j
		}
		s.add(a, len(out))
		if i >= len(rec) {
			break
		}
		i++ // the comma
		if i == len(rec) {
			s.add(len(out), len(out))
			break
		}
	}
	s.scratch = out
	s.base = out
}

// appendLF appends text with each "\r\n" made "\n".
func appendLF(out, text []byte) []byte {
	for {
		j := bytes.Index(text, crlf)
		if j < 0 {
			return append(out, text...)
		}
		out = append(out, text[:j]...)
		out = append(out, '\n')
		text = text[j+2:]
	}
}

var crlf = []byte("\r\n")
