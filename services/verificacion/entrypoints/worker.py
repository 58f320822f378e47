"""Worker process: `celery -A services.verificacion.entrypoints.worker worker -Q verificacion`.

Celery looks for an attribute named `app`, then `celery`: the Flask app is kept under another name.
"""

from services.verificacion.entrypoints.flask_app import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
