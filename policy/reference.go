package policy

import (
	"bufio"
	"io"
	"strings"

	"github.com/dipdrg/dipdrg/param"
)

// Reference returns the rows of the field table with their full JSON paths, in
// table order: what docs/policy-fields.md lists.
func Reference() []param.Row { return param.Rows(fields, "") }

// WriteReference writes the policy.json field reference (docs/policy-fields.md)
// from the field table: every path with its kind, default, range or words, rule
// id and documentation. A test regenerates it and compares it with the committed
// file, so the reference cannot drift from the code.
func WriteReference(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`# policy.json field reference

Generated from the field table of package policy (` + "`policy.WriteReference`" + `); do not edit by hand:
` + "`go test ./policy -run TestReference -update`" + ` rewrites it. Every field of policy.json is here,
with its default (as the JSON a policy would hold), the values it may take, and the rule that
reads it (see [rules.md](rules.md) and [variants.md](variants.md)). A field left out takes its
default; ` + "`null`" + ` means "not given" (for a field whose default is ` + "`null`" + `, "none").
Amounts and ratios are decimal strings (` + "`\"0.05\"`" + `) or JSON numbers (` + "`0.05`, `5e-2`" + `), read
exactly; counts and scales are JSON integers. Unknown fields and keys given twice are errors.
` + "`<fund>`" + ` is ` + "`employee`" + ` (职工) or ` + "`resident`" + ` (居民); ` + "`<level>`" + ` is ` + "`tertiary`" + `, ` + "`secondary`" + ` or ` + "`primary`" + `.
`)
	rows := Reference()
	nested := map[string]bool{}
	for _, r := range rows {
		if top, _, ok := strings.Cut(r.Path, "."); ok {
			nested[top] = true
		}
	}
	section := ""
	for _, r := range rows {
		top, _, _ := strings.Cut(r.Path, ".")
		if !nested[top] {
			top = "top level"
		}
		if top != section {
			section = top
			bw.WriteString("\n## " + top + "\n\n")
			bw.WriteString("| field | kind | default | values | rule | meaning |\n|---|---|---|---|---|---|\n")
		}
		def := r.Default
		switch {
		case r.Required && r.When != "" && def == "":
			def = "required: " + r.When
		case r.Required && def == "":
			def = "required"
		}
		values := r.Range
		if len(r.Words) > 0 {
			values = strings.Join(quoteAll(r.Words), " \\| ")
		}
		if r.Shape != "" {
			values = strings.TrimSpace(values + " " + code(r.Shape))
		}
		doc := r.Doc
		if r.Example != "" {
			doc += "; e.g. " + code(r.Example)
		}
		bw.WriteString("| " + code(r.Path) + " | " + r.Kind.String() + " | " + cell(def, true) + " | " + cell(values, false) +
			" | " + r.Rule + " | " + escape(doc) + " |\n")
	}
	return bw.Flush()
}

func quoteAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = "`\"" + w + "\"`"
	}
	return out
}

func code(s string) string { return "`" + strings.ReplaceAll(s, "|", "\\|") + "`" }

func cell(s string, asCode bool) string {
	if s == "" {
		return ""
	}
	if asCode && !strings.HasPrefix(s, "required") {
		return code(s)
	}
	return s
}

func escape(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
