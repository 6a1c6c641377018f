"""JavaScript and TypeScript source: the host every JS library's finder runs in (see ``host``)."""
