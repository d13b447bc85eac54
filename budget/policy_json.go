package budget

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// maxPolicyBytes bounds what ReadPolicy reads (ERR-4: no unbounded allocation).
const maxPolicyBytes = 16 << 20

// ReadPolicy reads a policy.json (FORMATS.md) and validates it. Fields left out take
// the defaults of SETTLEMENT.md; amounts and ratios are decimal strings or JSON
// numbers, parsed exactly (never through float64); counts and scales are JSON
// integers. Unknown fields are errors: a misspelt parameter would otherwise settle
// silently with its default.
//
// Every problem is reported, not only the first: the error is a
// *pointvalue.ErrorList of *pointvalue.RecordError{Source: base name of source,
// Line: 0, Field: JSON path such as "funds.employee.pools.ratios"}, each cause
// matching pointvalue.ErrPolicy and, where one applies, the specific sentinel
// (ErrPrecision, ErrRange, ErrRequired…).
func ReadPolicy(r io.Reader, source string) (*Policy, error) {
	src := filepath.Base(source)
	var parseErrs pointvalue.ErrorList
	p := DefaultPolicy("", 0, "")
	data, err := io.ReadAll(io.LimitReader(r, maxPolicyBytes+1))
	if err != nil {
		parseErrs.Addf(src, 0, "", "", policyErr(pointvalue.ErrMalformed, err.Error()))
		return nil, &parseErrs
	}
	if len(data) > maxPolicyBytes {
		parseErrs.Addf(src, 0, "", "", policyErr(pointvalue.ErrMalformed, "policy larger than 16 MiB"))
		return nil, &parseErrs
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		parseErrs.Addf(src, 0, "", "", policyErr(pointvalue.ErrMalformed, "invalid JSON: "+jsonErrText(err)))
		return nil, &parseErrs
	}
	if _, err := dec.Token(); err != io.EOF {
		parseErrs.Addf(src, 0, "", "", policyErr(pointvalue.ErrMalformed, "invalid JSON: data after the policy object"))
		return nil, &parseErrs
	}
	jr := &jsonReader{src: src, errs: &parseErrs}
	root := jr.object("", doc)
	if root == nil {
		return nil, &parseErrs
	}
	jr.policy(root, p)

	// Validate what parsed; a check on a path whose parse failed would only repeat it.
	var valErrs pointvalue.ErrorList
	p.validate(&checker{src: src, errs: &valErrs})
	all := parseErrs
	for _, e := range valErrs.Errors {
		if !coveredBy(e.Field, parseErrs.Errors) {
			all.Add(e)
		}
	}
	if err := all.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// coveredBy reports whether a validation error at path is about a value whose
// parsing already failed (the same path, a parent or a child of it).
func coveredBy(path string, parsed []*pointvalue.RecordError) bool {
	for _, e := range parsed {
		f := e.Field
		if f == path || strings.HasPrefix(path, f+".") || strings.HasPrefix(path, f+"[") ||
			strings.HasPrefix(f, path+".") || strings.HasPrefix(f, path+"[") {
			return true
		}
	}
	return false
}

func jsonErrText(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Error() + " at byte " + strconv.FormatInt(se.Offset, 10)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of input"
	}
	return err.Error()
}

// jsonReader walks the decoded document, reporting every problem with its path.
type jsonReader struct {
	src  string
	errs *pointvalue.ErrorList
}

func (jr *jsonReader) add(path, value string, cause error, detail string) {
	jr.errs.Add(&pointvalue.RecordError{Source: jr.src, Field: path, Value: value, Err: policyErr(cause, detail)})
}

// obj is one JSON object being read: fields are taken by name and whatever is left
// at done is reported as unknown.
type obj struct {
	jr   *jsonReader
	path string
	m    map[string]any
	used map[string]bool
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// valueText is how a JSON value is shown in an error: strings without quotes,
// numbers as written, composites as compact JSON cut to 60 bytes.
func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	s := string(b)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// object returns v as an object at path, or nil (reported) when it is not one.
func (jr *jsonReader) object(path string, v any) *obj {
	m, ok := v.(map[string]any)
	if !ok {
		jr.add(path, valueText(v), pointvalue.ErrSyntax, "expected a JSON object")
		return nil
	}
	return &obj{jr: jr, path: path, m: m, used: make(map[string]bool, len(m))}
}

// get returns the field's value and whether it is present and not null.
func (o *obj) get(key string) (any, bool) {
	o.used[key] = true
	v, ok := o.m[key]
	return v, ok && v != nil
}

// done reports the fields nobody asked for.
func (o *obj) done() {
	for _, k := range sortedKeys(o.m) {
		if !o.used[k] {
			o.jr.add(join(o.path, k), valueText(o.m[k]), pointvalue.ErrPolicy, "unknown field")
		}
	}
}

// sub returns the field as an object, nil when absent, null or not an object.
func (o *obj) sub(key string) *obj {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	return o.jr.object(join(o.path, key), v)
}

// array returns the field as an array; ok false when absent, null or not an array.
func (o *obj) array(key string) ([]any, bool) {
	v, ok := o.get(key)
	if !ok {
		return nil, false
	}
	a, isArr := v.([]any)
	if !isArr {
		o.jr.add(join(o.path, key), valueText(v), pointvalue.ErrSyntax, "expected a JSON array")
		return nil, false
	}
	return a, true
}

// decimalText returns the text of a decimal given as a JSON number or string.
func (jr *jsonReader) decimalText(path string, v any) (string, bool) {
	switch x := v.(type) {
	case json.Number:
		return string(x), true
	case string:
		return x, true
	}
	jr.add(path, valueText(v), pointvalue.ErrSyntax, "expected a decimal number or string")
	return "", false
}

// parseAt parses v at path with parse, reporting the parse sentinel.
func parseAt[T any](jr *jsonReader, path string, v any, parse func(string) (T, error)) (T, bool) {
	var zero T
	s, ok := jr.decimalText(path, v)
	if !ok {
		return zero, false
	}
	x, err := parse(s)
	if err != nil {
		jr.add(path, s, err, "")
		return zero, false
	}
	return x, true
}

// field parses an optional field into dst; it reports whether it was set.
func field[T any](o *obj, key string, dst *T, parse func(string) (T, error)) bool {
	v, ok := o.get(key)
	if !ok {
		return false
	}
	x, ok := parseAt(o.jr, join(o.path, key), v, parse)
	if ok {
		*dst = x
	}
	return ok
}

func parseMoney(s string) (pointvalue.Money, error)   { return pointvalue.ParseMoney(s) }
func parseFactor(s string) (pointvalue.Factor, error) { return pointvalue.ParseFactor(s) }
func parsePV(s string) (pointvalue.PointValue, error) { return pointvalue.ParsePointValue(s) }
func parsePoints8(s string) (pointvalue.Points, error) {
	return pointvalue.ParsePoints(s, pointvalue.MaxScale)
}

func (o *obj) money(key string, dst *pointvalue.Money) bool   { return field(o, key, dst, parseMoney) }
func (o *obj) factor(key string, dst *pointvalue.Factor) bool { return field(o, key, dst, parseFactor) }
func (o *obj) pv(key string, dst *pointvalue.PointValue) bool { return field(o, key, dst, parsePV) }

// integer reads a JSON integer (counts and scales); strings and fractions are errors.
func (jr *jsonReader) integer(path string, v any) (int, bool) {
	n, isNum := v.(json.Number)
	if !isNum {
		jr.add(path, valueText(v), pointvalue.ErrSyntax, "expected a JSON integer")
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, 32)
	if err != nil {
		cause := pointvalue.ErrSyntax
		if errors.Is(err, strconv.ErrRange) {
			cause = pointvalue.ErrRange
		}
		jr.add(path, string(n), cause, "expected a JSON integer")
		return 0, false
	}
	return int(i), true
}

func (o *obj) integer(key string, dst *int) bool {
	v, ok := o.get(key)
	if !ok {
		return false
	}
	i, ok := o.jr.integer(join(o.path, key), v)
	if ok {
		*dst = i
	}
	return ok
}

func (o *obj) str(key string, dst *string) bool {
	v, ok := o.get(key)
	if !ok {
		return false
	}
	s, isStr := v.(string)
	if !isStr {
		o.jr.add(join(o.path, key), valueText(v), pointvalue.ErrSyntax, "expected a JSON string")
		return false
	}
	*dst = s
	return true
}

func (o *obj) boolean(key string, dst *bool) bool {
	v, ok := o.get(key)
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		o.jr.add(join(o.path, key), valueText(v), pointvalue.ErrBool, "expected true or false")
		return false
	}
	*dst = b
	return true
}

// enum reads a string field that must be one of names; *dst gets its index.
func enumField[T ~uint8](o *obj, key string, dst *T, names []string) bool {
	var s string
	if !o.str(key, &s) {
		return false
	}
	for i, n := range names {
		if s == n {
			*dst = T(i)
			return true
		}
	}
	o.jr.add(join(o.path, key), s, pointvalue.ErrEnum, "must be one of "+strings.Join(names, ", "))
	return false
}

func (jr *jsonReader) policy(o *obj, p *Policy) {
	if !o.str("region", &p.Region) {
		if _, present := o.m["region"]; !present || o.m["region"] == nil {
			jr.add("region", "", pointvalue.ErrRequired, "")
		}
	}
	if !o.integer("year", &p.Year) {
		if v := o.m["year"]; v == nil {
			jr.add("year", "", pointvalue.ErrRequired, "")
		}
	}
	if !o.str("version", &p.Version) {
		if v := o.m["version"]; v == nil {
			jr.add("version", "", pointvalue.ErrRequired, "")
		}
	}
	var im Method
	if enumField(o, "inpatient_method", &im, []string{"drg", "dip"}) {
		p.InpatientMethod = im
	}
	o.integer("point_scale", &p.PointScale)
	o.integer("point_value_scale", &p.PointValueScale)
	enumField(o, "rounding", &p.Rounding, []string{"half-up", "half-even"})
	var dist uint8
	if enumField(o, "distribution", &dist, []string{"point-value", "exact-share"}) {
		p.ExactShare = dist == 1
	}
	if f := o.sub("funds"); f != nil {
		seen := [NumFunds]string{}
		for _, k := range sortedKeys(f.m) {
			f.used[k] = true
			fund, err := ParseFund(k)
			path := "funds." + k
			if err != nil {
				jr.add(path, k, pointvalue.ErrEnum, "a fund is employee (职工) or resident (居民)")
				continue
			}
			if seen[fund] != "" {
				jr.add(path, k, pointvalue.ErrDuplicate, "fund "+fund.String()+" given twice (as "+seen[fund]+")")
				continue
			}
			seen[fund] = k
			v := f.m[k]
			if v == nil {
				continue
			}
			fo := jr.object(path, v)
			if fo == nil || len(fo.m) == 0 {
				continue // {}: the fund is not settled
			}
			fo.path = "funds." + fund.String()
			p.Funds[fund] = jr.fund(fo)
		}
	}
	if d := o.sub("drg"); d != nil {
		jr.drg(d, &p.DRG)
	}
	if d := o.sub("dip"); d != nil {
		jr.dip(d, &p.DIP)
	}
	if b := o.sub("bedday"); b != nil {
		jr.bedday(b, &p.BedDay)
	}
	if c := o.sub("capita"); c != nil {
		c.money("standard", &p.Capita.Standard)
		p.Capita.HasStandard = c.m["standard"] != nil
		c.factor("risk_ratio", &p.Capita.RiskRatio)
		c.factor("serious_illness_ratio", &p.Capita.SeriousIllnessRatio)
		if w := c.sub("age_weights"); w != nil {
			p.Capita.AgeWeights = jr.factorMap(w)
		}
		c.done()
	}
	if c := o.sub("corridor"); c != nil {
		enumField(c, "rule", &p.Corridor.Rule, corridorNames[:])
		c.factor("surplus_keep", &p.Corridor.SurplusKeep)
		c.factor("over_band", &p.Corridor.OverBand)
		c.factor("over_share", &p.Corridor.OverShare)
		c.factor("low_use_ratio", &p.Corridor.LowUseRatio)
		c.done()
	}
	if a := o.sub("advances"); a != nil {
		a.factor("advance_ratio", &p.Advances.AdvanceRatio)
		a.factor("deposit_ratio", &p.Advances.DepositRatio)
		enumField(a, "assessment_rule", &p.Advances.AssessmentRule, assessmentNames[:])
		a.done()
	}
	o.done()
}

// required reports a missing field of a rule that needs it.
func (o *obj) required(key, why string) {
	if o.m[key] == nil {
		o.jr.add(join(o.path, key), "", pointvalue.ErrRequired, why)
	}
}

func (jr *jsonReader) fund(o *obj) *FundPolicy {
	fp := DefaultFundPolicy(0)
	if b := o.sub("budget"); b != nil {
		bm := &fp.Budget
		if enumField(b, "method", &bm.Method, budgetMethodNames[:]) {
			need := func(key string) { b.required(key, "budget method "+bm.Method.String()+" needs it") }
			switch bm.Method {
			case BudgetGiven:
				need("amount")
			case BudgetGrowth:
				need("prior_expenditure")
				need("growth_rate")
			case BudgetRevenue:
				need("expected_revenue")
			case BudgetMin:
				need("prior_expenditure")
				need("growth_rate")
				need("expected_revenue")
			}
		} else if b.m["method"] == nil {
			b.required("method", "")
		}
		b.money("amount", &bm.Amount)
		b.money("prior_expenditure", &bm.PriorExpenditure)
		b.factor("growth_rate", &bm.GrowthRate)
		b.money("expected_revenue", &bm.ExpectedRevenue)
		b.factor("surplus_ratio", &bm.SurplusRatio)
		b.done()
	} else if o.m["budget"] == nil {
		o.required("budget", "a settled fund needs a budget")
	}
	if a, ok := o.array("carveouts"); ok {
		for i, v := range a {
			path := o.path + ".carveouts[" + strconv.Itoa(i) + "]"
			co := jr.object(path, v)
			if co == nil {
				continue
			}
			var c Carveout
			co.str("name", &c.Name)
			hasAmount := co.money("amount", &c.Amount)
			hasRatio := co.factor("ratio", &c.Ratio)
			c.IsRatio = co.m["ratio"] != nil
			if (co.m["amount"] != nil) == c.IsRatio {
				jr.add(path, valueText(v), pointvalue.ErrPolicy, "a carve-out has exactly one of amount and ratio")
			} else if hasAmount || hasRatio {
				fp.Carveouts = append(fp.Carveouts, c)
			}
			co.done()
		}
	}
	o.factor("reserve_ratio", &fp.ReserveRatio)
	if ps := o.sub("pools"); ps != nil {
		jr.pools(ps, &fp.Pools)
	}
	if pv := o.sub("point_value"); pv != nil {
		jr.pointValue(pv, &fp.PointValue)
	}
	if o.money("region_avg_cost", &fp.RegionAvgCost) && fp.RegionAvgCost <= 0 {
		jr.add(o.path+".region_avg_cost", fp.RegionAvgCost.String(), pointvalue.ErrRange, "must be greater than 0")
		fp.RegionAvgCost = 0
	}
	o.done()
	return fp
}

func (jr *jsonReader) pools(o *obj, ps *PoolSplit) {
	var given []string
	for i, kind := range poolKindNames[1:] {
		o.used[kind] = true // a null split is the same as none
		if o.m[kind] != nil {
			given = append(given, kind)
			if ps.Kind == PoolsAll {
				ps.Kind = PoolKind(i + 1)
			}
		}
	}
	if len(given) > 1 {
		jr.add(o.path, strings.Join(given, "|"), pointvalue.ErrPolicy, "exactly one of ratios, amounts and prior_spending")
	}
	if ps.Kind != PoolsAll {
		if m := o.sub(ps.Kind.String()); m != nil {
			for _, k := range sortedKeys(m.m) {
				m.used[k] = true
				path := m.path + "." + k
				meth, err := ParseMethod(k)
				if err != nil {
					jr.add(path, k, pointvalue.ErrEnum, "a pool is drg, dip, bedday or capita")
					continue
				}
				var ok bool
				if ps.Kind == PoolsRatios {
					ps.Ratios[meth], ok = parseAt(jr, path, m.m[k], parseFactor)
				} else {
					ps.Amounts[meth], ok = parseAt(jr, path, m.m[k], parseMoney)
				}
				ps.Named[meth] = ps.Named[meth] || ok
			}
			if len(m.m) == 0 {
				jr.add(m.path, "{}", pointvalue.ErrRequired, "names no method")
			}
		} else {
			ps.Kind = PoolsAll
		}
	}
	o.done()
}

func (jr *jsonReader) pointValue(o *obj, pv *PointValuePolicy) {
	if enumField(o, "formula", &pv.Formula, formulaNames[:]) {
		pv.FormulaGiven = true
	}
	pv.HasReimbursementRatio = o.factor("reimbursement_ratio", &pv.ReimbursementRatio)
	pv.HasFixedRate = o.pv("fixed_rate", &pv.FixedRate)
	if v, ok := o.get("budget_point_value"); ok {
		path := o.path + ".budget_point_value"
		if m, isObj := v.(map[string]any); isObj {
			jr.budgetYears(&obj{jr: jr, path: path, m: m, used: map[string]bool{}}, pv)
		} else if x, ok := parseAt(jr, path, v, parsePV); ok {
			pv.BudgetPointValue, pv.HasBudgetPointValue = x, true
		}
	}
	pv.HasBandDown = o.factor("band_down", &pv.BandDown)
	pv.HasBandUp = o.factor("band_up", &pv.BandUp)
	o.done()
}

// budgetYears reads PV-3's {"years": [...], "weights": [...]}.
func (jr *jsonReader) budgetYears(o *obj, pv *PointValuePolicy) {
	years, ok := o.array("years")
	if !ok {
		o.required("years", "")
	} else if len(years) == 0 {
		jr.add(o.path+".years", "[]", pointvalue.ErrRequired, "at least one year")
	}
	for i, v := range years {
		yo := jr.object(o.path+".years["+strconv.Itoa(i)+"]", v)
		if yo == nil {
			continue
		}
		var y YearTotals
		yo.required("total_cost", "")
		yo.required("total_points", "")
		yo.money("total_cost", &y.TotalCost)
		field(yo, "total_points", &y.TotalPoints, parsePoints8)
		y.HasPatientShare = yo.money("patient_share", &y.PatientShare)
		yo.done()
		pv.BudgetYears = append(pv.BudgetYears, y)
	}
	if ws, ok := o.array("weights"); ok {
		pv.Weights = make([]pointvalue.Factor, len(ws))
		for i, v := range ws {
			pv.Weights[i], _ = parseAt(jr, o.path+".weights["+strconv.Itoa(i)+"]", v, parseFactor)
		}
	} else if len(years) == len(DefaultYearWeights) {
		pv.Weights = append([]pointvalue.Factor(nil), DefaultYearWeights...)
	} else if len(years) > 0 {
		jr.add(o.path+".weights", "", pointvalue.ErrRequired, "default weights are for three years; give one per year")
	}
	o.done()
}

func (jr *jsonReader) factorMap(o *obj) map[string]pointvalue.Factor {
	out := make(map[string]pointvalue.Factor, len(o.m))
	for _, k := range sortedKeys(o.m) {
		o.used[k] = true
		if f, ok := parseAt(jr, o.path+"."+k, o.m[k], parseFactor); ok {
			out[k] = f
		}
	}
	return out
}

func (jr *jsonReader) drg(o *obj, d *DRGPolicy) {
	if a, ok := o.array("high_thresholds"); ok {
		d.HighThresholds = nil
		for i, v := range a {
			path := o.path + ".high_thresholds[" + strconv.Itoa(i) + "]"
			pair, isArr := v.([]any)
			if !isArr || len(pair) != 2 {
				jr.add(path, valueText(v), pointvalue.ErrSyntax, "expected [upto, T]")
				continue
			}
			var t Threshold
			ok1, ok2 := true, true
			if pair[0] == nil {
				t.Unbounded = true
			} else {
				t.UpTo, ok1 = parseAt(jr, path, pair[0], parsePoints8)
			}
			t.T, ok2 = parseAt(jr, path+".T", pair[1], parseFactor)
			if ok1 && ok2 {
				d.HighThresholds = append(d.HighThresholds, t)
			}
		}
	}
	o.factor("low_ratio", &d.LowRatio)
	enumField(o, "readmit_rule", &d.ReadmitRule, readmitNames[:])
	o.integer("readmit_days", &d.ReadmitDays)
	o.factor("readmit_factor", &d.ReadmitFactor)
	o.factor("special_max_share", &d.SpecialMaxShare)
	enumField(o, "special_scope", &d.SpecialScope, scopeNames[:])
	o.done()
}

func (jr *jsonReader) dip(o *obj, d *DIPPolicy) {
	o.integer("score_scale", &d.ScoreScale)
	enumField(o, "high_rule", &d.HighRule, highRuleNames[:])
	o.factor("high_ratio", &d.HighRatio)
	o.factor("low_ratio", &d.LowRatio)
	o.boolean("inclusive", &d.Inclusive)
	o.factor("extreme_ratio", &d.ExtremeRatio)
	if lc := o.sub("level_coefficients"); lc != nil {
		for _, k := range sortedKeys(lc.m) {
			lc.used[k] = true
			l, err := ParseLevel(k)
			if err != nil {
				jr.add(lc.path+"."+k, k, pointvalue.ErrEnum, "a level is tertiary, secondary or primary")
				continue
			}
			if f, ok := parseAt(jr, lc.path+"."+k, lc.m[k], parseFactor); ok {
				d.LevelCoefficients[l] = f
			}
		}
	}
	o.factor("primary_coefficient", &d.PrimaryCoefficient)
	o.factor("tcm_bonus", &d.TCMBonus)
	o.factor("tcm_share_min", &d.TCMShareMin)
	if sc := o.sub("severity_coefficients"); sc != nil {
		d.SeverityCoefficients = jr.factorMap(sc)
	}
	enumField(o, "readmit_rule", &d.ReadmitRule, readmitNames[:])
	o.integer("readmit_days", &d.ReadmitDays)
	o.factor("readmit_factor", &d.ReadmitFactor)
	o.factor("special_max_share", &d.SpecialMaxShare)
	enumField(o, "special_scope", &d.SpecialScope, scopeNames[:])
	o.factor("ungrouped_factor", &d.UngroupedFactor)
	o.done()
}

func (jr *jsonReader) bedday(o *obj, b *BedDayPolicy) {
	if rs := o.sub("rates"); rs != nil {
		b.Rates = make(map[string]BedDayRates, len(rs.m))
		for _, cat := range sortedKeys(rs.m) {
			rs.used[cat] = true
			co := jr.object(rs.path+"."+cat, rs.m[cat])
			if co == nil {
				continue
			}
			var r BedDayRates
			for _, k := range sortedKeys(co.m) {
				co.used[k] = true
				path := co.path + "." + k
				l, err := ParseLevel(k)
				if err != nil {
					jr.add(path, k, pointvalue.ErrEnum, "a level is tertiary, secondary or primary")
					continue
				}
				if co.m[k] == nil {
					continue // null: no rate at this level
				}
				if m, ok := parseAt(jr, path, co.m[k], parseMoney); ok {
					r.Rate[l], r.Has[l] = m, true
				}
			}
			b.Rates[cat] = r
		}
	}
	if a, ok := o.array("segments"); ok {
		b.Segments = nil
		for i, v := range a {
			path := o.path + ".segments[" + strconv.Itoa(i) + "]"
			pair, isArr := v.([]any)
			if !isArr || len(pair) != 2 {
				jr.add(path, valueText(v), pointvalue.ErrSyntax, "expected [upto_day, factor]")
				continue
			}
			var s Segment
			ok1, ok2 := true, true
			if pair[0] == nil {
				s.Unbounded = true
			} else {
				s.UpTo, ok1 = jr.integer(path, pair[0])
			}
			s.Factor, ok2 = parseAt(jr, path+".factor", pair[1], parseFactor)
			if ok1 && ok2 {
				b.Segments = append(b.Segments, s)
			}
		}
	}
	b.HasMaxDays = o.integer("max_days", &b.MaxDays)
	enumField(o, "pool", &b.Pool, bedDayPoolNames[:])
	b.HasBudgetPointValue = o.pv("budget_point_value", &b.BudgetPointValue)
	o.done()
}
