// Package postgres connects package store to PostgreSQL through pgx
// (github.com/jackc/pgx/v5): its database/sql driver for the queries, and
// COPY for the result rows, about an order of magnitude faster than INSERT
// statements. It is a package of its own so that importing store or budget
// pulls in no driver.
//
//	db, err := postgres.Open("postgres://user@localhost/dipdrg")
//	src := &store.Source{DB: db, Dialect: store.PostgreSQL, Queries: store.DefaultQueries()}
//	res, err := src.Settle(ctx, budget.Input{Policy: pol, Weights: w}, store.Options{})
//	err = postgres.Sink(db).Write(ctx, "2025-final", res)
package postgres
