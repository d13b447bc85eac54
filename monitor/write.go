package monitor

import (
	"bufio"
	"io"
	"strconv"

	"github.com/dipdrg/dipdrg/internal/csvio"
)

// The columns of the files monitoring writes (MONITORING §5): a contract.
var (
	monitoringColumns = "hospital_id,fund,method,period,indicator,group,value,region_value,ratio,cases,flag\n"
	alertsColumns     = "case_id,hospital_id,indicator,detail\n"
)

// WriteRows writes monitoring.csv: rows in the order given (Measure's, by key).
func WriteRows(w io.Writer, rows []Row) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(monitoringColumns)
	var b []byte
	for i := range rows {
		r := &rows[i]
		b = csvio.AppendField(b[:0], r.HospitalID)
		b = append(b, ',')
		b = append(b, r.Fund.String()...)
		b = append(b, ',')
		b = append(b, r.Method.String()...)
		b = append(b, ',')
		b = append(b, r.Period()...)
		b = append(b, ',')
		b = append(b, r.Indicator...)
		b = append(b, ',')
		b = csvio.AppendField(b, r.Group)
		b = append(b, ',')
		b = r.Value.Append(b)
		b = append(b, ',')
		b = r.Region.Append(b)
		b = append(b, ',')
		b = r.Ratio.Append(b)
		b = append(b, ',')
		b = strconv.AppendInt(b, r.Cases, 10)
		b = append(b, ',')
		b = append(b, r.Flag...)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteAlerts writes alerts.csv: alerts in the order given (Measure's, by case id, indicator).
func WriteAlerts(w io.Writer, alerts []Alert) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(alertsColumns)
	var b []byte
	for _, a := range alerts {
		b = csvio.AppendField(b[:0], a.CaseID)
		b = append(b, ',')
		b = csvio.AppendField(b, a.HospitalID)
		b = append(b, ',')
		b = append(b, a.Indicator...)
		b = append(b, ',')
		b = csvio.AppendField(b, a.Detail)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}
