from django import template

from gonghui.core.crypto import mask_name

register = template.Library()
register.filter("mask_name", mask_name)  # the printable 公示 list names people without exposing them in full
