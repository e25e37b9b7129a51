from django import template

from gonghui.core.crypto import mask_name

register = template.Library()
register.filter("masked", mask_name)  # leaderboards that members read name people masked (张*丰)
