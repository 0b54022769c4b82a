"""Knowledge of eGRID's generator sheet: its columns, how to read it, how to clean it."""
