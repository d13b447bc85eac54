// Package cli holds what the example programs share: writing an output file and
// printing a batch's errors as docs/formats.md asks (one "source:line: field: value:
// reason" line each, at most 100, then "... N more errors").
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dipdrg/dipdrg/pointvalue"
)

// WriteFile creates dir (when missing) and dir/name, and fills it with write.
func WriteFile(dir, name string, write func(io.Writer) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	fh, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	if err := write(fh); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// PrintErrors prints every input error, one per line, at most 100, then
// "... N more errors" (ERR-1). An error that is not a *pointvalue.ErrorList is
// printed as it is.
func PrintErrors(w io.Writer, err error) {
	var list *pointvalue.ErrorList
	if !errors.As(err, &list) {
		fmt.Fprintln(w, err)
		return
	}
	const most = pointvalue.DefaultErrorCap
	for i, e := range list.Errors {
		if i == most {
			break
		}
		fmt.Fprintln(w, e.Error())
	}
	if more := list.Len() - min(len(list.Errors), most); more > 0 {
		fmt.Fprintf(w, "... %d more errors\n", more)
	}
}
