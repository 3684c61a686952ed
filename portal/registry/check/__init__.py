"""Verdicts: one credential or a batch, against the repository's registry or a published site.
Imports every registry package but issue."""
