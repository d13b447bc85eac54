package csvio

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// GB18030 (GBK) bytes of the words the tests use, from the GB2312 code
// chart: 居 BE D3, 民 C3 F1, 职 D6 B0, 工 B9 A4.
const (
	gbJuMin     = "\xbe\xd3\xc3\xf1" // 居民
	gbZhiGong   = "\xd6\xb0\xb9\xa4" // 职工
	gbBOM       = "\x84\x31\x95\x33" // U+FEFF
	casesGB     = "case_id,fund\nC1," + gbJuMin + "\nC2," + gbZhiGong + "\nC3," + gbJuMin + "\n"
	casesUTF8   = "case_id,fund\nC1,居民\nC2,职工\nC3,居民\n"
	hintGB18030 = "cases.csv:0: : : not UTF-8 (looks like GB18030: use -encoding gb18030)"
)

func TestGBKBytes(t *testing.T) {
	// The constants above against x/text's encoder.
	for utf, gb := range map[string]string{"居民": gbJuMin, "职工": gbZhiGong, "\uFEFF": gbBOM, "病例号": "\xb2\xa1\xc0\xfd\xba\xc5"} {
		got, err := simplifiedchinese.GB18030.NewEncoder().String(utf)
		eq(t, nil, err)
		eq(t, gb, got, utf)
	}
}

// readEnc reads input as cases.csv with the encoding and returns the rows
// (case_id, fund) and the errors.
func readEnc(input io.Reader, enc Encoding, reuse bool) ([]row, []string) {
	var errs pointvalue.ErrorList
	r := NewReaderOptions(input, "data/cases.csv", &errs, Options{Encoding: enc, Reuse: reuse})
	id, fd := r.Col("case_id", true), r.Col("fund", true)
	var rows []row
	for r.Next() {
		rows = append(rows, row{r.Line(), []string{strings.Clone(r.Raw(id)), strings.Clone(r.Raw(fd))}})
	}
	return rows, errStrings(&errs)
}

func TestEncodings(t *testing.T) {
	utf8Rows := []row{{2, []string{"C1", "居民"}}, {3, []string{"C2", "职工"}}, {4, []string{"C3", "居民"}}}
	tests := []struct {
		name  string
		input string
		enc   Encoding
		rows  []row
		errs  []string
	}{
		{"GB18030 read as UTF-8: one error for the file", casesGB, UTF8, nil, []string{hintGB18030}},
		{"the same file read as GB18030", casesGB, GB18030, utf8Rows, nil},
		{"UTF-8 read as UTF-8", casesUTF8, UTF8, utf8Rows, nil},
		{"records before the first bad byte are read",
			"case_id,fund\nC0,resident\nC1," + gbJuMin + "\nC2,employee\n", UTF8,
			[]row{{2, []string{"C0", "resident"}}}, []string{hintGB18030}},
		{"a GB18030 header", "\xb2\xa1\xc0\xfd\xba\xc5,fund\nC1,x\n", UTF8, nil, []string{hintGB18030}}, // 病例号
		{"a bad byte in the last, unfinished line", "case_id,fund\nC1,x\nC2,\xff", UTF8,
			[]row{{2, []string{"C1", "x"}}}, []string{"cases.csv:0: : : not UTF-8"}},
		{"Latin-1 is not GB18030 either", "case_id,fund\nC1,caf\xe9\n", UTF8, nil, // E9 0A is no GB18030 sequence
			[]string{"cases.csv:0: : : not UTF-8"}},
		{"GB18030 without CJK gives no hint", "case_id,fund\nC1,\x80\n", UTF8, nil, // 80 is €
			[]string{"cases.csv:0: : : not UTF-8"}},
		{"a sequence cut by the end of the input", "case_id,fund\nC1,\xe5\xb1\x85", UTF8, []row{{2, []string{"C1", "居"}}}, nil},
		{"a sequence cut short by the end of the input", "case_id,fund\nC1,\xe5\xb1", UTF8, nil,
			[]string{hintGB18030}}, // E5 B1 is a GB18030 hanzi
		{"UTF-16 LE", "\xff\xfec\x00a\x00s\x00e\x00", UTF8, nil,
			[]string{"cases.csv:0: : : UTF-16 text (byte-order mark FF FE): save the file as UTF-8"}},
		{"UTF-16 BE", "\xfe\xff\x00c\x00a", UTF8, nil,
			[]string{"cases.csv:0: : : UTF-16 text (byte-order mark FE FF): save the file as UTF-8"}},
		{"UTF-16 with -encoding gb18030", "\xff\xfec\x00a\x00s\x00e\x00", GB18030, nil,
			[]string{"cases.csv:0: : : UTF-16 text (byte-order mark FF FE): save the file as UTF-8"}},
		{"UTF-8 BOM", "\uFEFF" + casesUTF8, UTF8, utf8Rows, nil},
		{"a UTF-8 BOM wins over -encoding gb18030", "\uFEFF" + casesUTF8, GB18030, utf8Rows, nil},
		{"GB18030 BOM", gbBOM + casesGB, GB18030, utf8Rows, nil},
		{"not GB18030", "case_id,fund\nC1,x\nC2,\xff\n", GB18030, []row{{2, []string{"C1", "x"}}},
			[]string{"cases.csv:0: : : not GB18030"}},
		{"UTF-8 read as GB18030", "case_id,fund\nC1,居\n", GB18030, nil, // E5 B1 is a hanzi, 85 0A no sequence
			[]string{"cases.csv:0: : : not GB18030 (looks like UTF-8: use -encoding utf-8)"}},
		{"a GB18030 sequence cut by the end of the input", "case_id,fund\nC1,\xbe", GB18030, nil,
			[]string{"cases.csv:0: : : not GB18030"}},
		{"empty GB18030 input", "", GB18030, nil,
			[]string{"cases.csv:1: : : malformed record: empty input: no header row"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, rd := range readers {
				for _, reuse := range []bool{false, true} {
					rows, errs := readEnc(rd([]byte(tt.input)), tt.enc, reuse)
					if diff := cmp.Diff(tt.rows, rows); diff != "" {
						t.Errorf("%s, reuse %v: rows (-want +got):\n%s", name, reuse, diff)
					}
					if diff := cmp.Diff(tt.errs, errs); diff != "" {
						t.Errorf("%s, reuse %v: errors (-want +got):\n%s", name, reuse, diff)
					}
				}
			}
		})
	}
}

func TestEncodingErrorIs(t *testing.T) {
	var errs pointvalue.ErrorList
	r := NewReader(strings.NewReader(casesGB), "cases.csv", &errs)
	r.Col("case_id", true)
	eq(t, false, r.Next())
	eq(t, 1, errs.Len())
	e := errs.Errors[0]
	eq(t, true, errors.Is(e, pointvalue.ErrEncoding))
	eq(t, true, errors.Is(e, pointvalue.ErrMalformed))
	eq(t, []any{0, "", ""}, []any{e.Line, e.Field, e.Value})
}

// TestGB18030Fund reads a GB18030 fund cell through Enum.
func TestGB18030Fund(t *testing.T) {
	r := NewReaderOptions(strings.NewReader(casesGB), "cases.csv", nil, Options{Encoding: GB18030})
	fd := r.Col("fund", true)
	var got []int
	for r.Next() {
		v, ok := r.Enum(fd, fund, 0)
		eq(t, true, ok)
		got = append(got, v)
	}
	eq(t, []int{2, 1, 2}, got) // 居民 resident, 职工 employee, 居民
	eq(t, 0, r.Errs().Len())
}

// TestLargeEncoded reads a file of many buffers' worth, in UTF-8 and in
// GB18030, in pieces of every size: sequences cut by reads and buffers are
// put together again.
func TestLargeEncoded(t *testing.T) {
	const n = 8_000
	utf := benchInput(n) // ~350 kB, every other fund word 职工 or 居民
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(utf)
	eq(t, nil, err)
	want, errs := readEnc(bytes.NewReader(utf), UTF8, false)
	eq(t, []string(nil), errs)
	eq(t, n, len(want))
	for name, rd := range readers {
		for _, reuse := range []bool{false, true} {
			got, errs := readEnc(rd(utf), UTF8, reuse)
			eq(t, []string(nil), errs, name)
			eq(t, true, cmp.Equal(want, got), name, " UTF-8")
			got, errs = readEnc(rd(gb), GB18030, reuse)
			eq(t, []string(nil), errs, name)
			eq(t, true, cmp.Equal(want, got), name, " GB18030")
		}
	}
	// One bad byte far into the file: one error, the rows before it read.
	bad := bytes.Clone(gb)
	at := bytes.Index(bad, []byte("\nC0005000,")) + 1
	bad = append(append(bad[:at:at], 0xFF), bad[at:]...)
	got, errs := readEnc(iotest.HalfReader(bytes.NewReader(bad)), GB18030, true)
	eq(t, []string{"cases.csv:0: : : not GB18030"}, errs)
	eq(t, 5_000, len(got)) // C0000000 … C0004999
	got, errs = readEnc(bytes.NewReader(bad), UTF8, false)
	eq(t, []string{hintGB18030}, errs)
	// Read as UTF-8 the rows stop at the first 职工 or 居民.
	lines := bytes.Split(gb, []byte("\n"))[1:]
	ascii := 0
	for bytes.IndexFunc(lines[ascii], func(r rune) bool { return r >= 0x80 }) < 0 {
		ascii++
	}
	eq(t, ascii, len(got))
}

func TestParseEncoding(t *testing.T) {
	for in, want := range map[string]Encoding{"utf-8": UTF8, "UTF8": UTF8, "gb18030": GB18030, " GBK ": GB18030} {
		got, err := ParseEncoding(in)
		eq(t, nil, err, in)
		eq(t, want, got, in)
	}
	_, err := ParseEncoding("latin1")
	eq(t, true, errors.Is(err, pointvalue.ErrInvalidArgument))
	eq(t, "utf-8", UTF8.String())
	eq(t, "gb18030", GB18030.String())
}

func TestUnknownEncoding(t *testing.T) {
	r := NewReaderOptions(strings.NewReader("a\n1\n"), "t.csv", nil, Options{Encoding: 7})
	eq(t, false, r.OK())
	eq(t, false, r.Next())
	eq(t, []string{"t.csv:0: : : invalid argument: Encoding(7)"}, errStrings(r.Errs()))
}
