package report

import "html/template"

var page = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 24px; color: #1f2d3d; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-left: 4px solid #3a7bd5; padding-left: 8px; }
.sub { color: #5a6b7b; margin-bottom: 16px; }
.chart { width: 100%; border: 1px solid #e3e8ee; border-radius: 4px; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #d8dee6; padding: 4px 8px; }
th { background: #eef3f9; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #5a6b7b; font-size: 13px; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<div class="sub">{{.Subtitle}}</div>

<h2>资金池与点值 Pools and point values</h2>
{{template "table" .Pools}}
<div id="pools" class="chart"></div>

<h2>医疗机构 Hospitals: 支付与费用 payment vs fee-for-service cost, 结余留用/超支分担 corridor band, CMI</h2>
<div id="hospitals" class="chart"></div>
{{template "table" .Hospitals}}

<h2>病例类型分布 Distribution of case classes</h2>
<div id="classes" class="chart"></div>

<h2>病组点数排名 Top groups by points</h2>
<div id="groups" class="chart"></div>

<h2>监测预警 Monitoring flags</h2>
{{if .Monitoring}}<div id="monitoring" class="chart"></div>
{{template "table" .Monitoring}}{{else}}<p class="note">未提供监测结果 No monitoring output was given.</p>{{end}}

<script>{{.ECharts}}</script>
<script>
(function () {
  var charts = {{.ChartsJSON}};
  var pending = 0;
  charts.forEach(function (c) {
    var el = document.getElementById(c.ID);
    if (!el) { return; }
    el.style.height = c.Height + "px";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    c.Option.title = { text: c.Title, left: "center", textStyle: { fontSize: 14 } };
    c.Option.animation = false;
    if (c.Option.legend) { c.Option.legend.top = c.Option.legend.top || 28; }
    if (c.Option.grid) { c.Option.grid.top = 70; }
    pending++;
    chart.on("finished", function () { if (--pending === 0) { document.body.setAttribute("data-ready", "1"); } });
    chart.setOption(c.Option);
    window.addEventListener("resize", function () { chart.resize(); });
  });
  if (pending === 0) { document.body.setAttribute("data-ready", "1"); }
})();
</script>
</body>
</html>
{{define "table"}}<table>
<tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>{{end}}
`))
