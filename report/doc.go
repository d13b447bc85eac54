// Package report writes a settled year as one self-contained HTML page of
// charts, the kind Chinese medical-insurance bureaus publish (ECharts): the
// pools and their point values; each hospital's payment against its
// fee-for-service cost (gain or loss), corridor band and CMI; the
// distribution of case classes; the groups with the most points; and the
// monitoring flags when they are given. Labels are Chinese with English
// beside them.
//
// The page needs nothing from outside: Apache ECharts 6.1.0
// (echarts/echarts.common.min.js, Apache-2.0, see echarts/README.md) is
// embedded in it, and its data is inlined as JSON, every amount written from
// its exact decimal (the browser's doubles only draw it).
package report
