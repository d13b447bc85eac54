package store

import (
	"database/sql"
	"strconv"
)

// Dialect is what the store must know of a database beyond database/sql: how
// its statements number their parameters, which column types hold exact
// numbers, and how a read transaction promises one snapshot. The user's own
// queries need none of it: their columns are found by name.
type Dialect int

const (
	// Generic is any other database/sql driver: "?" parameters, BIGINT money,
	// NUMERIC decimals, a read-only transaction at REPEATABLE READ when the
	// driver accepts one (see Source).
	Generic Dialect = iota
	// SQLite: "?" parameters; decimals as TEXT (a NUMERIC column would turn
	// them into REAL); one deferred read transaction is one snapshot.
	SQLite
	// PostgreSQL: "$n" parameters; NUMERIC decimals; one read-only transaction
	// at REPEATABLE READ is one snapshot.
	PostgreSQL
)

func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case PostgreSQL:
		return "postgresql"
	}
	return "generic"
}

// Param appends the i-th parameter (from 1) of a statement: "$i" or "?".
func (d Dialect) Param(b []byte, i int) []byte {
	if d == PostgreSQL {
		return strconv.AppendInt(append(b, '$'), int64(i), 10)
	}
	return append(b, '?')
}

// maxParams is the parameters one statement may carry: SQLite's default
// limit is 32766, PostgreSQL's protocol 65535; others are assumed to take at
// least 2000 (SQL Server's 2100).
func (d Dialect) maxParams() int {
	switch d {
	case SQLite:
		return 32000
	case PostgreSQL:
		return 65000
	}
	return 2000
}

// readTx is the transaction a source reads every query in: one snapshot.
func (d Dialect) readTx() *sql.TxOptions {
	switch d {
	case SQLite:
		return &sql.TxOptions{ReadOnly: true} // deferred: the snapshot starts with the first SELECT
	default:
		return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
}

// typeOf is the column type of a kind in this dialect's DDL.
func (d Dialect) typeOf(k Kind) string {
	switch k {
	case Int, Money:
		return "BIGINT"
	case Decimal:
		if d == SQLite {
			return "TEXT"
		}
		return "NUMERIC"
	case Date:
		if d == SQLite {
			return "TEXT"
		}
		return "DATE"
	case Bool:
		if d == SQLite {
			return "INTEGER"
		}
		return "BOOLEAN"
	}
	return "TEXT"
}

// ByteOrder is the collation clause that sorts text by bytes, as the CSV outputs are.
func (d Dialect) ByteOrder() string {
	switch d {
	case SQLite:
		return " COLLATE BINARY"
	case PostgreSQL:
		return ` COLLATE "C"`
	}
	return ""
}
