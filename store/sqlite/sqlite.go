package sqlite

import (
	"database/sql"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/dipdrg/dipdrg/store"
)

// Open opens (creating when missing) the SQLite database file path, in WAL
// mode (a 128 MiB page cache: a year's tables are loaded in random key order):
// readers see one snapshot per transaction while a run writes, and a
// run killed midway leaves the file as its last commit. A busy database is
// waited for up to a minute.
func Open(path string) (*sql.DB, error) {
	dsn := path
	if !strings.HasPrefix(dsn, "file:") {
		dsn = "file:" + (&url.URL{Path: path}).EscapedPath()
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	dsn += sep + "_pragma=busy_timeout(60000)&_pragma=journal_mode(wal)&_pragma=synchronous(normal)&_pragma=cache_size(-131072)&_pragma=foreign_keys(on)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// Sink is a store.Sink for db (batched multi-row INSERTs in one transaction).
func Sink(db *sql.DB) *store.Sink { return &store.Sink{DB: db, Dialect: store.SQLite} }
