"""The standard kinds of service positions and their facilities checklists (seed 001 and 003),
loaded by `ensure_kinds` after every migrate: a kind already in the database is left as the
operator edited it; only missing kinds are added."""

from django.db import transaction

# (code, name, prefix, award title, facility codes)
FACILITIES = {
    "water": "饮用水", "microwave": "微波炉", "seats": "桌椅", "aircon": "空调", "first_aid": "急救药箱",
    "charging": "充电设施", "toilet": "卫生间", "wifi": "无线网络", "books": "图书", "lockers": "储物柜",
    "nursing": "哺乳设施", "fridge": "冰箱", "counselling": "心理咨询室", "stage": "活动场地",
    "meals": "就餐设施", "repair_kit": "维修工具",
}

KINDS = [
    ("home", "职工之家", "ZJ", "", ["seats", "aircon", "books", "water", "toilet", "stage", "wifi"]),
    ("palace", "工人文化宫", "WG", "", ["stage", "seats", "aircon", "toilet", "wifi", "first_aid"]),
    ("station", "户外劳动者爱心驿站", "YZ", "百优驿站",
     ["water", "microwave", "seats", "aircon", "first_aid", "charging", "toilet", "repair_kit"]),
    ("library", "职工书屋", "SW", "", ["books", "seats", "aircon", "wifi"]),
    ("counselling", "心理辅导室", "XL", "", ["counselling", "seats", "aircon", "water"]),
    ("nursing", "爱心母婴室", "MY", "", ["nursing", "fridge", "seats", "aircon", "water", "toilet"]),
    ("service", "工会服务站", "FW", "", ["seats", "water", "aircon", "wifi", "charging"]),
    ("innovation", "劳模创新工作室", "CX", "", ["seats", "aircon", "wifi", "stage"]),
    ("canteen", "职工食堂", "ST", "百优食堂", ["meals", "seats", "aircon", "water", "microwave", "toilet"]),
]


@transaction.atomic
def ensure_kinds(**kwargs):
    """Add the standard kinds that are missing (idempotent; edits made in /ops/ are kept)."""
    from .models import PositionKind

    have = set(PositionKind.objects.values_list("code", flat=True))
    PositionKind.objects.bulk_create([
        PositionKind(code=code, name=name, prefix=prefix, award_title=award, sort=i,
                     facilities=[{"code": f, "name": FACILITIES[f]} for f in facilities])
        for i, (code, name, prefix, award, facilities) in enumerate(KINDS) if code not in have])
