"""The command line: the Click commands (``zhclean``, ``zhclean review``) over the batch layer."""
