package csvio

import (
	"errors"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/google/go-cmp/cmp"
)

// hospitalCols are the columns ReadHospitals knows ("!" = required).
var hospitalCols = []string{"hospital_id!", "name", "level!", "coefficient", "assessment"}

// caseCols are the columns CaseReader knows.
var caseCols = []string{"case_id!", "patient_id", "hospital_id!", "fund!", "method", "group", "diagnosis",
	"procedures", "treatment", "admit_date!", "discharge_date!", "total_cost!", "patient_share!",
	"bedday_category", "incomplete", "tcm_share", "severity", "special_points"}

// checkCols reads input as hospitals.csv, asks for cols, calls CheckColumns
// and returns what it answered, OK() and the errors.
func checkCols(input string, cols []string) (ignored []string, ok bool, errs []string) {
	var l pointvalue.ErrorList
	r := NewReader(strings.NewReader(input), "hospitals.csv", &l)
	for _, c := range cols {
		name, req := strings.CutSuffix(c, "!")
		r.Col(name, req)
	}
	ignored = r.CheckColumns()
	if again := r.CheckColumns(); !cmp.Equal(ignored, again) {
		panic("CheckColumns answers differently the second time")
	}
	ok = r.OK()
	if ok && r.Next() != strings.Contains(input, "\n1") {
		panic("records and OK disagree")
	}
	return ignored, ok, errStrings(&l)
}

func TestNearMiss(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		cols    []string
		ignored []string
		ok      bool
		errs    []string
	}{
		{"coefficent is coefficient misspelt", // 10 letters, one deleted from an 11-letter name: distance 1 ≤ 2
			"hospital_id,level,coefficent\n1,tertiary,1.2\n", hospitalCols, nil, false,
			[]string{"hospitals.csv:1: coefficent: : unknown column (did you mean coefficient?)"}},
		{"reported as written",
			"hospital_id,level,Coefficent\n1,tertiary,1.2\n", hospitalCols, nil, false,
			[]string{"hospitals.csv:1: Coefficent: : unknown column (did you mean coefficient?)"}},
		{"Assessment is assessment (case folded)",
			"hospital_id,level,Assessment\n1,tertiary,90\n", hospitalCols, nil, true, nil},
		{"header names trimmed and folded",
			" HOSPITAL_ID ,Level\t\n1,tertiary\n", hospitalCols, nil, true, nil},
		{"special_point is special_points misspelt", // 14 letters: distance 1
			"case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share,special_point\n",
			caseCols, nil, false,
			[]string{"hospitals.csv:1: special_point: : unknown column (did you mean special_points?)"}},
		{"tcm_shares is tcm_share misspelt", // 9 letters: distance 1 ≤ 1
			"case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share,tcm_shares\n",
			caseCols, nil, false,
			[]string{"hospitals.csv:1: tcm_shares: : unknown column (did you mean tcm_share?)"}},
		{"transposed letters are one edit", // lveel: v and e swapped; level is also missing
			"hospital_id,lveel\n1,tertiary\n", hospitalCols, nil, false,
			[]string{"hospitals.csv:1: level: : required column is missing",
				"hospitals.csv:1: lveel: : unknown column (did you mean level?)"}},
		{"two edits from a short name is no near miss", // nmea → name: insert a, delete a; name has 4 letters: ≤ 1
			"hospital_id,level,nmea\n1,tertiary,x\n", hospitalCols, []string{"nmea"}, true, nil},
		{"remark, note, date and 备注 are ignored, listed once", // note and date are 2 edits from the absent name
			"hospital_id,remark,level,note,date,备注,Remark\n1,x,tertiary,y,2025-01-01,z,w\n", hospitalCols,
			[]string{"remark", "note", "date", "备注"}, true, nil},
		{"a 3-letter name is never a near miss", // nam is 1 edit from name
			"hospital_id,level,nam\n1,tertiary,x\n", hospitalCols, []string{"nam"}, true, nil},
		{"a near miss of a present column is ignored",
			"hospital_id,level,coefficient,coefficent\n1,tertiary,1.2,1.3\n", hospitalCols, []string{"coefficent"}, true, nil},
		{"empty header names are not listed",
			"hospital_id,level,,\n1,tertiary,,\n", hospitalCols, nil, true, nil},
		{"a name folding onto an asked one is a duplicate",
			"hospital_id,level,Level\n1,tertiary,primary\n", hospitalCols, nil, false,
			[]string{"hospitals.csv:1: level: : duplicate key: column appears more than once in the header"}},
		{"a misspelling reported once",
			"hospital_id,level,coefficent,coefficent\n1,tertiary,1,2\n", hospitalCols, nil, false,
			[]string{"hospitals.csv:1: coefficent: : unknown column (did you mean coefficient?)"}},
		{"every near miss reported",
			"hospital_id,level,coefficent,asessment\n1,tertiary,1,2\n", hospitalCols, nil, false,
			[]string{"hospitals.csv:1: coefficent: : unknown column (did you mean coefficient?)",
				"hospitals.csv:1: asessment: : unknown column (did you mean assessment?)"}},
		{"more than two edits from a long name is no near miss", // cofcent: 4 letters dropped from coefficient
			"hospital_id,level,cofcent\n1,tertiary,1\n", hospitalCols, []string{"cofcent"}, true, nil},
		{"two edits from a long name is a near miss",
			"hospital_id,level,coeficent\n1,tertiary,1\n", hospitalCols, nil, false,
			[]string{"hospitals.csv:1: coeficent: : unknown column (did you mean coefficient?)"}},
		{"two edits from a 10-letter name is a near miss", // asesment: 2 letters dropped from assessment
			"hospital_id,level,asesment\n1,tertiary,1\n", hospitalCols, nil, false,
			[]string{"hospitals.csv:1: asesment: : unknown column (did you mean assessment?)"}},
		{"two edits from a 9-letter name is no near miss", // tcm_shr: 2 letters dropped from tcm_share
			"case_id,hospital_id,fund,admit_date,discharge_date,total_cost,patient_share,tcm_shr\n",
			caseCols, []string{"tcm_shr"}, true, nil},
		{"a CJK near miss counts runes", // 医院编号 vs 医院编码: 4 runes, 1 substitution
			"医院编码,level\n1,tertiary\n", []string{"医院编号", "level!"}, nil, false,
			[]string{"hospitals.csv:1: 医院编码: : unknown column (did you mean 医院编号?)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ignored, ok, errs := checkCols(tt.input, tt.cols)
			eq(t, tt.ignored, ignored, "ignored")
			eq(t, tt.ok, ok, "OK")
			eq(t, tt.errs, errs, "errors")
		})
	}
}

func TestNearMissError(t *testing.T) {
	var l pointvalue.ErrorList
	r := NewReader(strings.NewReader("hospital_id,level,coefficent\n1,tertiary,1.2\n"), "hospitals.csv", &l)
	r.Col("hospital_id", true)
	r.Col("level", true)
	c := r.Col("coefficient", false)
	eq(t, true, r.OK(), "OK before CheckColumns")
	eq(t, false, c.Present())
	r.CheckColumns()
	eq(t, false, r.OK())
	eq(t, false, r.Next(), "no record is read after a near miss")
	e := l.Errors[0]
	eq(t, true, errors.Is(e, pointvalue.ErrUnknownColumn))
	eq(t, []any{"hospitals.csv", 1, "coefficent", ""}, []any{e.Source, e.Line, e.Field, e.Value})
}

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"coefficent", "coefficient", 1}, // one insertion
		{"coeficent", "coefficient", 2},
		{"level", "lveel", 1},    // one transposition
		{"ca", "abc", 3},         // OSA: 3 (true Damerau–Levenshtein would say 2)
		{"note", "name", 2},      // two substitutions
		{"kitten", "sitting", 3}, // the textbook case
		{"备注", "备註", 1},          // runes, not bytes
		{"tcm_shares", "tcm_share", 1},
	}
	for _, tt := range tests {
		eq(t, tt.d, osa([]rune(tt.a), []rune(tt.b)), tt.a, " → ", tt.b)
		eq(t, tt.d, osa([]rune(tt.b), []rune(tt.a)), tt.b, " → ", tt.a)
	}
}

func TestColAlias(t *testing.T) {
	read := func(input string) (Col, Col, []string, []string, bool) {
		var l pointvalue.ErrorList
		r := NewReader(strings.NewReader(input), "cases.csv", &l)
		r.Col("case_id", true)
		los := r.ColAlias("los", true, "act_ipt_days")
		gender := r.ColAlias("gender", false, "gend", "sex")
		r.ColAlias("birth_date", false, "brdy")
		ignored := r.CheckColumns()
		var cells []string
		for r.Next() {
			cells = append(cells, r.Raw(los), r.Raw(gender))
		}
		return los, gender, cells, append(ignored, errStrings(&l)...), r.OK()
	}
	t.Run("read under the alias", func(t *testing.T) {
		los, gender, cells, errs, ok := read("case_id,ACT_IPT_DAYS,gend,brdy,remark\nC1,5,1,1970-01-01,x\n")
		eq(t, Col{Name: "act_ipt_days", Index: 1, Required: true}, los)
		eq(t, Col{Name: "gend", Index: 2}, gender)
		eq(t, []string{"5", "1"}, cells)
		eq(t, []string{"remark"}, errs, "only remark is unknown")
		eq(t, true, ok)
	})
	t.Run("read under the name", func(t *testing.T) {
		los, _, cells, errs, ok := read("case_id,los\nC1,5\n")
		eq(t, Col{Name: "los", Index: 1, Required: true}, los)
		eq(t, []string{"5", ""}, cells)
		eq(t, []string(nil), errs)
		eq(t, true, ok)
	})
	t.Run("both present", func(t *testing.T) {
		_, _, cells, errs, ok := read("case_id,act_ipt_days,gender,los,sex\nC1,5,1,5,1\n")
		eq(t, []string(nil), cells)
		eq(t, []string{
			"cases.csv:1: los: : duplicate key: act_ipt_days and los are the same column",
			"cases.csv:1: gender: : duplicate key: gender and sex are the same column",
		}, errs)
		eq(t, false, ok)
	})
	t.Run("missing under every name", func(t *testing.T) {
		_, _, _, errs, ok := read("case_id\nC1\n")
		eq(t, []string{"cases.csv:1: los: : required column is missing"}, errs)
		eq(t, false, ok)
	})
	t.Run("a near miss of an alias", func(t *testing.T) { // 11 letters, 1 dropped from a 12-letter alias
		_, _, _, errs, ok := read("case_id,act_ipt_day\nC1,5\n")
		eq(t, []string{
			"cases.csv:1: los: : required column is missing",
			"cases.csv:1: act_ipt_day: : unknown column (did you mean act_ipt_days?)",
		}, errs)
		eq(t, false, ok)
	})
}
