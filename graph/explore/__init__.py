"""Explore the graph: the entity network (networkx), its statistics, and the offline network page."""
