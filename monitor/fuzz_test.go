package monitor

import (
	"bytes"
	"errors"
	"testing"

	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

// FuzzReadPrior: any bytes give a Prior or a list of errors that each name the
// source and a line of the input, never a panic.
func FuzzReadPrior(f *testing.F) {
	f.Add([]byte("hospital_id,fund,method,period,indicator,group,value,region_value,ratio,cases,flag\n" +
		",employee,drg,2024,cmi,,1.0000,,,3000,\nH1,employee,drg,2024,cmi,,1.2000,1.0000,1.2000,900,\n" +
		"H1,employee,drg,2024,cmi,,1.3,1,1,1,\nH2,居民,dip,2024-03,cmi,,x,,,,\n"))
	f.Add([]byte("hospital_id,fund,method,period,indicator,value\nH1,resident,drg,2024,cmi,-1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadPrior(bytes.NewReader(data), "prior.csv", 2025)
		if err == nil {
			if p == nil {
				t.Fatal("no prior and no error")
			}
			return
		}
		var list *pointvalue.ErrorList
		if !errors.As(err, &list) || list.Len() == 0 {
			t.Fatalf("error %v is no error list", err)
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, e := range list.Errors {
			if e.Source != "prior.csv" || e.Line < 0 || e.Line > lines {
				t.Fatalf("error %v: source or line outside the input (%d lines)", e, lines)
			}
		}
	})
}

// FuzzSweep: any -sweep argument over a valid policy gives scenarios each with
// a policy and named PATH=value, or errors each naming a scenario or the
// argument itself (ErrSweep), never a panic.
func FuzzSweep(f *testing.F) {
	base, err := param.ParseJSON([]byte(`{"region": "330700", "year": 2025, "version": "t",
		"inpatient_method": "drg",
		"funds": {"employee": {"budget": {"method": "given", "amount": "1000.00"}, "reserve_ratio": "0.05",
			"pools": {"ratios": {"drg": "1"}}}}}`), "policy.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{`funds.employee.reserve_ratio=["0.1","1.5"]`, `drg.high_thresholds=[[[null,"2"]]]`,
		`bedday.rates.psychiatric=[{"tertiary":"300"}]`, `region=[1, null, {}]`, `x=[`, `=[]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		sc, err := Sweep(base, arg)
		if err != nil {
			if sc != nil {
				t.Fatal("scenarios with an error")
			}
			if errors.Is(err, ErrSweep) {
				return
			}
			var list *pointvalue.ErrorList
			if !errors.As(err, &list) || list.Len() == 0 {
				t.Fatalf("error %v is no error list", err)
			}
			path, _, _ := ParseSweep(arg)
			for _, e := range list.Errors {
				if len(e.Source) <= len(path) || e.Source[:len(path)+1] != path+"=" {
					t.Fatalf("error %v names no scenario of %s", e, path)
				}
			}
			return
		}
		path, values, _ := ParseSweep(arg)
		if len(sc) != len(values) {
			t.Fatalf("%d scenarios of %d values", len(sc), len(values))
		}
		for i, s := range sc {
			if s.Policy == nil || s.Name != values[i].Name || s.Name[:len(path)+1] != path+"=" {
				t.Fatalf("scenario %d: %+v", i, s)
			}
		}
	})
}
