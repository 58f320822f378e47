"""Worker process: `celery -A services.cuentas.entrypoints.worker worker -Q cuentas`.

Celery looks for an attribute named `app`, then `celery`: the Flask app is kept under another name.
"""

from services.cuentas.entrypoints.flask_app import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
