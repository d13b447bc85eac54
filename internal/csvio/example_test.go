package csvio_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/dipdrg/dipdrg/internal/csvio"
	"github.com/dipdrg/dipdrg/pointvalue"
)

func Example() {
	const input = "\uFEFFfund,total_cost,case_id,discharge_date,ward\n" +
		"职工,12345.6,C1,2025-03-01,ICU\n" +
		"resident,1.234,C2,2025-02-30,\n" +
		"\"employee\nfund\",1,C3\n" +
		"居民,80,C4,2025-04-01,\n"
	fund := csvio.NewEnum(
		csvio.EnumWord{Value: 1, Words: []string{"employee", "职工"}},
		csvio.EnumWord{Value: 2, Words: []string{"resident", "居民"}},
	)
	var errs pointvalue.ErrorList
	r := csvio.NewReader(strings.NewReader(input), "data/cases.csv", &errs)
	id, cost := r.Col("case_id", true), r.Col("total_cost", true)
	fd, out := r.Col("fund", true), r.Col("discharge_date", true)
	for r.Next() {
		i, ok1 := r.Text(id)
		c, ok2 := r.Money(cost, 0)
		f, ok3 := r.Enum(fd, fund, 0)
		d, ok4 := r.Date(out)
		if ok1 && ok2 && ok3 && ok4 {
			fmt.Printf("line %d: %s fund %d cost %s discharged %s\n", r.Line(), i, f, c, d)
		}
	}
	fmt.Println(errs.Error())

	w := csvio.NewWriter(os.Stdout)
	_ = w.Write("case_id", "note")
	_ = w.Write("C1", "a, b")
	_ = w.Flush()
	// Output:
	// line 2: C1 fund 1 cost 12345.60 discharged 2025-03-01
	// line 6: C4 fund 2 cost 80.00 discharged 2025-04-01
	// cases.csv:3: total_cost: 1.234: more decimals than allowed: at most 2 decimals
	// cases.csv:3: discharge_date: 2025-02-30: not a valid date (YYYY-MM-DD)
	// cases.csv:4: : : malformed record: 3 fields, the header has 5
	// case_id,note
	// C1,"a, b"
}
