// Command calibrate builds next year's tables from history (docs/rules.md DIP-2,
// DRG-2, DRG-4, PV-3 and section 13): a DRG weights table (weights.csv) with the
// hospitals' coefficients (coefficients.csv, and hospitals.csv with them filled
// in), or a DIP catalog (catalog.csv), and prints the budget point value per fund.
// Its outputs feed examples/settle directly (-weights, -catalog, -hospitals).
//
//	go run ./examples/calibrate -history H.csv -hospitals H.csv -method drg|dip -out DIR \
//	    [-policy P.json] [-fund employee|resident] [-year-weights 0.1,0.2,0.7] \
//	    [-trim default|none|sd|percentile] [-k 3] [-stable-min 5] [-stable-cv 1] \
//	    [-core-min 15] [-score-scale 1000] [-score-decimals 4] [-score-base average] [-blend 1]
//
// -score-base is DIP's score base (VAR-5): average (M = the mean cost of every
// case, DIP-2), base-group:<code> (M = that built group's mean) or
// fixed-quota:<amount> (M = the amount). The M used is printed: a region using
// another base than the average sets its policy's region_avg_cost to it.
//
// The history is cases.csv's columns plus `year` (docs/formats.md). Both funds are
// pooled unless -fund picks one. -policy supplies the scales, the rounding and
// which funds are fund-only for PV-3 (default: PointScale 4, PointValueScale 6,
// half-up, total cost).
//
// Exit status: 0 built; 1 bad input (every error on stderr as
// "source:line: field: value: reason"); 2 usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/dip"
	"github.com/dipdrg/dipdrg/drg"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/internal/cli"
	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type config struct {
	history, hospitals, method, out, policy, fund, yearWeights, trim string
	k, stableCV, blend, scoreBase                                    string
	stableMin, coreMin, scoreDecimals                                int
	scoreScale                                                       int64
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.history, "history", "", "history.csv: cases.csv columns plus year (required)")
	fs.StringVar(&c.hospitals, "hospitals", "", "hospitals.csv (required)")
	fs.StringVar(&c.method, "method", "", "drg or dip (required)")
	fs.StringVar(&c.out, "out", "", "output directory (created when missing; required)")
	fs.StringVar(&c.policy, "policy", "", "policy.json: scales, rounding and fund-only pools for PV-3")
	fs.StringVar(&c.fund, "fund", "", "build from one fund's cases only: employee or resident (default both)")
	fs.StringVar(&c.yearWeights, "year-weights", "", "year weights, oldest first, comma-separated (default 0.1,0.2,0.7)")
	fs.StringVar(&c.trim, "trim", "default", "trimming: default (DRG sd, DIP none), none, sd (DRG), percentile")
	fs.StringVar(&c.k, "k", "3", "DRG: standard deviations of the sd trim")
	fs.IntVar(&c.stableMin, "stable-min", 5, "DRG: StableMinCases")
	fs.StringVar(&c.stableCV, "stable-cv", "1", "DRG: StableMaxCV")
	fs.StringVar(&c.blend, "blend", "1", "DRG-4: CoefBlend in [0, 1]")
	fs.IntVar(&c.coreMin, "core-min", 15, "DIP: CoreMinCases")
	fs.Int64Var(&c.scoreScale, "score-scale", 1000, "DIP: ScoreScale")
	fs.IntVar(&c.scoreDecimals, "score-decimals", 4, "DIP: decimals of the built scores (0–8)")
	fs.StringVar(&c.scoreBase, "score-base", "average", "DIP: the score base M (VAR-5): average, base-group:<code> or fixed-quota:<amount>")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if c.history == "" || c.hospitals == "" || c.out == "" || (c.method != "drg" && c.method != "dip") || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "calibrate: -history, -hospitals, -method drg|dip and -out are required")
		fs.Usage()
		return 2
	}
	if err := calibrate(c, stdout); err != nil {
		var usage usageError
		if errors.As(err, &usage) {
			fmt.Fprintln(stderr, "calibrate:", err)
			return 2
		}
		cli.PrintErrors(stderr, err)
		return 1
	}
	return 0
}

type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func calibrate(c config, stdout io.Writer) error {
	yw, err := parseFactors(c.yearWeights)
	if err != nil {
		return usagef("-year-weights %q: %v", c.yearWeights, err)
	}
	pvOpt := budget.HistoryPVOptions{PointScale: 4, PointValueScale: 6, Rounding: pointvalue.HalfUp}
	if c.policy != "" {
		var p *policy.Policy
		if err := readFile(c.policy, func(r io.Reader, s string) (err error) { p, err = policy.Read(r, s); return }); err != nil {
			return err
		}
		pvOpt = budget.PolicyHistoryPVOptions(p)
	}
	var hospitals []budget.Hospital
	if err := readFile(c.hospitals, func(r io.Reader, s string) (err error) {
		hospitals, err = files.ReadHospitals(r, s, files.Options{})
		return
	}); err != nil {
		return err
	}
	var cases []budget.Case
	var years []int
	source := filepath.Base(c.history)
	if err := readFile(c.history, func(r io.Reader, s string) (err error) {
		cases, years, err = files.ReadHistory(r, s, files.Options{PointScale: pvOpt.PointScale})
		return
	}); err != nil {
		return err
	}
	if c.fund != "" {
		f, err := param.ParseFund(c.fund)
		if err != nil {
			return usagef("-fund %q: %v", c.fund, err)
		}
		cases, years = budget.SelectFund(cases, years, f)
	}
	if len(cases) == 0 {
		return usagef("%s: no history case to build from", source)
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	pvOpt.YearWeights = yw
	pvOpt.Source = source
	if c.method == "drg" {
		err = calibrateDRG(c, yw, source, cases, years, hospitals, &pvOpt, stdout)
	} else {
		err = calibrateDIP(c, yw, source, cases, years, hospitals, &pvOpt, stdout)
	}
	if err != nil {
		return err
	}
	pvs, err := budget.BudgetPointValueFromHistory(cases, years, pvOpt)
	if err != nil {
		return err
	}
	for _, p := range pvs {
		fmt.Fprintf(stdout, "%s: budget point value %s (PV-3 over", p.Fund, p.Value.Format(pvOpt.PointValueScale))
		for i, y := range p.Years {
			fmt.Fprintf(stdout, " %d: cost %s, points %s;", y, p.Totals[i].Cost, p.Totals[i].Points.Format(pvOpt.PointScale))
		}
		fmt.Fprintln(stdout, ")")
	}
	return nil
}

func calibrateDRG(c config, yw []pointvalue.Factor, source string, cases []budget.Case, years []int,
	hospitals []budget.Hospital, pvOpt *budget.HistoryPVOptions, stdout io.Writer) error {
	opt := drg.BuildOptions{YearWeights: yw, StableMinCases: c.stableMin, Source: source}
	switch c.trim {
	case "default", "sd":
		opt.Trim = drg.TrimSD
	case "none":
		opt.Trim = drg.TrimNone
	case "percentile":
		opt.Trim = drg.TrimPercentile
	default:
		return usagef("-trim %q: want default, none, sd or percentile", c.trim)
	}
	var err error
	if opt.K, err = pointvalue.ParseFactor(c.k); err != nil || opt.K <= 0 {
		return usagef("-k %q: want a number > 0", c.k)
	}
	if opt.StableMaxCV, err = pointvalue.ParseFactor(c.stableCV); err != nil || opt.StableMaxCV <= 0 {
		return usagef("-stable-cv %q: want a number > 0", c.stableCV)
	}
	if c.stableMin < 1 {
		return usagef("-stable-min %d: want at least 1", c.stableMin)
	}
	blend, err := pointvalue.ParseFactor(c.blend)
	if err != nil || blend < 0 || blend > pointvalue.One {
		return usagef("-blend %q: want a number in [0, 1]", c.blend)
	}
	hc, err := budget.DRGHistory(cases, years, hospitals, source)
	if err != nil {
		return err
	}
	w, rep, err := drg.BuildWeights(hc, nil, opt)
	if err != nil {
		return err
	}
	coefs, err := drg.HospitalCoefficients(hc, w, yw, blend)
	if err != nil {
		return err
	}
	for i := range hospitals {
		if k, ok := coefs[hospitals[i].ID]; ok {
			hospitals[i].Coefficient, hospitals[i].HasCoefficient = k, true
		}
	}
	if err := cli.WriteFile(c.out, "weights.csv", w.Write); err != nil {
		return err
	}
	if err := cli.WriteFile(c.out, "coefficients.csv", func(out io.Writer) error { return drg.WriteCoefficients(out, coefs) }); err != nil {
		return err
	}
	if err := cli.WriteFile(c.out, "hospitals.csv", func(out io.Writer) error { return writeHospitals(out, hospitals) }); err != nil {
		return err
	}
	stable := 0
	for _, g := range w.Groups {
		if g.Stable {
			stable++
		}
	}
	fmt.Fprintf(stdout, "drg: %d history cases of %v, %d ungrouped, %d trimmed; M %s; %d groups (%d stable); %d hospital coefficients\n",
		rep.Cases, rep.Years, rep.Ungrouped, rep.Trimmed, rep.M, w.Len(), stable, len(coefs))
	pvOpt.Weights = w
	return nil
}

func calibrateDIP(c config, yw []pointvalue.Factor, source string, cases []budget.Case, years []int,
	hospitals []budget.Hospital, pvOpt *budget.HistoryPVOptions, stdout io.Writer) error {
	opt := dip.BuildOptions{YearWeights: yw, CoreMinCases: c.coreMin, ScoreScale: c.scoreScale,
		ScoreDecimals: c.scoreDecimals, Source: source}
	switch c.trim {
	case "default", "none":
		opt.Trim = dip.TrimNone
	case "percentile":
		opt.Trim = dip.TrimPercentile
	default:
		return usagef("-trim %q: want default, none or percentile for dip", c.trim)
	}
	if c.coreMin < 1 || c.scoreScale < 1 || c.scoreDecimals < 0 || c.scoreDecimals > pvOpt.PointScale {
		return usagef("-core-min, -score-scale must be ≥ 1 and -score-decimals within 0–%d (the PointScale)", pvOpt.PointScale)
	}
	if c.scoreDecimals == 0 {
		opt.ScoreDecimals = -1
	}
	var err error
	if opt.ScoreBase, err = dip.ParseScoreBase(c.scoreBase); err != nil {
		return usagef("-score-base %q: %v", c.scoreBase, err)
	}
	hc, err := budget.DIPHistory(cases, years, hospitals, source)
	if err != nil {
		return err
	}
	cat, rep, err := dip.BuildCatalog(hc, opt)
	var sbe *dip.ScoreBaseError
	if errors.As(err, &sbe) { // a base group the history does not give: the option is wrong
		return usagef("-score-base %q: %v", c.scoreBase, err)
	}
	if err != nil {
		return err
	}
	if err := cli.WriteFile(c.out, "catalog.csv", cat.Write); err != nil {
		return err
	}
	base := ""
	if rep.ScoreBase.Kind != dip.BaseAverage {
		base = " (score base " + rep.ScoreBase.String() + ")"
	}
	fmt.Fprintf(stdout, "dip: %d history cases of %v, %d ungrouped, %d trimmed; M %s%s; %d core and %d comprehensive groups\n",
		rep.Cases, rep.Years, rep.Ungrouped, rep.Trimmed, rep.M, base, rep.Core, rep.Comprehensive)
	pvOpt.Catalog = cat
	return nil
}

// writeHospitals writes hospitals.csv (docs/formats.md) with the computed coefficients.
func writeHospitals(out io.Writer, hospitals []budget.Hospital) error {
	cw := csvio.NewWriter(out)
	if err := cw.Write("hospital_id", "name", "level", "coefficient", "assessment"); err != nil {
		return err
	}
	for _, h := range hospitals {
		coef := ""
		if h.HasCoefficient {
			coef = h.Coefficient.String()
		}
		if err := cw.Write(h.ID, h.Name, h.Level.String(), coef, h.Assessment.String()); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func parseFactors(s string) ([]pointvalue.Factor, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []pointvalue.Factor
	for _, part := range strings.Split(s, ",") {
		f, err := pointvalue.ParseFactor(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		if f < 0 {
			return nil, pointvalue.ErrNegative
		}
		out = append(out, f)
	}
	return out, nil
}

func readFile(name string, read func(io.Reader, string) error) error {
	f, err := os.Open(name)
	if err != nil {
		return &pointvalue.RecordError{Source: filepath.Base(name), Value: name, Err: fmt.Errorf("%w: %w", pointvalue.ErrMalformed, err)}
	}
	defer f.Close()
	return read(f, filepath.Base(name))
}
