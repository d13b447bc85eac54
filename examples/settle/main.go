// Command settle runs a whole settlement year from files (FORMATS.md, "The settle
// example") and writes hospitals.csv, cases.csv, pools.csv, ledger.csv (and, in
// lenient mode, rejects.csv) to -out.
//
//	go run ./examples/settle -policy P.json -hospitals H.csv -cases C.csv \
//	    [-catalog DIP.csv] [-weights DRG.csv] [-members M.csv] [-spending S.csv] \
//	    [-adjustments A.csv] [-lenient] [-stream] -out DIR
//
// -stream settles a cases.csv that need not fit in memory (budget.SettleStream:
// two passes and bounded-memory external sorts, under -out) to the same bytes.
//
// Exit status: 0 settled; 1 bad input (every error on stderr as
// "source:line: field: value: reason", at most 100 lines); 2 usage; 3 the
// ledger does not balance (only ledger.csv is written, for diagnosis).
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/internal/cli"
	"github.com/dipdrg/dipdrg/param"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("settle", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f budget.Files
	var out string
	var lenient, stream bool
	fs.StringVar(&f.Policy, "policy", "", "policy.json (required)")
	fs.StringVar(&f.Hospitals, "hospitals", "", "hospitals.csv (required)")
	fs.StringVar(&f.Cases, "cases", "", "cases.csv (required)")
	fs.StringVar(&f.Catalog, "catalog", "", "DIP catalog.csv")
	fs.StringVar(&f.Weights, "weights", "", "DRG weights.csv")
	fs.StringVar(&f.Members, "members", "", "per-capita members.csv")
	fs.StringVar(&f.Spending, "spending", "", "per-capita spending.csv")
	fs.StringVar(&f.Adjustments, "adjustments", "", "adjustments.csv (advances paid, audit deductions)")
	fs.BoolVar(&lenient, "lenient", false, "set bad records aside in rejects.csv and settle the rest")
	fs.StringVar(&out, "out", "", "output directory (created when missing)")
	fs.BoolVar(&stream, "stream", false, "settle without holding the cases in memory (two passes over -cases, external sort)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if f.Policy == "" || f.Hospitals == "" || f.Cases == "" || out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "settle: -policy, -hospitals, -cases and -out are required")
		fs.Usage()
		return 2
	}

	var res *budget.Result
	var err error
	if stream {
		res, err = settleStream(f, lenient, out)
	} else {
		res, err = budget.SettleFiles(f, lenient)
	}
	var unbalanced *budget.UnbalancedError
	switch {
	case errors.As(err, &unbalanced):
		if werr := cli.WriteFile(out, "ledger.csv", func(w io.Writer) error { return budget.WriteLedger(w, unbalanced.Ledger) }); werr != nil {
			fmt.Fprintln(stderr, "settle:", werr)
		}
		fmt.Fprintln(stderr, "settle:", err)
		return 3
	case err != nil:
		cli.PrintErrors(stderr, err)
		return 1
	}

	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"hospitals.csv", res.WriteHospitals},
		{"cases.csv", res.WriteCases},
		{"pools.csv", res.WritePools},
		{"ledger.csv", res.WriteLedger},
	}
	if lenient {
		files = append(files, struct {
			name  string
			write func(io.Writer) error
		}{"rejects.csv", func(w io.Writer) error { return budget.WriteRejects(w, res.Rejects) }})
	}
	for _, file := range files {
		if stream && file.name == "cases.csv" {
			continue // already written, streamed in case-id order
		}
		if err := cli.WriteFile(out, file.name, file.write); err != nil {
			fmt.Fprintln(stderr, "settle:", err)
			// FORMATS: on exit 1 no output file is written: remove those already written.
			for _, done := range files {
				if fi, err := os.Lstat(filepath.Join(out, done.name)); err == nil && fi.Mode().IsRegular() {
					os.Remove(filepath.Join(out, done.name))
				}
			}
			return 1
		}
	}
	summary(stdout, res, out, lenient)
	return 0
}

// settleStream runs budget.SettleStream, writing cases.csv into a temporary file
// that becomes out/cases.csv only when the year settles (exit 1 writes nothing).
func settleStream(f budget.Files, lenient bool, out string) (*budget.Result, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(out, ".cases-*.csv")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	res, err := budget.SettleStream(f, lenient, w, budget.StreamOptions{TempDir: out})
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return res, err
	}
	return res, os.Rename(tmp.Name(), filepath.Join(out, "cases.csv"))
}

func summary(w io.Writer, res *budget.Result, out string, lenient bool) {
	p := res.Policy
	fmt.Fprintf(w, "policy %s (region %s, year %d, version %s)\n", res.PolicyID, p.Region, p.Year, p.Version)
	cases := int64(len(res.Cases))
	if cases == 0 { // -stream keeps no cases in the result: count them from the hospital rows
		for _, h := range res.Hospitals {
			if h.Method != param.Capita {
				cases += h.Cases
			}
		}
	}
	fmt.Fprintf(w, "%d cases settled", cases)
	if lenient {
		fmt.Fprintf(w, ", %d records set aside (rejects.csv)", len(res.Rejects)+res.RejectsDropped)
	}
	fmt.Fprintln(w)
	for _, pr := range res.Pools {
		pv := "-"
		if pr.HasPointValue {
			pv = pr.PointValue.Format(p.PointValueScale)
		}
		label := "point value"
		if pr.Method == param.Capita {
			label = "standard"
		}
		fmt.Fprintf(w, "  %-8s %-6s pool %15s  points %18s  %s %s  payments %15s  residual %s\n",
			pr.Fund, pr.Method, pr.Pool, pr.TotalPoints.Format(p.PointScale), label, pv, pr.Payments, pr.Residual)
	}
	for _, l := range res.Ledger {
		state := "balanced"
		if !l.Balanced {
			state = "NOT balanced"
		}
		fmt.Fprintf(w, "ledger %-8s budget %s = carve-outs %s + payments %s + reserve %s + residual %s: %s\n",
			l.Fund, l.Budget, l.Carveouts, l.Payments, l.ReserveEnd, l.Residual, state)
	}
	fmt.Fprintf(w, "outputs in %s: hospitals.csv cases.csv pools.csv ledger.csv", out)
	if lenient {
		fmt.Fprint(w, " rejects.csv")
	}
	fmt.Fprintln(w)
}
