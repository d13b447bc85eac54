package param

import (
	"errors"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Kind is how a field's JSON value is read, checked and documented.
type Kind uint8

const (
	KindString     Kind = iota // a JSON string
	KindInt                    // a JSON integer: counts, days, scales
	KindBool                   // true or false
	KindMoney                  // yuan with at most 2 decimals (NUM-1), a decimal string or JSON number
	KindFactor                 // a ratio, coefficient or weight with at most 8 decimals (NUM-3)
	KindPoints                 // points with at most 8 decimals (NUM-2)
	KindPointValue             // yuan per point with at most 8 decimals (NUM-4)
	KindEnum                   // one of a list of words
	KindObject                 // an object of further fields
	KindCustom                 // read by the row's own decoder: arrays, maps, one-of objects
	kindCheck                  // no key: a rule over the object's fields, run by Check
)

var kindNames = [...]string{"string", "integer", "boolean", "money", "factor", "points", "point value", "enum", "object", "custom", "check"}

// String returns the kind as the field reference writes it.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(?)"
}

// Field is one row of a field table over the struct T its accessors reach into:
// a policy.json key with its kind, default, range, rule id and documentation.
// Build rows with the constructors (Int, Factor, Enum, Object, Custom…) and the
// chained setters (Rule, Doc, Default, Range…); a Field is a value and the
// setters return modified copies.
type Field[T any] struct {
	key      string
	kind     Kind
	rule     string
	doc      string
	def      string // JSON text of the default; "" when none
	required bool
	reqWhen  func(*T) bool // required only when this holds (after the object's other fields are read)
	reqWhy   string
	words    []string
	rng      bound
	example  string
	shape    string
	fields   []Field[T] // KindObject
	nested   []Row      // KindCustom: documentation of the objects it reads
	present  func(*T) *bool
	decode   func(t *T, v *Value, pr *Problems)
	num      func(t *T) int64
	show     func(t *T) string
	enumOf   func(t *T) int
	check    func(t *T, pr *Problems)
}

// bound is a numeric range in the kind's units.
type bound struct {
	text           string // as written in the table, e.g. "[0, 1]"
	lo, hi         int64
	hasLo, hasHi   bool
	loOpen, hiOpen bool
}

// Key returns the row's JSON key.
func (f Field[T]) Key() string { return f.key }

// Rule sets the rule id that reads the field ("DRG-5").
func (f Field[T]) Rule(id string) Field[T] { f.rule = id; return f }

// Doc sets the row's one-line documentation.
func (f Field[T]) Doc(s string) Field[T] { f.doc = s; return f }

// Default sets the default as the JSON a policy would hold ("0.4", "15",
// "\"hospital\"", "null", "[[\"100\", \"3\"], [null, \"1.5\"]]").
func (f Field[T]) Default(json string) Field[T] { f.def = json; return f }

// Required marks a field without a default that must be given; why (optional)
// is added to the error.
func (f Field[T]) Required(why ...string) Field[T] {
	f.required = true
	if len(why) > 0 {
		f.reqWhy = why[0]
	}
	return f
}

// RequiredWhen marks a field that must be given when cond holds of the values
// read so far (the budget method needs its amounts); why says when, in the error
// and the reference.
func (f Field[T]) RequiredWhen(cond func(*T) bool, why string) Field[T] {
	f.reqWhen, f.reqWhy = cond, why
	return f
}

// Example sets an example value (JSON) for the reference.
func (f Field[T]) Example(json string) Field[T] { f.example = json; return f }

// Shape sets how a custom field's JSON looks, for the reference ("[[upto, T], …]").
func (f Field[T]) Shape(s string) Field[T] { f.shape = s; return f }

// Nested documents the fields of the objects a custom field reads, under
// placeholder keys ("<fund>"): their rows appear in the reference below it.
func (f Field[T]) Nested(rows []Row) Field[T] { f.nested = rows; return f }

// Nullable makes null (or absence) a value of its own, "none": has reports
// whether a value was given. The default is then null unless set otherwise.
func (f Field[T]) Nullable(has func(*T) *bool) Field[T] {
	f.present = has
	if f.def == "" {
		f.def = "null"
	}
	return f
}

// Check adds a rule the field's value must follow beyond its kind and range;
// pr reports at the field's path ("" for the field itself, "[1]" for an element).
func (f Field[T]) Check(fn func(t *T, pr *Problems)) Field[T] { f.check = fn; return f }

// Range sets the bounds of a numeric field as an interval in the kind's terms:
// "[0, 1]", "(0, 1]", "[0, )" (at least 0), "(0, )" (greater than 0), "[1, 8]".
// A malformed interval panics: tables are code, and a test walks every table.
func (f Field[T]) Range(interval string) Field[T] {
	b, err := parseBound(interval, f.kind)
	if err != nil {
		panic("param: " + f.key + ": range " + interval + ": " + err.Error())
	}
	f.rng = b
	return f
}

func parseBound(s string, k Kind) (bound, error) {
	b := bound{text: s}
	s = strings.TrimSpace(s)
	if len(s) < 3 || !strings.ContainsRune("[(", rune(s[0])) || !strings.ContainsRune("])", rune(s[len(s)-1])) {
		return b, errors.New("not an interval")
	}
	b.loOpen, b.hiOpen = s[0] == '(', s[len(s)-1] == ')'
	lo, hi, ok := strings.Cut(s[1:len(s)-1], ",")
	if !ok {
		return b, errors.New("not an interval")
	}
	var err error
	if lo = strings.TrimSpace(lo); lo != "" {
		if b.lo, err = parseNum(lo, k); err != nil {
			return b, err
		}
		b.hasLo = true
	}
	if hi = strings.TrimSpace(hi); hi != "" {
		if b.hi, err = parseNum(hi, k); err != nil {
			return b, err
		}
		b.hasHi = true
	}
	return b, nil
}

// parseNum reads a decimal in the units of kind k.
func parseNum(s string, k Kind) (int64, error) {
	switch k {
	case KindInt:
		return strconv.ParseInt(s, 10, 64)
	case KindMoney:
		m, err := pointvalue.ParseMoney(s)
		return int64(m), err
	case KindFactor:
		f, err := pointvalue.ParseFactor(s)
		return int64(f), err
	case KindPoints:
		p, err := pointvalue.ParsePoints(s, pointvalue.MaxScale)
		return int64(p), err
	case KindPointValue:
		v, err := pointvalue.ParsePointValue(s)
		return int64(v), err
	}
	return 0, errors.New("not a numeric kind")
}

// inRange reports whether v is within b.
func (b *bound) inRange(v int64) bool {
	if b.hasLo && (v < b.lo || (b.loOpen && v == b.lo)) {
		return false
	}
	if b.hasHi && (v > b.hi || (b.hiOpen && v == b.hi)) {
		return false
	}
	return true
}

// problem is the cause and detail of a value outside b: a range [0, ) is
// "negative value not allowed", any other "value out of range: must be …".
func (b *bound) problem() (error, string) {
	if b.hasLo && !b.hasHi && !b.loOpen && b.lo == 0 {
		return pointvalue.ErrNegative, ""
	}
	return pointvalue.ErrRange, "must be " + b.words()
}

func (b *bound) words() string {
	lo, hi := b.textParts()
	switch {
	case b.hasLo && b.hasHi:
		return "in " + b.text
	case b.hasLo && b.loOpen:
		return "greater than " + lo
	case b.hasLo:
		return "at least " + lo
	case b.hasHi && b.hiOpen:
		return "less than " + hi
	case b.hasHi:
		return "at most " + hi
	}
	return "any value"
}

func (b *bound) textParts() (string, string) {
	s := strings.TrimSpace(b.text)
	lo, hi, _ := strings.Cut(s[1:len(s)-1], ",")
	return strings.TrimSpace(lo), strings.TrimSpace(hi)
}

// scalar builds a row of a numeric or plain kind.
func scalar[T, V any](key string, k Kind, ref func(*T) *V, parse func(*Value) (V, error), num func(V) int64, show func(V) string) Field[T] {
	return Field[T]{
		key: key, kind: k,
		decode: func(t *T, v *Value, pr *Problems) {
			x, err := parse(v)
			if err != nil {
				pr.AddError("", v.Show(), asPolicy(err))
				return
			}
			*ref(t) = x
		},
		num:  func(t *T) int64 { return num(*ref(t)) },
		show: func(t *T) string { return show(*ref(t)) },
	}
}

// asPolicy makes a parse error match ErrPolicy too.
func asPolicy(err error) error {
	if errors.Is(err, pointvalue.ErrPolicy) {
		return err
	}
	return &invalid{cause: err}
}

func errKind(want string) error {
	return Invalid(pointvalue.ErrSyntax, "expected "+want)
}

// decimalOf returns the decimal text of a JSON number (exponent forms made plain)
// or string.
func decimalOf(v *Value) (string, error) {
	switch v.Kind {
	case JSONNumber:
		return DecimalText(v.Text)
	case JSONString:
		return v.Text, nil
	}
	return "", errKind("a decimal number or string")
}

func decimalParser[V any](parse func(string) (V, error)) func(*Value) (V, error) {
	return func(v *Value) (V, error) {
		var zero V
		s, err := decimalOf(v)
		if err != nil {
			return zero, err
		}
		return parse(s)
	}
}

// Money is a row of yuan (NUM-1).
func Money[T any](key string, ref func(*T) *pointvalue.Money) Field[T] {
	return scalar(key, KindMoney, ref, decimalParser(pointvalue.ParseMoney),
		func(m pointvalue.Money) int64 { return int64(m) }, pointvalue.Money.String)
}

// Factor is a row of a ratio, coefficient or weight (NUM-3).
func Factor[T any](key string, ref func(*T) *pointvalue.Factor) Field[T] {
	return scalar(key, KindFactor, ref, decimalParser(pointvalue.ParseFactor),
		func(f pointvalue.Factor) int64 { return int64(f) }, pointvalue.Factor.String)
}

// Points is a row of points with up to 8 decimals (NUM-2).
func Points[T any](key string, ref func(*T) *pointvalue.Points) Field[T] {
	return scalar(key, KindPoints, ref, decimalParser(ParsePoints8),
		func(p pointvalue.Points) int64 { return int64(p) }, pointvalue.Points.String)
}

// PointValue is a row of yuan per point (NUM-4).
func PointValue[T any](key string, ref func(*T) *pointvalue.PointValue) Field[T] {
	return scalar(key, KindPointValue, ref, decimalParser(pointvalue.ParsePointValue),
		func(v pointvalue.PointValue) int64 { return int64(v) },
		func(v pointvalue.PointValue) string { return v.Format(pointvalue.MaxScale) })
}

// ParsePoints8 reads points with up to 8 decimals.
func ParsePoints8(s string) (pointvalue.Points, error) {
	return pointvalue.ParsePoints(s, pointvalue.MaxScale)
}

// Int is a row of a JSON integer (a count, a number of days, a scale).
func Int[T any](key string, ref func(*T) *int) Field[T] {
	return scalar(key, KindInt, ref, ParseInt, func(i int) int64 { return int64(i) }, strconv.Itoa)
}

// ParseInt reads a JSON integer (no fraction, no exponent, no string) within ±2³¹.
func ParseInt(v *Value) (int, error) {
	if v.Kind != JSONNumber {
		return 0, errKind("a JSON integer")
	}
	i, err := strconv.ParseInt(v.Text, 10, 32)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, Invalid(pointvalue.ErrRange, "expected a JSON integer")
		}
		return 0, errKind("a JSON integer")
	}
	return int(i), nil
}

// Bool is a row of true or false.
func Bool[T any](key string, ref func(*T) *bool) Field[T] {
	f := scalar(key, KindBool, ref, func(v *Value) (bool, error) {
		if v.Kind != JSONBool {
			return false, Invalid(pointvalue.ErrBool, "expected true or false")
		}
		return v.Bool, nil
	}, func(b bool) int64 {
		if b {
			return 1
		}
		return 0
	}, strconv.FormatBool)
	f.num = nil
	return f
}

// String is a row of a JSON string.
func String[T any](key string, ref func(*T) *string) Field[T] {
	f := scalar(key, KindString, ref, func(v *Value) (string, error) {
		if v.Kind != JSONString {
			return "", errKind("a JSON string")
		}
		return v.Text, nil
	}, func(string) int64 { return 0 }, func(s string) string { return s })
	f.num = nil
	return f
}

// Enum is a row whose value is one of words; the field holds the word's index.
func Enum[T any, E ~uint8](key string, ref func(*T) *E, words ...string) Field[T] {
	f := scalar(key, KindEnum, ref, func(v *Value) (E, error) {
		if v.Kind != JSONString {
			return 0, errKind("a JSON string")
		}
		for i, w := range words {
			if v.Text == w {
				return E(i), nil
			}
		}
		return 0, Invalid(pointvalue.ErrEnum, "must be one of "+strings.Join(words, ", "))
	}, func(e E) int64 { return int64(e) }, func(e E) string {
		if int(e) < len(words) {
			return words[e]
		}
		return strconv.Itoa(int(e))
	})
	f.words = words
	f.num = nil
	f.enumOf = func(t *T) int { return int(*ref(t)) }
	return f
}

// Object is a row holding an object of further fields, all reached from T.
func Object[T any](key string, fields ...Field[T]) Field[T] {
	return Field[T]{key: key, kind: KindObject, fields: fields}
}

// Custom is a row read by decode, which receives the value (never null: null
// and absence leave the default) and a Problems at the row's path.
func Custom[T any](key string, decode func(t *T, v *Value, pr *Problems)) Field[T] {
	return Field[T]{key: key, kind: KindCustom, decode: decode}
}

// Rule is a row without a key: a rule over the object's fields that Check runs
// (low_ratio below high_ratio, say). pr reports relative to the object.
func Rule[T any](fn func(t *T, pr *Problems)) Field[T] {
	return Field[T]{kind: kindCheck, check: fn}
}

// Lift makes the rows of a part C of T rows of T: an object at key whose fields
// are reached through part. The rule packages declare their tables over their own
// parameter structs; package policy lifts them into the policy's.
func Lift[T, C any](key string, part func(*T) *C, fields []Field[C]) Field[T] {
	return Field[T]{key: key, kind: KindObject, fields: liftAll(part, fields)}
}

func liftAll[T, C any](part func(*T) *C, fields []Field[C]) []Field[T] {
	out := make([]Field[T], len(fields))
	for i, f := range fields {
		out[i] = lift(part, f)
	}
	return out
}

func lift[T, C any](part func(*T) *C, f Field[C]) Field[T] {
	g := Field[T]{key: f.key, kind: f.kind, rule: f.rule, doc: f.doc, def: f.def, required: f.required,
		reqWhy: f.reqWhy, words: f.words, rng: f.rng, example: f.example, shape: f.shape, nested: f.nested}
	if f.reqWhen != nil {
		g.reqWhen = func(t *T) bool { return f.reqWhen(part(t)) }
	}
	if f.fields != nil {
		g.fields = liftAll(part, f.fields)
	}
	if f.present != nil {
		g.present = func(t *T) *bool { return f.present(part(t)) }
	}
	if f.decode != nil {
		g.decode = func(t *T, v *Value, pr *Problems) { f.decode(part(t), v, pr) }
	}
	if f.num != nil {
		g.num = func(t *T) int64 { return f.num(part(t)) }
	}
	if f.show != nil {
		g.show = func(t *T) string { return f.show(part(t)) }
	}
	if f.enumOf != nil {
		g.enumOf = func(t *T) int { return f.enumOf(part(t)) }
	}
	if f.check != nil {
		g.check = func(t *T, pr *Problems) { f.check(part(t), pr) }
	}
	return g
}

// Defaults sets every field of the table to its default. The defaults are JSON
// text in the table, read as a policy's would be; a default that does not read is a
// bug in the table, reported to pr (a test reads every table's defaults).
func Defaults[T any](fields []Field[T], t *T, pr *Problems) {
	for _, f := range fields {
		fp := pr.Sub(f.key)
		switch {
		case f.kind == KindObject:
			Defaults(f.fields, t, fp)
		case f.def == "":
		case f.def == "null":
			if f.present != nil {
				*f.present(t) = false
			}
		default:
			v, err := ParseJSON([]byte(f.def), "default")
			if err != nil {
				fp.Add("", f.def, pointvalue.ErrSyntax, "default does not read: "+err.Error())
				continue
			}
			v.Default = true
			f.decode(t, v, fp)
			if f.present != nil {
				*f.present(t) = true
			}
		}
	}
}

// Decode reads the object v into the fields of the table: every key must be a
// field (else "unknown field"), every value of the field's kind; null or absence
// leaves the field as it is (its default), and a required field that is absent is
// pointvalue.ErrRequired. v nil or null reads nothing. Problems go to pr with
// paths relative to it.
func Decode[T any](fields []Field[T], t *T, v *Value, pr *Problems) {
	if v.IsNull() {
		return
	}
	if v.Kind != JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	for i, k := range v.Keys {
		if find(fields, k) < 0 {
			pr.Add(k, v.Vals[i].Show(), pointvalue.ErrPolicy, "unknown field")
		}
	}
	for _, f := range fields {
		if f.kind == kindCheck {
			continue
		}
		x := v.Get(f.key)
		fp := pr.Sub(f.key)
		if x != nil && x.Kind == JSONNull && f.present != nil {
			*f.present(t) = false // written null: none, whatever the default (a limit lifted)
		}
		if x.IsNull() {
			if f.required {
				fp.Add("", "", pointvalue.ErrRequired, f.reqWhy)
			}
			continue
		}
		if f.kind == KindObject {
			Decode(f.fields, t, x, fp)
			continue
		}
		before := fp.Len()
		f.decode(t, x, fp)
		if f.present != nil && fp.Len() == before {
			*f.present(t) = true
		}
	}
	for _, f := range fields {
		if f.reqWhen != nil && v.Get(f.key).IsNull() && f.reqWhen(t) {
			pr.Add(f.key, "", pointvalue.ErrRequired, f.reqWhy)
		}
	}
}

func find[T any](fields []Field[T], key string) int {
	for i, f := range fields {
		if f.kind != kindCheck && f.key == key {
			return i
		}
	}
	return -1
}

// Check validates the values of the table: numeric fields within their range
// (nullable ones only when given), enumerations within their words, then each
// row's own rule and the table's keyless rules. Problems go to pr.
func Check[T any](fields []Field[T], t *T, pr *Problems) {
	for _, f := range fields {
		fp := pr.Sub(f.key)
		given := f.present == nil || *f.present(t)
		switch {
		case f.kind == KindObject:
			Check(f.fields, t, fp)
		case f.kind == kindCheck:
			f.check(t, pr)
			continue
		case !given:
		case f.enumOf != nil:
			if e := f.enumOf(t); e < 0 || e >= len(f.words) {
				fp.Add("", strconv.Itoa(e), pointvalue.ErrEnum, "must be one of "+strings.Join(f.words, ", "))
			}
		case f.num != nil && f.rng.text != "":
			if !f.rng.inRange(f.num(t)) {
				cause, detail := f.rng.problem()
				fp.Add("", f.show(t), cause, detail)
			}
		}
		if f.check != nil && given {
			f.check(t, fp)
		}
	}
}

// Validate is Defaults-free checking for a value built in code: Check with a
// fresh Problems named source, returning nil or the *pointvalue.ErrorList.
func Validate[T any](fields []Field[T], t *T, source string) error {
	pr := NewProblems(source)
	Check(fields, t, pr)
	return pr.Err()
}

// Row is one row of a table as the field reference shows it: the full JSON path
// (with placeholders such as <fund> for keys a custom row reads), the kind, the
// default, the range or words, the rule id and the documentation.
type Row struct {
	Path     string
	Kind     Kind
	Default  string // JSON text; "" when none
	Required bool
	When     string   // required only then ("" when always or never)
	Range    string   // "[0, 1]"; "" when none
	Words    []string // enumerations
	Rule     string
	Doc      string
	Example  string
	Shape    string // custom rows: how the JSON looks
}

// Rows lists the rows of a table with their full paths under prefix, objects
// before their fields, a custom row before the rows it documents with Nested.
func Rows[T any](fields []Field[T], prefix string) []Row {
	var out []Row
	for _, f := range fields {
		if f.kind == kindCheck {
			continue
		}
		path := Join(prefix, f.key)
		out = append(out, Row{Path: path, Kind: f.kind, Default: f.def, Required: f.required || f.reqWhen != nil, When: f.reqWhy, Range: f.rng.text,
			Words: f.words, Rule: f.rule, Doc: f.doc, Example: f.example, Shape: f.shape})
		if f.kind == KindObject {
			out = append(out, Rows(f.fields, path)...)
		}
		for _, r := range f.nested {
			r.Path = Join(path, r.Path)
			out = append(out, r)
		}
	}
	return out
}

// ReadDecimal reads a decimal given as a JSON number (exponent forms exact) or
// string with parse, for custom rows; a problem is reported at pr.
func ReadDecimal[V any](pr *Problems, v *Value, parse func(string) (V, error)) (V, bool) {
	var zero V
	s, err := decimalOf(v)
	if err == nil {
		var x V
		if x, err = parse(s); err == nil {
			return x, true
		}
	}
	pr.AddError("", v.Show(), asPolicy(err))
	return zero, false
}
