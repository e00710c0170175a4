"""The permission matrix: every page and API operation of the code has a row in `table.py`, and every row's cells
(persona × read/write) answer as the row says. A new URL or operation without a row fails here, with a row to paste.

One world is built for the module (inside a transaction rolled back at the end); every cell runs in its own
rolled-back savepoint, so cells never see each other's changes.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator

from lvzhi.permissions_matrix.harness import (
    Context,
    Row,
    api_operations,
    check_cell,
    make_clients,
    row_template,
    url_patterns,
)
from lvzhi.permissions_matrix.personas import PERSONAS
from lvzhi.permissions_matrix.table import KNOWN_HOLES_BEING_FIXED, OPEN_FINDINGS, ROWS
from lvzhi.permissions_matrix.world import build_matrix_world

SET_ASIDE = KNOWN_HOLES_BEING_FIXED | OPEN_FINDINGS
_ONE_GENERATOR = SchemaGenerator()
# The mark makes pytest-django create the test database; each test then runs in a savepoint of the module's world.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ctx(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Context]:
    quiet = [logging.getLogger(n) for n in ("django.request", "django.security.csrf", "django.server")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:  # thousands of expected 403s and 405s: don't log each one
        logger.setLevel(logging.ERROR)
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("matrix-media")),
                                                        PASSWORD_HASHERS=hashers):
        cache.clear()
        # The schema is the same for every reader: build it once, not for each of the schema row's 30 cells.
        schema = functools.cache(SchemaGenerator.get_schema)
        patcher = mock.patch.object(SchemaGenerator, "get_schema", lambda self, request=None, public=False: schema(
            _ONE_GENERATOR, None, public))
        patcher.start()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_matrix_world()
            clients, cookies = make_clients(world.users)
            context = Context(world.objects, clients, cookies)
            context.keep_media()
            yield context
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()
            patcher.stop()
            for logger, level in zip(quiet, levels, strict=True):
                logger.setLevel(level)


def test_every_page_has_a_row() -> None:
    covered = {row.key for row in ROWS if row.kind == "page"}
    missing = [name for name in url_patterns() if name not in covered]
    assert not missing, ("These pages have no row in lvzhi/permissions_matrix/table.py; decide who may read and "
                         "write each and paste:\n" + "\n".join(row_template(name) for name in missing))


def test_every_api_operation_has_a_row() -> None:
    covered = {row.key for row in ROWS if row.kind == "api"}
    missing = [op for op in api_operations() if op not in covered]
    assert not missing, ("These API operations have no row in lvzhi/permissions_matrix/table.py; decide who may "
                         "call each and paste:\n" + "\n".join(row_template(op) for op in missing))


def test_every_row_names_a_url_that_exists_once() -> None:
    real = set(url_patterns()) | set(api_operations())
    stale = sorted({row.key for row in ROWS} - real)
    ids = [row.id for row in ROWS]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    assert not stale, f"Rows for URLs the code no longer has: {stale}"
    assert not twice, f"Rows given twice: {twice}"


def test_set_aside_cells_name_real_rows() -> None:
    ids = {row.id for row in ROWS}
    wrong = sorted(c for c in SET_ASIDE if c[0] not in ids or c[1] not in PERSONAS or c[2] not in ("read", "write"))
    assert not wrong, wrong


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_row(row: Row, ctx: Context, django_db_blocker: Any) -> None:
    problems: list[str] = []
    with django_db_blocker.unblock():
        for mode in row.modes():
            for persona in PERSONAS:
                if (row.id, persona, mode) not in SET_ASIDE:
                    problems += check_cell(ctx, row, persona, mode)
    assert not problems, "\n".join([row.id, *problems])


_BY_ID = {row.id: row for row in ROWS}


@pytest.mark.parametrize("cell", [
    pytest.param(cell, id=" / ".join(cell), marks=pytest.mark.xfail(strict=True, reason=reason))
    for cells, reason in ((KNOWN_HOLES_BEING_FIXED, "a hole being closed on another branch"),
                          (OPEN_FINDINGS, "a finding of the matrix not yet fixed"))
    for cell in sorted(cells)
])
def test_set_aside_cell(cell: tuple[str, str, str], ctx: Context, django_db_blocker: Any) -> None:
    """Each cell set aside must fail today (strict xfail); once its fix lands it passes, and the set must shrink."""
    row_id, persona, mode = cell
    with django_db_blocker.unblock():
        problems = check_cell(ctx, _BY_ID[row_id], persona, mode)
    assert not problems, "\n".join(problems)
