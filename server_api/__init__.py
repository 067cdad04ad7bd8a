"""The central appeals API (FastAPI + SQLAlchemy 2; PostgreSQL, or SQLite embedded)."""

__version__ = "0.1.0"
