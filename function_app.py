"""Azure Functions entry point (Python v2 programming model).

One anonymous HTTP function serves the FastAPI app (our own JWTs do the auth: function
keys break in the Functions container), and a blueprint adds the blob trigger. Importing
this module opens no connection and needs no setting.
"""

import azure.functions as func

from functions.api.app import api
from functions.ingest.blob_trigger import bp as ingest_blueprint

app = func.AsgiFunctionApp(app=api, http_auth_level=func.AuthLevel.ANONYMOUS)
app.register_functions(ingest_blueprint)
