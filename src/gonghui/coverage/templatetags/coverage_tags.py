from django import template

from gonghui.core.access import has_perm_anywhere

register = template.Library()


@register.simple_tag(takes_context=True)
def held_anywhere(context, perm):
    """True when the signed-in user holds `perm` on some union (to show a button)."""
    return has_perm_anywhere(context["request"].user, perm)
