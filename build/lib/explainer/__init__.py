"""Generator for bilingual, citation-checked explainer sites.

Data flows one way: ``sources/`` (raw articles, metadata, bibliography) → model
(:mod:`explainer.articles`, :mod:`explainer.library`) → checks and rendering
(:mod:`explainer.quotes`, :mod:`explainer.mdx`) → the MkDocs site (thin glue in
``scripts/hooks.py``).
"""
