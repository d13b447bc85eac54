package dip

import (
	"errors"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/param"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	pv "github.com/dipdrg/dipdrg/pointvalue"
)

func TestReadCatalog(t *testing.T) {
	cat := readTestCatalog(t)
	require.Equal(t, 10, cat.Len())
	i, ok := cat.Lookup("K35.8")
	require.True(t, ok)
	require.Empty(t, cmp.Diff(Group{Code: "K35.8", Kind: Core, Diagnosis: "K35.8", Score: pts("300"),
		AvgCost: money("3000"), AvgCostByLevel: [param.NumLevels]pv.Money{money("3300"), 0, money("2800")}, Primary: true},
		cat.Groups[i]))
	// Procedures are sorted: "54.5100|47.0901" → [47.0901 54.5100].
	i, _ = cat.Lookup("K35.8+47.0901+54.5100")
	require.Equal(t, []string{"47.0901", "54.5100"}, cat.Groups[i].Procedures)
	require.Equal(t, [param.NumLevels]pv.Money{money("12000"), money("9000"), 0}, cat.Groups[i].AvgCostByLevel)
	// Chinese words: 综合病种 / 保守治疗.
	i, _ = cat.Lookup("K35-conservative")
	require.Equal(t, Comprehensive, cat.Groups[i].Kind)
	require.Equal(t, Conservative, cat.Groups[i].Treatment)
	i, _ = cat.Lookup("K80.1")
	require.Equal(t, pts("420.5"), cat.Groups[i].Score)
	_, ok = cat.Lookup("K35-therapeutic")
	require.False(t, ok)
}

func TestReadCatalogErrors(t *testing.T) {
	const in = `group_code,kind,diagnosis,procedures,treatment,score,avg_cost,avg_cost_tertiary,primary
G1,core,K35.8,,,100,1000.00,,0
G1,core,K35.9,,,100,1000.00,,0
G2,other,K35.9,,,100,1000.00,,0
G3,core,K35.9,,,100.12345,1000,,
G4,core,K35.9,,,100,1000.001,,
G5,comprehensive,K35,,,100,1000,,
G6,core,,,,100,1000,,
G7,core,K36.0,,,100,0,,
G8,core,K36.1,,,-5,1000,-1,2
G9,comprehensive,K35.1,,surgical,1,1,,
G10,core,K35.8,,,1,1,,
G11,comprehensive,K35,,手术,1,1,,
G12,comprehensive,K35,,interventional,1,1,,
G13,core
,core,K37.0,,,1,1,,
G14,comprehensive,K38,1.01,surgical,1,1,,
G15,core,K38.0,1.01|1.01,,x,1,,
G16,core,K38.0,1.01,,1,1,,
`
	_, err := ReadCatalog(strings.NewReader(in), "data/catalog.csv", 4)
	var list *pv.ErrorList
	require.True(t, errors.As(err, &list))
	type e struct {
		line         int
		field, value string
		err          error
	}
	want := []e{
		{4, "kind", "other", pv.ErrEnum},
		{5, "score", "100.12345", pv.ErrPrecision}, // scale 4
		{6, "avg_cost", "1000.001", pv.ErrPrecision},
		{7, "treatment", "", pv.ErrRequired},
		{8, "diagnosis", "", pv.ErrRequired},
		{9, "avg_cost", "0", pv.ErrRange},
		{10, "score", "-5", pv.ErrNegative},
		{10, "avg_cost_tertiary", "-1", pv.ErrNegative},
		{10, "primary", "2", pv.ErrBool},
		{11, "diagnosis", "K35.1", pv.ErrMalformed},
		{15, "", "", pv.ErrMalformed}, // 2 fields, the header has 9
		{16, "group_code", "", pv.ErrRequired},
		{17, "procedures", "1.01", pv.ErrMalformed},
		{18, "score", "x", pv.ErrSyntax},
		// Duplicates come from the indexing pass, after every record was read.
		{3, "group_code", "G1", pv.ErrDuplicate},
		{12, "procedures", "", pv.ErrDuplicate},        // second conservative K35.8
		{14, "treatment", "surgical", pv.ErrDuplicate}, // interventional = surgical, as 手术 on line 13
		// Line 19 (K38.0 {1.01}) is no duplicate: line 18, with the same key, was rejected.
	}
	got := make([]e, len(list.Errors))
	for i, r := range list.Errors {
		require.Equal(t, "catalog.csv", r.Source)
		got[i] = e{r.Line, r.Field, r.Value, nil}
		if i < len(want) {
			require.ErrorIs(t, r, want[i].err, "error %d: %v", i, r)
		}
	}
	for i := range want {
		want[i].err = nil
	}
	require.Empty(t, cmp.Diff(want, got, cmp.AllowUnexported(e{})))
	require.Contains(t, err.Error(), "catalog.csv:4: kind: other: not one of the allowed values")
}

func TestReadCatalogMissingColumns(t *testing.T) {
	_, err := ReadCatalog(strings.NewReader("group_code,kind,diagnosis,score\nG1,core,K35.8,1\n"), "c.csv", 4)
	require.ErrorIs(t, err, pv.ErrMissingColumn)
	require.Equal(t, "c.csv:1: avg_cost: : required column is missing", err.Error())

	_, err = ReadCatalog(strings.NewReader(""), "c.csv", 4)
	require.ErrorIs(t, err, pv.ErrMalformed)

	_, err = ReadCatalog(strings.NewReader("group_code,kind,diagnosis,score,avg_cost\n"), "c.csv", 9)
	require.ErrorIs(t, err, pv.ErrInvalidArgument)
}

func TestReadCatalogEmpty(t *testing.T) {
	// A header alone is an empty catalog: no group, nothing grouped.
	c, err := ReadCatalog(strings.NewReader("group_code,kind,diagnosis,score,avg_cost\n"), "c.csv", 4)
	require.NoError(t, err)
	require.Equal(t, 0, c.Len())
	require.Equal(t, NoGroup, c.Group("K35.8", nil, Conservative))
}

func TestNewCatalogErrors(t *testing.T) {
	_, err := NewCatalog([]Group{
		{Code: "A", Kind: Core, Diagnosis: "A01.0", Score: 1, AvgCost: 1},
		{Code: "A", Kind: Core, Diagnosis: "A01.1", Score: 1, AvgCost: 1},
		{Code: "B", Kind: Comprehensive, Diagnosis: "A01", Score: 1, AvgCost: 1, Procedures: []string{"x"}, Treatment: Surgical},
		{Code: "C", Kind: Core, Diagnosis: "A01.2", Score: 1, AvgCost: 1, Procedures: []string{""}},
		{Code: "D", Kind: 5, Diagnosis: "A01.3", Score: 1, AvgCost: 1},
	})
	var list *pv.ErrorList
	require.True(t, errors.As(err, &list))
	var got []string
	for _, e := range list.Errors {
		got = append(got, e.Error())
	}
	require.Equal(t, []string{
		"groups:3: procedures: x: malformed record: a comprehensive group has no procedures",
		"groups:4: procedures: : malformed record: empty procedure code",
		"groups:5: kind: kind(?): not one of the allowed values: core, 核心病种, comprehensive, 综合病种",
		"groups:2: group_code: A: duplicate key: group_code already in the catalog",
	}, got)
}
