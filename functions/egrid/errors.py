class BadFile(ValueError):
    """The file cannot be loaded as it is. The message is one line, fit to show a user."""


class NotCsv(BadFile):
    """The file is not CSV text at all (an empty file, a workbook, an image, ...)."""
