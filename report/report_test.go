package report

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
)

func sample(t *testing.T) *budget.Result {
	t.Helper()
	res, err := files.Settle(context.Background(), files.Dir(filepath.Join("..", "examples", "testdata", "drg")), files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The page is self-contained: no element loads anything from anywhere, and
// it carries the year's exact figures.
func TestReportSelfContained(t *testing.T) {
	res := sample(t)
	var b bytes.Buffer
	if err := Write(&b, res, Options{}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	outside := regexp.MustCompile(`(?s)<script>.*?</script>`).ReplaceAllString(html, "<script></script>") // ECharts' own strings aside
	if m := regexp.MustCompile(`(?i)<(script|link|img|iframe|object|embed)[^>]*(src|href|data)=`).FindString(outside); m != "" {
		t.Errorf("the page loads something: %s", m)
	}
	for _, want := range []string{"资金池与点值 Pools and point values", "No monitoring output was given", res.PolicyID,
		res.Pools[0].Payments.String(), res.Hospitals[len(res.Hospitals)-1].HospitalID} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if !strings.Contains(html, "Apache Software Foundation") {
		t.Error("ECharts (with its licence header) is not embedded")
	}
}
