from django import template

from gonghui.core.money import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen):
    """{{ amount_fen|yuan }} → 12,345.50"""
    return _yuan(fen)
