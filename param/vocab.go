package param

import (
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// Fund is one of the two basic medical insurance funds, accounted separately
// (PV-6: employee and resident points never meet).
type Fund uint8

const (
	Employee Fund = iota // 职工医保, "employee"
	Resident             // 居民医保, "resident"
)

// NumFunds is the number of funds; Fund values index arrays of this length.
const NumFunds = 2

// Method is a payment method, each with its own pool per fund (PV-6, BUD-4).
type Method uint8

const (
	DRG    Method = iota // DRG point method or fixed rate (DRG 点数法/费率法)
	DIP                  // 按病种分值付费
	BedDay               // 按床日付费: a pool of its own only with bedday.pool = separate
	Capita               // 按人头付费: the per-capita outpatient pool
)

// NumMethods is the number of methods; Method values index arrays of this length.
const NumMethods = 4

// Level is a hospital's grade (医院等级): it picks reference costs (DIP-4) and
// level coefficients (DIP-5, VAR-3, VAR-4).
type Level uint8

const (
	Tertiary  Level = iota // 三级
	Secondary              // 二级
	Primary                // 一级及以下
)

// NumLevels is the number of levels; Level values index arrays of this length.
const NumLevels = 3

// A word list per value: the English word first (what outputs write), then the
// Chinese terms the inputs may use.
var (
	fundWords   = [NumFunds][]string{{"employee", "职工", "职工医保"}, {"resident", "居民", "居民医保"}}
	methodWords = [NumMethods][]string{{"drg"}, {"dip"}, {"bedday"}, {"capita"}}
	levelWords  = [NumLevels][]string{{"tertiary", "三级"}, {"secondary", "二级"}, {"primary", "一级及以下"}}
)

func word(words [][]string, i int, kind string) string {
	if i < len(words) {
		return words[i][0]
	}
	return kind + "(" + strconv.Itoa(i) + ")"
}

// lookup finds s among the words: exactly, or the English word with ASCII case ignored.
func lookup(words [][]string, s string) (int, bool) {
	for i, ws := range words {
		for _, w := range ws {
			if w == s {
				return i, true
			}
		}
	}
	for i, ws := range words {
		if strings.EqualFold(ws[0], s) && isASCII(s) {
			return i, true
		}
	}
	return 0, false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func clone(ws []string) []string { return append([]string(nil), ws...) }

// String returns the English word: "employee" or "resident".
func (f Fund) String() string { return word(fundWords[:], int(f), "fund") }

// Words returns the words that name f in inputs: the English word, then the Chinese terms.
func (f Fund) Words() []string {
	if int(f) < NumFunds {
		return clone(fundWords[f])
	}
	return nil
}

// ParseFund reads "employee" (职工, 职工医保) or "resident" (居民, 居民医保); English
// ASCII case is ignored. Anything else is pointvalue.ErrEnum.
func ParseFund(s string) (Fund, error) {
	if i, ok := lookup(fundWords[:], s); ok {
		return Fund(i), nil
	}
	return 0, pointvalue.ErrEnum
}

// String returns the policy and CSV spelling: "drg", "dip", "bedday" or "capita".
// Ties broken "by method name in byte order" use these strings: bedday < capita < dip < drg.
func (m Method) String() string { return word(methodWords[:], int(m), "method") }

// Words returns the words that name m.
func (m Method) Words() []string {
	if int(m) < NumMethods {
		return clone(methodWords[m])
	}
	return nil
}

// ParseMethod reads "drg", "dip", "bedday" or "capita"; anything else is pointvalue.ErrEnum.
func ParseMethod(s string) (Method, error) {
	if i, ok := lookup(methodWords[:], s); ok {
		return Method(i), nil
	}
	return 0, pointvalue.ErrEnum
}

// String returns "tertiary", "secondary" or "primary".
func (l Level) String() string { return word(levelWords[:], int(l), "level") }

// Words returns the words that name l: the English word, then the Chinese term.
func (l Level) Words() []string {
	if int(l) < NumLevels {
		return clone(levelWords[l])
	}
	return nil
}

// ParseLevel reads the English word or the Chinese term (三级, 二级, 一级及以下).
func ParseLevel(s string) (Level, error) {
	if i, ok := lookup(levelWords[:], s); ok {
		return Level(i), nil
	}
	return 0, pointvalue.ErrEnum
}

// ReadmitRule says what DRG-7 and DIP-7 do with the earlier stay of a
// readmission (二次入院, policy.json readmit_rule).
type ReadmitRule uint8

const (
	HalveEarlier ReadmitRule = iota // "halve-earlier": the earlier stay's points × ReadmitFactor (default)
	ReadmitNone                     // "none": the rule is off
)

// ReadmitRuleWords are the policy.json words of the readmission rules, by value.
func ReadmitRuleWords() []string { return []string{"halve-earlier", "none"} }

// String returns the policy.json word: "halve-earlier" or "none".
func (r ReadmitRule) String() string {
	return word([][]string{{"halve-earlier"}, {"none"}}, int(r), "readmit-rule")
}

// SpecialScope is the population the special-review cap counts (特例单议,
// DRG-8, DIP-8; policy.json special_scope).
type SpecialScope uint8

const (
	ScopeHospital SpecialScope = iota // "hospital": each hospital's cases (the DRG default)
	ScopeRegion                       // "region": the region's cases (the DIP default, 千分之五)
)

// SpecialScopeWords are the policy.json words of the scopes, by value.
func SpecialScopeWords() []string { return []string{"hospital", "region"} }

// String returns the policy.json word: "hospital" or "region".
func (s SpecialScope) String() string {
	return word([][]string{{"hospital"}, {"region"}}, int(s), "special-scope")
}

// DecodeLevels reads an object keyed by hospital level ({"tertiary": …}), with
// the values parse reads (a decimal string or JSON number); null values are
// skipped (a level without one). set receives each level's value; an unknown
// level or a bad value is reported at its key.
func DecodeLevels[V any](v *Value, pr *Problems, parse func(string) (V, error), set func(Level, V)) {
	if v.Kind != JSONObject {
		pr.Add("", v.Show(), pointvalue.ErrSyntax, "expected a JSON object")
		return
	}
	for i, k := range v.Keys {
		l, err := ParseLevel(k)
		if err != nil {
			pr.Add(k, k, pointvalue.ErrEnum, "a level is tertiary, secondary or primary")
			continue
		}
		if v.Vals[i].IsNull() {
			continue
		}
		if x, ok := ReadDecimal(pr.Sub(k), v.Vals[i], parse); ok {
			set(l, x)
		}
	}
}
