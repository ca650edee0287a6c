"""Package data: ontology (read through govkg.resources)."""
