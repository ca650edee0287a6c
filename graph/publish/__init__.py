"""Publish a graph: portal files (export, catalog, cube, tables), SHACL validation, and push to a Graph Store."""
