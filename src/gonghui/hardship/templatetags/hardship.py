from django import template

register = template.Library()


@register.filter
def mask_name(name):
    """张三丰 → 张*丰, 张三 → 张*: the 公示 list names people without exposing them in full."""
    name = name or ""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
