"""The new-economy sectors (新业态) as data: each a key, a label and the words that mark its
employers (by name), its industry unions (by name) and its gig workers (by platform or job).

GB/T 4754 sections are too coarse here (express delivery, freight and ride-hailing all sit
in section G), so the sectors are recognised by these keywords; extend the lists, not code.
"""

from django.utils.translation import gettext_lazy as _

SECTORS = [
    ("logistics", _("Logistics and freight"), ("物流", "货运", "运输", "仓储", "货车")),
    ("delivery", _("Express and food delivery"), ("快递", "外卖", "配送", "速递", "骑手")),
    ("ride_hailing", _("Ride-hailing"), ("网约车", "出行", "代驾", "约车")),
    ("security", _("Security services"), ("保安", "安保", "押运")),
    ("real_estate", _("Real-estate agents"), ("房产中介", "房地产经纪", "地产经纪", "房屋中介", "置业")),
]

LABELS = {key: label for key, label, _words in SECTORS}
