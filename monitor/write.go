package monitor

import (
	"bufio"
	"io"
	"strconv"

	"github.com/dipdrg/dipdrg/internal/csvio"
)

// The columns of the files monitoring writes (docs/monitoring.md §5): a contract.
var (
	monitoringColumns = "hospital_id,fund,method,period,indicator,group,value,region_value,ratio,cases,flag\n"
	alertsColumns     = "case_id,hospital_id,indicator,detail\n"
)

// WriteRows writes monitoring.csv: the report's rows in order.
func WriteRows(w io.Writer, rep *Report) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(monitoringColumns)
	var b []byte
	for i := range rep.rows {
		r := &rep.rows[i]
		b = b[:0]
		if r.hosp >= 0 {
			b = csvio.AppendField(b, rep.hosp[r.hosp])
		}
		b = append(b, ',')
		b = append(b, r.fund.String()...)
		b = append(b, ',')
		b = append(b, r.method.String()...)
		b = append(b, ',')
		b = appendPeriod(b, rep.year, int(r.month))
		b = append(b, ',')
		b = append(b, rankWord[r.ind]...)
		b = append(b, ',')
		if r.group >= 0 {
			b = csvio.AppendField(b, rep.groups[r.group])
		}
		b = append(b, ',')
		b = r.value.Append(b)
		b = append(b, ',')
		b = r.region.Append(b)
		b = append(b, ',')
		b = r.ratio.Append(b)
		b = append(b, ',')
		b = strconv.AppendInt(b, r.cases, 10)
		b = append(b, ',')
		if r.flag >= 0 {
			b = append(b, limitWords[r.flag]...)
		}
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteAlerts writes alerts.csv: the report's alerts in order.
func WriteAlerts(w io.Writer, rep *Report) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(alertsColumns)
	var b, d []byte
	for i := range rep.alerts {
		a := &rep.alerts[i]
		b = csvio.AppendField(b[:0], a.caseID)
		b = append(b, ',')
		b = csvio.AppendField(b, rep.hosp[a.hosp])
		b = append(b, ',')
		b = append(b, alertWords[a.kind]...)
		b = append(b, ',')
		d = rep.appendDetail(d[:0], a)
		b = csvio.AppendField(b, string(d))
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}
