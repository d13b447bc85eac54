package bedday

// Small assertion helpers: testify's require needs modules (go-spew, go-difflib,
// yaml) that are not in go.sum, so these stand in for it.

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func errIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want %v", err, target)
	}
}

func eq[T any](t *testing.T, want, got T) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("mismatch (-want +got):\n%s", d)
	}
}
