package budget

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Case is one discharged inpatient case (a 医保结算清单 in brief): the record a
// settlement back-end builds, or CaseReader reads from cases.csv (FORMATS). The
// engine turns it into the compact records of drg and dip; Case itself is never
// in the hot loop.
type Case struct {
	ID         string // unique in the batch
	PatientID  string // links readmissions (DRG-7, DIP-7); "" never links
	HospitalID string
	Fund       param.Fund

	// Method is drg, dip or bedday when MethodGiven; otherwise the policy's
	// inpatient method of the fund. A case with a BedDayCategory is a bed-day
	// stay whatever Method says (BED-3, A17).
	Method      param.Method
	MethodGiven bool

	Group      string        // DRG code or DIP group code; "" → grouped (DIP) or ungrouped (DRG)
	Diagnosis  string        // primary diagnosis, ICD-10 (DIP-3)
	Procedures string        // ICD-9-CM-3 codes joined by "|" (DIP-3)
	Treatment  dip.Treatment // DIP-3's treatment type; TreatmentUnset when not given

	Admit, Discharge pointvalue.Date
	TotalCost        pointvalue.Money // 医疗总费用
	PatientShare     pointvalue.Money // 个人负担, at most TotalCost

	BedDayCategory string // e.g. "psychiatric"; a category of the policy's bed-day table
	Incomplete     bool   // 未完整治疗 (DRG-5)

	TCMShare pointvalue.Factor // share of cost that is TCM, 0–1 (DIP-5)
	Severity string            // auxiliary band key (DIP-5)

	// SpecialPoints are the approved special-review points (DRG-8, DIP-8), when HasSpecial.
	SpecialPoints pointvalue.Points
	HasSpecial    bool

	// Line is the physical line the case was read from (0 when built in code):
	// the engine's errors about the case name it.
	Line int

	// FundText is the fund cell as read (居民, 职工医保…), so that an error names
	// the value the file gave; "" when the case was built in code.
	FundText string
}

// fundValue is the fund as the input gave it, for an error's value.
func fundValue(text string, f param.Fund) string {
	if text != "" {
		return text
	}
	return f.String()
}

// caseMethodEnum is the method column of cases.csv: drg, dip or bedday.
var caseMethodEnum = csvio.NewEnum(
	csvio.EnumWord{Value: int(param.DRG), Words: []string{"drg"}},
	csvio.EnumWord{Value: int(param.DIP), Words: []string{"dip"}},
	csvio.EnumWord{Value: int(param.BedDay), Words: []string{"bedday"}},
)

// CaseReader streams the cases of a cases.csv (FORMATS): it yields one record at
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

	// Year is the history year of the last case read (history files only).
	Year int
}

// NewCaseReader starts reading cases.csv from r. source names it in errors;
// pointScale is the policy's PointScale (special_points may have no more decimals).
// Errors go to errs (a nil errs gets a fresh list: see Errs).
func NewCaseReader(r io.Reader, source string, pointScale int, errs *pointvalue.ErrorList) *CaseReader {
	return newCaseReader(r, source, pointScale, errs, false)
}

// NewHistoryReader reads a history file: cases.csv's columns plus a required
// `year` column (DIP-2, DRG-2); Year holds each case's year.
func NewHistoryReader(r io.Reader, source string, pointScale int, errs *pointvalue.ErrorList) *CaseReader {
	return newCaseReader(r, source, pointScale, errs, true)
}

func newCaseReader(r io.Reader, source string, pointScale int, errs *pointvalue.ErrorList, history bool) *CaseReader {
	cr := &CaseReader{r: csvio.NewReader(r, source, errs), pointScale: pointScale, year: history}
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
	if history {
		cr.yearCol = c.Col("year", true)
	}
	return cr
}

// Errs returns the error list the reader reports to.
func (cr *CaseReader) Errs() *pointvalue.ErrorList { return cr.r.Errs() }

// Source returns the input's base name, as errors name it.
func (cr *CaseReader) Source() string { return cr.r.Source() }

// Next reads the next well-formed case into c and reports whether there was one.
// Records with errors are reported and skipped (ERR-1, ERR-2: the caller decides,
// from Errs, whether to settle the rest).
func (cr *CaseReader) Next(c *Case) bool {
	r := cr.r
	for r.Next() {
		if cr.decode(c) {
			return true
		}
	}
	return false
}

func (cr *CaseReader) decode(c *Case) bool {
	r := cr.r
	ok := true
	take := func(good bool) {
		ok = ok && good
	}
	var g bool
	*c = Case{Line: r.Line()}
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
	t, g := r.Enum(cr.treatment, dip.TreatmentEnum, int(dip.TreatmentUnset))
	take(g)
	c.Treatment = dip.Treatment(t)
	c.Admit, g = r.Date(cr.admit)
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
	if cr.year {
		y, g := r.Int(cr.yearCol, 0)
		take(g)
		cr.Year = int(y)
	}
	return ok
}

// ReadCases reads a whole cases.csv into memory: the well-formed cases and, when
// any record was rejected, a *pointvalue.ErrorList of every error.
func ReadCases(r io.Reader, source string, pointScale int) ([]Case, error) {
	return readCases(r, source, pointScale, 0)
}

// readCases is ReadCases with an upper bound on the number of records (the
// file's line count, say; 0 when unknown). With a bound the cases go straight
// into one slice of that capacity: growing a slice of ~250-byte records with
// pointers copies each several times, under the garbage collector's write
// barriers. Without one they are gathered in chunks and copied once.
func readCases(r io.Reader, source string, pointScale, bound int) ([]Case, error) {
	var errs pointvalue.ErrorList
	cr := NewCaseReader(r, source, pointScale, &errs)
	if bound > 0 {
		out := make([]Case, 0, bound)
		var c Case
		for cr.Next(&c) {
			out = append(out, c)
		}
		return out, errs.Err()
	}
	const chunk = 1 << 14
	var chunks [][]Case
	cur := make([]Case, 0, chunk)
	n := 0
	for {
		if len(cur) == chunk {
			chunks = append(chunks, cur)
			cur = make([]Case, 0, chunk)
		}
		cur = cur[:len(cur)+1]
		if !cr.Next(&cur[len(cur)-1]) {
			cur = cur[:len(cur)-1]
			break
		}
		n++
	}
	if chunks == nil {
		return cur, errs.Err()
	}
	out := make([]Case, 0, n)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, cur...), errs.Err()
}

// countLines returns the number of lines of a file (an upper bound on its
// records), reading it once in large blocks; 0 on any error.
func countLines(name string) int {
	fh, err := os.Open(name)
	if err != nil {
		return 0
	}
	defer fh.Close()
	buf := make([]byte, 1<<20)
	n := 1
	for {
		k, err := fh.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err != nil {
			if err == io.EOF {
				return n
			}
			return 0
		}
	}
}

var errShareRange = fmt.Errorf("%w: a share is in [0, 1]", pointvalue.ErrRange)
