package report

import (
	_ "embed"
	"encoding/json"
	"html/template"
	"io"
	"math/big"
	"math/bits"
	"slices"
	"strings"

	"github.com/dipdrg/dipdrg/budget"
	"github.com/dipdrg/dipdrg/param"
	"github.com/dipdrg/dipdrg/pointvalue"
)

//go:embed echarts/echarts.common.min.js
var echartsJS string

// Table is a table the page shows as it is: a header and rows of text.
type Table struct {
	Header []string
	Rows   [][]string
}

// Options choose what the page shows. The zero value is the whole report
// without monitoring.
type Options struct {
	// TopGroups is the groups shown by total points (0: 20).
	TopGroups int
	// Monitoring, when set, is the monitoring output's flags (its rows are
	// shown as a table, and counted by their Level column when it has one).
	// The hook for the monitoring issue's alerts: nil shows that no
	// monitoring output was given.
	Monitoring *Table
}

// Write writes the report of res to w.
func Write(w io.Writer, res *budget.Result, opt Options) error {
	if opt.TopGroups <= 0 {
		opt.TopGroups = 20
	}
	d, err := build(res, opt)
	if err != nil {
		return err
	}
	return page.Execute(w, d)
}

// num is an exact decimal as a JSON number.
func num(s string) json.RawMessage { return json.RawMessage(s) }

type data struct {
	Title, Subtitle string
	Pools           *Table
	Hospitals       *Table
	Monitoring      *Table
	Charts          []chart
	ECharts         template.JS
	ChartsJSON      template.JS
}

type chart struct {
	ID, Title string
	Height    int
	Option    map[string]any
}

func build(res *budget.Result, opt Options) (*data, error) {
	p := res.Policy
	ps, pvs := 4, 6
	region, year, version := "", 0, ""
	if p != nil {
		ps, pvs, region, year, version = p.PointScale, p.PointValueScale, p.Region, p.Year, p.Version
	}
	d := &data{
		Title:    "医保基金结算报告 Settlement report",
		Subtitle: res.PolicyID + " · 统筹区 region " + region + " · " + itoa(year) + " · version " + version,
		ECharts:  template.JS(echartsJS),
	}

	// Pools and point values.
	d.Pools = &Table{Header: []string{"险种 fund", "方式 method", "资金池 pool", "总点数 total points", "预算点值 budget point value",
		"点值 point value", "支付合计 payments", "余额 residual"}}
	var poolNames []string
	var poolMoney, payments []json.RawMessage
	for _, r := range res.Pools {
		name := r.Fund.String() + " " + r.Method.String()
		pv, bpv := "", ""
		if r.HasPointValue {
			pv = r.PointValue.Format(pvs)
		}
		if r.HasBudgetPointValue && r.Method != param.Capita {
			bpv = r.BudgetPointValue.Format(pvs)
		}
		d.Pools.Rows = append(d.Pools.Rows, []string{fundLabel(r.Fund), methodLabel(r.Method), r.Pool.String(),
			r.TotalPoints.Format(ps), bpv, pv, r.Payments.String(), r.Residual.String()})
		poolNames = append(poolNames, name)
		poolMoney = append(poolMoney, num(r.Pool.String()))
		payments = append(payments, num(r.Payments.String()))
	}
	d.Charts = append(d.Charts, chart{ID: "pools", Title: "资金池与支付 Pools and payments (元 yuan)", Height: 360, Option: map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"data": []string{"资金池 pool", "支付 payments"}},
		"grid":    map[string]any{"left": 110, "right": 30},
		"xAxis":   map[string]any{"type": "category", "data": poolNames},
		"yAxis":   map[string]any{"type": "value"},
		"series": []any{
			map[string]any{"name": "资金池 pool", "type": "bar", "data": poolMoney},
			map[string]any{"name": "支付 payments", "type": "bar", "data": payments},
		},
	}})

	// Hospitals: payment (gross, points × point value) against cost, the gain or loss.
	d.Hospitals = &Table{Header: []string{"医疗机构 hospital", "险种 fund", "方式 method", "病例 cases", "CMI", "按点数应付 payment",
		"实际费用 cost", "盈亏 gain/loss", "区间 corridor band", "年终清算应付 final", "清算补差 clearing"}}
	var hNames []string
	var hPay, hCost, hGain []json.RawMessage
	for _, h := range res.Hospitals {
		if h.Method == param.Capita {
			continue
		}
		cmi := ""
		if h.HasCMI {
			cmi = h.CMI.Format(4)
		}
		gain := h.Gross - h.ActualCost // both int64 fen below 2^62: no overflow
		d.Hospitals.Rows = append(d.Hospitals.Rows, []string{h.HospitalID, fundLabel(h.Fund), methodLabel(h.Method), itoa64(h.Cases), cmi,
			h.Gross.String(), h.ActualCost.String(), gain.String(), bandLabel(h.CorridorBand.String()), h.Final.String(), h.Clearing.String()})
		hNames = append(hNames, h.HospitalID+" "+h.Fund.String()+" "+h.Method.String()+cmiSuffix(cmi))
		hPay = append(hPay, num(h.Gross.String()))
		hCost = append(hCost, num(h.ActualCost.String()))
		hGain = append(hGain, num(gain.String()))
	}
	d.Charts = append(d.Charts, chart{ID: "hospitals", Title: "医疗机构支付与费用 Payment vs fee-for-service cost, gain/loss (元 yuan)",
		Height: max(360, 60+40*len(hNames)), Option: map[string]any{
			"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
			"legend":  map[string]any{"data": []string{"支付 payment", "费用 cost", "盈亏 gain/loss"}},
			"grid":    map[string]any{"left": 260, "right": 40},
			"yAxis":   map[string]any{"type": "category", "data": hNames, "inverse": true},
			"xAxis":   map[string]any{"type": "value"},
			"series": []any{
				map[string]any{"name": "支付 payment", "type": "bar", "data": hPay},
				map[string]any{"name": "费用 cost", "type": "bar", "data": hCost},
				map[string]any{"name": "盈亏 gain/loss", "type": "bar", "data": hGain},
			},
		}})

	// Case classes and groups by points, from the cases.
	classes := map[string]int64{}
	type sum struct{ hi, lo uint64 } // Σ points in 10⁻⁸ (128 bits: no overflow however many cases)
	groups := map[string]*sum{}
	for c := range res.Cases() {
		classes[c.Class.String()]++
		if c.Group == "" || !c.HasBase {
			continue
		}
		key := c.Method.String() + " " + c.Group
		g := groups[key]
		if g == nil {
			g = &sum{}
			groups[strings.Clone(key)] = g
		}
		if c.Points > 0 {
			var carry uint64
			g.lo, carry = bits.Add64(g.lo, uint64(c.Points), 0)
			g.hi += carry
		}
	}
	if err := res.CasesErr(); err != nil {
		return nil, err
	}
	var pie []any
	names := make([]string, 0, len(classes))
	for k := range classes {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		pie = append(pie, map[string]any{"name": classLabel(k), "value": classes[k]})
	}
	d.Charts = append(d.Charts, chart{ID: "classes", Title: "病例类型分布 Case classes", Height: 380, Option: map[string]any{
		"tooltip": map[string]any{"trigger": "item", "formatter": "{b}: {c} ({d}%)"},
		"legend":  map[string]any{"orient": "vertical", "left": "left"},
		"series":  []any{map[string]any{"name": "病例 cases", "type": "pie", "radius": []string{"35%", "65%"}, "data": pie}},
	}})

	type top struct {
		name string
		v    *big.Int
	}
	var tops []top
	for k, g := range groups {
		v := new(big.Int).SetUint64(g.hi)
		v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(g.lo))
		tops = append(tops, top{k, v})
	}
	slices.SortFunc(tops, func(a, b top) int {
		if c := b.v.Cmp(a.v); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	tops = tops[:min(len(tops), opt.TopGroups)]
	var tNames []string
	var tPoints []json.RawMessage
	for _, t := range tops {
		tNames = append(tNames, t.name)
		tPoints = append(tPoints, num(scaled(t.v, ps)))
	}
	d.Charts = append(d.Charts, chart{ID: "groups", Title: "病组点数排名 Top " + itoa(len(tops)) + " groups by points",
		Height: max(300, 60+26*len(tops)), Option: map[string]any{
			"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
			"grid":    map[string]any{"left": 120, "right": 40},
			"yAxis":   map[string]any{"type": "category", "data": tNames, "inverse": true},
			"xAxis":   map[string]any{"type": "value", "name": "点数 points"},
			"series":  []any{map[string]any{"name": "点数 points", "type": "bar", "data": tPoints}},
		}})

	// Monitoring flags (the hook: given by the caller).
	if m := opt.Monitoring; m != nil {
		d.Monitoring = m
		level := slices.Index(m.Header, "level")
		if level >= 0 {
			counts := map[string]int{}
			for _, r := range m.Rows {
				if level < len(r) {
					counts[r[level]]++
				}
			}
			var ls []string
			for k := range counts {
				ls = append(ls, k)
			}
			slices.Sort(ls)
			var v []int
			for _, k := range ls {
				v = append(v, counts[k])
			}
			d.Charts = append(d.Charts, chart{ID: "monitoring", Title: "监测预警 Monitoring flags by level", Height: 300, Option: map[string]any{
				"tooltip": map[string]any{"trigger": "axis"},
				"xAxis":   map[string]any{"type": "category", "data": ls},
				"yAxis":   map[string]any{"type": "value"},
				"series":  []any{map[string]any{"name": "预警 flags", "type": "bar", "data": v}},
			}})
		}
	}

	js, err := json.Marshal(d.Charts)
	if err != nil {
		return nil, err
	}
	// Inside <script>: "</" must not close the element.
	d.ChartsJSON = template.JS(strings.ReplaceAll(string(js), "</", `<\/`))
	return d, nil
}

// scaled formats v (in 10⁻⁸) with scale decimals, truncated (sums of values
// already at that scale have no further digits).
func scaled(v *big.Int, scale int) string {
	s := v.String()
	for len(s) <= pointvalue.MaxScale {
		s = "0" + s
	}
	i, f := s[:len(s)-pointvalue.MaxScale], s[len(s)-pointvalue.MaxScale:]
	if scale == 0 {
		return i
	}
	return i + "." + f[:min(scale, len(f))]
}

func cmiSuffix(cmi string) string {
	if cmi == "" {
		return ""
	}
	return " (CMI " + cmi + ")"
}

func itoa(i int) string     { return itoa64(int64(i)) }
func itoa64(i int64) string { return big.NewInt(i).String() }

func fundLabel(f param.Fund) string {
	switch f {
	case param.Employee:
		return "职工 employee"
	case param.Resident:
		return "居民 resident"
	}
	return f.String()
}

func methodLabel(m param.Method) string {
	return map[param.Method]string{param.DRG: "DRG drg", param.DIP: "DIP dip", param.BedDay: "床日 bedday", param.Capita: "人头 capita"}[m]
}

func bandLabel(b string) string {
	return map[string]string{"surplus": "结余留用 surplus", "shared": "合理超支分担 shared", "over": "超支不补 over", "none": "无 none"}[b]
}

func classLabel(c string) string {
	l := map[string]string{"normal": "正常 normal", "high": "高倍率 high", "low": "低倍率 low", "incomplete": "未完整治疗 incomplete",
		"unstable": "不稳定病组 unstable", "ungrouped": "未入组 ungrouped", "bedday": "床日 bedday", "special": "特病单议 special"}[c]
	if l == "" {
		return c
	}
	return l
}
