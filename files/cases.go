package files

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// caseMethodEnum is the method column of cases.csv: drg, dip or bedday.
var caseMethodEnum = csvio.NewEnum(
	csvio.EnumWord{Value: int(param.DRG), Words: param.DRG.Words()},
	csvio.EnumWord{Value: int(param.DIP), Words: param.DIP.Words()},
	csvio.EnumWord{Value: int(param.BedDay), Words: param.BedDay.Words()},
)

// Enumerations of the input tables: the English word or the Chinese term (docs/formats.md).
var (
	fundEnum = csvio.NewEnum(
		csvio.EnumWord{Value: int(param.Employee), Words: param.Employee.Words()},
		csvio.EnumWord{Value: int(param.Resident), Words: param.Resident.Words()},
	)
	levelEnum = csvio.NewEnum(
		csvio.EnumWord{Value: int(param.Tertiary), Words: param.Tertiary.Words()},
		csvio.EnumWord{Value: int(param.Secondary), Words: param.Secondary.Words()},
		csvio.EnumWord{Value: int(param.Primary), Words: param.Primary.Words()},
	)
	methodEnum = csvio.NewEnum(
		csvio.EnumWord{Value: int(param.DRG), Words: param.DRG.Words()},
		csvio.EnumWord{Value: int(param.DIP), Words: param.DIP.Words()},
		csvio.EnumWord{Value: int(param.BedDay), Words: param.BedDay.Words()},
		csvio.EnumWord{Value: int(param.Capita), Words: param.Capita.Words()},
	)
)

// CaseReader streams the cases of a cases.csv (docs/formats.md): it yields one record at
// a time and never holds the file. Every bad field of every record goes to the
// error list (source, line, field, value, reason; ERR-1) and the record is not
// yielded; checks that need the other tables (unknown hospital, duplicate ids,
// the policy year) are the engine's.
type CaseReader struct {
	r          *csvio.Reader
	pointScale int
	year       bool // a history file: read the year column too

	id, patient, hospital, fund, method, group, diagnosis, procedures, treatment,
	admit, discharge, cost, share, bedday, incomplete, tcm, severity, special, yearCol csvio.Col
	list       *listCols // the settlement-list columns, with Options.Monitoring (list.go)
	monitoring bool      // Options.Monitoring

	ignored []string // the header's unknown columns (CheckColumns)

	// Year is the history year of the last case read (history files only).
	Year int
}

// NewCaseReader starts reading cases.csv from r. source names it in errors;
// opt.PointScale is the policy's PointScale (special_points may have no more
// decimals). Errors go to errs (a nil errs gets a fresh list: see Errs). The
// strings of the cases it yields view its buffer until the next Next: a batch's
// Append copies them.
func NewCaseReader(r io.Reader, source string, opt Options, errs *pointvalue.ErrorList) *CaseReader {
	return newCaseReader(r, source, opt, errs, false)
}

// NewHistoryReader reads a history file: cases.csv's columns plus a required
// `year` column (DIP-2, DRG-2); Year holds each case's year.
func NewHistoryReader(r io.Reader, source string, opt Options, errs *pointvalue.ErrorList) *CaseReader {
	return newCaseReader(r, source, opt, errs, true)
}

func newCaseReader(r io.Reader, source string, opt Options, errs *pointvalue.ErrorList, history bool) *CaseReader {
	cr := &CaseReader{r: csvio.NewReaderOptions(r, source, errs, csvio.Options{Encoding: opt.encoding(), Reuse: true}),
		pointScale: opt.pointScale(), year: history, monitoring: opt.Monitoring}
	cr.columns()
	return cr
}

// columns finds the columns of cases.csv (and history's year) in the header.
func (cr *CaseReader) columns() {
	c := cr.r
	cr.id = c.Col("case_id", true)
	cr.patient = c.Col("patient_id", false)
	cr.hospital = c.Col("hospital_id", true)
	cr.fund = c.Col("fund", true)
	cr.method = c.Col("method", false)
	cr.group = c.Col("group", false)
	cr.diagnosis = c.Col("diagnosis", false)
	cr.procedures = c.Col("procedures", false)
	cr.treatment = c.Col("treatment", false)
	cr.admit = c.Col("admit_date", true)
	cr.discharge = c.Col("discharge_date", true)
	cr.cost = c.Col("total_cost", true)
	cr.share = c.Col("patient_share", true)
	cr.bedday = c.Col("bedday_category", false)
	cr.incomplete = c.Col("incomplete", false)
	cr.tcm = c.Col("tcm_share", false)
	cr.severity = c.Col("severity", false)
	cr.special = c.Col("special_points", false)
	if cr.year {
		cr.yearCol = c.Col("year", true)
	} else if cr.monitoring {
		cr.list = newListCols(c)
	}
	cr.ignored = c.CheckColumns() // a near miss stops the file; the other unknown columns are ignored
}

// Ignored returns the header's unknown columns, which the reader ignores (each
// once, in header order; docs/formats.md: listed in the summary). A column
// whose name nearly spells a known column absent from the header is not
// ignored: it is an error (pointvalue.ErrUnknownColumn) and no record is read.
func (cr *CaseReader) Ignored() []string { return cr.ignored }

// Errs returns the error list the reader reports to.
func (cr *CaseReader) Errs() *pointvalue.ErrorList { return cr.r.Errs() }

// Source returns the input's base name, as errors name it.
func (cr *CaseReader) Source() string { return cr.r.Source() }

// Next reads the next well-formed case into c and reports whether there was one.
// Records with errors are reported and skipped (ERR-1, ERR-2: the caller decides,
// from Errs, whether to settle the rest).
func (cr *CaseReader) Next(c *budget.Case) bool {
	r := cr.r
	for r.Next() {
		if cr.decode(c) {
			return true
		}
	}
	return false
}

func (cr *CaseReader) decode(c *budget.Case) bool {
	r := cr.r
	ok := true
	take := func(good bool) {
		ok = ok && good
	}
	var g bool
	*c = budget.Case{Line: r.Line()}
	c.ID, g = r.Text(cr.id)
	take(g)
	c.PatientID, g = r.Text(cr.patient)
	take(g)
	c.HospitalID, g = r.Text(cr.hospital)
	take(g)
	f, g := r.Enum(cr.fund, fundEnum, 0)
	take(g)
	c.Fund = param.Fund(f)
	c.FundText = strings.TrimSpace(r.Raw(cr.fund))
	if r.Raw(cr.method) != "" {
		m, g := r.Enum(cr.method, caseMethodEnum, 0)
		take(g)
		c.Method, c.MethodGiven = param.Method(m), g
	}
	c.Group, g = r.Text(cr.group)
	take(g)
	c.Diagnosis, g = r.Text(cr.diagnosis)
	take(g)
	c.Procedures, g = r.Text(cr.procedures)
	take(g)
	c.Treatment = dip.TreatmentUnset
	if raw := r.Raw(cr.treatment); raw != "" {
		t, err := dip.ParseTreatment(raw)
		if err != nil {
			r.Report(cr.treatment, err)
			ok = false
		}
		c.Treatment = t
	}
	c.Admit, g = r.Date(cr.admit)
	aOK := g
	take(g)
	c.Discharge, g = r.Date(cr.discharge)
	dOK := g
	take(g)
	c.TotalCost, g = r.Money(cr.cost, 0)
	costOK := g
	take(g)
	c.PatientShare, g = r.Money(cr.share, 0)
	take(g)
	if g && costOK && c.PatientShare > c.TotalCost {
		r.Report(cr.share, pointvalue.ErrShareAboveCost) // ERR-3
		ok = false
	}
	if dOK && r.Raw(cr.admit) != "" && c.Discharge < c.Admit {
		r.Report(cr.discharge, pointvalue.ErrDateOrder) // ERR-3
		ok = false
	}
	c.BedDayCategory, g = r.Text(cr.bedday)
	take(g)
	c.Incomplete, g = r.Bool(cr.incomplete, false)
	take(g)
	c.TCMShare, g = r.Factor(cr.tcm, 0)
	take(g)
	c.HasTCMShare = g && strings.TrimSpace(r.Raw(cr.tcm)) != ""
	if g && c.TCMShare > pointvalue.One {
		r.Report(cr.tcm, errShareRange)
		ok = false
	}
	c.Severity, g = r.Text(cr.severity)
	take(g)
	if r.Raw(cr.special) != "" {
		c.SpecialPoints, g = r.Points(cr.special, cr.pointScale, 0) // A22
		take(g)
		c.HasSpecial = g
	}
	if cr.list != nil {
		cr.decodeList(c, aOK && dOK && c.Discharge >= c.Admit, costOK)
	}
	if cr.year {
		y, g := r.Int(cr.yearCol, 0)
		take(g)
		cr.Year = int(y)
	}
	return ok
}

// ReadCases reads a whole cases.csv into a batch, straight from its bytes: each
// record is appended as it is read (the batch copies what it keeps), so memory
// grows with the batch's columns, never with the file. It returns the batch of
// the well-formed cases and, when any record was rejected, a
// *pointvalue.ErrorList of every error (ERR-1).
func ReadCases(r io.Reader, source string, opt Options) (*budget.Batch, error) {
	b, _, err := readCases(r, source, opt)
	return b, err
}

func readCases(r io.Reader, source string, opt Options) (*budget.Batch, []string, error) {
	errs := opt.errorList()
	size := inputSize(r)
	cnt := &countingReader{r: r}
	cr := NewCaseReader(cnt, source, opt, errs)
	b := &budget.Batch{}
	var c budget.Case
	next := 1 << 14
	for cr.Next(&c) {
		b.Append(&c)
		n := b.Len()
		if n&(1<<16-1) == 0 && opt.Progress != nil {
			opt.Progress(budget.Progress{Phase: "read", Cases: n})
		}
		if n == next {
			b.Grow(growTo(n, size, cnt.n) - n)
			next = 4 * n
		}
	}
	return b, cr.Ignored(), errs.Err()
}

// growTo is the number of rows to size a batch's columns for once n cases
// took read of the size bytes of an input: the rows the rest of the input
// would hold at the bytes per case so far (+5 %), but never more than 4n.
// The input's size is no count of its cases (200 Mi blank lines after a few
// cases are 200 MB): each estimate can at most quadruple what the input has
// proved to hold, and is made again at 4n, so the columns stay within a few
// times the cases actually read (ERR-4), and a large file is sized in a few
// steps instead of doubling many times.
func growTo(n int, size, read int64) int {
	if size <= 0 || read <= 0 {
		return n
	}
	est := size / read * int64(n) // whole bytes-per-case ratios first: no overflow
	est += size % read * int64(n) / read
	return int(min(est*21/20, 4*int64(n), 1<<31))
}

// inputSize is the size in bytes of an input that knows it (a file, a
// bytes.Reader or strings.Reader), else 0.
func inputSize(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Stat() (os.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	case interface{ Len() int }:
		return int64(v.Len())
	}
	return 0
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

var errShareRange = fmt.Errorf("%w: a share is in [0, 1]", pointvalue.ErrRange)

// ReadHistory reads a whole history file: cases.csv's columns plus a required
// `year` column. It returns the well-formed cases, each case's year (years[i]
// is the year of cases[i]) and, when any record was rejected, a
// *pointvalue.ErrorList of every error (ERR-1).
func ReadHistory(r io.Reader, source string, opt Options) ([]budget.Case, []int, error) {
	errs := opt.errorList()
	cr := NewHistoryReader(r, source, opt, errs)
	var (
		out   []budget.Case
		years []int
		c     budget.Case
	)
	for cr.Next(&c) {
		if cr.Year < 1 || cr.Year > 9999 {
			cr.r.Report(cr.yearCol, errYearZero)
			continue
		}
		out = append(out, cloneCase(c))
		years = append(years, cr.Year)
	}
	return out, years, errs.Err()
}

var errYearZero = fmt.Errorf("%w: a history year is at least 1", pointvalue.ErrRange)

// cloneCase copies the strings of c out of the reader's record buffer.
func cloneCase(c budget.Case) budget.Case {
	c.ID = strings.Clone(c.ID)
	c.PatientID = strings.Clone(c.PatientID)
	c.HospitalID = strings.Clone(c.HospitalID)
	c.Group = strings.Clone(c.Group)
	c.Diagnosis = strings.Clone(c.Diagnosis)
	c.Procedures = strings.Clone(c.Procedures)
	c.BedDayCategory = strings.Clone(c.BedDayCategory)
	c.Severity = strings.Clone(c.Severity)
	c.FundText = strings.Clone(c.FundText)
	c.List.SecondaryDiagnoses = strings.Clone(c.List.SecondaryDiagnoses)
	return c
}
