"""Every IRI answers: entity pages, search, type lists and content negotiation for ``govkg serve``.

This stage sits after query and explore because it needs both: SPARQL through the query layer's
killable workers (:func:`govkg.query.run_in_worker`, parameters bound by
:func:`govkg.query.prepare_text`) and the offline vis-network assets of the network page
(:func:`govkg.explore.page.vis_assets`). The command line composes its routes into the endpoint.
"""
from govkg.site.pages import GOV, ID, Site, routes

__all__ = ["GOV", "ID", "Site", "routes"]
