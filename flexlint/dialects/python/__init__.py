"""Python code as a host for libraries: the module model (spans, scopes, values) and shared site building.

Not an app: the libraries that make requests from Python live in their apps' folders and are
listed in the registry (``flexlint.dialects.PYTHON_LIBRARIES``).
"""
