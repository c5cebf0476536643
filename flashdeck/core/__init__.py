"""Pure Python: the model, scheduling, queue, rendering and importers (no Qt, no SQLAlchemy)."""
