package param

import "github.com/dipdrg/dipdrg/pointvalue"

// invalid is the cause of a policy problem: it matches pointvalue.ErrPolicy and
// the specific sentinel under errors.Is, and prints as the sentinel and the detail.
type invalid struct {
	cause  error
	detail string
}

func (e *invalid) Error() string {
	if e.detail == "" {
		return e.cause.Error()
	}
	return e.cause.Error() + ": " + e.detail
}

func (e *invalid) Unwrap() []error { return []error{pointvalue.ErrPolicy, e.cause} }

// Invalid returns the cause of a policy problem: an error matching both
// pointvalue.ErrPolicy and cause under errors.Is, printed "cause: detail".
func Invalid(cause error, detail string) error {
	if cause == nil {
		cause = pointvalue.ErrPolicy
	}
	return &invalid{cause: cause, detail: detail}
}

// Problems collects the problems of a policy, each a *pointvalue.RecordError whose
// Field is a JSON path. A Problems for a part of the policy (Sub) adds that part's
// path to what its tables report, so every problem keeps its full path. The zero
// value is not usable: start with NewProblems.
type Problems struct {
	src    string
	prefix string
	list   *pointvalue.ErrorList
}

// NewProblems returns an empty collection whose errors name source (the policy
// file's base name; "policy" for a policy built in code). Every problem is kept.
func NewProblems(source string) *Problems {
	return &Problems{src: source, list: &pointvalue.ErrorList{Cap: 1 << 20}}
}

// Sub returns a Problems that reports under path (relative to p's own prefix).
func (p *Problems) Sub(path string) *Problems {
	return &Problems{src: p.src, prefix: p.path(path), list: p.list}
}

func (p *Problems) path(rel string) string {
	if rel == "" {
		return p.prefix
	}
	if p.prefix == "" {
		return rel
	}
	if rel[0] == '[' {
		return p.prefix + rel
	}
	return p.prefix + "." + rel
}

// Add reports a problem at path (relative) with the value as written: its cause
// matches ErrPolicy and cause, with detail appended to the message.
func (p *Problems) Add(path, value string, cause error, detail string) {
	p.list.Addf(p.src, 0, p.path(path), value, Invalid(cause, detail))
}

// AddError reports err as it is (it should already match ErrPolicy) at path.
func (p *Problems) AddError(path, value string, err error) {
	p.list.Addf(p.src, 0, p.path(path), value, err)
}

// Len is the number of problems so far.
func (p *Problems) Len() int { return p.list.Len() }

// Path returns the full path of rel under p.
func (p *Problems) Path(rel string) string { return p.path(rel) }

// Err returns nil or the *pointvalue.ErrorList of every problem.
func (p *Problems) Err() error { return p.list.Err() }

// List returns the problems as a list (the same list every Sub shares).
func (p *Problems) List() *pointvalue.ErrorList { return p.list }

// Source returns the name the problems give their source.
func (p *Problems) Source() string { return p.src }

// Root returns a Problems that reports at paths from the document's root.
func (p *Problems) Root() *Problems { return &Problems{src: p.src, list: p.list} }
