from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def distance(metres):
    """850 m, 2.3 km."""
    if metres is None:
        return ""
    if metres < 1000:
        return _("%(m)d m") % {"m": metres}
    return _("%(km).1f km") % {"km": metres / 1000}


@register.filter
def stars(n):
    n = int(round(n or 0))
    return "★" * n + "☆" * (5 - n)
