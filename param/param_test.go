package param_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

func TestDecimalText(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{"5e-2", "0.05", nil},
		{"5E-2", "0.05", nil},
		{"1.5e3", "1500", nil},
		{"1.25e1", "12.5", nil},
		{"-2.5e-3", "-0.0025", nil},
		{"+3e0", "3", nil},
		{"12e+2", "1200", nil},
		{"0.001e3", "0001", nil}, // leading zeros are the decimal parsers' business
		{"123", "123", nil},      // no exponent: as written
		{"1e41", "", pointvalue.ErrRange},
		{"1e-41", "", pointvalue.ErrRange},
		{"1e", "", pointvalue.ErrSyntax},
		{"e5", "", pointvalue.ErrSyntax},
		{"1.2.3e4", "", pointvalue.ErrSyntax},
	} {
		got, err := param.DecimalText(tc.in)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("%s: err %v, want %v", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	// Every exponent form reads to the same Factor as its plain form.
	for _, s := range []string{"5e-2", "4E-1", "1.5e0", "25e-3"} {
		d, _ := param.DecimalText(s)
		got, err := pointvalue.ParseFactor(d)
		var f float64
		_ = json.Unmarshal([]byte(s), &f) // only to name the expected value below
		want := pointvalue.MustFactor(map[string]string{"5e-2": "0.05", "4E-1": "0.4", "1.5e0": "1.5", "25e-3": "0.025"}[s])
		if err != nil || got != want {
			t.Errorf("%s: %v %v, want %v", s, got, err, want)
		}
	}
}

func TestParseJSON(t *testing.T) {
	v, err := param.ParseJSON([]byte("\ufeff{\"a\": 1,\n \"b\": [true, null, \"x\"],\n \"c\": {\"d\": 2.50}}"), "p.json")
	if err != nil {
		t.Fatal(err)
	}
	if v.Get("a").Text != "1" || v.Get("c").Get("d").Text != "2.50" || len(v.Get("b").Elems) != 3 || !v.Get("b").Elems[1].IsNull() {
		t.Errorf("tree %s", v.JSON())
	}
	if v.Get("b").Line != 2 || v.Get("c").Get("d").Line != 3 {
		t.Errorf("lines b %d, c.d %d", v.Get("b").Line, v.Get("c").Get("d").Line)
	}
	if got := v.JSON(); got != `{"a":1,"b":[true,null,"x"],"c":{"d":2.50}}` {
		t.Errorf("JSON %s", got)
	}

	// Keys given twice, anywhere, each reported with its path; the tree keeps the first.
	v, err = param.ParseJSON([]byte(`{"a": 1, "a": 2, "o": {"k": [{"x": 1, "x": 3}]}, "o": 5}`), "p.json")
	want := "p.json:0: a: 2: duplicate key: key given more than once\n" +
		"p.json:0: o.k[0].x: 3: duplicate key: key given more than once\n" +
		"p.json:0: o: 5: duplicate key: key given more than once"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	if v == nil || v.Get("a").Text != "1" {
		t.Error("the first value is kept")
	}
	if !errors.Is(err, pointvalue.ErrDuplicate) || !errors.Is(err, pointvalue.ErrPolicy) {
		t.Error("a duplicate matches ErrDuplicate and ErrPolicy")
	}

	// Syntax errors name their line; nesting is bounded.
	for _, tc := range []struct{ in, want string }{
		{"{\n\n\"a\": tru}", "p.json:3: : : malformed record: invalid JSON: invalid character '}' in literal true (expecting 'e')"},
		{"[1,\n2", "p.json:2: : : malformed record: invalid JSON: unexpected end of input"},
		{strings.Repeat("[", 100) + strings.Repeat("]", 100), "p.json:1: : : malformed record: invalid JSON: nested deeper than 64 levels"},
		{"{} x", "p.json:1: : : malformed record: invalid JSON: invalid character 'x' looking for beginning of value"},
	} {
		_, err := param.ParseJSON([]byte(tc.in), "p.json")
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: got %v\nwant %s", tc.in, err, tc.want)
		}
	}
}

func FuzzParseJSON(f *testing.F) {
	f.Add(`{"a": [1, 2e3, "x"], "b": {"c": null}}`)
	f.Add(`{"a": 1, "a": 2}`)
	f.Add(`[[[[`)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := param.ParseJSON([]byte(s), "f.json")
		var std any
		stdErr := json.Unmarshal([]byte(strings.TrimPrefix(s, "\ufeff")), &std)
		if v == nil && err == nil {
			t.Fatal("neither a value nor an error")
		}
		if stdErr != nil && v != nil && !strings.Contains(err.Error(), "nested") {
			t.Fatalf("encoding/json rejects what ParseJSON read: %v", stdErr)
		}
		if stdErr == nil && v == nil && !strings.Contains(err.Error(), "nested") {
			t.Fatalf("ParseJSON rejects valid JSON: %v", err)
		}
	})
}

// a struct and table for the mechanics of Field.
type knobs struct {
	Ratio   pointvalue.Factor
	Days    int
	Mode    mode
	Cap     pointvalue.Money
	HasCap  bool
	Inner   inner
	Flag    bool
	Missing string
}

type inner struct{ Scale int }

type mode uint8

func table() []param.Field[knobs] {
	return []param.Field[knobs]{
		param.Factor("ratio", func(k *knobs) *pointvalue.Factor { return &k.Ratio }).Default(`"0.5"`).Range("[0, 1]").Rule("T-1").Doc("a ratio"),
		param.Int("days", func(k *knobs) *int { return &k.Days }).Default("15").Range("[0, )").Rule("T-2").Doc("days"),
		param.Enum("mode", func(k *knobs) *mode { return &k.Mode }, "off", "on").Default(`"on"`).Rule("T-3").Doc("mode"),
		param.Money("cap", func(k *knobs) *pointvalue.Money { return &k.Cap }).Nullable(func(k *knobs) *bool { return &k.HasCap }).Range("(0, )").Rule("T-4").Doc("a cap"),
		param.Lift("inner", func(k *knobs) *inner { return &k.Inner }, []param.Field[inner]{
			param.Int("scale", func(i *inner) *int { return &i.Scale }).Default("4").Range("[0, 8]").Rule("T-5").Doc("scale"),
		}),
		param.Bool("flag", func(k *knobs) *bool { return &k.Flag }).Default("false").Rule("T-6").Doc("flag"),
		param.String("name", func(k *knobs) *string { return &k.Missing }).Required().Rule("T-7").Doc("name"),
		param.Rule(func(k *knobs, pr *param.Problems) {
			if k.Flag && k.Days == 0 {
				pr.Add("days", "0", pointvalue.ErrPolicy, "a flag needs days")
			}
		}),
	}
}

func TestFieldMechanics(t *testing.T) {
	var k knobs
	param.Defaults(table(), &k, param.NewProblems("default"))
	if k.Ratio != pointvalue.MustFactor("0.5") || k.Days != 15 || k.Mode != 1 || k.HasCap || k.Inner.Scale != 4 || k.Flag {
		t.Fatalf("defaults %+v", k)
	}
	doc, err := param.ParseJSON([]byte(`{"ratio": 1.5, "days": 3, "mode": "sideways", "cap": "0", "inner": {"scale": 9, "x": 1}, "flag": true, "name": "n", "extra": []}`), "t.json")
	if err != nil {
		t.Fatal(err)
	}
	pr := param.NewProblems("t.json")
	param.Decode(table(), &k, doc, pr)
	param.Check(table(), &k, pr)
	want := strings.Join([]string{
		"t.json:0: extra: []: invalid policy: unknown field",
		"t.json:0: mode: sideways: not one of the allowed values: must be one of off, on",
		"t.json:0: inner.x: 1: invalid policy: unknown field",
		"t.json:0: ratio: 1.5: value out of range: must be in [0, 1]",
		"t.json:0: cap: 0.00: value out of range: must be greater than 0",
		"t.json:0: inner.scale: 9: value out of range: must be in [0, 8]",
	}, "\n")
	if err := pr.Err(); err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	// A required field absent; a keyless rule; the rows as the reference lists them.
	k = knobs{}
	pr = param.NewProblems("t.json")
	doc, _ = param.ParseJSON([]byte(`{"flag": true, "days": 0}`), "t.json")
	param.Decode(table(), &k, doc, pr)
	param.Check(table(), &k, pr)
	want = "t.json:0: name: : required value is empty\nt.json:0: days: 0: invalid policy: a flag needs days"
	if err := pr.Err(); err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	var paths []string
	for _, r := range param.Rows(table(), "x") {
		paths = append(paths, r.Path)
	}
	if got := strings.Join(paths, " "); got != "x.ratio x.days x.mode x.cap x.inner x.inner.scale x.flag x.name" {
		t.Errorf("rows %s", got)
	}
}

func TestVocabulary(t *testing.T) {
	// Tie-breaks "by method name in byte order" rely on bedday < capita < dip < drg.
	if !(param.BedDay.String() < param.Capita.String() && param.Capita.String() < param.DIP.String() && param.DIP.String() < param.DRG.String()) {
		t.Error("method names out of byte order")
	}
	for s, want := range map[string]param.Fund{"employee": param.Employee, "Employee": param.Employee, "职工": param.Employee, "职工医保": param.Employee, "居民": param.Resident} {
		if got, err := param.ParseFund(s); err != nil || got != want {
			t.Errorf("ParseFund(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := param.ParseFund("staff"); !errors.Is(err, pointvalue.ErrEnum) {
		t.Error("staff is no fund")
	}
	for s, want := range map[string]param.Level{"三级": param.Tertiary, "二级": param.Secondary, "一级及以下": param.Primary, "PRIMARY": param.Primary} {
		if got, err := param.ParseLevel(s); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", s, got, err)
		}
	}
	if got := param.Resident.Words(); strings.Join(got, ",") != "resident,居民,居民医保" {
		t.Errorf("words %v", got)
	}
}

// ERR-6: codes are compared after NFKC and upper-casing; a character outside
// A–Z 0–9 . + - after that is an error.
func TestNormalizeCode(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"K35.8", "K35.8", true},
		{"k35.8", "K35.8", true},
		{"K35．8", "K35.8", true}, // full-width full stop
		{"Ｋ３５．８", "K35.8", true},
		{"nr15", "NR15", true},
		{" GB11 ", "GB11", true},
		{"K35-conservative", "K35-CONSERVATIVE", true},
		{"J18.9+33.22", "J18.9+33.22", true},
		{"33.22，33.23", "33.22,33.23", false}, // full-width comma: NFKC makes it a comma, still not allowed
		{"33.22;33.23", "33.22;33.23", false},
		{"33.22、33.23", "33.22、33.23", false},
		{"K35 8", "K35 8", false},
		{"", "", true},
	} {
		got, ok := param.NormalizeCode(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeCode(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if a := testing.AllocsPerRun(10, func() { param.NormalizeCode("K35.8") }); a != 0 {
		t.Errorf("a canonical code allocates %v times", a)
	}
}
