class BadFile(ValueError):
    """The file cannot be loaded as it is. The message is one line, fit to show a user."""
