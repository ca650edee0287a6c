"""Package data: queries (read through govkg.resources)."""
