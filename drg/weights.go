package drg

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Group is one row of a CHS-DRG weights table (DRG-1): a DRG (疾病诊断相关分组)
// code, its name, its relative weight RW (相对权重, up to 8 decimals), its reference
// average cost (次均费用; 0 when the table does not give one, and then the
// reference is RW × M, section 13 A09) and whether the group is stable (稳定病组).
type Group struct {
	Code    string
	Name    string
	Weight  pointvalue.Factor // RW
	AvgCost pointvalue.Money  // reference average cost; 0 = not given
	Stable  bool
	// Factor is the group's adjustment factor f (VAR-4), multiplying its normal,
	// high, low and incomplete points exactly; 0 means none (1).
	Factor pointvalue.Factor
	// CoefByLevel is the group's level coefficient at each hospital level (VAR-4),
	// used when the hospital has no coefficient of its own; 0 means none.
	CoefByLevel [param.NumLevels]pointvalue.Factor
}

// coefColumns are weights.csv's per-level coefficient columns (VAR-4).
var coefColumns = [param.NumLevels]string{"coef_tertiary", "coef_secondary", "coef_primary"}

var errNotPositive = fmt.Errorf("%w: must be greater than 0", pointvalue.ErrRange)

// Weights is a CHS-DRG weights table (权重表, DRG-1). Groups keep the order of the
// file; a case refers to a group by its index (Lookup). A Weights is not modified
// after it is built and is safe for concurrent reads.
type Weights struct {
	Groups []Group
	// IgnoredColumns are the columns of the file's header that ReadWeights does
	// not know and ignored (each once, in header order), for a summary to list.
	IgnoredColumns []string
	index          map[string]int32
}

// NewWeights builds a table from groups (codes unique, weights > 0, average costs
// ≥ 0). It keeps the slice.
func NewWeights(groups []Group) (*Weights, error) {
	w := &Weights{Groups: groups, index: make(map[string]int32, len(groups))}
	for i, g := range groups {
		switch {
		case g.Code == "":
			return nil, fmt.Errorf("drg: group %d: %w: empty code", i, pointvalue.ErrRequired)
		case g.Weight <= 0:
			return nil, fmt.Errorf("drg: group %s: %w: weight %s must be > 0", g.Code, pointvalue.ErrRange, g.Weight)
		case g.AvgCost < 0:
			return nil, fmt.Errorf("drg: group %s: avg_cost %s: %w", g.Code, g.AvgCost, pointvalue.ErrNegative)
		}
		key, ok := param.NormalizeCode(g.Code)
		if !ok {
			return nil, fmt.Errorf("drg: group %s: %w", g.Code, errCodeChars)
		}
		if _, dup := w.index[key]; dup {
			return nil, fmt.Errorf("drg: group %s: %w", g.Code, pointvalue.ErrDuplicate)
		}
		w.index[key] = int32(i)
	}
	return w, nil
}

// Lookup returns the index in Groups of the DRG code (as written, case-sensitive).
func (w *Weights) Lookup(code string) (int32, bool) {
	key, _ := param.NormalizeCode(code) // ERR-6: compared after NFKC and upper-casing
	i, ok := w.index[key]
	return i, ok
}

var errCodeChars = fmt.Errorf("%w: a code holds only A–Z 0–9 . + - (after NFKC and upper case, ERR-6)", pointvalue.ErrMalformed)

// Len is the number of groups.
func (w *Weights) Len() int { return len(w.Groups) }

var (
	errWeightNotPositive = fmt.Errorf("%w: weight must be greater than 0", pointvalue.ErrRange)
	errAvgCostZero       = fmt.Errorf("%w: avg_cost, when given, must be greater than 0", pointvalue.ErrRange)
	errDuplicateCode     = fmt.Errorf("%w: drg_code appears more than once", pointvalue.ErrDuplicate)
)

// ReadWeights reads a weights.csv (docs/formats.md): columns drg_code, weight, name
// (required), avg_cost (optional, yuan) and stable (optional 0/1, default 1).
// Every bad row and field is reported (ERR-1): the error is a
// *pointvalue.ErrorList of *pointvalue.RecordError naming source, line, field and
// value. A weight must be > 0 with at most 8 decimals; a given avg_cost must be
// > 0; a drg_code seen before is pointvalue.ErrDuplicate on the later line.
// Header names are matched trimmed and ASCII case folded; an unknown column
// that nearly spells an absent known one is an error naming both
// (pointvalue.ErrUnknownColumn), the other unknown columns are ignored
// (IgnoredColumns).
func ReadWeights(r io.Reader, source string) (*Weights, error) {
	return ReadWeightsEncoding(r, source, "")
}

// ReadWeightsEncoding is ReadWeights of a file in the given text encoding:
// "utf-8" (also "") or "gb18030" (GBK included). An unknown encoding is
// pointvalue.ErrInvalidArgument.
func ReadWeightsEncoding(r io.Reader, source, encoding string) (*Weights, error) {
	errs := new(pointvalue.ErrorList)
	enc, err := csvio.ParseEncoding(encoding)
	if encoding != "" && err != nil {
		return nil, err
	}
	cr := csvio.NewReaderOptions(r, source, errs, csvio.Options{Encoding: enc})
	cCode := cr.Col("drg_code", true)
	cWeight := cr.Col("weight", true)
	cName := cr.Col("name", true)
	cAvg := cr.Col("avg_cost", false)
	cStable := cr.Col("stable", false)
	cFactor := cr.Col("factor", false)
	cCoef := [param.NumLevels]csvio.Col{cr.Col(coefColumns[0], false), cr.Col(coefColumns[1], false), cr.Col(coefColumns[2], false)}
	optional := func(c csvio.Col, dst *pointvalue.Factor) bool {
		if strings.TrimSpace(cr.Raw(c)) == "" {
			return true
		}
		f, ok := cr.Factor(c, 0)
		if ok && f <= 0 {
			cr.Report(c, errNotPositive)
			return false
		}
		*dst = f
		return ok
	}
	w := &Weights{index: make(map[string]int32), IgnoredColumns: cr.CheckColumns()}
	for cr.Next() {
		code, okCode := cr.Text(cCode)
		weight, okW := cr.Factor(cWeight, 0)
		if okW && weight <= 0 {
			cr.Report(cWeight, errWeightNotPositive)
			okW = false
		}
		name, okName := cr.Text(cName)
		avg, okAvg := cr.Money(cAvg, 0)
		if okAvg && avg == 0 && strings.TrimSpace(cr.Raw(cAvg)) != "" {
			cr.Report(cAvg, errAvgCostZero)
			okAvg = false
		}
		stable, okStable := cr.Bool(cStable, true)
		var g Group
		okStable = optional(cFactor, &g.Factor) && okStable
		for l := range cCoef {
			okStable = optional(cCoef[l], &g.CoefByLevel[l]) && okStable
		}
		key, valid := param.NormalizeCode(code)
		if okCode && !valid {
			cr.Report(cCode, errCodeChars)
			okCode = false
		}
		if okCode {
			if _, dup := w.index[key]; dup {
				cr.Report(cCode, errDuplicateCode)
				okCode = false
			}
		}
		if !(okCode && okW && okName && okAvg && okStable) {
			if okCode {
				w.index[strings.Clone(key)] = -1 // a later row with this code is still a duplicate
			}
			continue
		}
		code = strings.Clone(code)
		w.index[strings.Clone(key)] = int32(len(w.Groups))
		g.Code, g.Name, g.Weight, g.AvgCost, g.Stable = code, strings.Clone(name), weight, avg, stable
		w.Groups = append(w.Groups, g)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return w, nil
}

//go:embed data/harbin_chs_drg_weights_2024.csv
var harbin2024 []byte

// HarbinWeights2024 returns the CHS-DRG weights Harbin published for 2024 (703
// groups, no avg_cost, all stable; see data/README.md for the source). Each call
// returns a fresh table.
func HarbinWeights2024() (*Weights, error) {
	return ReadWeights(bytes.NewReader(harbin2024), "harbin_chs_drg_weights_2024.csv")
}
