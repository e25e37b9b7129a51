"""The subtree index carries the searched name keys (PostgreSQL: INCLUDE), so a county's search
count reads the index alone. Built before the plain one is dropped: never a moment without one."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0011_drop_unused_like_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["union_path"], include=("name", "name_pinyin", "name_initials"),
                               name="member_path_search_idx"),
        ),
        migrations.RemoveIndex(
            model_name="member",
            name="member_union_path_idx",
        ),
    ]
