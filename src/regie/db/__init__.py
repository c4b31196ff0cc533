"""Adapters for storage: SQLAlchemy tables and migrations, the Parquet fact store."""
