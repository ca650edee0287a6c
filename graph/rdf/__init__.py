"""RDF: the ontology namespace and the mapping of extracted records to triples (the one stage that makes RDF terms)."""
