package param_test

import (
	"fmt"

	"github.com/dipdrg/dipdrg/param"
)

// ExampleParseJSON reads policy.json exactly: a duplicated key is an error at
// its JSON path (the second "amount" would otherwise silently win; policy
// errors name paths, line 0), and numbers keep their decimal text, never
// passing through a float.
func ExampleParseJSON() {
	_, err := param.ParseJSON([]byte(`{"funds": {"employee": {"budget": {
  "amount": "22354400.00",
  "amount": "2235440.00"}}}}`), "policy.json")
	fmt.Println(err)

	v, err := param.ParseJSON([]byte(`{"growth_rate": 5e-2}`), "policy.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Get("growth_rate").Text)
	// Output:
	// policy.json:0: funds.employee.budget.amount: 2235440.00: duplicate key: key given more than once
	// 5e-2
}
