package policy

import (
	"cmp"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

var fields = Fields()

// Default returns a policy with every default of the field table set and no
// fund settled: a back-end building a policy in code sets Funds (DefaultFund)
// and whatever differs, then calls Validate.
func Default(region string, year int, version string) *Policy {
	p := &Policy{}
	param.Defaults(fields, p, param.NewProblems("default"))
	p.Region, p.Year, p.Version = region, year, version
	return p
}

// Validate checks the policy as the field table asks (ERR-3, section 13): ranges
// and enumerations, pools adding up, one inpatient method per fund, thresholds and
// segments increasing, exact-share only with pools that allow it, a band only with
// a budget point value, the fields a configured rule needs. It returns nil or a
// *pointvalue.ErrorList of every problem, each a *pointvalue.RecordError with
// Source "policy", Line 0 and the JSON path as Field, matching ErrPolicy. Read
// calls it; call it on a Policy built in code.
func (p *Policy) Validate() error {
	pr := param.NewProblems("policy")
	param.Check(fields, p, pr)
	sortProblems(pr.List())
	return pr.Err()
}

// Read reads a policy.json (docs/formats.md) and validates it. Fields left out take their
// defaults; amounts and ratios are decimal strings or JSON numbers, parsed exactly
// (never through float64); counts and scales are JSON integers. Unknown fields and
// keys given twice are errors: a misspelt or repeated parameter would otherwise
// settle silently. Every problem is reported (see the package documentation); the
// error is nil or a *pointvalue.ErrorList.
func Read(r io.Reader, source string) (*Policy, error) {
	src := filepath.Base(source)
	if source == "" {
		src = "policy.json"
	}
	fail := func(detail string) (*Policy, error) {
		var l pointvalue.ErrorList
		l.Addf(src, 0, "", "", param.Invalid(pointvalue.ErrMalformed, detail))
		return nil, &l
	}
	data, err := io.ReadAll(io.LimitReader(r, param.MaxJSONBytes+1))
	if err != nil {
		return fail(err.Error())
	}
	if len(data) > param.MaxJSONBytes {
		return fail("policy larger than 16 MiB")
	}
	doc, err := param.ParseJSON(data, src)
	if doc == nil {
		return nil, err
	}
	pr := param.NewProblems(src)
	if err != nil {
		pr.List().Merge(err.(*pointvalue.ErrorList))
	}
	if doc.Kind != param.JSONObject {
		pr.Add("", doc.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return nil, pr.Err()
	}
	p := &Policy{}
	param.Defaults(fields, p, param.NewProblems("default"))
	param.Decode(fields, p, doc, pr)

	// Validate what was read; a check on a path whose reading failed would only repeat it.
	checked := param.NewProblems(src)
	param.Check(fields, p, checked)
	read := pr.List().Errors
	for _, e := range checked.List().Errors {
		if !coveredBy(e.Field, read) {
			pr.List().Add(e)
		}
	}
	if err := pr.Err(); err != nil {
		sortProblems(pr.List())
		return nil, err
	}
	return p, nil
}

// coveredBy reports whether a problem at path concerns a value whose reading
// already failed (the same path, a parent or a child of it).
func coveredBy(path string, read []*pointvalue.RecordError) bool {
	for _, e := range read {
		f := e.Field
		if f == path || strings.HasPrefix(path, f+".") || strings.HasPrefix(path, f+"[") ||
			strings.HasPrefix(f, path+".") || strings.HasPrefix(f, path+"[") {
			return true
		}
	}
	return false
}

// sortProblems orders problems by line (syntax errors) and JSON path, stably.
func sortProblems(l *pointvalue.ErrorList) {
	slices.SortStableFunc(l.Errors, func(a, b *pointvalue.RecordError) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Field, b.Field))
	})
}
