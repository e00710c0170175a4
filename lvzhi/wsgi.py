"""WSGI entry point for production servers (see docs/deployment.md)."""
from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from lvzhi.worker import prepare_worker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
application = get_wsgi_application()
prepare_worker()
