"""``flexlint probe FILE``: ask the API which tier really served each request site.

Opt-in and never part of ``check``. ``plan`` decides which sites can be
probed and the one small request each becomes; ``expect`` what flexlint's
knowledge says the answer should be; ``send`` sends it with the openai SDK
(the ``probe`` extra, imported only to send); ``render`` prints the plan
and the answers; ``record`` keeps them as evidence for the model catalog.
"""
