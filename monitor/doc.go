// Package monitor watches how hospitals behave under the payment methods
// (医保基金智能监控): the indicators and alerts of docs/monitoring.md (MON-1..MON-15)
// over a settled year, and what-if settlement (模拟测算, SIM-1..SIM-4) of the
// same year under other policies. It reads a budget.Result and the case batch
// it was settled from; it changes no money — no settlement rule reads anything
// here, and hospitals, cases, pools and ledger are the same with or without it.
//
// Measure computes the indicator rows (monitoring.csv) and case alerts
// (alerts.csv):
//
//	pass 1  every settled case: per (fund, method, group) the count, cost,
//	        cost², length of stay, deaths; per patient the stays (MON-C3, MON-12, MON-14)
//	refs    this year's references per group, both funds, the ADRG's when a group
//	        is small (DRG); low-risk and heavy groups; split ADRGs (MON-6)
//	pass 2  every settled case into its (hospital, fund, method, discharge month)
//	        counters; the case tests (MON-8, MON-11, MON-12) and their alerts
//	split   the stays of patients with more than one, by (patient, hospital) in
//	        (discharge, admission, case id) order (MON-7)
//	rows    each indicator of each row, its region value and ratio, rounded
//	        once to 4 decimals half-up, flags against the policy's limits
//
// Numbers are exact (MON-C4): counts are integers, ratios of sums are
// pointvalue.Exact fractions rounded once. The cost and time indexes (MON-2,
// MON-3), means of x ÷ reference over thousands of groups, are summed in 192-bit
// fixed point with a bound on the error; a figure is written from it only when
// both ends of the bound round alike, and otherwise the exact sums (math/big)
// are made for every row. Record order never matters (NUM-8): everything is a
// sum, and the split-admission order is a total order.
//
// Decisions where docs/monitoring.md is silent are listed in docs/monitoring.md
// ("Decisions").
package monitor
