"""The HTTP API (FastAPI): served by the Functions host (AsgiFunctionApp) and by uvicorn."""
