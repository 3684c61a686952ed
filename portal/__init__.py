"""The 1+X certificate portal: the library behind `x1portal` and the Pelican plugins, in layers that import only
downwards (base modules, then catalogue, registry, search, stats, review, site, cli; tests/test_lint.py)."""
