"""The OpenAI SDKs as code calls them (the Python SDK: ``python.py``)."""
