// Package synth makes synthetic settlement batches (模拟结算数据): a year of
// discharged inpatient cases (医保结算清单 in brief) with the hospitals, DRG
// weights (权重表) or DIP catalog (病种目录库), per-capita members and spending,
// audit deductions and a policy.json, in the formats of docs/formats.md, for the
// examples, the end-to-end tests and the benchmarks. It is not data of any real
// hospital or patient.
//
// # Contract
//
// Determinism: the same Options give the same batch, byte for byte, on every
// platform: every draw comes from math/rand/v2's PCG, and case number k of a year
// is made from its own PCG seeded by (Seed, year, k). The cases are listed in a
// keyed pseudo-random permutation of their ids (a Feistel network), so
// CaseStream, WriteCases and Generate give the same cases in the same order
// without holding them, and a stream of 10 million cases needs no memory beyond
// one record.
//
// Exactness: amounts are pointvalue.Money (fen), drawn with integer arithmetic
// only: a cost is a group's reference cost × the hospital's cost factor (4
// decimals) × a multiplier interpolated from a fixed integer table of log-normal
// quantiles (σ = 0.35, mean 1), truncated to the fen; no float64 is used. Patient
// shares are 10–30% (employee 职工) or 20–40% (resident 居民) of the cost,
// truncated to the fen, so never above it.
//
// Content, per 100 000 cases of the policy year (the rest normal):
//   - 500 bed-day stays (床日, psychiatric or rehabilitation, 20–180 days, DRG-6/DIP-6),
//   - 500 ungrouped (DRG: no group; DIP: a symptom code no group takes, DIP-9),
//   - 300 approved special-review cases (特例单议) with special_points near cost ÷ M × 100 (×1000 DIP),
//   - 1000 incomplete stays (未完整治疗, 0.1–0.6 × the average),
//   - 3000 high (3–6 ×) and 5000 low (0.1–0.4 ×) cost outliers (高/低倍率),
//   - about 3000 readmissions (二次入院): the same patient, hospital, fund and
//     group admitted 1–14 days after an earlier discharge (DRG-7/DIP-7).
//
// Sixty percent of cases are employee cases. DRG batches use the Harbin CHS-DRG
// 2024 weights (drg.HarbinWeights2024) with lighter groups far more common and
// more so at lower levels; about 3% of groups are written unstable (stable = 0,
// avg_cost = RW × 10 000.00). The region average cost M is 10 000.00 (employee)
// and 8 000.00 (resident) for DRG, 10 000.00 and 9 000.00 for DIP. Hospitals:
// max(3, cases ÷ 3000), tertiary fewer but larger, with DRG-4 coefficients
// (差异系数) 1.05–1.25 / 0.90–1.05 / 0.75–0.90 and assessment scores 85–100,
// plus max(2, hospitals ÷ 4) per-capita primary-care institutions.
//
// DIP batches use a synthetic catalog of 33 ICD-10 sub-categories: core groups
// (核心病种) coded `<diagnosis>` or `<diagnosis>+<procedure>+…`, comprehensive
// groups (综合病种) `<category>-<treatment>`, scores round(avg ÷ M × 1000) and, for
// about half the core groups, per-level reference costs. Cases carry diagnoses
// (a fifth with 医保版 extensions such as K35.800x001), procedures, treatment
// types, some severity bands, TCM shares (中医) and given group codes.
//
// The policy gives each fund a budget such that its inpatient pool is about 0.9
// × the fund-paid cost of its cases and its per-capita pool its members'
// spending ÷ 0.85, after 5% carve-outs and the 5% reserve, and a budget point
// value from the points the cases should make.
//
// History (Options.History) adds three prior years, costs deflated 3% a year,
// with a year column, for the DIP-2/DRG-2/DRG-4 builders: every group keeps its
// relative cost, so calibration recovers the weights the cases were drawn with.
//
// Monitoring (Options.Monitoring) adds the settlement-list columns of
// docs/monitoring.md §1 after the payment columns, from a stream of their own, so that
// every other column is unchanged: age (older patients more often), gender,
// dscg_way (2 % transfers; deaths, 2 %, only in groups of RW ≥ 1 or DIP score ≥
// 1000, never in a low-risk group), los (the days of the stay), secondary
// diagnoses (more for heavier groups), psn_ownpay (2–8 % of the cost) and
// psn_selfpay (part of the rest of the patient's share), days_rinp_flag_31 (2
// for half the earlier stays of the natural readmissions) and icu_days; about 3 %
// of the cells empty. Plants (Options.Plants) adds four anomalies, each at a
// tertiary or secondary hospital (Batch.Plants), for settle -monitor to find:
// split admissions (20 % of the cases after one of the hospital's become a
// readmission of it, not planned), low-standard admissions (10 % of its normal
// cases: 1–2 days at 10–25 % of the average), upcoding (DRG: half its cases in a
// split ADRG coded to the top subgroup, at the cost of the subgroup they were)
// and deaths in low-risk groups (3 %). CaseRecord.Plant marks them.
//
// Errors: only invalid Options (ErrOptions) and I/O errors; generation itself
// cannot fail.
package synth
