package main

// -xlsx FILE: the Excel workbook of statements (package workbook); -report
// FILE.html: the HTML report (package report). Called through extras.go.

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/report"
	"github.com/dipdrg/dipdrg/workbook"
)

type reportFlags struct {
	xlsx, html string
	// monitoring is -monitor's flagged rows, shown on the report's page
	// (nil: the page says no monitoring output was given).
	monitoring *report.Table
}

func (r *reportFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&r.xlsx, "xlsx", "", "write the Excel workbook of statements to this file (summary, statements, a sheet of cases per hospital)")
	fs.StringVar(&r.html, "report", "", "write the HTML report (one self-contained page of charts) to this file")
}

// write writes the workbook and the report asked for; the first error stops.
func (r *reportFlags) write(res *budget.Result, stdout io.Writer) error {
	if r.xlsx != "" {
		if err := writeFile(r.xlsx, func(w io.Writer) error { return workbook.Write(w, res, workbook.Options{}) }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "workbook written to %s\n", r.xlsx)
	}
	if r.html != "" {
		if err := writeFile(r.html, func(w io.Writer) error { return report.Write(w, res, report.Options{Monitoring: r.monitoring}) }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "report written to %s\n", r.html)
	}
	return nil
}

// writeFile writes a file through a temporary name in its folder, renamed
// into place once complete: a failed write leaves no partial file.
func writeFile(name string, write func(io.Writer) error) error {
	if dir := filepath.Dir(name); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
