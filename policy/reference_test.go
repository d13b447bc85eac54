package policy_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/dipdrg/dipdrg/policy"
)

var update = flag.Bool("update", false, "rewrite docs/policy-fields.md from the field table")

// TestReference keeps docs/policy-fields.md what the field table says.
func TestReference(t *testing.T) {
	var b bytes.Buffer
	if err := policy.WriteReference(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "docs", "policy-fields.md")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./policy -run TestReference -update)", err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Fatal("docs/policy-fields.md is not what the field table says: go test ./policy -run TestReference -update")
	}
}
