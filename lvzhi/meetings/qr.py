"""The sign-in QR code of the projector page: the member's sign-in page with the code filled in, as inline SVG."""
from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

# M (15 % of the symbol restorable) keeps a ~60-character URL at version 4, big modules for a phone across a hall;
# segno raises the level further when the version has room for it.
ERROR_LEVEL = "m"


def sign_in_path(code: str) -> str:
    return f"{reverse('meetings:sign_in')}?{urlencode({'code': code})}"


def sign_in_url(request: HttpRequest, code: str) -> str:
    """The absolute URL a phone opens (https behind the HTTPS proxy: settings.SECURE_PROXY_SSL_HEADER)."""
    return request.build_absolute_uri(sign_in_path(code))


def sign_in_qr(url: str) -> segno.QRCode:
    return segno.make_qr(url, error=ERROR_LEVEL)


def qr_svg(qr: segno.QRCode) -> SafeString:
    """Inline SVG sized by CSS (viewBox only), dark on white with the 4-module quiet zone scanners need."""
    return mark_safe(qr.svg_inline(omitsize=True, border=4, dark="#000", light="#fff", svgclass="qr",
                                   title="签到二维码"))
