// Package workbook writes a settled year as an Excel workbook a settlement
// officer opens (结算单): a summary sheet with the pools, their point values
// and the funds' ledgers; a statements sheet with one row per (fund, method,
// hospital) and every step from points to clearing; and one sheet per
// hospital with its cases, when they fit in a sheet.
//
// Each sheet shows the rows of a CSV output (docs/formats.md) with the same columns,
// headed in Chinese and in English (the CSV's names): amounts are numbers
// formatted #,##0.00, points, ratios and point values numbers with their
// decimals, ids and words text. It is written with excelize's stream writer,
// so a year's cases pass through without the workbook being held in memory.
package workbook
