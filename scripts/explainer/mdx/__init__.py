"""Python-Markdown extensions of the explainer, one module each."""
