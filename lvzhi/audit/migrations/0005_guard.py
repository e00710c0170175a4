"""Every event has its place in the chain; the database refuses edits and unarchived deletes (lvzhi/audit/guard.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def install_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    from lvzhi.audit import guard

    with schema_editor.connection.cursor() as cursor:
        guard.install(cursor, schema_editor.connection.vendor)


def remove_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    from lvzhi.audit import guard

    with schema_editor.connection.cursor() as cursor:
        guard.remove(cursor, schema_editor.connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_chain_existing"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
    operations = [
        migrations.AlterField(
            model_name="auditevent", name="actor",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                    to=settings.AUTH_USER_MODEL, verbose_name="操作人"),
        ),
        migrations.AlterField(
            model_name="auditevent", name="seq",
            field=models.BigIntegerField(unique=True, verbose_name="序号"),
        ),
        migrations.RunPython(install_guard, remove_guard),
    ]
