package monitor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

// SweepValue is one value of a sweep (SIM-1): the scenario's name
// ("PATH=value", the value as compact JSON, a string unquoted) and the value.
type SweepValue struct {
	Name  string
	Value *param.Value
}

// ErrSweep is a -sweep argument that is not PATH=ARRAY over a policy field.
var ErrSweep = errors.New("not a sweep")

// ParseSweep reads a sweep, PATH=ARRAY: a dotted path of policy.json fields
// (PolicyPath) and a JSON array whose elements are put at it one at a time.
func ParseSweep(arg string) (path string, values []SweepValue, err error) {
	path, array, ok := strings.Cut(arg, "=")
	path = strings.TrimSpace(path)
	if !ok || path == "" {
		return "", nil, fmt.Errorf("%w: %q: want PATH=ARRAY", ErrSweep, arg)
	}
	if !PolicyPath(path) {
		return "", nil, fmt.Errorf("%w: %s is no policy.json field", ErrSweep, path)
	}
	v, perr := param.ParseJSON([]byte(array), "-sweep")
	if perr != nil || v == nil || v.Kind != param.JSONArray || len(v.Elems) == 0 {
		return "", nil, fmt.Errorf("%w: %s: want a JSON array of values", ErrSweep, array)
	}
	for _, e := range v.Elems {
		text := e.JSON()
		if e.Kind == param.JSONString {
			text = e.Text
		}
		values = append(values, SweepValue{Name: path + "=" + text, Value: e})
	}
	return path, values, nil
}

// PolicyPath reports whether path addresses a policy.json field: a path of
// the policy's field table (policy.Reference), a placeholder such as <fund>
// standing for any key, or a path inside a field whose value is read whole
// (funds.employee.pools.ratios.drg, bedday.rates.psychiatric).
func PolicyPath(path string) bool {
	segs := strings.Split(path, ".")
	for _, s := range segs {
		if s == "" {
			return false
		}
	}
	rows := policy.Reference()
	for _, r := range rows {
		rs := strings.Split(r.Path, ".")
		if len(rs) > len(segs) {
			continue
		}
		if len(rs) < len(segs) && (r.Kind != param.KindCustom || documented(rows, r.Path)) {
			continue // only a field read whole holds paths the table does not list
		}
		match := true
		for i, s := range rs {
			if s != segs[i] && !(strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">")) {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// documented reports whether the table lists fields under path (a custom
// field whose objects are documented, such as funds.<fund>).
func documented(rows []param.Row, path string) bool {
	for _, r := range rows {
		if strings.HasPrefix(r.Path, path+".") {
			return true
		}
	}
	return false
}

// Sweep makes the scenarios of a sweep (SIM-1): for each value of arg,
// PATH=ARRAY as ParseSweep reads it, the base policy.json document with PATH
// set to the value (SetPath), read as a policy and named "PATH=value". A value
// that makes no valid policy is an error whose source is the scenario's name;
// the errors of every value are returned together (a *pointvalue.ErrorList),
// with no scenario. A malformed arg is ErrSweep.
func Sweep(base *param.Value, arg string) ([]Scenario, error) {
	path, values, err := ParseSweep(arg)
	if err != nil {
		return nil, err
	}
	var out []Scenario
	errs := &pointvalue.ErrorList{Cap: 1 << 20}
	for _, v := range values {
		doc, err := SetPath(base, path, v.Value)
		if err != nil {
			re := &pointvalue.RecordError{Err: err}
			errors.As(err, &re)
			re.Source = v.Name
			errs.Add(re)
			continue
		}
		p, err := policy.Read(strings.NewReader(doc.JSON()), v.Name)
		if err != nil {
			errs.AddError(err)
			continue
		}
		out = append(out, Scenario{Name: v.Name, Policy: p})
	}
	if errs.Len() > 0 {
		return nil, errs
	}
	return out, nil
}

// SetPath returns the policy document doc with value put at path, objects
// created along it as needed (SIM-1); the rest of the document is as it was.
// A step through a value that is not an object is an error (ErrPolicy) at that
// step's path.
func SetPath(doc *param.Value, path string, value *param.Value) (*param.Value, error) {
	root := clone(doc)
	if root == nil || root.Kind != param.JSONObject {
		return nil, param.Invalid(pointvalue.ErrSyntax, "the policy is not a JSON object")
	}
	segs := strings.Split(path, ".")
	cur := root
	for i, s := range segs {
		if i == len(segs)-1 {
			set(cur, s, value)
			break
		}
		next := cur.Get(s)
		if next.IsNull() {
			next = &param.Value{Kind: param.JSONObject}
			set(cur, s, next)
		} else if next.Kind != param.JSONObject {
			return nil, &pointvalue.RecordError{Field: strings.Join(segs[:i+1], "."), Value: next.Show(),
				Err: param.Invalid(pointvalue.ErrSyntax, "expected a JSON object")}
		}
		cur = next
	}
	return root, nil
}

func set(obj *param.Value, key string, v *param.Value) {
	for i, k := range obj.Keys {
		if k == key {
			obj.Vals[i] = v
			return
		}
	}
	obj.Keys = append(obj.Keys, key)
	obj.Vals = append(obj.Vals, v)
}

// clone copies the objects and arrays of v (the leaves are shared: never changed).
func clone(v *param.Value) *param.Value {
	if v == nil {
		return nil
	}
	c := *v
	if v.Elems != nil {
		c.Elems = make([]*param.Value, len(v.Elems))
		for i, e := range v.Elems {
			c.Elems[i] = clone(e)
		}
	}
	if v.Keys != nil {
		c.Keys = append([]string(nil), v.Keys...)
		c.Vals = make([]*param.Value, len(v.Vals))
		for i, e := range v.Vals {
			c.Vals[i] = clone(e)
		}
	}
	return &c
}
