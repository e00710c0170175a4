"""The hash chain's columns and tables; the old guard and its `audit_unlock` switch go (0005 installs the new one)."""

import django.utils.timezone
from django.db import migrations, models


def drop_old_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    from lvzhi.audit import guard

    with schema_editor.connection.cursor() as cursor:
        guard.remove(cursor, schema_editor.connection.vendor)
        if schema_editor.connection.vendor in ("sqlite", "postgresql"):
            cursor.execute("DROP TABLE IF EXISTS audit_unlock;")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [
        migrations.RunPython(drop_old_guard, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent", name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AddField(
            model_name="auditevent", name="seq",
            field=models.BigIntegerField(null=True, unique=True, verbose_name="序号"),
        ),
        migrations.AddField(
            model_name="auditevent", name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="前一哈希"), preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent", name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="哈希"), preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditAnchor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")),
                ("kind", models.CharField(choices=[("periodic", "定期锚点"), ("archive", "归档截点")],
                                          default="periodic", max_length=16, verbose_name="类型")),
                ("seq", models.BigIntegerField(verbose_name="序号")),
                ("hash", models.CharField(max_length=64, verbose_name="哈希")),
                ("mac", models.CharField(max_length=64, verbose_name="校验码")),
                ("detail", models.CharField(blank=True, max_length=500, verbose_name="说明")),
            ],
            options={"verbose_name": "审计锚点", "verbose_name_plural": "审计锚点", "ordering": ["seq", "id"]},
        ),
    ]
