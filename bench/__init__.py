"""Benchmarks (`make bench-ingest`): not part of the deployed app."""
