"""govkg: knowledge graphs from Chinese government work reports.

Data flows one way: ingest -> extract -> resolve -> mapping -> store -> (query | viz | export).
"""
__version__ = "0.1.0"
