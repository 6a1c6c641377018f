"""What users touch: the command line, the language server, the models command."""
