"""Azure Functions entry point (Python v2 programming model).

Importing this module opens no connection and needs no setting: the host indexes it
before any app setting may be usable. Work starts when a trigger fires.
"""

import azure.functions as func

from functions.ingest.blob_trigger import bp as ingest_blueprint

app = func.FunctionApp()
app.register_functions(ingest_blueprint)
