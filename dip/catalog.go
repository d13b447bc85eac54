package dip

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/param"

	"github.com/dipdrg/dipdrg/internal/csvio"
	pv "github.com/dipdrg/dipdrg/pointvalue"
)

// Kind is the kind of a DIP group (DIP-1): a core group (核心病种) keyed by a
// diagnosis sub-category and a procedure set, or a comprehensive group (综合病种)
// keyed by a diagnosis category and a treatment type.
type Kind uint8

const (
	Core          Kind = iota // core 核心病种
	Comprehensive             // comprehensive 综合病种
)

// String returns the catalog.csv word: "core" or "comprehensive".
func (k Kind) String() string {
	switch k {
	case Core:
		return "core"
	case Comprehensive:
		return "comprehensive"
	}
	return "kind(?)"
}

// kindEnum reads the catalog's kind column (English word or Chinese term).
var kindEnum = csvio.NewEnum(
	csvio.EnumWord{Value: int(Core), Words: []string{"core", "核心病种"}},
	csvio.EnumWord{Value: int(Comprehensive), Words: []string{"comprehensive", "综合病种"}},
)

// Treatment is a case's treatment type (治疗方式), the second half of a
// comprehensive group's key (DIP-1, DIP-3). The zero value TreatmentUnset
// stands for an empty cases.csv treatment cell.
type Treatment uint8

const (
	TreatmentUnset Treatment = iota // no treatment given
	Conservative                    // conservative 保守治疗
	Diagnostic                      // diagnostic 诊断性操作
	Therapeutic                     // therapeutic 治疗性操作
	Surgical                        // surgical 手术, including interventional 介入
)

// String returns the word of docs/formats.md ("conservative", …), "" for TreatmentUnset.
func (t Treatment) String() string {
	switch t {
	case TreatmentUnset:
		return ""
	case Conservative:
		return "conservative"
	case Diagnostic:
		return "diagnostic"
	case Therapeutic:
		return "therapeutic"
	case Surgical:
		return "surgical"
	}
	return "treatment(?)"
}

// treatmentEnum reads a treatment cell: the English word or the Chinese term;
// "interventional" (介入) is Surgical (DIP-3).
var treatmentEnum = csvio.NewEnum(
	csvio.EnumWord{Value: int(Conservative), Words: []string{"conservative", "保守治疗"}},
	csvio.EnumWord{Value: int(Diagnostic), Words: []string{"diagnostic", "诊断性操作"}},
	csvio.EnumWord{Value: int(Therapeutic), Words: []string{"therapeutic", "治疗性操作"}},
	csvio.EnumWord{Value: int(Surgical), Words: []string{"surgical", "手术", "interventional", "介入"}},
)

// ParseTreatment reads a treatment word; "" is TreatmentUnset, an unknown word
// pointvalue.ErrEnum.
func ParseTreatment(s string) (Treatment, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return TreatmentUnset, nil
	}
	v, ok := treatmentEnum.Lookup(s)
	if !ok {
		return TreatmentUnset, treatmentEnum.Err()
	}
	return Treatment(v), nil
}

// Group is one entry of the DIP catalog (病种目录库, DIP-1).
type Group struct {
	Code string // group_code, unique
	Kind Kind
	// Diagnosis is the key's diagnosis: an ICD-10 sub-category for a core group
	// ("K35.8"), a 3-character category for a comprehensive one ("K35").
	Diagnosis string
	// Procedures is a core group's procedure set (ICD-9-CM-3), sorted and without
	// repeats; empty for conservative treatment and for comprehensive groups.
	Procedures []string
	// Treatment is a comprehensive group's treatment type (TreatmentUnset for core groups).
	Treatment Treatment
	// Score is the group's score (分值), the base of DIP-4.
	Score pv.Points
	// AvgCost is the group's reference average total cost (次均费用), > 0.
	AvgCost pv.Money
	// AvgCostByLevel holds the reference cost at each hospital level (indexed by
	// Level); 0 means none, and AvgCost is used.
	AvgCostByLevel [param.NumLevels]pv.Money
	// Primary marks a primary-care group (基层病种): PrimaryCoefficient replaces
	// the hospital's coefficient (DIP-5).
	Primary bool
	// Factor is the group's adjustment factor f (病种调节系数, VAR-4), multiplying
	// its normal, high and low scores exactly; 0 means none (1).
	Factor pv.Factor
	// CoefByLevel is the group's own level coefficient at each level (VAR-4),
	// taken before the policy's level tables when the hospital has no coefficient
	// of its own; 0 means none.
	CoefByLevel [param.NumLevels]pv.Factor
}

// factor returns the group's factor f: 1 when none is given.
func (g *Group) factor() pv.Factor {
	if g.Factor == 0 {
		return pv.One
	}
	return g.Factor
}

// Sentinel group indexes of a Case.
const (
	NoGroup      int32 = -1 // the engine could not group the case (无法入组, DIP-9)
	UnknownGroup int32 = -2 // a group code came with the case but is not in the catalog
)

// Catalog is a DIP catalog with the indexes grouping needs. Build it with
// NewCatalog or ReadCatalog; do not modify Groups afterwards. A Catalog is safe
// for concurrent use.
type Catalog struct {
	Groups []Group
	// IgnoredColumns are the columns of the file's header that ReadCatalog does
	// not know and ignored (each once, in header order), for a summary to list.
	IgnoredColumns []string

	byCode map[string]int32
	procID map[string]int32  // procedure code → interned id
	diag   map[string]int32  // core diagnosis → index into diags
	diags  []diagEntry       // core groups per diagnosis
	comp   map[compKey]int32 // (category, treatment) → comprehensive group
}

type compKey struct {
	cat string
	t   Treatment
}

// diagEntry holds the core groups of one diagnosis.
type diagEntry struct {
	conservative int32       // the group with an empty procedure set, or NoGroup
	cands        []candidate // groups with procedures: score descending, then code ascending (A13)
}

type candidate struct {
	group int32
	procs []int32 // sorted interned ids
}

// NewCatalog validates groups and builds the grouping indexes (DIP-1). It
// reports every problem (duplicate codes, duplicate keys, a comprehensive group
// without a treatment or with procedures, a zero reference cost…) together, as
// a *pointvalue.ErrorList whose errors have Source "groups" and, as Line, the
// group's position counting from 1. Procedure sets are sorted and deduplicated
// in place.
func NewCatalog(groups []Group) (*Catalog, error) {
	var errs pv.ErrorList
	lines := make([]int, len(groups))
	for i := range groups {
		lines[i] = i + 1
		checkGroup(&groups[i], func(field, value string, err error) {
			errs.Addf("groups", i+1, field, value, err)
		})
	}
	c := build(groups, lines, "groups", &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

var (
	errCompTreatment = fmt.Errorf("%w: a comprehensive group needs a treatment type", pv.ErrRequired)
	errCompProcs     = fmt.Errorf("%w: a comprehensive group has no procedures", pv.ErrMalformed)
	errCompCategory  = fmt.Errorf("%w: a comprehensive group's diagnosis is a 3-character category", pv.ErrMalformed)
	errZeroAvgCost   = fmt.Errorf("%w: the reference cost must be above 0", pv.ErrRange)
	errDupCode       = fmt.Errorf("%w: group_code already in the catalog", pv.ErrDuplicate)
	errDupKey        = fmt.Errorf("%w: another group has the same diagnosis and procedures", pv.ErrDuplicate)
	errDupCompKey    = fmt.Errorf("%w: another group has the same category and treatment", pv.ErrDuplicate)
)

// checkGroup validates one group's own fields and normalises its procedure set.
func checkGroup(g *Group, report func(field, value string, err error)) {
	if g.Code == "" {
		report("group_code", "", pv.ErrRequired)
	}
	if g.Diagnosis == "" {
		report("diagnosis", "", pv.ErrRequired)
	}
	switch g.Kind {
	case Core:
		g.Treatment = TreatmentUnset // a core key has no treatment type (DIP-1)
	case Comprehensive:
		if g.Treatment == TreatmentUnset || g.Treatment > Surgical {
			report("treatment", g.Treatment.String(), errCompTreatment)
		}
		if len(g.Procedures) > 0 {
			report("procedures", strings.Join(g.Procedures, "|"), errCompProcs)
		}
		if g.Diagnosis != "" && len(g.Diagnosis) != 3 {
			report("diagnosis", g.Diagnosis, errCompCategory)
		}
	default:
		report("kind", g.Kind.String(), kindEnum.Err())
	}
	switch {
	case g.Score < 0:
		report("score", g.Score.String(), pv.ErrNegative)
	case g.Score == 0:
		report("score", g.Score.String(), errZeroScore) // ERR-5: as a DRG weight of 0
	}
	if g.AvgCost <= 0 {
		report("avg_cost", g.AvgCost.String(), errZeroAvgCost)
	}
	if g.Factor < 0 {
		report("factor", g.Factor.String(), errNotPositive)
	}
	for l, k := range g.CoefByLevel {
		switch {
		case k < 0:
			report(coefColumns[l], k.String(), errNotPositive)
		case k > 0 && g.Primary:
			report(coefColumns[l], k.String(), errCoefPrimary)
		}
	}
	for l, m := range g.AvgCostByLevel {
		if m < 0 {
			report(levelColumns[l], m.String(), pv.ErrNegative)
		}
	}
	for _, p := range g.Procedures {
		if p == "" {
			report("procedures", strings.Join(g.Procedures, "|"), fmt.Errorf("%w: empty procedure code", pv.ErrMalformed))
			break
		}
	}
	slices.Sort(g.Procedures)
	g.Procedures = slices.Compact(g.Procedures)
}

var levelColumns = [param.NumLevels]string{"avg_cost_tertiary", "avg_cost_secondary", "avg_cost_primary"}

// coefColumns are the catalog's (and the weights table's) per-level coefficient columns (VAR-4).
var coefColumns = [param.NumLevels]string{"coef_tertiary", "coef_secondary", "coef_primary"}

var (
	errNotPositive = fmt.Errorf("%w: must be greater than 0", pv.ErrRange)
	errZeroScore   = fmt.Errorf("%w: a group's score must be greater than 0 (ERR-5)", pv.ErrRange)
	errCodeChars   = fmt.Errorf("%w: a code holds only A–Z 0–9 . + - (after NFKC and upper case, ERR-6)", pv.ErrMalformed)
	errCoefPrimary = fmt.Errorf("%w: a primary group takes primary_coefficient: no coef_<level> (VAR-4)", pv.ErrPolicy)
)

// build indexes checked groups; lines[i] is where group i came from, for errors.
func build(groups []Group, lines []int, source string, errs *pv.ErrorList) *Catalog {
	c := &Catalog{
		Groups: groups,
		byCode: make(map[string]int32, len(groups)),
		procID: make(map[string]int32),
		diag:   make(map[string]int32),
		comp:   make(map[compKey]int32),
	}
	for i := range groups {
		g := &groups[i]
		gi := int32(i)
		// Keys are compared normalised (ERR-6): NFKC and upper case.
		code, okCode := param.NormalizeCode(g.Code)
		diagnosis, okDiag := param.NormalizeCode(g.Diagnosis)
		switch {
		case !okCode:
			errs.Addf(source, lines[i], "group_code", g.Code, errCodeChars)
			continue
		case !okDiag:
			errs.Addf(source, lines[i], "diagnosis", g.Diagnosis, errCodeChars)
			continue
		}
		if code != "" {
			if _, dup := c.byCode[code]; dup {
				errs.Addf(source, lines[i], "group_code", g.Code, errDupCode)
			} else {
				c.byCode[code] = gi
			}
		}
		switch g.Kind {
		case Comprehensive:
			k := compKey{diagnosis, g.Treatment}
			if _, dup := c.comp[k]; dup {
				errs.Addf(source, lines[i], "treatment", g.Treatment.String(), errDupCompKey)
			} else {
				c.comp[k] = gi
			}
		case Core:
			di, ok := c.diag[diagnosis]
			if !ok {
				di = int32(len(c.diags))
				c.diag[diagnosis] = di
				c.diags = append(c.diags, diagEntry{conservative: NoGroup})
			}
			d := &c.diags[di]
			if len(g.Procedures) == 0 {
				if d.conservative != NoGroup {
					errs.Addf(source, lines[i], "procedures", "", errDupKey)
				} else {
					d.conservative = gi
				}
				continue
			}
			ids := make([]int32, len(g.Procedures))
			for j, p := range g.Procedures {
				key, valid := param.NormalizeCode(p)
				if !valid {
					errs.Addf(source, lines[i], "procedures", p, errCodeChars)
				}
				id, ok := c.procID[key]
				if !ok {
					id = int32(len(c.procID))
					c.procID[key] = id
				}
				ids[j] = id
			}
			slices.Sort(ids)
			dup := false
			for _, o := range d.cands {
				if slices.Equal(o.procs, ids) {
					dup = true
				}
			}
			if dup {
				errs.Addf(source, lines[i], "procedures", strings.Join(g.Procedures, "|"), errDupKey)
				continue
			}
			d.cands = append(d.cands, candidate{group: gi, procs: ids})
		}
	}
	// A13: among contained sets the highest score wins, equal scores the smaller code.
	for i := range c.diags {
		slices.SortFunc(c.diags[i].cands, func(a, b candidate) int {
			ga, gb := &groups[a.group], &groups[b.group]
			if ga.Score != gb.Score {
				if ga.Score > gb.Score {
					return -1
				}
				return 1
			}
			return strings.Compare(ga.Code, gb.Code)
		})
	}
	return c
}

// Lookup returns the index of the group with the given code.
func (c *Catalog) Lookup(code string) (int32, bool) {
	key, _ := param.NormalizeCode(code) // ERR-6
	i, ok := c.byCode[key]
	return i, ok
}

// Len is the number of groups.
func (c *Catalog) Len() int { return len(c.Groups) }
