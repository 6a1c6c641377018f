"""Facts, as data and the code that reads them: OpenAI's API (generated schemas), the model catalog,
service tiers, apps' configuration schemas, what a secret looks like, and the rule definitions.
Nothing here reads a user's file."""
