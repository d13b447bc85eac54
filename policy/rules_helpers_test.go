package policy

// Assertion helpers for the rules tests (testify's require needs modules this
// repository's go.sum does not list; go-cmp does not). Named rule… so they cannot
// clash with the helpers of the package's other test files.

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func ruleMsg(msg []any) string {
	if len(msg) == 0 {
		return ""
	}
	if s, ok := msg[0].(string); ok {
		return " (" + fmt.Sprintf(s, msg[1:]...) + ")"
	}
	return fmt.Sprint(msg...)
}

func ruleNoError(t testing.TB, err error, msg ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v%s", err, ruleMsg(msg))
	}
}

func ruleErrorIs(t testing.TB, err, target error, msg ...any) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want %v%s", err, target, ruleMsg(msg))
	}
}

func ruleErrorContains(t testing.TB, err error, s string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), s) {
		t.Fatalf("error %v, want one containing %q", err, s)
	}
}

func ruleEqual(t testing.TB, want, got any, msg ...any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("mismatch (-want +got)%s:\n%s", ruleMsg(msg), d)
	}
}

func ruleZero(t testing.TB, v any) {
	t.Helper()
	if !reflect.ValueOf(v).IsZero() {
		t.Fatalf("got %v, want zero", v)
	}
}

func ruleTrue(t testing.TB, cond bool, msg ...any) {
	t.Helper()
	if !cond {
		t.Fatalf("condition false%s", ruleMsg(msg))
	}
}
