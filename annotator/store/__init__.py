"""The project store: the only package that talks to SQLite (schema, transactions, migrations)."""
