"""Persistence: SQLite (default) and an in-memory twin behind one Store port."""
