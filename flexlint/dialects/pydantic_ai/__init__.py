"""pydantic-ai: OpenAI model settings as code writes them (``python.py``)."""
