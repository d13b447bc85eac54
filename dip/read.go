package dip

import (
	"github.com/dipdrg/dipdrg/param"
	"io"
	"strings"

	"github.com/dipdrg/dipdrg/internal/csvio"
	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// ReadCatalog reads a catalog.csv (docs/formats.md): group_code, kind, diagnosis,
// score and avg_cost are required columns; procedures (|-joined), treatment,
// avg_cost_tertiary, avg_cost_secondary, avg_cost_primary and primary (0/1) are
// optional. A score may have at most pointScale decimals (NUM-2); an empty or
// zero level cost means none. Every bad record and field is reported, with its
// source, line, field and value, in one *pointvalue.ErrorList (ERR-1); a
// duplicate group_code, or a second group with the same key, is
// pointvalue.ErrDuplicate on the later line.
//
// Header names are matched trimmed and ASCII case folded; an unknown column
// that nearly spells an absent known one is an error naming both
// (pointvalue.ErrUnknownColumn), the other unknown columns are ignored
// (Catalog.IgnoredColumns).
func ReadCatalog(r io.Reader, source string, pointScale int) (*Catalog, error) {
	return ReadCatalogEncoding(r, source, pointScale, "")
}

// ReadCatalogEncoding is ReadCatalog of a file in the given text encoding:
// "utf-8" (also "") or "gb18030" (GBK included). An unknown encoding is
// pointvalue.ErrInvalidArgument.
func ReadCatalogEncoding(r io.Reader, source string, pointScale int, encoding string) (*Catalog, error) {
	var errs pv.ErrorList
	if pointScale < 0 || pointScale > pv.MaxScale {
		errs.Addf(source, 0, "point_scale", "", pv.ErrInvalidArgument)
		return nil, errs.Err()
	}
	enc, err := csvio.ParseEncoding(encoding)
	if encoding != "" && err != nil {
		return nil, err
	}
	rd := csvio.NewReaderOptions(r, source, &errs, csvio.Options{Encoding: enc})
	var (
		cCode  = rd.Col("group_code", true)
		cKind  = rd.Col("kind", true)
		cDiag  = rd.Col("diagnosis", true)
		cProcs = rd.Col("procedures", false)
		cTreat = rd.Col("treatment", false)
		cScore = rd.Col("score", true)
		cAvg   = rd.Col("avg_cost", true)
		cLevel = [param.NumLevels]csvio.Col{
			rd.Col(levelColumns[param.Tertiary], false),
			rd.Col(levelColumns[param.Secondary], false),
			rd.Col(levelColumns[param.Primary], false),
		}
		cPrim   = rd.Col("primary", false)
		cFactor = rd.Col("factor", false)
		cCoef   = [param.NumLevels]csvio.Col{
			rd.Col(coefColumns[param.Tertiary], false),
			rd.Col(coefColumns[param.Secondary], false),
			rd.Col(coefColumns[param.Primary], false),
		}
	)
	ignored := rd.CheckColumns()
	var (
		groups []Group
		lines  []int
	)
	for rd.Next() {
		var g Group
		ok := true
		var k bool
		g.Code, k = rd.Text(cCode)
		ok = ok && k
		var kind int
		kind, k = rd.Enum(cKind, kindEnum, 0)
		ok = ok && k
		g.Kind = Kind(kind)
		g.Diagnosis, k = rd.Text(cDiag)
		ok = ok && k
		procs, k := rd.Text(cProcs)
		ok = ok && k
		g.Procedures = splitProcedures(procs)
		var t int
		t, k = rd.Enum(cTreat, treatmentEnum, int(TreatmentUnset))
		ok = ok && k
		g.Treatment = Treatment(t)
		g.Score, k = rd.Points(cScore, pointScale, 0)
		ok = ok && k
		g.AvgCost, k = rd.Money(cAvg, 0)
		ok = ok && k
		for l := range cLevel {
			g.AvgCostByLevel[l], k = rd.Money(cLevel[l], 0)
			ok = ok && k
		}
		g.Primary, k = rd.Bool(cPrim, false)
		ok = ok && k
		ok = readFactor(rd, cFactor, &g.Factor) && ok
		for l := range cCoef {
			ok = readFactor(rd, cCoef[l], &g.CoefByLevel[l]) && ok
		}
		if !ok {
			continue
		}
		// Strings from the reader are substrings of its record: copy the ones
		// the catalog keeps so the record's memory is not pinned per group.
		g.Code = strings.Clone(g.Code)
		g.Diagnosis = strings.Clone(g.Diagnosis)
		bad := false
		checkGroup(&g, func(field, value string, err error) {
			// Report the raw cell where there is one, as docs/formats.md asks.
			col := csvio.Col{Name: field, Index: -1}
			for _, c := range []csvio.Col{cCode, cKind, cDiag, cProcs, cTreat, cScore, cAvg, cLevel[0], cLevel[1], cLevel[2], cFactor, cCoef[0], cCoef[1], cCoef[2]} {
				if c.Name == field {
					col = c
				}
			}
			if col.Index >= 0 {
				rd.Report(col, err)
			} else {
				errs.Addf(rd.Source(), rd.Line(), field, value, err)
			}
			bad = true
		})
		if bad {
			continue
		}
		groups = append(groups, g)
		lines = append(lines, rd.Line())
	}
	c := build(groups, lines, rd.Source(), &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	c.IgnoredColumns = ignored
	return c, nil
}

// splitProcedures splits a |-joined procedure field, trimming each code and
// dropping empty ones (a trailing "|"). The codes are copied.
func splitProcedures(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for p := range strings.SplitSeq(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.Clone(p))
		}
	}
	return out
}

// readFactor reads an optional factor cell (VAR-4): empty is none (0); a value
// must be greater than 0.
func readFactor(rd *csvio.Reader, c csvio.Col, dst *pv.Factor) bool {
	if strings.TrimSpace(rd.Raw(c)) == "" {
		*dst = 0
		return true
	}
	f, ok := rd.Factor(c, 0)
	if ok && f <= 0 {
		rd.Report(c, errNotPositive)
		return false
	}
	*dst = f
	return ok
}
