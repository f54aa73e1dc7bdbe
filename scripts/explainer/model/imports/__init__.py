"""``make import``, one module per job: the entries both formats read into (:mod:`.entries`),
CSL-JSON (:mod:`.csljson`), BibTeX/BibLaTeX (:mod:`.bibtex`), and the merge into the bibliography
(:mod:`.merge`). The command itself, which picks the format and checks the keys, is
:mod:`explainer.model.importer`."""
