package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/param"
)

// summary prints what an officer reads first (standard output): the policy;
// the cases by method and class, and the counts to check (paid by cost for
// want of a group, unknown codes among them, special reviews refused,
// readmissions, records set aside); the ignored columns; then each pool's
// point value and totals and each fund's ledger; last the files of the set.
// Numbers have thousands separators here only, never in the CSV outputs.
func summary(w io.Writer, res *budget.Result, out string, lenient bool, rec *files.RunRecord) {
	p := res.Policy
	fmt.Fprintf(w, "policy %s (region %s, year %d, version %s)\n", res.PolicyID, p.Region, p.Year, p.Version)
	counts := res.CaseCounts()
	rejected := int64(len(res.Rejects) + res.RejectsDropped - res.IgnoredCells) // a monitoring cell ignored sets no record aside
	fmt.Fprintf(w, "%s cases settled", thousands(counts.Total()))
	if lenient {
		fmt.Fprintf(w, ", %s records set aside (rejects.csv)", thousands(rejected))
	}
	fmt.Fprintln(w)
	for _, m := range []param.Method{param.DRG, param.DIP, param.BedDay} {
		var n int64
		var parts []string
		for c, k := range counts.ByClass[m] {
			if k > 0 {
				n += k
				parts = append(parts, budget.Class(c).String()+" "+thousands(k))
			}
		}
		if n > 0 {
			fmt.Fprintf(w, "  %-6s %9s: %s\n", m, thousands(n), strings.Join(parts, ", "))
		}
	}
	fmt.Fprintf(w, "  to check: ungrouped %s (unknown group %s), special review refused %s, readmissions %s, records set aside %s\n",
		thousands(counts.Ungrouped), thousands(counts.UnknownGroup), thousands(counts.SpecialRefused),
		thousands(counts.Readmitted), thousands(rejected))
	ignoredColumns(w, res.Ignored)
	for _, pr := range res.Pools {
		pv := "-"
		if pr.HasPointValue {
			pv = grouped(pr.PointValue.Format(p.PointValueScale))
		}
		label := "point value"
		if pr.Method == param.Capita {
			label = "standard"
		}
		extra := ""
		if pr.HasElastic { // VAR-8: the point value shown floats; the base points are paid at the fixed value
			extra += "  elastic fixed value " + grouped(pr.ElasticPointValue.Format(p.PointValueScale))
		}
		if len(pr.Variants) > 0 {
			extra += "  " + strings.Join(pr.Variants, "|")
		}
		fmt.Fprintf(w, "  %-8s %-6s pool %17s  points %19s  %s %s  payments %17s  residual %s%s\n",
			pr.Fund, pr.Method, grouped(pr.Pool.String()), grouped(pr.TotalPoints.Format(p.PointScale)), label, pv,
			grouped(pr.Payments.String()), grouped(pr.Residual.String()), extra)
	}
	for _, l := range res.Ledger {
		state := "balanced"
		if !l.Balanced {
			state = "NOT balanced"
		}
		fmt.Fprintf(w, "ledger %-8s budget %s = carve-outs %s + payments %s + reserve %s + residual %s: %s\n",
			l.Fund, grouped(l.Budget.String()), grouped(l.Carveouts.String()), grouped(l.Payments.String()),
			grouped(l.ReserveEnd.String()), grouped(l.Residual.String()), state)
	}
	if out == "" { // -db without -out: the database holds the results
		return
	}
	fmt.Fprintf(w, "outputs in %s:", out)
	for _, o := range rec.Outputs {
		fmt.Fprint(w, " ", o.Name)
	}
	fmt.Fprintln(w, " "+files.RunFile)
}

// ignoredColumns lists each file's ignored columns on one line (docs/formats.md
// "Additions": "hospitals.csv: ignored columns: remark, 备注").
func ignoredColumns(w io.Writer, cols []budget.IgnoredColumn) {
	for i := 0; i < len(cols); {
		j := i
		var names []string
		for ; j < len(cols) && cols[j].Source == cols[i].Source; j++ {
			names = append(names, cols[j].Column)
		}
		fmt.Fprintf(w, "%s: ignored columns: %s\n", cols[i].Source, strings.Join(names, ", "))
		i = j
	}
}

func thousands(n int64) string { return grouped(strconv.FormatInt(n, 10)) }

// grouped puts thousands separators into the whole part of a decimal number
// as the outputs write it ("-1234567.80" → "-1,234,567.80").
func grouped(s string) string {
	sign, rest := "", s
	if strings.HasPrefix(rest, "-") {
		sign, rest = "-", rest[1:]
	}
	whole, frac, hasFrac := strings.Cut(rest, ".")
	if len(whole) <= 3 {
		return s
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}
