package budget

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// Files names the input files of a settlement year (FORMATS "Inputs"). Policy,
// Hospitals and Cases are required; an empty optional name means no such file.
type Files struct {
	Policy, Hospitals, Cases       string
	Weights, Catalog               string
	Members, Spending, Adjustments string
}

// SettleFiles reads a year's files and settles it: the whole of examples/settle
// but the writing. Every input error of every file is reported together
// (*pointvalue.ErrorList, ERR-1). In lenient mode records with errors are set
// aside (Result.Rejects) and the rest is settled; errors that concern a whole
// file or the policy (a missing column, an invalid policy, a pool with money and
// no points) still fail the run (ERR-2).
func SettleFiles(f Files, lenient bool) (*Result, error) {
	in, rejects, err := ReadFiles(f, lenient)
	if err != nil {
		return nil, err
	}
	res, err := Settle(in)
	var list *pointvalue.ErrorList
	if errors.As(err, &list) {
		list.Errors = append(list.Errors, rejects.Errors...)
		list.Dropped += rejects.Dropped
		SortErrors(list.Errors)
		return nil, list
	}
	if res != nil && lenient {
		res.Rejects = append(res.Rejects, rejects.Errors...)
		SortErrors(res.Rejects)
		res.RejectsDropped += rejects.Dropped
	}
	return res, err
}

// ReadFiles reads a year's files into an Input for Settle. Strict: any input
// error is returned (a *pointvalue.ErrorList of all of them). Lenient: the
// records read well are in the Input and the rejected ones in rejects; errors
// that concern a whole file or the policy are still returned.
func ReadFiles(f Files, lenient bool) (in Input, rejects *pointvalue.ErrorList, err error) {
	return readFiles(f, lenient, true)
}

// readFiles is ReadFiles; withCases false leaves the cases to a streaming reader.
func readFiles(f Files, lenient, withCases bool) (in Input, rejects *pointvalue.ErrorList, err error) {
	all := &pointvalue.ErrorList{Cap: 1 << 30}
	fatal := false
	collect := func(err error) {
		if err == nil {
			return
		}
		var list *pointvalue.ErrorList
		if errors.As(err, &list) {
			for _, e := range list.Errors {
				if e.Line <= 1 { // the policy, or a file's header: nothing of it can be settled
					fatal = true
				}
				all.Add(e)
			}
			all.Dropped += list.Dropped
			return
		}
		var re *pointvalue.RecordError
		if !errors.As(err, &re) {
			re = &pointvalue.RecordError{Err: err}
		}
		fatal = true
		all.Add(re)
	}
	open := func(name string, read func(io.Reader, string) error) {
		if name == "" {
			return
		}
		fh, err := os.Open(name)
		if err != nil {
			collect(&pointvalue.RecordError{Source: filepath.Base(name), Field: "", Value: name, Err: fmt.Errorf("%w: %w", pointvalue.ErrMalformed, err)})
			return
		}
		defer fh.Close()
		collect(read(fh, name))
	}
	in.Lenient = lenient
	in.Sources = Sources{Policy: base(f.Policy), Hospitals: base(f.Hospitals), Cases: base(f.Cases), Members: base(f.Members),
		Spending: base(f.Spending), Adjustments: base(f.Adjustments), Weights: base(f.Weights), Catalog: base(f.Catalog)}
	open(f.Policy, func(r io.Reader, s string) (err error) { in.Policy, err = policy.Read(r, s); return })
	if in.Policy == nil {
		return Input{}, nil, all.Err()
	}
	open(f.Hospitals, func(r io.Reader, s string) (err error) { in.Hospitals, err = ReadHospitals(r, s); return })
	open(f.Weights, func(r io.Reader, s string) (err error) { in.Weights, err = drg.ReadWeights(r, s); return })
	open(f.Catalog, func(r io.Reader, s string) (err error) {
		in.Catalog, err = dip.ReadCatalog(r, s, in.Policy.PointScale)
		return
	})
	open(f.Members, func(r io.Reader, s string) (err error) { in.Members, err = ReadMembers(r, s); return })
	open(f.Spending, func(r io.Reader, s string) (err error) { in.Spending, err = ReadSpending(r, s); return })
	open(f.Adjustments, func(r io.Reader, s string) (err error) { in.Adjustments, err = ReadAdjustments(r, s); return })
	if !withCases {
		f.Cases = ""
	}
	open(f.Cases, func(r io.Reader, s string) (err error) {
		in.Cases, err = readCases(r, s, in.Policy.PointScale, countLines(f.Cases))
		return
	})
	if (in.Weights == nil && f.Weights != "") || (in.Catalog == nil && f.Catalog != "") {
		fatal = true // a table with bad rows is not half-used: it would change other cases' groups
	}
	if all.Len() > 0 && (fatal || !lenient) {
		SortErrors(all.Errors)
		return Input{}, nil, all
	}
	return in, all, nil
}

func base(name string) string {
	if name == "" {
		return ""
	}
	return filepath.Base(name)
}
