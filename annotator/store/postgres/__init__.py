"""A project on a PostgreSQL server: connections, the server-only schema (roles, row security, NOTIFY).

Only the store imports this package; everything PostgreSQL-specific lives here or in the store's
dialect module, so the store's functions run unchanged on a project file or on a server.
"""
