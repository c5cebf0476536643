"""SQLAlchemy 2 storage: tables, engine set-up, migrations, and all of FlashDeck's SQL (the store and one module per
subject: the services call these and write no SQL of their own)."""
