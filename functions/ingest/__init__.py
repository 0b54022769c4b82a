"""Getting eGRID files into the store: the pipeline and the triggers that call it."""
