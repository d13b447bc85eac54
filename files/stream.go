package files

import (
	"context"
	"os"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// Stream settles a year whose cases.csv need not fit in memory, by the same
// engine and to the same bytes as Settle (NUM-8): cases.csv is read once, in
// windows of opt.Window cases, each sorted by case id and spilled under
// opt.TempDir (budget.Stream); the engine then merges the runs. The Result's
// Cases reads the runs again (NumCases is 0); Close the Result when its cases
// are written, to remove the runs.
func Stream(ctx context.Context, f Files, opt Options) (*budget.Result, error) {
	rd, err := read(f, opt, false)
	if err != nil {
		return nil, err
	}
	in, rejects, src := rd.in, rd.rejects, rd.src
	opt.PointScale = in.Policy.PointScale
	s, err := budget.NewStream(ctx, in, budget.StreamOptions{Options: opt.engine(nil, src), TempDir: opt.TempDir, Window: opt.Window})
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			s.Close()
		}
	}()
	fh, err := os.Open(f.Cases)
	if err != nil {
		l := &pointvalue.ErrorList{}
		l.Add(openError(f.Cases, err))
		return nil, l
	}
	defer fh.Close()
	errs := &pointvalue.ErrorList{Cap: 1 << 30}
	cr := NewCaseReader(fh, src.Cases, opt, errs)
	window := opt.Window
	if window <= 0 {
		window = 1 << 19
	}
	b := &budget.Batch{}
	var c budget.Case
	for cr.Next(&c) {
		b.Append(&c)
		if b.Len() >= window {
			if err := s.Add(b); err != nil {
				return nil, err
			}
			b.Reset()
		}
	}
	if err := s.Add(b); err != nil {
		return nil, err
	}
	rejects = append(rejects, errs.Errors...)
	if len(rejects) > 0 && (!opt.Lenient || headerError(errs.Errors)) { // as Settle: the readers' errors alone
		l := &pointvalue.ErrorList{Errors: rejects}
		budget.SortErrors(l.Errors)
		return nil, l
	}
	s.AddRejects(rejects)
	res, err := s.Settle()
	if err != nil {
		return nil, err
	}
	res.Ignored = rd.ignored
	for _, c := range cr.Ignored() {
		res.Ignored = append(res.Ignored, budget.IgnoredColumn{Source: src.Cases, Column: c})
	}
	ok = true
	return res, nil
}

// headerError reports an error of a whole file (its header, line ≤ 1).
func headerError(errs []*pointvalue.RecordError) bool {
	for _, e := range errs {
		if e.Line <= 1 {
			return true
		}
	}
	return false
}
