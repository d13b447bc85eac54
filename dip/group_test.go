package dip

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func readTestCatalog(t testing.TB) *Catalog {
	t.Helper()
	f, err := os.Open("testdata/catalog.csv")
	require.NoError(t, err)
	defer f.Close()
	c, err := ReadCatalog(f, "testdata/catalog.csv", 4)
	require.NoError(t, err)
	return c
}

func TestGroup(t *testing.T) {
	cat := readTestCatalog(t)
	tests := []struct {
		name  string
		diag  string
		procs []string
		t     Treatment
		want  string // group code, "" for NoGroup
	}{
		{"exact core", "K35.8", []string{"47.0901", "54.5100"}, Surgical, "K35.8+47.0901+54.5100"},
		{"exact core, any order, repeats, spaces", "K35.8", []string{" 54.5100", "47.0901", "47.0901 "}, Surgical, "K35.8+47.0901+54.5100"},
		// {47.0901, 99.0000} is exact (score 500) although {47.0901} (800) is contained.
		{"exact beats a higher contained set", "K35.8", []string{"99.0000", "47.0901"}, Surgical, "K35.8+47.0901+99.0000"},
		// With an unknown extra code nothing is exact; the contained sets are
		// {47.0901, 54.5100} 1000, {54.5100} 900, {47.0901} 800: the highest wins.
		{"contained, highest score", "K35.8", []string{"47.0901", "54.5100", "88.0000"}, Surgical, "K35.8+47.0901+54.5100"},
		// {45.9100} and {54.5100} both score 900: the smaller code (A13).
		{"contained, tie to the smaller code", "K35.8", []string{"54.5100", "45.9100"}, Surgical, "K35.8+45.9100"},
		{"contained, single", "K35.8", []string{"45.9100", "12.3400"}, Therapeutic, "K35.8+45.9100"},
		// A47: the conservative core group takes only a case without procedures.
		{"conservative core", "K35.8", nil, TreatmentUnset, "K35.8"},
		{"conservative core, treatment given", "K35.8", nil, Conservative, "K35.8"},
		{"unknown procedure is not conservative", "K35.8", []string{"88.0000"}, Surgical, "K35-surgical"},
		{"unknown procedure, no comprehensive for its treatment", "K35.8", []string{"88.0000"}, Therapeutic, ""},
		// Comprehensive by (category, treatment).
		{"comprehensive diagnostic", "K35.9", []string{"88.0000"}, Diagnostic, "K35-diagnostic"},
		{"comprehensive surgical", "K35.9", []string{"88.0000"}, Surgical, "K35-surgical"},
		{"no fall-back to another treatment", "K35.9", []string{"88.0000"}, Therapeutic, ""},
		// A14.
		{"procedures without treatment are ungrouped", "K35.9", []string{"88.0000"}, TreatmentUnset, ""},
		{"no procedures and no treatment is conservative", "K35.9", nil, TreatmentUnset, "K35-conservative"},
		{"empty codes are no procedures", "K35.9", []string{"", " "}, TreatmentUnset, "K35-conservative"},
		{"core match needs no treatment", "K35.8", []string{"47.0901"}, TreatmentUnset, "K35.8+47.0901"},
		// A12: a longer diagnosis is also tried cut to 5 characters.
		{"diagnosis cut to 5", "K35.800x001", []string{"47.0901", "54.5100"}, Surgical, "K35.8+47.0901+54.5100"},
		{"diagnosis cut to 5, conservative", "K35.800x001", nil, TreatmentUnset, "K35.8"},
		{"diagnosis cut, then comprehensive", "K35.900x002", nil, Diagnostic, "K35-diagnostic"},
		{"other diagnosis", "K80.1", nil, TreatmentUnset, "K80.1"},
		{"category without a group", "K80.2", nil, TreatmentUnset, ""},
		{"short diagnosis", "K3", nil, Conservative, ""},
		{"empty diagnosis", "", nil, Conservative, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cat.Group(tt.diag, tt.procs, tt.t)
			require.Equal(t, tt.want, codeOf(cat, got))
			joined := cat.GroupJoined(tt.diag, strings.Join(tt.procs, "|"), tt.t)
			require.Equal(t, got, joined, "GroupJoined")
		})
	}
}

func codeOf(c *Catalog, g int32) string {
	if g < 0 {
		return ""
	}
	return c.Groups[g].Code
}

func TestGroupJoinedSeparators(t *testing.T) {
	cat := readTestCatalog(t)
	require.Equal(t, "K35.8+47.0901+54.5100", codeOf(cat, cat.GroupJoined("K35.8", "54.5100|47.0901|", Surgical)))
	require.Equal(t, "K35.8+47.0901+54.5100", codeOf(cat, cat.GroupJoined(" K35.8 ", "|54.5100 | 47.0901", Surgical)))
	require.Equal(t, "K35.8", codeOf(cat, cat.GroupJoined("K35.8", "|", TreatmentUnset)))
}

func TestGroupManyProcedures(t *testing.T) {
	// More procedures than the stack buffer: still grouped (the buffer grows).
	cat := readTestCatalog(t)
	procs := []string{"45.9100"}
	for i := 0; i < 40; i++ {
		procs = append(procs, "x"+strings.Repeat("9", i))
	}
	require.Equal(t, "K35.8+45.9100", codeOf(cat, cat.Group("K35.8", procs, Surgical)))
}

func TestResolve(t *testing.T) {
	cat := readTestCatalog(t)
	g, given := cat.Resolve("K35-surgical", "", "", TreatmentUnset)
	require.True(t, given)
	require.Equal(t, "K35-surgical", codeOf(cat, g))
	g, given = cat.Resolve("NOPE", "K35.8", "", TreatmentUnset)
	require.True(t, given)
	require.Equal(t, UnknownGroup, g)
	g, given = cat.Resolve(" ", "K35.8", "47.0901", Surgical)
	require.False(t, given)
	require.Equal(t, "K35.8+47.0901", codeOf(cat, g))
}

func TestGroupAllocs(t *testing.T) {
	cat := readTestCatalog(t)
	procs := []string{"47.0901", "54.5100", "88.0000"}
	var sink int32
	n := testing.AllocsPerRun(200, func() {
		sink += cat.Group("K35.800x001", procs, Surgical)
		sink += cat.GroupJoined("K35.9", "88.0000|12.34", Diagnostic)
		sink += cat.GroupJoined("K35.8", "45.9100|54.5100", TreatmentUnset)
	})
	if n != 0 {
		t.Fatalf("grouping allocates %v times per run, want 0", n)
	}
	_ = sink
}

func TestParseTreatment(t *testing.T) {
	for s, want := range map[string]Treatment{
		"": TreatmentUnset, "conservative": Conservative, "保守治疗": Conservative,
		"diagnostic": Diagnostic, "诊断性操作": Diagnostic, "therapeutic": Therapeutic, "治疗性操作": Therapeutic,
		"surgical": Surgical, "手术": Surgical, "interventional": Surgical, "介入": Surgical, " Surgical ": Surgical,
	} {
		got, err := ParseTreatment(s)
		require.NoError(t, err, s)
		require.Equal(t, want, got, s)
	}
	_, err := ParseTreatment("surgery")
	require.Error(t, err)
}
