"""Pure domain model: entities, invariants and business errors; no I/O."""
