package csvio

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// eq stops the test when got differs from want (go-cmp; testify/require cannot
// be built in this module: its dependencies are missing from go.sum).
func eq[T any](t *testing.T, want, got T, what ...any) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s (-want +got):\n%s", fmt.Sprint(what...), diff)
	}
}
