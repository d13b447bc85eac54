package files

import (
	"context"
	"os"

	"github.com/dipdrg/dipdrg/budget"
)

// Stream settles a year whose cases.csv need not fit in memory, by the same
// engine and to the same bytes as Settle (NUM-8), with the same errors:
// cases.csv is read once, in windows of opt.Window cases, each sorted by case
// id and spilled under opt.TempDir (budget.Stream); the engine then merges the
// runs. The Result's Cases reads the runs again (NumCases is 0); Close the
// Result when its cases are written, to remove the runs.
func Stream(ctx context.Context, f Files, opt Options) (*budget.Result, error) {
	errs := NewRun(opt)
	opt.sink = errs
	rd, err := read(f, opt, false)
	if err != nil {
		return nil, err
	}
	if err := errs.Failed(); err != nil {
		return nil, err
	}
	opt.PointScale = rd.in.Policy.PointScale
	s, err := budget.NewStream(ctx, rd.in, budget.StreamOptions{Options: errs.Engine(opt, rd.src), TempDir: opt.TempDir, Window: opt.Window})
	if err != nil {
		return errs.Finish(nil, err)
	}
	ok := false
	defer func() {
		if !ok {
			s.Close()
		}
	}()
	fh, err := os.Open(f.Cases)
	if err != nil {
		errs.Stop(openError(f.Cases, err))
		return nil, errs.failure()
	}
	defer fh.Close()
	var in = newHashingReader(fh)
	cr := NewCaseReader(in, rd.src.Cases, opt, opt.errorList())
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
	if opt.Inputs != nil {
		*opt.Inputs = append(*opt.Inputs, in.digest(rd.src.Cases))
	}
	errs.Ignore(rd.src.Cases, cr.Ignored())
	if err := errs.Failed(); err != nil { // cases.csv's header, encoding or size cap
		return nil, err
	}
	res, err := s.Settle()
	if res, err = errs.Finish(res, err); err != nil {
		return nil, err
	}
	ok = true
	return res, nil
}
