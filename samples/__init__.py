"""Package data: samples (read through govkg.resources)."""
