"""openGauss stand-in: OM-compatible tools over PostgreSQL 15 (test-only; never imported by afo's src/)."""
