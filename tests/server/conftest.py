"""The server tests' fixtures (`server`: two coders and a PI on a fresh database) live in tests/pg_cluster.py,
shared with the GUI's server tests."""
