"""SQLAlchemy 2 storage: tables, engine set-up, migrations and the store."""
