"""Worker process: `celery -A services.notas.entrypoints.worker worker -Q notas`.

Celery looks for an attribute named `app`, then `celery`: the Flask app is kept under another name.
"""

from services.notas.entrypoints.flask_app import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
