package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	if got := run([]string{"-seed", "1", "-cases", "300", "-method", "dip", "-out", dir, "-history", "-history-cases", "100"}); got != 0 {
		t.Fatalf("run = %d, want 0", got)
	}
	for _, name := range []string{"policy.json", "hospitals.csv", "cases.csv", "catalog.csv", "members.csv",
		"spending.csv", "adjustments.csv", "history.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	for name, args := range map[string][]string{
		"no out":     {"-cases", "10"},
		"bad method": {"-method", "fee", "-out", dir},
		"bad flag":   {"-nope"},
		"extra arg":  {"-out", dir, "x"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := run(args); got != 2 {
				t.Fatalf("run(%v) = %d, want 2", args, got)
			}
		})
	}
}
