// Package docs holds the repository's documentation (the *.md files here) and
// the tests that keep it whole: every rule id the code cites is defined here,
// once; nothing points at files the repository does not hold; every
// hand-worked year is linked.
package docs

import (
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// root is the module's root, from this package's directory.
const root = ".."

// ruleID matches a rule id as the code cites it: a rule (DRG-5, PV-3, ERR-1,
// VAR-7, MON-3, MON-C2, SIM-2), a settled detail (A65), a reference vector (V10,
// M3).
var ruleID = regexp.MustCompile(`\b(?:(?:NUM|BUD|PV|DIP|DRG|BED|CAP|CLR|EXP|ERR|VAR|SIM)-\d+|MON-C?\d+|A\d{2}|V\d{1,2}|M[1-7])\b`)

// heading is a definition in the docs: a Markdown heading that starts with the id.
var heading = regexp.MustCompile(`(?m)^#{2,6} +(` + ruleID.String() + `)(?:\s|$)`)

// goFiles lists the module's .go files.
func goFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != root) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && filepath.Base(p) != "docs_test.go" { // this file names ids as examples
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// cited returns every rule id cited in the comments and string literals of the
// .go files, with a file that cites it. A section-13 id or vector id in a
// string counts only in prose ("(A22)"), not as a code ("A01" is ICD-10,
// "A01.0" too).
func cited(t *testing.T) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for _, p := range goFiles(t) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile(p, -1, len(src)), src, nil, scanner.ScanComments)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.COMMENT && tok != token.STRING {
				continue
			}
			for _, m := range ruleID.FindAllStringIndex(lit, -1) {
				id := lit[m[0]:m[1]]
				short := id[0] == 'A' || id[0] == 'V' || id[0] == 'M' && !strings.HasPrefix(id, "MON")
				if short && m[1] < len(lit) && (lit[m[1]] == '.' || lit[m[1]] == '-') {
					continue // a code: A01.0, V10-x
				}
				if short && m[0] > 0 && (lit[m[0]-1] == '"' || lit[m[0]-1] == '`') {
					continue // a literal code, or one quoted in a comment (`A01`)
				}
				if _, ok := ids[id]; !ok {
					ids[id] = p
				}
			}
		}
	}
	return ids
}

// mdFiles lists the Markdown files of the docs directory.
func mdFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs: %v", err)
	}
	return files
}

// TestRuleIDsDefined: every rule id cited anywhere in the code is defined in
// docs/ by a heading that starts with it ("### DRG-5 Case points"), exactly
// once across the docs.
func TestRuleIDsDefined(t *testing.T) {
	defined := map[string][]string{}
	for _, f := range mdFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range heading.FindAllStringSubmatch(string(b), -1) {
			defined[m[1]] = append(defined[m[1]], f)
		}
	}
	for id, where := range defined {
		if len(where) > 1 {
			t.Errorf("%s is defined %d times: %v", id, len(where), where)
		}
	}
	ids := cited(t)
	var missing []string
	for id, file := range ids {
		if len(defined[id]) == 0 {
			missing = append(missing, id+" (cited in "+file+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("rule id %s is not defined in docs/", m)
	}
	if len(ids) < 100 {
		t.Errorf("only %d rule ids found in the code: the scan is broken", len(ids))
	}
}

// specFile matches a reference to the specification files the repository
// was written from and does not hold.
var specFile = regexp.MustCompile(`\b(?:SETTLEMENT|FORMATS|VARIANTS|MONITORING)(?:\.md)?\b`)

// TestStandsAlone: no file of the repository (code, docs, READMEs, notes)
// points at the specification files it does not hold; the docs they became
// are linked from the README; every hand-worked year's notes are linked from
// docs/; every relative link of the docs and the README leads to a file.
func TestStandsAlone(t *testing.T) {
	var texts []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".md")) {
			texts = append(texts, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, p := range texts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if specFile.MatchString(line) && !strings.Contains(line, "specFile") {
				t.Errorf("%s:%d points at a file the repository does not hold: %s", p, i+1, strings.TrimSpace(line))
			}
		}
		if filepath.Base(p) == "NOTES.md" {
			notes = append(notes, p)
		}
	}

	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{"docs/README.md", "docs/rules.md", "docs/formats.md"} {
		if !strings.Contains(string(readme), "("+doc+")") {
			t.Errorf("README.md does not link %s", doc)
		}
	}

	var all strings.Builder
	for _, f := range mdFiles(t) {
		b, _ := os.ReadFile(f)
		all.Write(b)
	}
	if len(notes) == 0 {
		t.Fatal("no NOTES.md found")
	}
	for _, n := range notes {
		rel, _ := filepath.Rel(".", n) // ../budget/testdata/years/x/NOTES.md
		if !strings.Contains(all.String(), "("+filepath.ToSlash(rel)+")") {
			t.Errorf("%s is linked from no page of docs/", n)
		}
	}

	link := regexp.MustCompile(`\]\(([^)#\s]+)(?:#[^)]*)?\)`)
	check := func(from string, text []byte) {
		for _, m := range link.FindAllStringSubmatch(string(text), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(from), target)); err != nil {
				t.Errorf("%s links %s, which is not there", from, target)
			}
		}
	}
	check(filepath.Join(root, "README.md"), readme)
	for _, f := range mdFiles(t) {
		b, _ := os.ReadFile(f)
		check(f, b)
	}
}
