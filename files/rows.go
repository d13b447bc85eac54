package files

import (
	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Rows decodes the records of an input table that do not come from a CSV file
// (a database query's rows: package store) with exactly the checks of the CSV
// reader: columns found by name (the header's names, ASCII case ignored), the
// same field decoders, defaults, duplicate checks and error reports (source,
// line, field, value, reason; ERR-1). A record is a cell per column as text:
// money in yuan as in CSV, dates YYYY-MM-DD, booleans 0/1.
type Rows[T any] struct {
	r       *csvio.Reader
	decode  func() (T, bool)
	ignored []string
}

// newRows checks r's header once decode has asked for its columns (a near
// miss of a known column is an error; unknown columns are ignored).
func newRows[T any](r *csvio.Reader, decode func() (T, bool)) *Rows[T] {
	return &Rows[T]{r: r, decode: decode, ignored: r.CheckColumns()}
}

// Ignored returns the header's unknown columns, which decoding ignores (each
// once, in header order).
func (t *Rows[T]) Ignored() []string { return t.ignored }

// NewHospitalRows decodes hospitals.csv's columns (ReadHospitals' checks;
// opt.PointScale is the policy's, for base_points_<fund>). source names the
// rows in errors; a missing required column is reported on line 0 and makes OK
// false.
func NewHospitalRows(source string, header []string, opt Options, errs *pointvalue.ErrorList) *Rows[budget.Hospital] {
	r := csvio.NewRecordReader(source, header, errs)
	return newRows(r, hospitalDecoder(r, opt))
}

// NewMembersRows decodes members.csv's columns (ReadMembers' checks).
func NewMembersRows(source string, header []string, errs *pointvalue.ErrorList) *Rows[budget.Members] {
	r := csvio.NewRecordReader(source, header, errs)
	return newRows(r, membersDecoder(r))
}

// NewSpendingRows decodes spending.csv's columns (ReadSpending's checks).
func NewSpendingRows(source string, header []string, errs *pointvalue.ErrorList) *Rows[budget.Spending] {
	r := csvio.NewRecordReader(source, header, errs)
	return newRows(r, spendingDecoder(r))
}

// NewAdjustmentRows decodes adjustments.csv's columns (ReadAdjustments' checks).
func NewAdjustmentRows(source string, header []string, errs *pointvalue.ErrorList) *Rows[budget.Adjustment] {
	r := csvio.NewRecordReader(source, header, errs)
	return newRows(r, adjustmentDecoder(r))
}

// OK reports whether every required column is present (else nothing decodes).
func (t *Rows[T]) OK() bool { return t.r.OK() }

// Decode decodes one record on line (its row number). bad marks cells the
// caller has reported already (see csvio's SetRecord); nil when none. The
// record's strings are copied: fields may be reused afterwards. It reports
// false, with the errors in the list, for a record with errors.
func (t *Rows[T]) Decode(fields []string, line int, bad []bool) (T, bool) {
	if !t.r.OK() {
		var zero T
		return zero, false
	}
	t.r.SetRecord(fields, line, bad)
	return t.decode()
}

// NewCaseRows decodes cases.csv's columns from records (Rows' contract) with
// the checks of NewCaseReader: use Decode, not Next.
func NewCaseRows(source string, header []string, opt Options, errs *pointvalue.ErrorList) *CaseReader {
	cr := &CaseReader{r: csvio.NewRecordReader(source, header, errs), pointScale: opt.pointScale(), monitoring: opt.Monitoring}
	cr.columns()
	return cr
}

// OK reports whether every required column is present.
func (cr *CaseReader) OK() bool { return cr.r.OK() }

// Decode decodes one record of a reader made by NewCaseRows into c, on line
// (its row number); bad as for Rows.Decode. The strings of c view fields until
// they change: a batch's Append copies them.
func (cr *CaseReader) Decode(fields []string, line int, bad []bool, c *budget.Case) bool {
	if !cr.r.OK() {
		return false
	}
	cr.r.SetRecord(fields, line, bad)
	return cr.decode(c)
}
