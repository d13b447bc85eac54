package synth

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// File names WriteDir writes.
const (
	PolicyFile      = "policy.json"
	HospitalsFile   = "hospitals.csv"
	CasesFile       = "cases.csv"
	WeightsFile     = "weights.csv"
	CatalogFile     = "catalog.csv"
	MembersFile     = "members.csv"
	SpendingFile    = "spending.csv"
	AdjustmentsFile = "adjustments.csv"
	HistoryFile     = "history.csv"
)

// WriteDir writes the batch's files into dir (created when missing): policy.json,
// hospitals.csv, cases.csv, weights.csv (DRG) or catalog.csv (DIP), members.csv,
// spending.csv, adjustments.csv, and history.csv when the batch has history.
func (b *Batch) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{PolicyFile, func(w io.Writer) error { _, err := w.Write(b.Policy); return err }},
		{HospitalsFile, b.WriteHospitals},
		{CasesFile, func(w io.Writer) error { return writeCaseRows(w, b.Cases, false) }},
		{MembersFile, b.WriteMembers},
		{SpendingFile, b.WriteSpending},
		{AdjustmentsFile, b.WriteAdjustments},
	}
	if b.Options.Method == DRG {
		files = append(files, struct {
			name  string
			write func(io.Writer) error
		}{WeightsFile, b.WriteWeights})
	} else {
		files = append(files, struct {
			name  string
			write func(io.Writer) error
		}{CatalogFile, b.WriteCatalog})
	}
	if b.History != nil {
		files = append(files, struct {
			name  string
			write func(io.Writer) error
		}{HistoryFile, func(w io.Writer) error { return writeCaseRows(w, b.History, true) }})
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		f.Close()
		return fmt.Errorf("synth: %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeCaseRows(w io.Writer, cases []CaseRecord, withYear bool) error {
	line := appendHeader(nil, withYear, len(cases) > 0 && cases[0].HasList)
	if _, err := w.Write(line); err != nil {
		return err
	}
	for i := range cases {
		line = AppendCase(line[:0], &cases[i], withYear)
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

func bool01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func moneyOrEmpty(m pointvalue.Money) string {
	if m == 0 {
		return ""
	}
	return m.String()
}

// WriteHospitals writes hospitals.csv: hospital_id,name,level,coefficient,assessment.
func (b *Batch) WriteHospitals(w io.Writer) error {
	rows := [][]string{{"hospital_id", "name", "level", "coefficient", "assessment"}}
	for _, h := range b.Hospitals {
		coef := ""
		if h.Coefficient != 0 {
			coef = h.Coefficient.Format(4)
		}
		rows = append(rows, []string{h.ID, h.Name, h.Level, coef, h.Assessment.Format(1)})
	}
	return writeCSV(w, rows)
}

// WriteWeights writes weights.csv: drg_code,weight,name,avg_cost,stable.
func (b *Batch) WriteWeights(w io.Writer) error {
	rows := [][]string{{"drg_code", "weight", "name", "avg_cost", "stable"}}
	for _, g := range b.Weights {
		rows = append(rows, []string{g.Code, g.Weight.Format(4), g.Name, moneyOrEmpty(g.AvgCost), bool01(g.Stable)})
	}
	return writeCSV(w, rows)
}

// WriteCatalog writes catalog.csv (DIP-1).
func (b *Batch) WriteCatalog(w io.Writer) error {
	rows := [][]string{{"group_code", "kind", "diagnosis", "procedures", "treatment", "score", "avg_cost",
		"avg_cost_tertiary", "avg_cost_secondary", "avg_cost_primary", "primary"}}
	for _, e := range b.Catalog {
		rows = append(rows, []string{e.Code, e.Kind, e.Diagnosis, e.Procedures, e.Treatment, e.Score.Format(4),
			e.AvgCost.String(), moneyOrEmpty(e.AvgTertiary), moneyOrEmpty(e.AvgSecondary), moneyOrEmpty(e.AvgPrimary),
			bool01(e.Primary)})
	}
	return writeCSV(w, rows)
}

// WriteMembers writes members.csv: institution_id,fund,age_band,members.
func (b *Batch) WriteMembers(w io.Writer) error {
	rows := [][]string{{"institution_id", "fund", "age_band", "members"}}
	for _, m := range b.Members {
		rows = append(rows, []string{m.InstitutionID, m.Fund, m.AgeBand, strconv.FormatInt(m.Members, 10)})
	}
	return writeCSV(w, rows)
}

// WriteSpending writes spending.csv: institution_id,fund,own_spending,referred_spending.
func (b *Batch) WriteSpending(w io.Writer) error {
	rows := [][]string{{"institution_id", "fund", "own_spending", "referred_spending"}}
	for _, s := range b.Spending {
		rows = append(rows, []string{s.InstitutionID, s.Fund, s.Own.String(), s.Referred.String()})
	}
	return writeCSV(w, rows)
}

// WriteAdjustments writes adjustments.csv: hospital_id,fund,method,advances_paid,deductions
// (advances_paid empty: the engine computes advances, CLR-1).
func (b *Batch) WriteAdjustments(w io.Writer) error {
	rows := [][]string{{"hospital_id", "fund", "method", "advances_paid", "deductions"}}
	for _, a := range b.Adjustments {
		rows = append(rows, []string{a.HospitalID, a.Fund, a.Method, "", a.Deductions.String()})
	}
	return writeCSV(w, rows)
}
