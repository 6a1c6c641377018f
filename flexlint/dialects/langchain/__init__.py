"""LangChain: ``ChatOpenAI`` and ``init_chat_model`` as code calls them (``python.py``)."""
