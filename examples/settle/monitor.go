package main

// Monitoring and what-if (docs/monitoring.md): -monitor [-prior PRIOR.csv] writes
// monitoring.csv and alerts.csv; -whatif P.json and -sweep PATH=ARRAY
// (repeatable, in command-line order) write whatif.csv. main.go hooks in
// where it reads flags, settles, lists its outputs and prints its summary.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/files"
	"github.com/dipdrg/dipdrg/monitor"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
	"github.com/dipdrg/dipdrg/policy"
	"github.com/dipdrg/dipdrg/report"
)

// monitoring holds the monitoring and what-if flags and, once settled, what
// they produce.
type monitoring struct {
	monitor bool
	prior   string
	what    []scenarioArg // -whatif and -sweep, in command-line order

	report    *monitor.Report
	compared  []monitor.WhatIfRow
	scenarios []monitor.ScenarioResult
	ignored   int // settlement-list cells ignored (lenient)
}

// scenarioArg is one -whatif file or -sweep argument.
type scenarioArg struct {
	file  string // -whatif
	sweep string // -sweep
}

func addMonitorFlags(fs *flag.FlagSet) *monitoring {
	m := &monitoring{}
	fs.BoolVar(&m.monitor, "monitor", false, "also write monitoring.csv and alerts.csv (indicators and case alerts, docs/monitoring.md)")
	fs.StringVar(&m.prior, "prior", "", "last year's monitoring.csv, for cmi-change (with -monitor)")
	fs.Func("whatif", "settle also under this policy.json, written to whatif.csv (repeatable)", func(s string) error {
		m.what = append(m.what, scenarioArg{file: s})
		return nil
	})
	fs.Func("sweep", "settle also with each value of a JSON array at a policy.json path, PATH=ARRAY (repeatable)", func(s string) error {
		m.what = append(m.what, scenarioArg{sweep: s})
		return nil
	})
	return m
}

// check is what the flags alone decide (exit 2): -prior needs -monitor; the
// stream carries no settlement-list columns and holds no batch to share, so it
// neither monitors nor simulates, and neither does a year read from a database
// (-db); a sweep's path is a policy field; scenario names are distinct and not
// "base".
func (m *monitoring) check(stderr io.Writer, stream, db bool) int {
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "settle: "+format+"\n", a...)
		return 2
	}
	if m.prior != "" && !m.monitor {
		return usage("-prior needs -monitor")
	}
	if stream && (m.monitor || len(m.what) > 0) {
		return usage("-stream does not combine with -monitor, -whatif or -sweep (they need the year's cases in memory)")
	}
	if db && (m.monitor || len(m.what) > 0) {
		return usage("-db does not combine with -monitor, -whatif or -sweep (they read the year from files)")
	}
	seen := map[string]bool{"base": true}
	for _, a := range m.what {
		var names []string
		if a.file != "" {
			names = []string{strings.TrimSuffix(filepath.Base(a.file), ".json")}
		} else {
			_, values, err := monitor.ParseSweep(a.sweep)
			if err != nil {
				return usage("-sweep: %v", err)
			}
			for _, v := range values {
				names = append(names, v.Name)
			}
		}
		for _, n := range names {
			if seen[n] {
				return usage("scenario name %q repeated, or base", n)
			}
			seen[n] = true
		}
	}
	return 0
}

func (m *monitoring) active() bool { return m.monitor || len(m.what) > 0 }

// options asks the readers for the settlement-list columns when monitoring.
func (m *monitoring) options(opt *files.Options) { opt.Monitoring = m.monitor }

// settle is files.Settle, or with monitoring or scenarios: the monitoring
// section and the prior file checked and every scenario made first (bad input:
// exit 1, nothing settled), the base settled through files (its errors and
// rejects as without -monitor), then the scenarios from the same batch (all or
// nothing, SIM-3: an unbalanced one is exit 3 with its ledger), then the base
// measured.
func (m *monitoring) settle(ctx context.Context, f files.Files, opt files.Options) (*budget.Result, error) {
	if !m.active() {
		return files.Settle(ctx, f, opt)
	}
	src := f.Sources()
	var prior *monitor.Prior
	if m.monitor {
		p, err := readPolicyFile(f.Policy, src.Policy)
		if err != nil {
			return files.Settle(ctx, f, opt) // the policy's errors, with every other input's
		}
		if err := p.CheckMonitoring(src.Policy); err != nil {
			return nil, err
		}
		if m.prior != "" {
			if prior, err = readPrior(m.prior, p.Year); err != nil {
				return nil, err
			}
		}
	}
	scenarios, err := m.makeScenarios(f.Policy)
	if err != nil {
		return nil, err
	}
	res, in, err := files.SettleInput(ctx, f, opt)
	if err != nil {
		return nil, err
	}
	if len(scenarios) > 0 {
		sopt := budget.Options{Lenient: opt.Lenient, Sources: src, Progress: opt.Progress}
		if m.scenarios, err = monitor.SettleScenarios(ctx, in, scenarios, sopt); err != nil {
			return nil, err
		}
		m.compared = monitor.Compare(monitor.Base(res, in), m.scenarios)
	}
	if m.monitor {
		if m.report, err = monitor.Measure(res, in, monitor.Options{Prior: prior, Source: src.Policy}); err != nil {
			return nil, err
		}
	}
	m.ignored = res.IgnoredCells
	return res, nil
}

func readPrior(name string, year int) (*monitor.Prior, error) {
	fh, err := os.Open(name)
	if err != nil {
		var l pointvalue.ErrorList
		l.Addf(filepath.Base(name), 0, "", name, fmt.Errorf("%w: %w", pointvalue.ErrMalformed, err))
		return nil, &l
	}
	defer fh.Close()
	return monitor.ReadPrior(fh, name, year)
}

// makeScenarios reads the -whatif files and makes the -sweep values' policies
// (each value put in a copy of the base policy.json), in command-line order;
// every problem of every scenario is reported, each naming its scenario.
func (m *monitoring) makeScenarios(basePolicy string) ([]monitor.Scenario, error) {
	if len(m.what) == 0 {
		return nil, nil
	}
	all := &pointvalue.ErrorList{Cap: 1 << 20}
	var doc *param.Value
	var out []monitor.Scenario
	for _, a := range m.what {
		if a.file != "" {
			name, source := strings.TrimSuffix(filepath.Base(a.file), ".json"), filepath.Base(a.file)
			p, err := readPolicyFile(a.file, source)
			if err != nil {
				all.AddError(err)
				continue
			}
			out = append(out, monitor.Scenario{Name: name, Policy: p})
			continue
		}
		if doc == nil {
			source := filepath.Base(basePolicy)
			data, err := os.ReadFile(basePolicy)
			if err == nil {
				doc, err = param.ParseJSON(data, source)
			}
			if err != nil {
				re := &pointvalue.RecordError{Err: err}
				errors.As(err, &re)
				re.Source = source
				all.Add(re)
				continue
			}
		}
		sc, err := monitor.Sweep(doc, a.sweep)
		all.AddError(err)
		out = append(out, sc...)
	}
	if all.Len() > 0 {
		budget.SortErrors(all.Errors)
		return nil, all
	}
	return out, nil
}

// readPolicyFile reads a -whatif policy file, its errors named by source.
func readPolicyFile(name, source string) (*policy.Policy, error) {
	fh, err := os.Open(name)
	if err != nil {
		return nil, &pointvalue.RecordError{Source: source, Value: name, Err: fmt.Errorf("%w: %w", pointvalue.ErrMalformed, err)}
	}
	defer fh.Close()
	return policy.Read(fh, source)
}

// output is an output file and how to write it (as main.go lists them).
type output = struct {
	name  string
	write func(io.Writer) error
}

// outputs are the files monitoring and what-if add to the set.
func (m *monitoring) outputs() []output {
	var out []output
	if m.report != nil {
		rep := m.report
		out = append(out, output{"monitoring.csv", func(w io.Writer) error { return monitor.WriteRows(w, rep) }},
			output{"alerts.csv", func(w io.Writer) error { return monitor.WriteAlerts(w, rep) }})
	}
	if m.compared != nil {
		rows := m.compared
		out = append(out, output{"whatif.csv", func(w io.Writer) error { return monitor.WriteWhatIf(w, rows) }})
	}
	return out
}

// flagged is the report page's table of monitoring.csv's flagged rows (its
// flag as the level the page counts), nil without -monitor.
func (m *monitoring) flagged() *report.Table {
	if m.report == nil {
		return nil
	}
	t := &report.Table{Header: []string{"hospital_id", "fund", "method", "period", "indicator", "group", "value", "region_value", "ratio", "level"}}
	for r := range m.report.Rows() {
		if r.Flag == "" {
			continue
		}
		t.Rows = append(t.Rows, []string{r.HospitalID, r.Fund.String(), r.Method.String(), r.Period(), r.Indicator, r.Group,
			r.Value.String(), r.Region.String(), r.Ratio.String(), r.Flag})
	}
	return t
}

// summary adds monitoring's and the scenarios' lines to the summary (SIM-4: a
// line per scenario with its policy id, point values and whether it balanced).
func (m *monitoring) summary(w io.Writer) {
	if m.ignored > 0 {
		fmt.Fprintf(w, "%d monitoring cells ignored (rejects.csv)\n", m.ignored)
	}
	if rep := m.report; rep != nil {
		flagged := 0
		for r := range rep.Rows() {
			if r.Flag != "" {
				flagged++
			}
		}
		fmt.Fprintf(w, "monitoring: %d indicator rows, %d flagged, %d case alerts (monitoring.csv alerts.csv)\n", rep.NumRows(), flagged, rep.NumAlerts())
	}
	for _, s := range m.scenarios {
		var pvs []string
		for _, pr := range s.Pools {
			pv := "-"
			if pr.HasPointValue {
				pv = pr.PointValue.Format(s.Policy.PointValueScale)
			}
			pvs = append(pvs, pr.Fund.String()+"/"+pr.Method.String()+" "+pv)
		}
		state := "balanced"
		if !s.Balanced() {
			state = "NOT balanced"
		}
		fmt.Fprintf(w, "scenario %s: policy %s, point values %s: %s\n", s.Name, s.Policy.ID(), strings.Join(pvs, ", "), state)
	}
	if m.compared != nil {
		fmt.Fprintf(w, "what-if: base and %d scenarios (whatif.csv)\n", len(m.scenarios))
	}
}
