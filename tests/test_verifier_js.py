"""The browser verifier's modules (theme/verifier/) under Node's test runner: tests/js/verifier.test.mjs runs the
shared vectors, RFC 8785, Wycheproof and ed25519-speccheck through the WebCrypto and the pure-JS path."""

from __future__ import annotations

import os

from node_tests import run_node_tests


def test_node_test_runner_passes_on_both_crypto_paths():
    run_node_tests("tests/js/verifier.test.mjs")


def test_log_in_node_against_standard_vectors_and_the_built_site(site):
    """RFC 6962 vectors, the C2SP note example, and proofs from the tiles the Python build wrote (Node, pure JS)."""
    run_node_tests("tests/js/tlog.test.mjs", env={**os.environ, "X1PORTAL_SITE": str(site)})


def test_the_batch_pages_tables_in_node():
    """CSV read as Chinese Excel writes it, columns by header, formula cells neutralised, duplicates counted once."""
    run_node_tests("tests/js/batch.test.mjs")


def test_the_issuer_page_follows_the_sign_vectors_and_opens_key_files():
    """theme/issuer/: the same problems and files as `registry sign`, byte for byte; keyfile.py's files open."""
    run_node_tests("tests/js/issuer.test.mjs")
