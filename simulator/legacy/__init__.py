"""Commerce's legacy messaging codec: DTD-based XML messages and fixed-width ECEDOC buffers (pure, lxml only)."""
