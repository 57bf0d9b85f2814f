-- The read-only role of Grafana's "Ledger" data source (docker-compose.yml, service ledger-reader).
-- Run after every migration; idempotent. Usage:
--   psql -v ON_ERROR_STOP=1 -v reader_password=... -f ledger-reader.sql
-- It may read the account figures and the limit history, nothing else: no recipient, no address.
SELECT format('CREATE ROLE ledger_reader LOGIN PASSWORD %L', :'reader_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_reader') \gexec
SELECT format('ALTER ROLE ledger_reader WITH LOGIN PASSWORD %L', :'reader_password') \gexec
ALTER ROLE ledger_reader SET default_transaction_read_only = on;
ALTER ROLE ledger_reader SET statement_timeout = '10s';
ALTER ROLE ledger_reader CONNECTION LIMIT 5;
SELECT format('GRANT CONNECT ON DATABASE %I TO ledger_reader', current_database()) \gexec
GRANT USAGE ON SCHEMA public TO ledger_reader;
GRANT SELECT ON TABLE accounts, limit_history, quota_days TO ledger_reader;
