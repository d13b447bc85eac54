-- The queries examples/settle -db runs by default (store.DefaultQueries), one
-- per input table: "-- name: TABLE" then the SQL. Each result column is
-- aliased to the input CSV's column name; a column ending in _fen holds fen
-- (an integer), any other money column yuan (text, NUMERIC or an integer).
-- Copy this file, point the FROM clauses at your own tables or views, alias
-- their columns, and pass it with -queries.

-- name: hospitals
SELECT "hospital_id", "name", "level", "coefficient", "assessment", "coefficient_employee", "coefficient_resident" FROM "hospitals"

-- name: cases
SELECT "case_id", "patient_id", "hospital_id", "fund", "method", "group", "diagnosis", "procedures", "treatment", "admit_date", "discharge_date", "total_cost_fen", "patient_share_fen", "bedday_category", "incomplete", "tcm_share", "severity", "special_points" FROM "cases"

-- name: members
SELECT "institution_id", "fund", "age_band", "members" FROM "members"

-- name: spending
SELECT "institution_id", "fund", "own_spending_fen", "referred_spending_fen" FROM "spending"

-- name: adjustments
SELECT "hospital_id", "fund", "method", "advances_paid_fen", "deductions_fen" FROM "adjustments"
