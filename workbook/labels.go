package workbook

// labels are the Chinese headers of the output columns (docs/glossary.md),
// shown above the English names (the CSV columns').
var labels = map[string]string{
	"fund": "险种", "method": "支付方式", "hospital_id": "医疗机构编码", "cases": "病例数", "points": "点数",
	"cmi": "CMI", "point_value": "点值", "gross": "按点数应付", "patient_share": "个人负担", "fund_amount": "基金应付",
	"actual_cost": "实际费用", "corridor_band": "结余留用/超支分担区间", "corridor_amount": "结余留用/超支分担后金额",
	"deductions": "审核扣减", "deposit": "质量保证金", "deposit_returned": "返还保证金", "advances": "已预付",
	"final": "年终清算应付", "clearing": "清算补差", "flags": "标记", "pool": "资金池", "reserve_in": "转入调剂金",
	"reserve_out": "调剂金拨付", "total_points": "总点数", "point_value_budget": "预算点值", "payments": "支付合计",
	"residual": "余额", "budget": "年度总额预算", "carveouts": "单列", "reserve_end": "调剂金期末", "balanced": "平衡",
	"case_id": "病例号", "group": "病组", "class": "病例类型", "base_points": "基准点数", "ratio": "费用倍率",
	"amount": "金额", "rules": "规则", "cost_ratio": "费用比", "fund_corridor": "区间调整后基金应付",
	"reserve_draw": "调剂金补助", "reserve_return": "返还调剂金", "referred": "转诊费用", "entitlement": "应得金额",
	"forfeited": "扣留保证金", "settlement_ratio": "结付率", "elastic_base_points": "基准服务点数",
	"elastic_point_value": "弹性点值", "name": "名称",
}

// Kinds of the output columns: money (yuan, 2 decimals), counts, exact
// decimals (points, ratios, point values); every other column is text.
var (
	moneyColumns = map[string]bool{
		"gross": true, "patient_share": true, "fund_amount": true, "actual_cost": true, "corridor_amount": true,
		"deductions": true, "deposit": true, "deposit_returned": true, "advances": true, "final": true, "clearing": true,
		"pool": true, "reserve_in": true, "reserve_out": true, "payments": true, "residual": true, "budget": true,
		"carveouts": true, "reserve_end": true, "amount": true, "fund_corridor": true, "reserve_draw": true,
		"reserve_return": true, "referred": true, "entitlement": true, "forfeited": true,
	}
	countColumns   = map[string]bool{"cases": true}
	decimalColumns = map[string]bool{
		"points": true, "cmi": true, "point_value": true, "total_points": true, "point_value_budget": true,
		"base_points": true, "ratio": true, "cost_ratio": true, "settlement_ratio": true,
		"elastic_base_points": true, "elastic_point_value": true,
	}
)
