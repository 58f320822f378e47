"""Worker process: `celery -A services.solicitudes.entrypoints.worker worker -Q solicitudes`.

Celery looks for an attribute named `app`, then `celery`: the Flask app is kept under another name.
"""

from services.solicitudes.entrypoints.flask_app import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
