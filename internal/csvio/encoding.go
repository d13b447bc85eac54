package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dipdrg/dipdrg/pointvalue"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encoding is the text encoding of an input CSV (docs/formats.md:
// -encoding utf-8|gb18030).
type Encoding uint8

const (
	UTF8    Encoding = iota // UTF-8, the default
	GB18030                 // GB18030, which includes GBK and GB2312: what Excel saves as "CSV" on Chinese Windows
)

// String returns the name -encoding takes: "utf-8" or "gb18030".
func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "utf-8"
	case GB18030:
		return "gb18030"
	}
	return fmt.Sprintf("Encoding(%d)", uint8(e))
}

// ParseEncoding reads an -encoding value: utf-8 (or utf8) or gb18030 (or
// gbk, its subset), ASCII case ignored.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "utf-8", "utf8":
		return UTF8, nil
	case "gb18030", "gbk":
		return GB18030, nil
	}
	return 0, fmt.Errorf("%w: encoding %q: utf-8 or gb18030", pointvalue.ErrInvalidArgument, s)
}

// encodingError is a whole-file encoding problem. Its text is the message
// alone ("not UTF-8 (…)"); errors.Is matches pointvalue.ErrEncoding and
// pointvalue.ErrMalformed.
type encodingError string

func (e encodingError) Error() string { return string(e) }

func (e encodingError) Is(target error) bool {
	return target == pointvalue.ErrEncoding || target == pointvalue.ErrMalformed
}

const (
	errNotUTF8   = encodingError("not UTF-8")
	errNotUTF8GB = encodingError("not UTF-8 (looks like GB18030: use -encoding gb18030)")
	errNotGB     = encodingError("not GB18030")
	errNotGBUTF8 = encodingError("not GB18030 (looks like UTF-8: use -encoding utf-8)")
	errUTF16LE   = encodingError("UTF-16 text (byte-order mark FF FE): save the file as UTF-8")
	errUTF16BE   = encodingError("UTF-16 text (byte-order mark FE FF): save the file as UTF-8")
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomGB18030 = []byte{0x84, 0x31, 0x95, 0x33} // U+FEFF in GB18030
	fffd       = []byte("\uFFFD")
	gbFFFD     = []byte{0x84, 0x31, 0xA4, 0x37} // U+FFFD in GB18030
)

// sniff reads the first bytes and acts on a byte-order mark: UTF-16 (either
// order) is an error; a UTF-8 BOM is skipped and makes the input UTF-8
// whatever enc says (the mark is unambiguous, and Excel's "CSV UTF-8" writes
// it); a GB18030 BOM is skipped. Then input is decoded from GB18030 when enc
// says so.
func (s *scanner) sniff(enc Encoding) {
	n, err := io.ReadAtLeast(s.src, s.buf, len(bomGB18030))
	if err == io.ErrUnexpectedEOF {
		err = io.EOF
	}
	b := s.buf[:n]
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		s.err = errUTF16LE
		return
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		s.err = errUTF16BE
		return
	case bytes.HasPrefix(b, bomUTF8):
		enc = UTF8
		s.start, s.end = len(bomUTF8), len(bomUTF8)
	}
	if enc == GB18030 {
		if bytes.HasPrefix(b, bomGB18030) {
			b = b[len(bomGB18030):]
		}
		d := &gbDecoder{src: s.src, t: simplifiedchinese.GB18030.NewDecoder(), raw: make([]byte, chunkSize), err: err}
		d.n = copy(d.raw, b)
		s.dec = d
		return
	}
	s.raw = n
	if e := s.validate(err == io.EOF); e != nil {
		err = e
	}
	s.err = err
}

// notUTF8 is the error for UTF-8 input that is not: b is the input from the
// start of the line holding the first bad byte, as far as it was read
// (atEOF: to the end). It says "looks like GB18030" when b decodes as
// GB18030 to valid text with CJK characters.
func notUTF8(b []byte, atEOF bool) error {
	if looksGB18030(b, atEOF) {
		return errNotUTF8GB
	}
	return errNotUTF8
}

// looksGB18030 reports whether b decodes as GB18030 without a bad sequence
// (a U+FFFD the input did not encode) and with at least one CJK character. A
// sequence cut at the end of b counts as bad only atEOF.
func looksGB18030(b []byte, atEOF bool) bool {
	t := simplifiedchinese.GB18030.NewDecoder()
	var dst [4096]byte
	legit, bad, cjk := bytes.Count(b, gbFFFD), 0, false
	for len(b) > 0 {
		nDst, nSrc, err := t.Transform(dst[:], b, atEOF)
		out := dst[:nDst]
		bad += bytes.Count(out, fffd)
		cjk = cjk || hasCJK(out)
		b = b[nSrc:]
		if err == transform.ErrShortSrc || nSrc == 0 {
			break
		}
	}
	return bad <= legit && cjk
}

// hasCJK reports whether UTF-8 text holds a Han character, CJK punctuation
// (U+3000–U+303F) or a full-width form (U+FF00–U+FFEF).
func hasCJK(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r < 0x2E80 {
			continue
		}
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) {
			return true
		}
	}
	return false
}

// looksUTF8 reports whether b (which may start and end inside a sequence) is
// valid UTF-8 with at least one multi-byte character.
func looksUTF8(b []byte) bool {
	for i := 0; i < utf8.UTFMax-1 && len(b) > 0 && !utf8.RuneStart(b[0]); i++ {
		b = b[1:]
	}
	b = b[:completeUTF8(b)]
	return utf8.Valid(b) && bytes.IndexFunc(b, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0
}

// gbDecoder turns GB18030 input into UTF-8. Bytes that are not GB18030 stop
// it with one error (x/text would make them U+FFFD and go on).
type gbDecoder struct {
	src    io.Reader
	t      transform.Transformer
	raw    []byte // raw[pos:n] is input not yet decoded
	pos, n int
	err    error // from src: io.EOF or a read error, once raw[pos:n] is used up
}

// decode writes UTF-8 into dst (at least utf8.UTFMax bytes) and returns how
// much; 0 only with an error.
func (d *gbDecoder) decode(dst []byte) (int, error) {
	for tries := 0; ; tries++ {
		if d.pos < d.n {
			nDst, nSrc, _ := d.t.Transform(dst, d.raw[d.pos:d.n], d.err == io.EOF)
			in := d.raw[d.pos : d.pos+nSrc]
			d.pos += nSrc
			if nDst > 0 {
				out := dst[:nDst]
				if bytes.Count(out, fffd) > bytes.Count(in, gbFFFD) {
					return bytes.Index(out, fffd), d.notGB18030(d.pos - nSrc)
				}
				return nDst, nil
			}
			// Nothing decoded: the rest of raw is a cut sequence.
		}
		if d.err != nil {
			if d.pos < d.n && d.err == io.EOF {
				// Unreachable: at the end Transform turns a cut sequence into U+FFFD.
				return 0, d.notGB18030(d.pos)
			}
			return 0, d.err
		}
		if d.n-d.pos < minRead && len(d.raw)-d.n < minRead {
			// Make room, keeping the current line (up to hintBack bytes of
			// it) for an error's hint.
			from := max(d.pos-hintBack, lineStart(d.raw[:d.pos]))
			d.n = copy(d.raw, d.raw[from:d.n])
			d.pos -= from
		}
		m, err := d.src.Read(d.raw[d.n:])
		if m < 0 || m > len(d.raw)-d.n {
			m, err = 0, errors.New("invalid read count")
		}
		d.n += m
		if err != nil {
			d.err = err
		} else if m == 0 && tries > 100 {
			d.err = io.ErrNoProgress
		}
	}
}

// hintBack and hintAhead bound the window of input an encoding error's hint
// looks at, around the first bad byte: back to the start of its line (at most
// hintBack bytes), on to the end of the line (at most hintAhead bytes).
const (
	hintBack  = 1024
	hintAhead = 1024
)

// notGB18030 stops the decoder with the error for GB18030 input that is
// not, its piece starting at raw[at]. It says "looks like UTF-8" when the
// line (read on to its end) is valid UTF-8 with a multi-byte character.
func (d *gbDecoder) notGB18030(at int) error {
	from := max(at-hintBack, lineStart(d.raw[:at]))
	for tries := 0; d.err == nil && d.n < len(d.raw) && tries < 100; tries++ {
		if bytes.IndexByte(d.raw[at:d.n], '\n') >= 0 || d.n-at >= hintAhead {
			break
		}
		m, err := d.src.Read(d.raw[d.n:])
		d.n += max(0, min(m, len(d.raw)-d.n))
		d.err = err
	}
	err := errNotGB
	if looksUTF8(d.raw[from:d.n]) {
		err = errNotGBUTF8
	}
	d.err, d.pos = err, d.n
	return err
}
